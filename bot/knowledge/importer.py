"""Turn a plan document into a ``ParsedPlan``: header, outline, campaigns, deadlines.

The letterhead, title and signature are read in ``bot.knowledge.plan_header``; this module
reads the body: its sections, period, campaigns, deadlines, award forms and dossier."""

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
    split_sections,
)
from bot.knowledge.overrides import apply_overrides, read_overrides
from bot.knowledge.paragraph_deadlines import extract_deadlines
from bot.knowledge.periods import find_period
from bot.knowledge.plan_header import (
    apply_self_citation,
    body_title,
    header_issuer,
    issuer_in_body,
    read_header,
    read_signer,
    split_header,
    split_tail,
)
from bot.knowledge.reader import read_plan_file

RECIPIENTS_PATH = "Nơi nhận: văn bản được gửi đến"
LEGAL_TYPES = ("Luật", "Nghị định", "Thông tư", "Nghị quyết")
_AWARD_WORDS = re.compile(r"khen|huân chương|cờ|danh hiệu|chiến sĩ|lao động", re.I)


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
    header, title_lines, doc_type, body = split_header(lines)
    body, tail = split_tail(body)
    plan = ParsedPlan(source_name=source_name, text=text, title="", doc_type=doc_type)
    plan.title = " ".join(title_lines) or body_title(body) or Path(source_name).stem
    read_header(plan, header)
    if plan.doc_type in LEGAL_TYPES and not plan.number:
        apply_self_citation(plan)
    body_lines = [line for line in body if line]
    legal = is_legal(body_lines)
    plan.sections = (split_legal(unfold_inline(body_lines)) if legal
                     else split_sections(body_lines))
    if tail:
        recipients = "\n".join(line for line in tail if line.startswith("-"))
        ordinal = max((s.ordinal for s in plan.sections), default=-1) + 1
        plan.sections.append(ParsedSection(ordinal, "", "Nơi nhận", RECIPIENTS_PATH, recipients))
    plan.signer, plan.signer_title = read_signer(tail or lines[-4:])
    plan.period = find_period(plan.title) or _preamble_period(plan)
    plan.issuer = header_issuer(header) or plan.issuer or issuer_in_body(body, plan)
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
        plan.deadlines = _deadlines(plan.sections, plan.year, _issued(plan), plan.title or "")
    plan.awards = _awards(plan.sections)
    plan.dossier = _dossier(plan.sections)
    return plan


def _preamble_period(plan: ParsedPlan) -> Period | None:
    pre = next((s.body for s in plan.sections if s.ordinal == 0), "")
    return find_period(pre)


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
               issued: dt.date | None, subject: str = "") -> list[ParsedDeadline]:
    found: dict[tuple[object, ...], ParsedDeadline] = {}
    for number, text, context in _dated_paragraphs(sections):
        for deadline in extract_deadlines(text, default_year=year, section_number=number,
                                          heading=context, issued=issued, subject=subject):
            key = deadline.key()
            if key not in found or (deadline.who and not found[key].who):
                found[key] = deadline
    return sorted(found.values(), key=_deadline_order)


def _dated_paragraphs(sections: list[ParsedSection]) -> list[tuple[str, str, str]]:
    """(section number, paragraph, what may name its task: the lead-in of the list it is an
    item of ("Hồ sơ gửi về phòng TCHC:" above "- Thời hạn: …"), the heading and the line
    before, one a line)."""
    out: list[tuple[str, str, str]] = []
    headings: dict[str, str] = {}
    for section in sections:
        headings.setdefault(section.number, section.heading)
    before: dict[str, list[str]] = {}  # a section's paragraphs so far
    for number, text in _paragraphs(sections, dated=True):
        same = before.setdefault(number, [])
        previous = same[-1] if same else ""
        lead = _lead_in(same) if _LIST_ITEM.match(text) else ""
        context = (lead, headings.get(number, ""), previous)
        out.append((number, text, "\n".join(p for p in context if p)))
        same.append(text)
    return out


_LIST_ITEM = re.compile(r"\s*(?:[-–•+*]\s|[a-zđ]\)\s)")


def _lead_in(before: list[str]) -> str:
    """The line ending in ":" that the list items at the end of ``before`` follow."""
    for line in reversed(before):
        if line.rstrip().endswith(":"):
            return line.strip()
        if not _LIST_ITEM.match(line):
            return ""
    return ""


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
