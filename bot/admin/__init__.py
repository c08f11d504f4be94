"""Office tools: broadcasts, who-has-reported, the spreadsheet, review and the audit log."""
