"""Turn a plan document into a ``ParsedPlan``: header, outline, campaigns, deadlines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from bot.i18n import _
from bot.knowledge import campaigns as campaign_rules
from bot.knowledge.dates import find_cues
from bot.knowledge.legal import is_legal, split_legal, unfold_inline
from bot.knowledge.model import (
    ParsedDeadline,
    ParsedPlan,
    ParsedSection,
    Period,
    PlanReadError,
)
from bot.knowledge.outline import (
    bullets,
    clean_text,
    descendants,
    is_recipients_line,
    split_sections,
)
from bot.knowledge.overrides import apply_overrides, read_overrides
from bot.knowledge.paragraph_deadlines import extract_deadlines
from bot.knowledge.periods import find_period
from bot.knowledge.reader import read_plan_file
from bot.knowledge.versions import read_self_citation

RECIPIENTS_PATH = "Nơi nhận: văn bản được gửi đến"
DOC_TYPES = ("KẾ HOẠCH", "HƯỚNG DẪN", "THÔNG BÁO", "CÔNG VĂN", "QUYẾT ĐỊNH", "CHỈ THỊ", "LUẬT",
             "NGHỊ ĐỊNH", "THÔNG TƯ", "NGHỊ QUYẾT", "QUY CHẾ", "QUY ĐỊNH")
_OUTLINE = re.compile(r"(\d+\.)+\d*\s|[a-zđ]\)\s|Chương\s|CHƯƠNG\s|Điều\s")
LEGAL_TYPES = ("Luật", "Nghị định", "Thông tư", "Nghị quyết")
_MOTTO = re.compile(r"cộng hòa xã hội|cộng hoà xã hội|độc lập\s*-|^-+$", re.I)
_BODY_START = re.compile(r"^(thực hiện|căn cứ|nhằm|phòng|sở|để|theo)\b|^[IVX]+\.\s", re.I)
_NUMBER = re.compile(r"^(?:[^\W\d_]+\s+)?Số\s*:\s*(\S*(?:\s*/\s*\S+)*)", re.I)
_DATE_LINE = re.compile(r"^(?P<place>[^,\d]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*"
                        r"(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", re.I)
_ISSUER = re.compile(r"\b(Phòng|Sở)\s+(?:Giáo dục và Đào tạo|Giáo dục - Đào tạo|GD&ĐT|GDĐT|"
                     r"GD-ĐT)(?!\s*\()")
_ISSUER_VERB = re.compile(r"\s*(xây dựng|triển khai|đề nghị|ban hành|tổ chức|hướng dẫn)\b")
_AWARD_WORDS = re.compile(r"khen|huân chương|cờ|danh hiệu|chiến sĩ|lao động", re.I)
_LOCALITY_WORDS = ("quận", "huyện", "thị", "thành", "tỉnh", "tp", "tp.")


def parse_file(path: Path) -> ParsedPlan:
    """Read and parse ``path``, then apply its ``<stem>.overrides.toml`` if there is one."""
    return parse_file_with_bytes(path)[0]


def parse_file_with_bytes(path: Path) -> tuple[ParsedPlan, bytes]:
    """The parsed plan and the file's bytes (for its content hash)."""
    raw, data = read_plan_file(path)
    plan = parse_text(raw, path.name)
    try:
        overrides = read_overrides(path)
    except (OSError, ValueError) as exc:
        raise PlanReadError(_("The corrections file {name} has a mistake: {error}").format(
            name=path.stem + ".overrides.toml", error=exc)) from exc
    if overrides:
        apply_overrides(plan, overrides)
    return plan, data


def parse_text(raw: str, source_name: str) -> ParsedPlan:
    text = clean_text(raw)
    lines = text.split("\n")
    header, title_lines, doc_type, body = _split_header(lines)
    body, tail = _split_tail(body)
    plan = ParsedPlan(source_name=source_name, text=text, title="", doc_type=doc_type)
    plan.title = " ".join(title_lines) or Path(source_name).stem
    _read_header(plan, header)
    if plan.doc_type in LEGAL_TYPES and not plan.number:
        _read_self_citation(plan)
    body_lines = [line for line in body if line]
    legal = is_legal(body_lines)
    plan.sections = (split_legal(unfold_inline(body_lines)) if legal
                     else split_sections(body_lines))
    if tail:
        recipients = "\n".join(line for line in tail if line.startswith("-"))
        ordinal = max((s.ordinal for s in plan.sections), default=-1) + 1
        plan.sections.append(ParsedSection(ordinal, "", "Nơi nhận", RECIPIENTS_PATH, recipients))
    plan.signer, plan.signer_title = _signer(tail or lines[-4:])
    plan.period = find_period(plan.title) or _preamble_period(plan)
    plan.issuer = _header_issuer(header) or plan.issuer or _issuer(body, plan)
    if plan.title.isupper():
        plan.title = plan.title.capitalize()
    paragraphs = _paragraphs(plan.sections)
    if not legal and plan.doc_type not in LEGAL_TYPES:
        plan.campaigns = campaign_rules.extract_campaigns(plan.title, paragraphs, plan.period)
    if legal or plan.doc_type in LEGAL_TYPES:
        # A rule of law recurs: its dates without a year are yearly; its dated clauses are
        # transitional. What falls due under a law is for the office to act on: its
        # reminders go to the admins, who may pass them on, not to every unit's leaders.
        plan.deadlines = [replace(d, audience="admins")
                          for d in _deadlines(plan.sections, None, None) if d.kind == "yearly"]
    else:
        plan.deadlines = _deadlines(plan.sections, plan.year, _issued(plan))
    plan.awards = _awards(plan.sections)
    plan.dossier = _dossier(plan.sections)
    return plan


