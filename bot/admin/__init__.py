"""Office tools without their screens: broadcasts and their audience, who has reported (and
the chart), the spreadsheet and its ZIP of files, review, and the daily digest of new reports.
The audit log is ``bot.audit``; the screens are in ``bot.features``."""
