"""Vietnamese dates as plans write them, and which of them a deadline or event cue
introduces.

Only dates introduced by a deadline cue are deadlines: "trước ngày 25/1/2024", "Từ nay đến ngày
22 tháng 3 năm 2024:", a timetable line "Ngày 31 tháng 5 năm 2024: …", "trong tháng 02/2024",
"bắt đầu từ tháng 9/2023", "vào năm 2025", an event "Hội nghị sơ kết vào 20/11/2018", a period
"từ ngày 10/5 đến ngày 20/5/2024" (its start and its end), a named day "trước ngày Nhà giáo Việt
Nam" or "vào dịp kỷ niệm ngày Quốc khánh 2 tháng 9" (bot/knowledge/named_days.py), and dates that
follow a cue in the same sentence, one per group ("cụm 1–7: trước ngày 30/10; cụm 8: 30/3").

Dates of referenced documents ("Chỉ thị số 05/CT-UBND ngày 18 tháng 01 năm 2024"), effective
dates ("có hiệu lực thi hành từ ngày 01/10/2020"), cut-off dates of figures ("số liệu tính đến
ngày 31/12") and anniversaries ("(07/5/1954 - 07/5/2024)") are never deadlines.

Periods ("giai đoạn 2021 - 2025") are read in ``bot.knowledge.periods``; what a paragraph's
dates are due for, in ``bot.knowledge.paragraph_deadlines``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from bot.knowledge.named_days import named_day_at

_DATE = (r"(?P<d>\d{1,2})(?:\s+tháng\s+|\s*/\s*)(?P<m>\d{1,2})"
         r"(?:(?:\s+năm\s+|\s*/\s*)(?P<y>\d{4}))?(?![\d/])")
_MONTH = r"tháng\s+(?P<m>\d{1,2})(?:\s*/\s*|\s+năm\s+)(?P<y>\d{4})(?![\d/])"

_TIME = (r"(?:lúc\s+)?(?:\d{1,2}\s*(?:h|giờ)\s*\d{0,2}\s*(?:phút\s*)?,?\s*)?"
         r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*)?")  # "thứ Tư, ngày …"

# (precision, pattern); a match's groups give the date.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("before", re.compile(rf"\btrước\s+{_TIME}(?:ngày\s+)?{_DATE}", re.I)),
    ("by", re.compile(
        r"(?:chậm nhất|muộn nhất|hạn chót|hạn cuối|hạn nộp|thời hạn|không quá)\s*"
        rf"(?:là\s+|vào\s+|:\s*)?{_TIME}(?:ngày\s+)?{_DATE}", re.I)),
    ("by", re.compile(rf"(?:từ nay\s+)?\bđến\s+(?:hết\s+)?ngày\s+{_DATE}", re.I)),
    ("by", re.compile(r"(?:hạn chót|hạn cuối|thời hạn|hạn)\s+(?P<w>[^:.;]{3,120}?)\s*(?:là|:)\s*"
                      rf"(?:ngày\s+)?{_DATE}", re.I)),
    ("day", re.compile(rf"^(?:vào\s+)?ngày\s+{_DATE}(?=\s*:)", re.I)),
    ("day", re.compile(rf"\bvào\s+{_TIME}(?:ngày\s+)?{_DATE}", re.I)),
    ("day", re.compile(r"\b(?:tổ chức|diễn ra|khai mạc|bế mạc|tiến hành|họp)\s+(?:vào\s+)?"
                       rf"{_TIME}ngày\s+{_DATE}", re.I)),
    ("month", re.compile(rf"\b(?:trong|vào|cuối|hết)\s+{_MONTH}", re.I)),
    ("month", re.compile(rf"^{_MONTH}(?=\s*:)", re.I)),
    ("from", re.compile(rf"(?:bắt đầu\s+)?\btừ\s+{_MONTH}", re.I)),
    ("year", re.compile(r"\bvào\s+năm\s+(?P<y>\d{4})(?![\d/])", re.I)),
    ("year", re.compile(r"^đến\s+năm\s+(?P<y>\d{4})(?=\s*,)", re.I)),
)
_PLAIN_DATE = re.compile(rf"(?<![\d/]){_DATE}")
# "từ ngày 10/5 đến ngày 20/5/2024", "từ 25/12/2024 - 05/01/2025": a start and an end.
_RANGE = re.compile(
    rf"\btừ\s+(?:ngày\s+)?{_DATE}\s*(?:[-–]\s*|đến\s+(?:hết\s+)?)(?:ngày\s+)?"
    r"(?P<d2>\d{1,2})(?:\s+tháng\s+|\s*/\s*)(?P<m2>\d{1,2})"
    r"(?:(?:\s+năm\s+|\s*/\s*)(?P<y2>\d{4}))?(?![\d/])", re.I)
# What introduces a named day ("trước ngày Nhà giáo Việt Nam", "vào dịp kỷ niệm ngày …").
_NAMED = re.compile(
    r"\b(?P<cue>vào dịp|nhân dịp|trong dịp|trước|chậm nhất(?: là)?|muộn nhất|không quá|"
    r"đến)\s+(?:(?:ngày|dịp)\s+)?(?:lễ\s+)?(?:kỷ niệm\s+)?(?:\d+\s+năm\s+)?(?:ngày\s+)?", re.I)
_WRITTEN_DATE = re.compile(rf"\s*[(,]?\s*(?:ngày\s+)?{_DATE}")
# A date that belongs to something else: a cited document ("Nghị định 91/2017/NĐ-CP ngày
# 31/7/2017"), an effective date, the cut-off of figures.
_NOT_DUE = re.compile(
    r"(?:\d+\s*/\s*[^\s,;()]*[A-ZĐ][^\s,;()]*\s*,?\s*(?:ban hành\s+|ký\s+)?(?:ngày\s*)?$)"
    r"|\b(?:hiệu lực|ban hành|tính đến|tính từ|tính tới|tính hết|ký ngày)\b[^.;:]{0,25}$", re.I)
_DOC_WORDS = re.compile(r"\b(?:luật|nghị định|nghị quyết|thông tư|quyết định|kế hoạch|hướng dẫn|"
                        r"công văn|chỉ thị|thông báo|văn bản|tờ trình|báo cáo số)\b", re.I)
# "Thời hạn gửi hồ sơ:", "Thời gian:": the dates after it in the sentence are due.
LABEL = re.compile(r"(?:^|(?<=[.;])\s+)(?:[a-zđ]\)\s*|[-–+]\s*)?"
                   r"(?P<w>(?:thời hạn|hạn chót|hạn nộp|hạn gửi|thời gian)\b[^:.;]{0,80}):", re.I)
# Dates written 15-01-2024 or 15.01.2024 (same length once written with "/").
_OTHER_SEPARATORS = re.compile(r"(?<![\d/.-])(\d{1,2})[-.](\d{1,2})[-.]((?:19|20)\d\d)(?!\d)|"
                               r"(?<=ngày )(\d{1,2})-(\d{1,2})(?![\d-])")


_START = -2  # a period's end, until its start's index is known


@dataclass
class Cue:
    """A date a cue introduces, at ``start``–``end`` of the text; ``precision`` is the cue's
    kind ("before", "by", "day", "month", "from", "year")."""

    start: int
    end: int
    precision: str
    day: int | None
    month: int | None
    year: int | None
    what: str | None = None  # "Hạn chót <what>: ngày …"
    lead: int | None = None  # a date that follows a cue: that cue's index (-1: a label's)
    label: str = ""  # the group such a date is for ("cụm 8")


def find_cues(text: str) -> list[Cue]:
    """The dates of ``text`` that a deadline or event cue introduces, in order, none
    overlapping; the dates that follow a cue in the same sentence come with it."""
    text = _OTHER_SEPARATORS.sub(lambda m: m.group(0).replace("-", "/").replace(".", "/"), text)
    found: list[Cue] = []
    for precision, pattern in _CUES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            day = int(groups["d"]) if groups.get("d") else None
            month = int(groups["m"]) if groups.get("m") else None
            year = int(groups["y"]) if groups.get("y") else None
            first = next((m.start(g) for g in ("d", "m", "y") if groups.get(g)), m.start())
            if _valid(day, month, year) and not _not_due(text, m.start(), first):
                found.append(Cue(m.start(), m.end(), precision, day, month, year,
                                  groups.get("w")))
    ranges, not_due = _ranges(text)
    found = [c for c in found if not any(a <= c.start < b for a, b in not_due)]
    found += ranges + _named_days(text)
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[Cue] = []
    for cue in found:
        if not kept or cue.start >= kept[-1].end:
            if cue.lead == _START:  # a period's end: the task of its start
                cue.lead = len(kept) - 1 if kept and kept[-1].precision == "from" else None
            kept.append(cue)
    return _with_followers(text, kept)


def _not_due(text: str, start: int, date_start: int) -> bool:
    return bool(_NOT_DUE.search(text[max(0, start - 60):date_start]))


def _ranges(text: str) -> tuple[list[Cue], list[tuple[int, int]]]:
    """A period's start ("from") and end ("by"), the start taking the end's year; and the
    spans of periods that are not due ("có hiệu lực từ ngày … đến ngày …")."""
    out: list[Cue] = []
    not_due: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        d1, m1, d2, m2 = (int(m.group(g)) for g in ("d", "m", "d2", "m2"))
        y2 = int(m.group("y2")) if m.group("y2") else None
        y1 = int(m.group("y")) if m.group("y") else None
        if y1 is None and y2 is not None:
            y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        if _not_due(text, m.start(), m.start("d")):
            not_due.append((m.start(), m.end()))
            continue
        if not (_valid(d1, m1, y1) and _valid(d2, m2, y2)):
            continue
        out.append(Cue(m.start(), m.start("d2"), "from", d1, m1, y1))
        out.append(Cue(m.start("d2"), m.end(), "by", d2, m2, y2, lead=_START))
    return out, not_due


def _named_days(text: str) -> list[Cue]:
    """"trước ngày Nhà giáo Việt Nam", "vào dịp kỷ niệm ngày Quốc khánh 2 tháng 9".

    An occasion ("vào dịp", "nhân dịp") is taken only with its date written beside it; a
    deadline cue ("trước", "chậm nhất") takes the date from the table of named days."""
    out: list[Cue] = []
    for m in _NAMED.finditer(text):
        named = named_day_at(text[m.end():])
        if named is None:
            continue
        day, length = named
        end = m.end() + length
        written = _WRITTEN_DATE.match(text, end)
        cue = m.group("cue").lower()
        occasion = "dịp" in cue
        if written:
            d, mo = int(written.group("d")), int(written.group("m"))
            y = int(written.group("y")) if written.group("y") else None
            y = y if y and _valid(d, mo, y) else None
            if _valid(d, mo, None):
                precision = "day" if occasion else "before" if cue == "trước" else "by"
                out.append(Cue(m.start(), written.end(), precision, d, mo, y))
                continue
        if occasion:
            continue
        precision = "before" if cue == "trước" else "by"
        out.append(Cue(m.start(), end, precision, day.day, day.month, None))
    return out


def _with_followers(text: str, cues: list[Cue]) -> list[Cue]:
    """Add the bare dates that follow a cue (or a "Thời hạn …:" label) in its sentence, each
    for its own group: "Thời hạn gửi hồ sơ: cụm 1–7: 30/10; cụm 8: 30/3". A date belongs to the
    nearest cue or label before it."""
    anchors: list[tuple[int, int, str, int, str | None]] = []  # end, stop, precision, lead, what
    for i, cue in enumerate(cues):
        if cue.day is not None:
            anchors.append((cue.end, _sentence_end(text, cue.end), cue.precision, i, None))
    for m in LABEL.finditer(text):
        precision = "by" if re.match(r"(?:thời\s+)?hạn", m.group("w"), re.I) else "day"
        task = re.sub(r"^(?:thời gian|thời hạn|hạn chót|hạn)\s*", "", m.group("w"), flags=re.I)
        anchors.append((m.end(), _sentence_end(text, m.end()), precision, -1, task))
    if not anchors:
        return cues
    taken = [(c.start, c.end) for c in cues]
    extra: list[Cue] = []
    for m in _PLAIN_DATE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        owners = [a for a in anchors if a[0] <= m.start() < a[1]]
        if not owners:
            continue
        end, _stop, precision, lead, what = max(owners)
        pos = max([end] + [b for _a, b in taken if b <= m.start()])
        day, month = int(m.group("d")), int(m.group("m"))
        year = int(m.group("y")) if m.group("y") else None
        label = group_label(text[pos:m.start()])
        if (label is None or re.match(r"\s*[-–]\s*\d", text[m.end():])
                or not _valid(day, month, year) or _not_due(text, m.start(), m.start())):
            continue
        extra.append(Cue(m.start(), m.end(), precision, day, month, year, what,
                          lead=lead, label=label))
        taken.append((m.start(), m.end()))
    if not extra:
        return cues
    merged = sorted(cues + extra, key=lambda c: c.start)
    index = {id(c): i for i, c in enumerate(merged)}
    leads = {id(c): c.lead for c in merged if c.lead is not None and c.lead >= 0}
    for cue in merged:
        if id(cue) in leads:
            cue.lead = index[id(cues[leads[id(cue)]])]
    return merged


def group_label(between: str) -> str | None:
    """The group a following date is for ("cụm 8" of "; cụm 8: "), "" for none, or None when
    the words before the date are not a group's (a cited document, an anniversary, a range)."""
    seg = re.split(r"[;,]", between)[-1]
    if len(seg) > 60 or "/" in seg or _DOC_WORDS.search(seg) or re.search(r"[(\-–]\s*$", seg):
        return None
    seg = re.sub(r"\b\d{1,2}\s*(?:h|giờ)\s*\d{0,2}(?:\s*phút)?", "", seg, flags=re.I)  # a time
    seg = re.sub(r"(?:\s*(?:ngày|là|gửi|nộp|trước|hạn|đến|hết|từ|vào|lúc)\b)*[\s:,]*$", "", seg,
                 flags=re.I)
    return re.sub(r"^\s*(?:đối với|riêng|còn)\s+", "", seg, flags=re.I).strip(" -–+:")


_SENTENCE_END = re.compile(r"\.(?=\s+[A-ZĐÀ-Ỹ]|\s*$)|\n")


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


def _valid(day: int | None, month: int | None, year: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if year is not None and not 1990 <= year <= 2100:
        return False
    if day is not None:
        limit = calendar.monthrange(year or 2024, month or 1)[1]
        return 1 <= day <= limit
    return True


def next_yearly(month: int, day: int, today: dt.date) -> dt.date:
    """The next ``day``/``month`` on or after ``today`` (29/2 falls back to 28/2)."""
    for year in (today.year, today.year + 1):
        last = calendar.monthrange(year, month)[1]
        candidate = dt.date(year, month, min(day, last))
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")


def short_date(value: dt.date) -> str:
    """As the documents write it: 31/5/2024."""
    return f"{value.day}/{value.month}/{value.year}"
