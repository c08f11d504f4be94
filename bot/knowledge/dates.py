"""Vietnamese dates, periods and deadlines as plans write them.

Only dates introduced by a deadline cue are deadlines: "trước ngày 25/1/2024", "Từ nay đến ngày
22 tháng 3 năm 2024:", a timetable line "Ngày 31 tháng 5 năm 2024: …", "trong tháng 02/2024",
"bắt đầu từ tháng 9/2023", "vào năm 2025", an event "Hội nghị sơ kết vào 20/11/2018", a period
"từ ngày 10/5 đến ngày 20/5/2024" (its start and its end), a named day "trước ngày Nhà giáo Việt
Nam" or "vào dịp kỷ niệm ngày Quốc khánh 2 tháng 9" (bot/knowledge/named_days.py), and dates that
follow a cue in the same sentence, one per group ("cụm 1–7: trước ngày 30/10; cụm 8: 30/3").

Dates of referenced documents ("Chỉ thị số 05/CT-UBND ngày 18 tháng 01 năm 2024"), effective
dates ("có hiệu lực thi hành từ ngày 01/10/2020"), cut-off dates of figures ("số liệu tính đến
ngày 31/12") and anniversaries ("(07/5/1954 - 07/5/2024)") are never deadlines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from bot.knowledge.model import ParsedDeadline, Period
from bot.knowledge.named_days import named_day_at
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

_TIME = r"(?:lúc\s+)?(?:\d{1,2}\s*(?:h|giờ)\s*\d{0,2}\s*(?:phút\s*)?,?\s*)?"

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
_LABEL = re.compile(r"(?:^|(?<=[.;])\s+)(?:[a-zđ]\)\s*|[-–+]\s*)?"
                    r"(?P<w>(?:thời hạn|hạn chót|hạn nộp|hạn gửi|thời gian)\b[^:.;]{0,80}):", re.I)
# Dates written 15-01-2024 or 15.01.2024 (same length once written with "/").
_OTHER_SEPARATORS = re.compile(r"(?<![\d/.-])(\d{1,2})[-.](\d{1,2})[-.]((?:19|20)\d\d)(?!\d)|"
                               r"(?<=ngày )(\d{1,2})-(\d{1,2})(?![\d-])")


ACTION_WORDS = re.compile(
    r"báo cáo|sơ kết|tổng kết|gửi|nộp|hồ sơ|đăng ký|triển khai|phát động|thực hiện|"
    r"hoàn thành|tổ chức|khen thưởng|kế hoạch|hội nghị|hội thi|hội giảng|\bhọp\b|\blễ\b|"
    r"xét tặng|xét và công bố|công bố|tuyên dương|kiểm tra|bình xét", re.I)
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


_START = -2  # a period's end, until its start's index is known


@dataclass
class _Cue:
    start: int
    end: int
    precision: str
    day: int | None
    month: int | None
    year: int | None
    what: str | None = None  # "Hạn chót <what>: ngày …"
    lead: int | None = None  # a date that follows a cue: that cue's index (-1: a label's)
    label: str = ""  # the group such a date is for ("cụm 8")


def find_cues(text: str) -> list[_Cue]:
    """The dates of ``text`` that a deadline or event cue introduces, in order, none
    overlapping; the dates that follow a cue in the same sentence come with it."""
    text = _OTHER_SEPARATORS.sub(lambda m: m.group(0).replace("-", "/").replace(".", "/"), text)
    found: list[_Cue] = []
    for precision, pattern in _CUES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            day = int(groups["d"]) if groups.get("d") else None
            month = int(groups["m"]) if groups.get("m") else None
            year = int(groups["y"]) if groups.get("y") else None
            first = next((m.start(g) for g in ("d", "m", "y") if groups.get(g)), m.start())
            if _valid(day, month, year) and not _not_due(text, m.start(), first):
                found.append(_Cue(m.start(), m.end(), precision, day, month, year,
                                  groups.get("w")))
    ranges, not_due = _ranges(text)
    found = [c for c in found if not any(a <= c.start < b for a, b in not_due)]
    found += ranges + _named_days(text)
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[_Cue] = []
    for cue in found:
        if not kept or cue.start >= kept[-1].end:
            if cue.lead == _START:  # a period's end: the task of its start
                cue.lead = len(kept) - 1 if kept and kept[-1].precision == "from" else None
            kept.append(cue)
    return _with_followers(text, kept)


def _not_due(text: str, start: int, date_start: int) -> bool:
    return bool(_NOT_DUE.search(text[max(0, start - 60):date_start]))


def _ranges(text: str) -> tuple[list[_Cue], list[tuple[int, int]]]:
    """A period's start ("from") and end ("by"), the start taking the end's year; and the
    spans of periods that are not due ("có hiệu lực từ ngày … đến ngày …")."""
    out: list[_Cue] = []
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
        out.append(_Cue(m.start(), m.start("d2"), "from", d1, m1, y1))
        out.append(_Cue(m.start("d2"), m.end(), "by", d2, m2, y2, lead=_START))
    return out, not_due


def _named_days(text: str) -> list[_Cue]:
    """"trước ngày Nhà giáo Việt Nam", "vào dịp kỷ niệm ngày Quốc khánh 2 tháng 9".

    An occasion ("vào dịp", "nhân dịp") is taken only with its date written beside it; a
    deadline cue ("trước", "chậm nhất") takes the date from the table of named days."""
    out: list[_Cue] = []
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
                out.append(_Cue(m.start(), written.end(), precision, d, mo, y))
                continue
        if occasion:
            continue
        precision = "before" if cue == "trước" else "by"
        out.append(_Cue(m.start(), end, precision, day.day, day.month, None))
    return out


def _with_followers(text: str, cues: list[_Cue]) -> list[_Cue]:
    """Add the bare dates that follow a cue (or a "Thời hạn …:" label) in its sentence, each
    for its own group: "Thời hạn gửi hồ sơ: cụm 1–7: 30/10; cụm 8: 30/3". A date belongs to the
    nearest cue or label before it."""
    anchors: list[tuple[int, int, str, int, str | None]] = []  # end, stop, precision, lead, what
    for i, cue in enumerate(cues):
        if cue.day is not None:
            anchors.append((cue.end, _sentence_end(text, cue.end), cue.precision, i, None))
    for m in _LABEL.finditer(text):
        precision = "by" if re.match(r"(?:thời\s+)?hạn", m.group("w"), re.I) else "day"
        task = re.sub(r"^(?:thời gian|thời hạn|hạn chót|hạn)\s*", "", m.group("w"), flags=re.I)
        anchors.append((m.end(), _sentence_end(text, m.end()), precision, -1, task))
    if not anchors:
        return cues
    taken = [(c.start, c.end) for c in cues]
    extra: list[_Cue] = []
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
        label = _group_label(text[pos:m.start()])
        if (label is None or re.match(r"\s*[-–]\s*\d", text[m.end():])
                or not _valid(day, month, year) or _not_due(text, m.start(), m.start())):
            continue
        extra.append(_Cue(m.start(), m.end(), precision, day, month, year, what,
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


def _group_label(between: str) -> str | None:
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


def extract_deadlines(paragraph: str, *, default_year: int | None,
                      section_number: str = "", heading: str = "",
                      issued: dt.date | None = None) -> list[ParsedDeadline]:
    """Every deadline in one paragraph, with what is due, who sends it and to whom; a bare
    "Thời hạn: trước ngày …" (or a short dated line) under a heading that names the task takes
    the heading's words. A date without a year falls in ``default_year``, or in the year after
    when that would put it well before the document was ``issued``."""
    text = re.sub(r"^(?:[-–•+*]\s*|(?:\d+\.)+\d*\s+|[a-zđ]\)\s+)", "", paragraph.strip()).strip()
    bare = _BARE.match(text)
    cues = find_cues(text)
    if not cues:
        return []
    to_whom = _recipient(text)
    out: list[ParsedDeadline] = []
    prev_end, who = 0, None
    clauses: list[str] = []
    for i, cue in enumerate(cues):
        clause = _clause(text, cues, i, prev_end)
        prev_end = cue.end
        if bare and i == 0 and (task := _task_of(heading, heading_first=True)):
            rest = clause[bare.end():].strip(" :,") if clause.startswith(bare.group(0)) else ""
            clause = f"{task} ({rest})" if rest and len(rest) <= 40 else task
        elif cue.lead is not None:
            task = clauses[cue.lead] if cue.lead >= 0 else (cue.what or "")
            if not ACTION_WORDS.search(clause) or cue.label:
                clause = _for_group(task, cue.label)
        elif not ACTION_WORDS.search(clause) and i and clauses[-1]:
            label = _group_label(text[cues[i - 1].end:cue.start])  # "…, cụm 8 trước ngày 20/3"
            if label is not None:
                clause = _for_group(clauses[-1], label)
        if not ACTION_WORDS.search(clause):
            clause = _task_of(heading) if bare or len(text) <= 120 else ""
        clauses.append(clause)
        if not clause:
            continue
        clause_who, what = split_subject(clause)
        who = clause_who or who
        deadline = _deadline(cue, what, _year(cue, default_year, issued), text)
        if deadline is None:
            continue
        deadline.who, deadline.to_whom = who, to_whom
        deadline.section_number, deadline.raw = section_number, text[:600]
        if who and re.match(r"(phòng|sở|văn phòng)\b", who, re.I):
            deadline.audience = "admins"
        out.append(deadline)
    return out


def _task_of(context: str, *, heading_first: bool = False) -> str:
    """The line of the context (the heading, then the line before) that names a task: the
    nearest one, or the heading first for a bare "Thời gian: …" line."""
    lines = context.split("\n")
    ordered = lines if heading_first else lines[::-1]
    return next((line for line in ordered if ACTION_WORDS.search(line)), "")


def _for_group(task: str, label: str) -> str:
    """The task of another group: "Gửi hồ sơ (cụm 1–7)" → "Gửi hồ sơ (cụm 8)"."""
    if not label:
        return task
    return re.sub(r"\s*\([^()]*\)$", "", task) + f" ({label})"


def _year(cue: _Cue, default_year: int | None, issued: dt.date | None) -> int | None:
    """The year of a date written without one: a document sets deadlines after its own date,
    so "trước ngày 15/01" in a plan of September 2024 is in 2025."""
    if default_year is None or issued is None or cue.month is None or cue.year is not None:
        return default_year
    year = issued.year
    when = dt.date(year, cue.month, min(cue.day or 1, 28))
    return year + 1 if when < issued - dt.timedelta(days=31) else year


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
        label = _LABEL.match(before.strip(" ;,"))
        rest = before.strip(" ;,")[label.end():].strip(" :") if label else ""
        if label and len(rest) <= 60 and not ACTION_WORDS.search(rest):
            task = re.sub(r"^(?:thời gian|thời hạn|hạn chót|hạn)\s*", "", label.group("w"),
                          flags=re.I)
            return f"{task} ({rest})" if rest else task
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
    if re.match(r"căn cứ\b", clause, re.I):  # "Căn cứ chỉ tiêu, kế hoạch … để đăng ký …"
        purpose = re.search(r"\s(?:để|thì)\s+", clause)
        if purpose:
            clause = clause[purpose.end():]
        elif "," in clause:
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
    what = re.sub(r"(?:\s+(?:được|sẽ|dự kiến|gửi|nộp|tổ chức))+$", "", what, flags=re.I)
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
