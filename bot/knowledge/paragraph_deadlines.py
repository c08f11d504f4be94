"""The deadlines of one paragraph of a plan: what is due, who sends it and to whom.

The dates come from the cues ``bot.knowledge.dates.find_cues`` finds; this module names the
task each one is for (the clause around it, the heading for a bare "Thời hạn: …" line, another
group's task for "cụm 8: 30/3"), the year of a date written without one, and whether it recurs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from bot.knowledge.dates import LABEL, Cue, find_cues, group_label
from bot.knowledge.model import ParsedDeadline
from bot.knowledge.textnorm import truncate

ACTION_WORDS = re.compile(
    r"báo cáo|sơ kết|tổng kết|gửi|nộp|hồ sơ|đăng ký|triển khai|phát động|thực hiện|"
    r"hoàn thành|tổ chức|khen thưởng|kế hoạch|hội nghị|hội thi|hội giảng|\bhọp\b|\blễ\b|"
    r"xét tặng|xét và công bố|công bố|tuyên dương|kiểm tra|bình xét|tập huấn|bồi dưỡng|"
    r"hội thảo|giao ban", re.I)
_VERB = re.compile(r"\b(gửi|nộp|tổ chức|tiến hành|hoàn thành|triển khai|thực hiện|đăng ký|"
                   r"phát động|xây dựng)\b", re.I)
_SUBJECT = re.compile(r"(các|đơn vị|phòng|sở|trường|hiệu trưởng|thủ trưởng|ủy ban|ubnd|ban|"
                      r"hội đồng|tổ|giáo viên|cán bộ|người đứng đầu|văn phòng|bộ phận)\b", re.I)
_RECIPIENT = re.compile(r"\svề\s+(?=(?:Phòng|Sở|Ủy ban|UBND|Văn phòng|Ban|Hội đồng|Bộ|"
                        r"Thường trực|bộ phận|tổ)\b)")
# Where the office sent to ends: "về Bộ GD&ĐT trước ngày 31/8 hằng năm đối với …".
_RECIPIENT_END = re.compile(r"[.;,]|\s(?:đồng thời|trước|chậm nhất|muộn nhất|trong thời hạn|"
                            r"trong ngày|trong tháng|vào ngày|ngày|đối với|để|kèm theo)\b",
                            re.I)
_BARE = re.compile(r"^(?:[a-zđ]\)\s*)?(?:thời gian|thời hạn|hạn|thời gian dự kiến)\s*:", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RECURRING = re.compile(r"định kỳ|hằng năm|hàng năm|6 tháng đầu năm|cuối năm", re.I)


def extract_deadlines(paragraph: str, *, default_year: int | None,
                      section_number: str = "", heading: str = "",
                      issued: dt.date | None = None, subject: str = "") -> list[ParsedDeadline]:
    """Every deadline in one paragraph, with what is due, who sends it and to whom; a bare
    "Thời hạn: trước ngày …" (or a short dated line) under a heading that names the task takes
    the heading's words, or else the document's ``subject`` (a letter's "V/v tập huấn …"). A
    date without a year falls in ``default_year``, or in the year after when that would put it
    well before the document was ``issued``."""
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
        if bare and i == 0 and (task := _task_of(heading, heading_first=True)
                                or _task_of(subject)):
            rest = clause[bare.end():].strip(" :,") if clause.startswith(bare.group(0)) else ""
            clause = f"{task} ({rest})" if rest and len(rest) <= 40 else task
        elif cue.lead is not None:
            task = clauses[cue.lead] if cue.lead >= 0 else (cue.what or "")
            if not ACTION_WORDS.search(clause) or cue.label:
                clause = _for_group(task, cue.label)
        elif not ACTION_WORDS.search(clause) and i and clauses[-1]:
            label = group_label(text[cues[i - 1].end:cue.start])  # "…, cụm 8 trước ngày 20/3"
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
        deadline.who, deadline.to_whom = who, to_whom or _recipient(clause)
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


def _year(cue: Cue, default_year: int | None, issued: dt.date | None) -> int | None:
    """The year of a date written without one: a document sets deadlines after its own date,
    so "trước ngày 15/01" in a plan of September 2024 is in 2025."""
    if default_year is None or issued is None or cue.month is None or cue.year is not None:
        return default_year
    year = issued.year
    when = dt.date(year, cue.month, min(cue.day or 1, 28))
    return year + 1 if when < issued - dt.timedelta(days=31) else year


def _clause(text: str, cues: list[Cue], i: int, prev_end: int) -> str:
    cue = cues[i]
    if cue.what:
        return cue.what
    after = text[cue.end:cue.end + 2].lstrip()
    if cue.start <= 2 and after[:1] in (":", ","):
        stop = cues[i + 1].start if i + 1 < len(cues) else len(text)
        return text[cue.end:stop].lstrip(" :,")
    before = text[prev_end:cue.start]
    if ACTION_WORDS.search(before):
        label = LABEL.match(before.strip(" ;,"))
        rest = before.strip(" ;,")[label.end():].strip(" :") if label else ""
        if label and len(rest) <= 60 and not ACTION_WORDS.search(rest):
            task = re.sub(r"^(?:thời gian|thời hạn|hạn chót|hạn)\s*", "", label.group("w"),
                          flags=re.I)
            return f"{task} ({rest})" if rest else task
        return before
    return re.split(r"[.;]", text[cue.end:], maxsplit=1)[0]


def _deadline(cue: Cue, what: str, default_year: int | None,
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


def _due(cue: Cue, year: int) -> dt.date:
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
        head = _RECIPIENT_END.split(rest)[0]  # "Phòng GD&ĐT", and "(qua tổ …)" after it
        closed = re.match(r"[^()]*\([^)]*\)", head)
        paren = None if closed else re.match(r"\s*\([^)]*\)", rest[len(head):])
        found = closed.group(0) if closed else head + (paren.group(0) if paren else "")
        found = " ".join(found.split()).rstrip(" :")
    emails = _EMAIL.findall(text)
    if emails:
        found = "; ".join(filter(None, [found, "email: " + ", ".join(emails)]))
    return found
