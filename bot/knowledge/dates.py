"""Vietnamese dates, periods and deadlines as plans write them.

Only dates introduced by a deadline cue are deadlines: "trước ngày 25/1/2024", "Từ nay đến ngày
22 tháng 3 năm 2024:", a timetable line "Ngày 31 tháng 5 năm 2024: …", "trong tháng 02/2024",
"bắt đầu từ tháng 9/2023", "vào năm 2025". Dates of referenced documents ("Chỉ thị số
05/CT-UBND ngày 18 tháng 01 năm 2024") and anniversaries ("(07/5/1954 - 07/5/2024)") carry no
cue and are left alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from bot.knowledge.model import ParsedDeadline, Period
from bot.knowledge.textnorm import truncate

_DASH = r"\s*[-–—]\s*"
_PERIODS = (
    (re.compile(rf"giai đoạn\s+(\d{{4}}){_DASH}(\d{{4}})", re.I), "giai đoạn", 1, 12),
    (re.compile(rf"năm học\s+(\d{{4}}){_DASH}(\d{{4}})", re.I), "năm học", 9, 8),
    (re.compile(r"(?<!nửa đầu )(?<!cuối )năm\s+(\d{4})(?![\d/–-])", re.I), "năm", 1, 12),
)

_DATE = (r"(?P<d>\d{1,2})(?:\s+tháng\s+|\s*/\s*)(?P<m>\d{1,2})"
         r"(?:(?:\s+năm\s+|\s*/\s*)(?P<y>\d{4}))?(?![\d/])")
_MONTH = r"tháng\s+(?P<m>\d{1,2})(?:\s*/\s*|\s+năm\s+)(?P<y>\d{4})(?![\d/])"

# (precision, pattern); a match's groups give the date.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("before", re.compile(rf"\btrước\s+(?:\d{{1,2}}\s*(?:h|giờ)\s*\d{{0,2}}\s*,?\s*)?(?:ngày\s+)?"
                          rf"{_DATE}", re.I)),
    ("by", re.compile(
        r"(?:chậm nhất|muộn nhất|hạn chót|hạn cuối|hạn nộp|thời hạn|không quá)\s*"
        rf"(?:là\s+|vào\s+|:\s*)?(?:ngày\s+)?{_DATE}", re.I)),
    ("by", re.compile(rf"(?:từ nay\s+)?\bđến\s+(?:hết\s+)?ngày\s+{_DATE}", re.I)),
    ("by", re.compile(r"(?:hạn chót|hạn cuối|thời hạn|hạn)\s+(?P<w>[^:.;]{3,120}?)\s*(?:là|:)\s*"
                      rf"(?:ngày\s+)?{_DATE}", re.I)),
    ("day", re.compile(rf"^(?:vào\s+)?ngày\s+{_DATE}(?=\s*:)", re.I)),
    ("day", re.compile(rf"\bvào\s+ngày\s+{_DATE}", re.I)),
    ("month", re.compile(rf"\b(?:trong|vào|cuối|hết)\s+{_MONTH}", re.I)),
    ("month", re.compile(rf"^{_MONTH}(?=\s*:)", re.I)),
    ("from", re.compile(rf"(?:bắt đầu\s+)?\btừ\s+{_MONTH}", re.I)),
    ("year", re.compile(r"\bvào\s+năm\s+(?P<y>\d{4})(?![\d/])", re.I)),
    ("year", re.compile(r"^đến\s+năm\s+(?P<y>\d{4})(?=\s*,)", re.I)),
)

ACTION_WORDS = re.compile(
    r"báo cáo|sơ kết|tổng kết|gửi|nộp|hồ sơ|đăng ký|triển khai|phát động|thực hiện|"
    r"hoàn thành|tổ chức|khen thưởng|kế hoạch", re.I)
_VERB = re.compile(r"\b(gửi|nộp|tổ chức|tiến hành|hoàn thành|triển khai|thực hiện|đăng ký|"
                   r"phát động|xây dựng)\b", re.I)
_SUBJECT = re.compile(r"(các|đơn vị|phòng|sở|trường|hiệu trưởng|thủ trưởng|ủy ban|ubnd|ban|"
                      r"hội đồng|tổ|giáo viên|cán bộ|người đứng đầu|văn phòng|bộ phận)\b", re.I)
_RECIPIENT = re.compile(r"\svề\s+(?=(?:Phòng|Sở|Ủy ban|UBND|Văn phòng|Ban|Hội đồng|Bộ|"
                        r"Thường trực|bộ phận|tổ)\b)")
_BARE = re.compile(r"^(?:[a-zđ]\)\s*)?(?:thời gian|thời hạn|hạn|thời gian dự kiến)\s*:", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RECURRING = re.compile(r"định kỳ|hằng năm|hàng năm|6 tháng đầu năm|cuối năm", re.I)


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


@dataclass
class _Cue:
    start: int
    end: int
    precision: str
    day: int | None
    month: int | None
    year: int | None
    what: str | None = None  # "Hạn chót <what>: ngày …"


def find_cues(text: str) -> list[_Cue]:
    found: list[_Cue] = []
    for precision, pattern in _CUES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            day = int(groups["d"]) if groups.get("d") else None
            month = int(groups["m"]) if groups.get("m") else None
            year = int(groups["y"]) if groups.get("y") else None
            if _valid(day, month, year):
                found.append(_Cue(m.start(), m.end(), precision, day, month, year,
                                  groups.get("w")))
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[_Cue] = []
    for cue in found:
        if not kept or cue.start >= kept[-1].end:
            kept.append(cue)
    return kept


def _valid(day: int | None, month: int | None, year: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if year is not None and not 1990 <= year <= 2100:
        return False
    if day is not None:
        limit = calendar.monthrange(year or 2024, month or 1)[1]
        return 1 <= day <= limit
    return True


def extract_deadlines(paragraph: str, *, default_year: int | None,
                      section_number: str = "", heading: str = "") -> list[ParsedDeadline]:
    """Every deadline in one paragraph, with what is due, who sends it and to whom; a bare
    "Thời hạn: trước ngày …" under a heading that names the task takes the heading's words."""
    text = re.sub(r"^(?:[-–•+*]\s*|(?:\d+\.)+\d*\s+)", "", paragraph.strip()).strip()
    cues = find_cues(text)
    if not cues:
        return []
    to_whom = _recipient(text)
    out: list[ParsedDeadline] = []
    prev_end, who = 0, None
    for i, cue in enumerate(cues):
        clause = _clause(text, cues, i, prev_end)
        prev_end = cue.end
        if not ACTION_WORDS.search(clause):
            if not (_BARE.match(text) and ACTION_WORDS.search(heading)):
                continue
            clause = heading
        clause_who, what = split_subject(clause)
        who = clause_who or who
        deadline = _deadline(cue, what, default_year, text)
        if deadline is None:
            continue
        deadline.who, deadline.to_whom = who, to_whom
        deadline.section_number, deadline.raw = section_number, text[:600]
        if who and re.match(r"(phòng|sở|văn phòng)\b", who, re.I):
            deadline.audience = "admins"
        out.append(deadline)
    return out


