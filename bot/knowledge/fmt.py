"""Small formatting helpers shared by answers and views (HTML-escaped, current language)."""

from __future__ import annotations

import datetime as dt
from html import escape

from bot.i18n import _, format_date, ngettext
from bot.knowledge.dates import next_yearly, short_date
from bot.knowledge.repo import DeadlineRow
from bot.knowledge.textnorm import truncate

TITLE_MAX = 110


def weekday(value: dt.date) -> str:
    return format_date(value, "EEEE")


def when(d: DeadlineRow, shown: dt.date | None = None) -> str:
    """"before 25/1/2024", "during 2/2024", "every year on 31/5" … (plain text)."""
    if d.kind == "yearly" or d.due_date is None:
        day_month = f"{d.day}/{d.month}"
        if shown is None:
            return _("every year on {date}").format(date=day_month)
        return _("on {date}").format(date=short_date(shown))
    due = d.due_date
    month = f"{due.month}/{due.year}"
    phrases = {
        "before": _("before {date}"), "by": _("by {date}"), "day": _("on {date}"),
        "month": _("during {month}"), "from": _("from {month}"), "year": _("during {year}"),
    }
    phrase = phrases.get(d.precision, _("on {date}"))
    return phrase.format(date=short_date(due), month=month, year=due.year)


def next_date(d: DeadlineRow, today: dt.date) -> dt.date | None:
    """The deadline's next date on or after ``today`` (yearly ones come round again)."""
    if d.kind == "yearly" and d.month and d.day:
        return next_yearly(d.month, d.day, today)
    if d.due_date and d.due_date >= today:
        return d.due_date
    return None


def countdown(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return _("passed")
    if days == 0:
        return _("today")
    return ngettext("{n} day left", "{n} days left", days).format(n=days)


def dated_line(d: DeadlineRow, today: dt.date) -> str:
    """"<b>before 25/1/2024</b> (Thursday) — passed" as HTML."""
    upcoming = next_date(d, today)
    shown = upcoming if d.kind == "yearly" else d.due_date
    text = f"<b>{escape(when(d, shown))}</b>"
    if shown and (d.kind == "yearly" or d.precision in ("day", "before", "by")):
        text += f" ({escape(weekday(shown))})"
    status = countdown(upcoming, today) if upcoming else _("passed")
    return f"{text} — {escape(status)}"


def recurrence_note(d: DeadlineRow, today: dt.date) -> str | None:
    """For a dated deadline the plan calls periodic: when it comes round next."""
    if d.kind != "date" or not d.recurs_yearly or d.due_date is None or d.due_date >= today:
        return None
    if d.precision not in ("day", "before", "by"):
        return None
    upcoming = next_yearly(d.due_date.month, d.due_date.day, today)
    return _("This is a yearly report; if the schedule stays the same, the next one is due "
             "{date}.").format(date=short_date(upcoming))


def short_title(title: str) -> str:
    return truncate(title, TITLE_MAX)


def section_label(number: str, heading: str, section_id: int | None = 1) -> str:
    if section_id is None:
        return _("document details")
    if not number and not heading:
        return _("introduction")
    return f"{number}. {heading}".strip() if number else heading


def citation(plan_title: str, number: str, heading: str, section_id: int | None = 1) -> str:
    """"<plan title> — II.6 Hồ sơ đề nghị khen thưởng" as HTML."""
    label = section_label(number, heading, section_id)
    return _("Source: {source}").format(
        source=f"{escape(short_title(plan_title))} — {escape(label)}")


def quote(text: str, limit: int = 900) -> str:
    """A passage of a plan, quoted in italics, as HTML."""
    return f"<i>“{escape(truncate_lines(text, limit))}”</i>"


def truncate_lines(text: str, limit: int) -> str:
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    out: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) > limit:
            if not out:
                out.append(truncate(line, limit))
            else:
                out.append("…")
            break
        out.append(line)
        used += len(line)
    return "\n".join(out)