def _split_header(lines: list[str]) -> tuple[list[str], list[str], str, list[str]]:
    """(header lines, title lines, document type, body lines)."""
    for i, line in enumerate(lines[:40]):
        doc_type, rest = _doc_type(line.strip())
        if not doc_type:
            continue
        title = [rest] if rest else []
        j = i + 1
        while j < len(lines) and len(title) < 4:
            cur = lines[j].strip()
            if cur and (_BODY_START.match(cur) or len(cur) > 300 or _OUTLINE.match(cur)):
                break
            if cur:
                title.append(cur)
            j += 1
        return lines[:i], title, doc_type.capitalize(), lines[j:]
    start = next((i for i, line in enumerate(lines[:40]) if _BODY_START.match(line.strip())), 0)
    header = lines[:start]
    title = [next((h.strip() for h in reversed(header) if h.strip()
                   and not _NUMBER.match(h.strip()) and not _DATE_LINE.match(h.strip())), "")]
    return header, [t for t in title if t], "", lines[start:]


def _doc_type(line: str) -> tuple[str, str]:
    """("KẾ HOẠCH", "Phát động …") for "KẾ HOẠCH" alone or followed by its subject."""
    for kind in DOC_TYPES:
        if line == kind:
            return kind, ""
        if line.startswith(kind + " ") and not line[len(kind) + 1:].isupper():
            return kind, line[len(kind) + 1:].strip()
    return "", ""


def _split_tail(body: list[str]) -> tuple[list[str], list[str]]:
    for i, line in enumerate(body):
        if is_recipients_line(line):
            return body[:i], body[i:]
    return body, []


def _read_header(plan: ParsedPlan, header: list[str]) -> None:
    for line in header:
        m = _NUMBER.match(line.strip(" |"))
        if m and re.match(r"\d|/\s*[^\W\d_]", m.group(1)):  # "Số: /KH-SGDĐT" is not numbered yet
            plan.number = re.sub(r"\s*/\s*", "/", m.group(1))
        d = _DATE_LINE.match(line.strip(" |"))
        if d:
            plan.place = d.group("place").strip()
            parts = [d.group("y"), d.group("m"), d.group("d") if d.group("m") else None]
            plan.issued_date = "-".join(f"{int(p):02d}" if len(p) < 4 else p
                                        for p in parts if p)


def _read_self_citation(plan: ParsedPlan) -> None:
    """A consolidated law names itself under its type: its number, date and issuer."""
    cite = read_self_citation(plan.title)
    if cite is None:
        return
    plan.title, plan.number, plan.issued_date = cite.title, cite.number, cite.issued_date
    plan.issuer = plan.issuer or cite.issuer


def _signer(tail: list[str]) -> tuple[str | None, str | None]:
    """The name under the signature, and the signer's title ("TRƯỞNG PHÒNG")."""
    candidates = [line.strip() for line in tail
                  if line.strip() and not line.startswith("-") and not is_recipients_line(line)]
    title = next((c for c in candidates if c == c.upper() and re.search(r"[A-ZĐ]", c)), None)
    names = [c for c in candidates if c != title and _looks_like_name(c)]
    name = names[-1] if names else None
    return (name or title), (title if name else None)


def _looks_like_name(text: str) -> bool:
    parts = text.split()
    return 2 <= len(parts) <= 5 and all(p[:1].isupper() and p[1:].islower() for p in parts)


def _preamble_period(plan: ParsedPlan) -> Period | None:
    pre = next((s.body for s in plan.sections if s.ordinal == 0), "")
    return find_period(pre)


def _header_issuer(header: list[str]) -> str | None:
    """The issuing body as the letterhead names it ("QUỐC HỘI", "BỘ GIÁO DỤC VÀ ĐÀO TẠO" over
    "TRƯỜNG ĐẠI HỌC MỞ HÀ NỘI": the lower line issues); None without a letterhead."""
    names: list[str] = []
    for line in header:
        text = line.strip(" |")
        motto = _MOTTO.search(text)
        if motto and text[:motto.start()].strip().isupper():
            text = text[:motto.start()].strip()
        if not text or _MOTTO.search(text) or _NUMBER.match(text) or _DATE_LINE.match(text):
            if names and (_NUMBER.match(text) or _DATE_LINE.match(text)):
                break
            continue
        if text.isupper() and len(text) <= 90:
            if names and len(names[-1].split()) <= 2:
                names[-1] += " " + text
            else:
                names.append(text)
    if not names:
        return None
    return " ".join(w.capitalize() if w.isalpha() else w for w in names[-1].split())