def _clause(text: str, cues: list[_Cue], i: int, prev_end: int) -> str:
    cue = cues[i]
    if cue.what:
        return cue.what
    after = text[cue.end:cue.end + 2].lstrip()
    if cue.start <= 2 and after[:1] in (":", ","):
        stop = cues[i + 1].start if i + 1 < len(cues) else len(text)
        return text[cue.end:stop].lstrip(" :,")
    before = text[prev_end:cue.start]
    if ACTION_WORDS.search(before):
        return before
    return re.split(r"[.;]", text[cue.end:], maxsplit=1)[0]


def _deadline(cue: _Cue, what: str, default_year: int | None,
              paragraph: str) -> ParsedDeadline | None:
    what = tidy_what(what)
    if not what:
        return None
    year = cue.year or default_year
    yearly = bool(re.search(r"hằng năm|hàng năm", paragraph, re.I)) and cue.year is None
    report_type = report_type_of(what)
    recurs = bool(_RECURRING.search(paragraph)) or (
        report_type == "final" and year is not None and f"năm {year}" in what)
    if cue.precision in ("month", "from", "year") and year is None:
        return None
    if yearly or year is None:
        if cue.day is None or cue.month is None:
            return None
        return ParsedDeadline("yearly", cue.precision, what, month=cue.month, day=cue.day,
                              report_type=report_type, recurs_yearly=True)
    due = _due(cue, year)
    return ParsedDeadline("date", cue.precision, what, due_date=due, report_type=report_type,
                          recurs_yearly=recurs)


def _due(cue: _Cue, year: int) -> dt.date:
    if cue.precision == "year":
        return dt.date(year, 12, 31)
    month = cue.month or 12
    if cue.day is not None:
        return dt.date(year, month, cue.day)
    if cue.precision == "from":
        return dt.date(year, month, 1)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def report_type_of(what: str) -> str | None:
    low = what.lower()
    found = [(low.find(word), kind) for word, kind in (
        ("sơ kết", "interim"), ("tổng kết", "final"), ("hồ sơ khen thưởng", "award_dossier"),
        ("hồ sơ đề nghị khen thưởng", "award_dossier"),
    ) if word in low]
    return min(found)[1] if found else None


def split_subject(clause: str) -> tuple[str | None, str]:
    """("Các đơn vị", "gửi báo cáo sơ kết") from "Các đơn vị gửi báo cáo sơ kết"."""
    clause = clause.strip(" ,;:-–")
    clause = re.sub(r"^(?:và|đồng thời)\s+", "", clause, flags=re.I)
    clause = re.sub(r"^thời gian\s+", "", clause, flags=re.I)
    if re.match(r"căn cứ\b", clause, re.I) and "," in clause:
        clause = clause.split(",", 1)[1].strip()
    verb = _VERB.search(clause)
    if verb and verb.start() > 0:
        prefix = clause[:verb.start()].strip(" ,")
        if len(prefix.split()) <= 8 and _SUBJECT.match(prefix):
            return prefix, clause[verb.start():]
    return None, clause


def tidy_what(what: str) -> str:
    what = _RECIPIENT.split(what, maxsplit=1)[0]
    what = re.sub(r"^(?:gửi|nộp|tiến hành)\s+", "", what.strip(" ,;:-–"), flags=re.I)
    what = re.sub(r"[\s,;:.]*(?:bắt đầu)?[\s,;:.]*$", "", what)
    what = truncate(what, 200)
    return what[:1].upper() + what[1:] if what else ""


def _recipient(text: str) -> str | None:
    parts = _RECIPIENT.split(text, maxsplit=1)
    found = None
    if len(parts) == 2:
        rest = parts[1]
        paren = re.match(r"[^.;(]*\([^)]*\)", rest)
        found = paren.group(0) if paren else re.split(r"[.;,]|\sđồng thời\b", rest)[0]
        found = " ".join(found.split())
    emails = _EMAIL.findall(text)
    if emails:
        found = "; ".join(filter(None, [found, "email: " + ", ".join(emails)]))
    return found


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
