"""Small formatting helpers shared by answers and views (HTML-escaped, current language)."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from bot.i18n import _, current_language, format_date, ngettext
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
    if d.precision == "from" and gives_day(d):  # a period's start: "từ ngày 10/6 đến ngày 20/6"
        phrases["from"] = _("from {date}")
    phrase = phrases.get(d.precision, _("on {date}"))
    return phrase.format(date=short_date(due), month=month, year=due.year)


def gives_day(d: DeadlineRow) -> bool:
    """Whether the deadline is known to its day, not only to its month or year."""
    if d.kind == "yearly" or d.due_date is None:
        return bool(d.month and d.day)
    if d.precision == "from":  # a period's start: its day, unless "từ tháng 3/2024" (the 1st)
        return d.due_date.day != 1
    return d.precision in ("day", "before", "by")


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


def deadline_lines(d: DeadlineRow, today: dt.date, shown: str) -> list[str]:
    """A deadline as a phone shows it: its date, ``shown`` (what is due, as HTML), who sends
    it to whom, and when it comes round again."""
    lines = [f"📅 {dated_line(d, today)}", shown]
    if d.who or d.to_whom:
        lines.append(_("Sent by: {who} → to: {to_whom}").format(
            who=escape(d.who or "—"), to_whom=escape(d.to_whom or "—")))
    note = recurrence_note(d, today)
    if note:
        lines.append(f"🔁 {escape(note)}")
    return lines


def what_due(d: DeadlineRow) -> str:
    """What is due, in the reader's language when the office named it in English too."""
    return d.what_en if d.what_en and current_language() == "en" else d.what


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
    """"Điều 24 (Danh hiệu …)", "Điều 24 khoản 1", "section II.6 (Hồ sơ …)" or the
    preamble."""
    if section_id is None:
        return _("document details")
    if not number and not heading:
        return _("introduction")
    head = truncate(heading, 70)
    if not number:
        return head
    where = cite_number(number)
    if number.startswith("Điều") and "." in number:
        return where  # a clause's "heading" is its own first words, already quoted
    return f"{where} ({head})" if head else where


def cite_number(number: str) -> str:
    """A section number as a citation: "Điều 24.1.a" → "Điều 24 khoản 1 điểm a",
    "II.6" → "mục II.6" (in the reader's language)."""
    if number.startswith(("Điều", "Chương", "Mục", "Phụ lục")):
        head, _sep, rest = number.partition(".")
        parts = rest.split(".") if rest else []
        names = ("mục", "điểm") if head.startswith("Phụ lục") else ("khoản", "điểm")
        extra = " ".join(f"{names[min(i, 1)]} {p}" for i, p in enumerate(parts))
        return f"{head} {extra}".strip()
    return _("section {number}").format(number=number)


def citation(label: str, number: str, heading: str, section_id: int | None = 1,
             replaced_by: str | None = None) -> str:
    """"Source: Điều 24 khoản 1, Luật Thi đua, khen thưởng 2022" as HTML; ``replaced_by``:
    how a citation names the document that replaced this one, said on a line of its own."""
    where = section_label(number, heading, section_id)
    source = _("Source: {source}").format(
        source=f"{escape(where)} — {escape(short_title(label))}")
    if replaced_by:
        source += "\n⚠️ " + _("This document has been replaced by {newer}: check the rule in "
                             "force.").format(newer=escape(short_title(replaced_by)))
    return source


def section_reference(label: str, number: str, heading: str) -> str:
    """A section named as a pointer, HTML-escaped."""
    return f"{escape(section_label(number, heading))} — {escape(short_title(label))}"


def doc_label(doc_type: str, title: str, number: str | None, issuer: str | None,
              issued_date: str | None) -> str:
    """How a citation names a document, so a teacher can tell whose and which year it is:
    "Luật Thi đua, khen thưởng 2022", "KH 02/KH-PGDĐT, Phòng GD&ĐT Thanh Xuân, 2/1/2024"."""
    kind = (doc_type or "").strip()
    year = (issued_date or "")[:4]
    if kind.lower() == "luật":
        name = title if title.lower().startswith("luật") else f"Luật {title}"
        return f"{name} {year}".strip() + (f" ({number})" if number else "")
    if number and "/" in number and number[0].isdigit():
        head = f"{_KIND_SHORT.get(kind.lower(), kind)} {number}".strip()
    else:
        head = f"{kind} “{truncate(title, 60)}”" if kind else truncate(title, 70)
    parts = [head, short_issuer(issuer) if issuer else "", _issued(issued_date)]
    return ", ".join(p for p in parts if p)


_KIND_SHORT = {"kế hoạch": "KH", "công văn": "CV", "hướng dẫn": "HD", "thông báo": "TB",
               "quyết định": "QĐ", "báo cáo": "BC", "tờ trình": "TTr", "chỉ thị": "CT"}


def short_issuer(issuer: str) -> str:
    return issuer.replace("Giáo dục và Đào tạo", "GD&ĐT").replace("Ủy ban nhân dân", "UBND")


def _issued(issued_date: str | None) -> str:
    if not issued_date:
        return ""
    parts = issued_date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}/{int(parts[1])}/{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return parts[0]


_PAGE_MARKER = re.compile(r"[ \t]*-{2,}[ \t]*\[(?:Trang|trang|Page|page)[ \t]+\d+[^\]\n]{0,40}\]"
                          r"[ \t]*-{2,}[ \t]*")
"""A page break an OCR wrote into the text ("----- [Trang 13] -----"): kept in the passage
(it says where a page began), left out of what a phone shows."""


def quote(text: str, limit: int = 900) -> str:
    """A passage of a plan, quoted in italics, as HTML."""
    return f"<i>“{escape(truncate_lines(_PAGE_MARKER.sub('', text), limit))}”</i>"


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
