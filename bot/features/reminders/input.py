"""Reading what an admin types for a deadline: its date and what is due."""

from __future__ import annotations

import datetime as dt
import re

from bot.i18n import _

WHAT_MIN, WHAT_MAX = 3, 300
MAX_YEARS_AHEAD = 3
_SEP = r"\s*(?:[/.-]|\s+tháng\s+)\s*"
_YEARLY = re.compile(rf"^(?:ngày\s+)?(\d{{1,2}}){_SEP}(\d{{1,2}})$", re.I)
_DATED = re.compile(
    rf"^(?:ngày\s+)?(\d{{1,2}}){_SEP}(\d{{1,2}})\s*(?:[/.-]|\s+năm\s+)\s*(\d{{4}})$", re.I)


def parse_yearly(text: str) -> tuple[int, int] | str:
    """(day, month), or the error to show."""
    m = _YEARLY.match(" ".join(text.split()))
    if not m:
        return _("I couldn't read that. Please write the day and month, for example 31/5.")
    day, month = int(m.group(1)), int(m.group(2))
    try:
        dt.date(2024, month, day)  # a leap year: 29/2 is allowed
    except ValueError:
        return _("There is no {day}/{month} in the calendar.").format(day=day, month=month)
    return day, month


def parse_dated(text: str, today: dt.date) -> dt.date | str:
    m = _DATED.match(" ".join(text.split()))
    if not m:
        return _("I couldn't read that. Please write day/month/year, for example 15/12/2027.")
    try:
        day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return _("There is no such date in the calendar.")
    if day < today:
        return _("That date has passed. A one-off deadline must be today or later.")
    if day.year > today.year + MAX_YEARS_AHEAD:
        return _("That is too far ahead. Please choose a date within {n} years.").format(
            n=MAX_YEARS_AHEAD)
    return day


def clean_what(text: str) -> str | None:
    what = " ".join(text.split())
    ok = WHAT_MIN <= len(what) <= WHAT_MAX and any(c.isalpha() for c in what)
    return what if ok else None


def small_int(text: str) -> int | None:
    """A button's number (an id, an offset): at most 9 ASCII digits, else None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None