def _issuer(body: list[str], plan: ParsedPlan) -> str | None:
    text = "\n".join(body)
    found = [(m.group(1), _locality(text, m.end()), bool(_ISSUER_VERB.match(text, m.end())))
             for m in _ISSUER.finditer(text)]
    if not found:
        return None
    kind = next((k for k, _loc, verb in found if verb), None)
    if kind is None:
        suffix = (plan.number or "").upper()
        kind = "Sở" if "SGD" in suffix else "Phòng" if "PGD" in suffix else found[0][0]
    local = next((loc for k, loc, verb in found if k == kind and verb and loc), None)
    local = local or next((loc for k, loc, _v in found if k == kind and loc), None)
    local = local or plan.place
    return f"{kind} Giáo dục và Đào tạo" + (f" {local}" if local else "")


def _locality(text: str, pos: int) -> str | None:
    words = text[pos:pos + 60].split("\n")[0].split()
    taken: list[str] = []
    for i, word in enumerate(words):
        clean = word.rstrip(",;.:)")
        first = i == 0 and clean.lower() in _LOCALITY_WORDS
        named = (clean[:1].isupper() or clean.isdigit()) and clean != "GDĐT"
        after_prefix = i == 1 and bool(taken) and taken[0].lower() in ("thị", "thành")
        if first or named or after_prefix:
            taken.append(clean)
        else:
            break
        if clean != word:
            break
    return " ".join(taken) or None


def _paragraphs(sections: list[ParsedSection], *, dated: bool = False
                ) -> list[tuple[str, str]]:
    """(section number, paragraph); ``dated`` adds the short headings that give a date
    ("3. Hạn nộp hồ sơ: trước ngày 15/7/2025")."""
    out: list[tuple[str, str]] = []
    for section in sections:
        if section.heading == "Nơi nhận" and not section.number:
            continue
        for para in section.body.split("\n"):
            if para.strip():
                out.append((section.number, para))
        if len(section.heading) > 60 or (
                dated and not section.heading.endswith("…") and find_cues(section.heading)):
            out.append((section.number, section.heading))
    return out


def _issued(plan: ParsedPlan) -> dt.date | None:
    try:
        return dt.date.fromisoformat(plan.issued_date or "")
    except ValueError:  # no date, or only a month or year
        return None


def _deadlines(sections: list[ParsedSection], year: int | None,
               issued: dt.date | None) -> list[ParsedDeadline]:
    found: dict[tuple[object, ...], ParsedDeadline] = {}
    for number, text, context in _dated_paragraphs(sections):
        for deadline in extract_deadlines(text, default_year=year, section_number=number,
                                          heading=context, issued=issued):
            key = deadline.key()
            if key not in found or (deadline.who and not found[key].who):
                found[key] = deadline
    return sorted(found.values(), key=_deadline_order)


def _dated_paragraphs(sections: list[ParsedSection]) -> list[tuple[str, str, str]]:
    """(section number, paragraph, what may name its task: the heading and the line before,
    one a line)."""
    out: list[tuple[str, str, str]] = []
    for number, text in _paragraphs(sections, dated=True):
        previous = out[-1][1] if out and out[-1][0] == number else ""
        heading = next((s.heading for s in sections if s.number == number), "")
        out.append((number, text, "\n".join(p for p in (heading, previous) if p)))
    return out


def _deadline_order(d: ParsedDeadline) -> tuple[int, int, int]:
    if d.due_date:
        return (d.due_date.year, d.due_date.month, d.due_date.day)
    return (0, d.month or 0, d.day or 0)


def _awards(sections: list[ParsedSection]) -> list[str]:
    """The award forms, from the most specific "Hình thức … khen thưởng" section."""
    pattern = re.compile(r"hình thức.*khen thưởng|khen thưởng.*hình thức", re.I)
    matching = [s for s in sections if pattern.search(s.heading)]
    deepest = [s for s in matching if not any(k in matching for k in descendants(sections, s))]
    for section in deepest:
        kids = descendants(sections, section)
        named = [re.sub(r"^đối với\s+", "", k.heading, flags=re.I).split(":")[0].strip()
                 for k in kids if re.match(r"đối với\s", k.heading, re.I)]
        named = [n for n in named if _AWARD_WORDS.search(n)]
        items = named or bullets(section.body) + [b for k in kids for b in bullets(k.body)]
        if items:
            return items
    return []


def _dossier(sections: list[ParsedSection]) -> list[str]:
    for section in sections:
        if re.match(r"(thành phần\s+)?hồ sơ\b", section.heading, re.I):
            items = bullets(section.body)
            if items:
                return items
    return []
