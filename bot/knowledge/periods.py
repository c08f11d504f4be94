"""Periods as plans write them: a stage ("giai đoạn 2021 - 2025"), a school year ("năm học
2023-2024", September to August) or a calendar year ("năm 2024")."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from bot.knowledge.model import Period

_DASH = r"\s*[-–—]\s*"
_PERIODS = (
    (re.compile(rf"giai đoạn\s+(\d{{4}}){_DASH}(\d{{4}})", re.I), "giai đoạn", 1, 12),
    (re.compile(rf"năm học\s+(\d{{4}}){_DASH}(\d{{4}})", re.I), "năm học", 9, 8),
    (re.compile(r"(?<!nửa đầu )(?<!cuối )năm\s+(\d{4})(?![\d/–-])", re.I), "năm", 1, 12),
)


def find_period(text: str) -> Period | None:
    """The first period written in ``text`` (a stage, a school year or a year)."""
    for pattern, word, first_month, last_month in _PERIODS:
        m = pattern.search(text)
        if m:
            return _period(word, m, first_month, last_month)
    return None


def period_at(text: str, pos: int) -> Period | None:
    """A period written right at ``pos`` ("” giai đoạn 2021 - 2025")."""
    head = text[pos:pos + 40]
    period = find_period(head)
    if period and re.match(r"[\s,”\"]*(giai đoạn|năm học|năm)\b", head, re.I):
        return period
    return None


def _period(word: str, m: re.Match[str], first_month: int, last_month: int) -> Period:
    y1 = int(m.group(1))
    y2 = int(m.group(2)) if m.lastindex and m.lastindex >= 2 else y1
    label = f"{word} {y1}–{y2}" if y2 != y1 or m.lastindex == 2 else f"{word} {y1}"
    end = dt.date(y2, last_month, calendar.monthrange(y2, last_month)[1])
    return Period(label, dt.date(y1, first_month, 1), end)
