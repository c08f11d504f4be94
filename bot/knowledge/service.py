"""``KnowledgeBase``: import plans, keep the search index, answer, build the views."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from bot.callbacks import Press
from bot.clock import Clock
from bot.knowledge import fmt, views
from bot.knowledge.answer import Answer, Answerer, DeadlineDoc
from bot.knowledge.doctypes import DocTypes
from bot.knowledge.importer import parse_file_with_bytes
from bot.knowledge.index import Passage, SearchIndex, passage_keys, split_passages
from bot.knowledge.model import ParsedPlan, PlanReadError
from bot.knowledge.overrides import read_overrides_bytes
from bot.knowledge.places import Gazetteer, number_key
from bot.knowledge.reader import SUPPORTED
from bot.knowledge.repo import CampaignRow, KnowledgeRepo, PlanRow, SectionRow
from bot.knowledge.textnorm import tokens
from bot.knowledge.versions import repealed_numbers, replaced_numbers
from bot.port import Reply
from bot.storage.db import Database

log = logging.getLogger(__name__)

SHORT_BODY = 80  # a section this short is mostly its subsections
CHILDREN_TEXT = 2500
PLACE_TEXT = 800  # how much of a document's opening names its localities
REPORT_WORDS = {"interim": "báo cáo sơ kết", "final": "báo cáo tổng kết",
                "award_dossier": "hồ sơ đề nghị khen thưởng"}


class OfficeBook(Protocol):
    """The office's own answers (``bot.office_answers``), asked before the documents."""

    def answer_for(self, question: str) -> Answer | None: ...


@dataclass(frozen=True)
class AnswerSources:
    """What the answerer is built from (``build_answerer``): plain rows, so a worker process
    (``bot.knowledge.pool``) can build the same answerer without the database."""

    plans: list[PlanRow]
    campaigns: list[CampaignRow]
    sections: list[SectionRow]
    deadlines: list[Any]
    home: tuple[str, ...] = ()  # the places the office serves (``[knowledge] home``)


@dataclass
class ImportResult:
    plan: ParsedPlan
    plan_id: int | None
    changed: bool


class KnowledgeBase:
    def __init__(self, db: Database, clock: Clock | None = None,
                 office: OfficeBook | None = None, home: tuple[str, ...] = ()) -> None:
        self.db = db
        self.home = home
        self.repo = KnowledgeRepo(db)
        self.clock = clock
        self.answerer = Answerer(SearchIndex.build([]), [], {})
        self.sources = AnswerSources([], [], [], [])
        self.version = 0  # raised at every reload: what a worker process holds is compared to it
        self.office = office  # the office's own answers, asked before the documents

    @classmethod
    async def load(cls, db: Database, *, clock: Clock | None = None,
                   office: OfficeBook | None = None, home: tuple[str, ...] = ()
                   ) -> KnowledgeBase:
        """Build the in-memory index from the database; ``office``: the office's own answers,
        asked before the documents; ``home``: the places the office serves."""
        kb = cls(db, clock, office, home)
        await kb.reload()
        return kb

    async def reload(self) -> None:
        plans = await self.repo.plans()
        campaigns = await self.repo.campaigns()
        sections = await self.repo.sections()
        deadlines = await self.repo.deadlines()
        self.sources = AnswerSources(plans, campaigns, sections, deadlines, self.home)
        self.answerer = build_answerer(plans, campaigns, sections, deadlines, self.home)
        self.version += 1

    # -- importing ---------------------------------------------------------------------------

    async def import_file(self, path: Path, *, dry_run: bool = False,
                          now: dt.datetime | None = None, reindex: bool = True,
                          parsed: tuple[ParsedPlan, bytes] | None = None) -> ImportResult:
        """Import (or re-import) one plan; an unchanged file changes nothing. ``parsed``: the
        file already parsed (in a worker process: ``bot.knowledge.sandbox``)."""
        plan, data = parsed or parse_file_with_bytes(path)
        if dry_run:
            return ImportResult(plan, None, False)
        sha = hashlib.sha256(data + b"\0" + read_overrides_bytes(path)).hexdigest()
        existing = await self.repo.plan_hash(plan.source_name)
        if existing and existing[1] == sha:
            return ImportResult(plan, existing[0], False)
        when = now or (self.clock.now() if self.clock else None)
        plan_id = await self.repo.save_plan(
            plan, sha, str(path.resolve()), when.isoformat(timespec="seconds") if when else None)
        if reindex:
            await self.reload()
        return ImportResult(plan, plan_id, True)

    async def import_directory(self, folder: Path, *, now: dt.datetime | None = None
                               ) -> list[ImportResult]:
        """Import every plan file in ``folder`` (idempotent); unreadable files are skipped."""
        results = []
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in SUPPORTED or not path.is_file():
                continue
            try:
                results.append(await self.import_file(path, now=now, reindex=False))
            except PlanReadError as exc:
                log.warning("skipped plan %s: %s", path.name, exc)
        if any(r.changed for r in results):
            await self.reload()
        return results

    def parse_preview(self, path: Path) -> ParsedPlan:
        """What would be imported from ``path``; raises ``PlanReadError``."""
        return parse_file_with_bytes(path)[0]

    # -- answering and views -----------------------------------------------------------------

    def answer(self, question: str, *, today: dt.date, offset: int = 0) -> Answer:
        """``offset`` is the page: 0 for the first answer, 1 after "more results", …"""
        # -- office answers (bot/office_answers.py) come before the documents --
        office = self.office.answer_for(question) if self.office and offset == 0 else None
        if office is not None:
            return office
        # ---------------------------------------------------------------------------------
        return self.answerer.answer(question, today=today, offset=offset)

    async def campaigns_reply(self, today: dt.date) -> Reply:
        return await views.campaigns_view(self.repo, today)

    async def deadlines_reply(self, today: dt.date) -> Reply:
        return await views.deadlines_view(self.repo, today)

    async def handle_action(self, press: Press, today: dt.date) -> list[Reply]:
        """A knowledge button (``actions.BUTTONS``); a campaign or section gone since gets a
        polite reply."""
        try:
            return [await views.route(self.repo, press, today)]
        except Exception:  # a button must never break the chat
            log.exception("knowledge action failed: %s", press.verb)
            return [views.gone()]


def build_answerer(plans: list[PlanRow], campaigns: list[CampaignRow],
                   sections: list[SectionRow], deadlines: list[Any],
                   home: tuple[str, ...] = ()) -> Answerer:
    titles = {p.id: p.title for p in plans}
    labels = {p.id: fmt.doc_label(p.doc_type, p.title, p.number, p.issuer, p.issued_date)
              for p in plans}
    preambles = {s.plan_id: s.body[:PLACE_TEXT] for s in sections if s.ordinal == 0}
    places = Gazetteer.build(
        (p.id, f"{p.doc_type} {p.issuer or ''}", f"{p.title}\n{preambles.get(p.id, '')}")
        for p in plans)
    mains = [c for c in campaigns if c.role == "main"]
    by_plan: dict[int, list[CampaignRow]] = {}
    for c in campaigns:
        by_plan.setdefault(c.plan_id, []).append(c)
    passages = [plan_info_passage(p) for p in plans]
    for s, body in with_children(sections):
        passages += split_passages(s.plan_id, s.id, s.number, s.heading, s.heading_path, body)
    contexts = SearchIndex.build(
        Passage(p.id, None, "", "", "", plan_context(p, by_plan.get(p.id, []))) for p in plans)
    plan_keys = {c.plan_id: frozenset(contexts.keys_of(i))
                 for i, c in enumerate(contexts.passages)}
    report_keys = {t: frozenset(passage_keys(tokens(w))) for t, w in REPORT_WORDS.items()}
    headings = {(s.plan_id, s.number): s.heading for s in sections}
    docs = []
    for d in deadlines:
        own = " ".join(filter(None, [d.who, "gửi", d.what, d.to_whom]))
        docs.append(DeadlineDoc(
            d, titles.get(d.plan_id, ""), headings.get((d.plan_id, d.section_number), ""),
            frozenset(passage_keys(tokens(own))), plan_keys.get(d.plan_id, frozenset()),
            report_keys.get(d.report_type or "", frozenset())))
    numbers = {p.id: p.number for p in plans if p.number}
    return Answerer(SearchIndex.build(passages), docs, titles, contexts, plan_keys, labels,
                    places, partial(views.campaigns_reply, mains), numbers,
                    repealed_plans(plans, sections), DocTypes({p.id: p.doc_type for p in plans}),
                    home, {old: labels[new] for old, new in replacements(plans, sections).items()})


def repealed_plans(plans: list[PlanRow], sections: list[SectionRow]
                   ) -> dict[int, tuple[str | None, str | None]]:
    """The documents another one declares repealed: id → (number, year), the ways a question
    names them."""
    text: dict[int, list[str]] = {}
    for s in sections:
        text.setdefault(s.plan_id, []).append(s.body)
    repealed: dict[int, set[str]] = {p: repealed_numbers("\n".join(t)) for p, t in text.items()}
    out = {}
    for p in plans:
        key = number_key(p.number or "")
        if key and any(key in found for q, found in repealed.items() if q != p.id):
            out[p.id] = (p.number, (p.issued_date or "")[:4] or None)
    return out


def replacements(plans: list[PlanRow], sections: list[SectionRow]) -> dict[int, int]:
    """Each document another one replaces or repeals: id → the id of the one in force now
    (the latest issued, when several name it; the last of a chain)."""
    text: dict[int, list[str]] = {}
    for s in sections:
        text.setdefault(s.plan_id, []).append(s.body)
    named = {p: replaced_numbers("\n".join(t)) for p, t in text.items()}
    issued = {p.id: p.issued_date or "" for p in plans}
    out: dict[int, int] = {}
    for p in plans:
        key = number_key(p.number or "")
        newer = [q for q, found in named.items() if q != p.id and key and key in found]
        if newer:
            out[p.id] = max(newer, key=lambda q: issued.get(q, ""))
    return {old: _latest(out, new) for old, new in out.items()}


def _latest(replaced: dict[int, int], plan: int) -> int:
    """The end of a chain of replacements (21/2020 → 29/2023 → 07/2026: the one in force)."""
    seen = {plan}
    while replaced.get(plan) is not None and replaced[plan] not in seen:
        plan = replaced[plan]
        seen.add(plan)
    return plan


def with_children(sections: list[SectionRow]) -> list[tuple[SectionRow, str]]:
    """Each section with the text to search: its own body, or, for a heading whose content is
    all in its subsections (an article made of clauses, "5. Hình thức khen thưởng" made of
    5.1, 5.2), those subsections' text, so the whole can be quoted."""
    out = []
    for i, s in enumerate(sections):
        body = s.body
        if len(body) < SHORT_BODY and s.number:
            prefix = s.number + "."
            kids = []
            for k in sections[i + 1:]:
                if k.plan_id != s.plan_id or not k.number.startswith(prefix):
                    break
                kids.append(k.body if k.body.startswith(k.number.rsplit(".", 1)[-1])
                            else f"{k.number.rsplit('.', 1)[-1]}. {k.heading}\n{k.body}".strip())
            body = "\n".join(filter(None, [body, *kids]))[:CHILDREN_TEXT]
        body = body or (s.heading if len(s.heading.split()) >= 6 else "")
        out.append((s, body))
    return out


def plan_context(plan: PlanRow | None, campaigns: list[CampaignRow]) -> str:
    """What names a plan: title, issuer, place, number and its main campaigns."""
    if plan is None:
        return ""
    parts = [plan.doc_type, plan.title, plan.issuer or "", plan.number or "",
             plan.issued_date or ""]
    for c in campaigns:
        if c.role == "main":
            parts += [c.name, c.period.label if c.period else ""]
    return "\n".join(filter(None, parts))


def written_date(iso: str | None) -> str | None:
    """An issue date as documents write it: "ngày 02 tháng 01 năm 2024 (2/1/2024)"."""
    if not iso:
        return None
    parts = iso.split("-")
    if len(parts) == 3:
        y, m, d = parts
        return f"ngày {d} tháng {m} năm {y} ({int(d)}/{int(m)}/{y})"
    if len(parts) == 2:
        return f"tháng {parts[1]} năm {parts[0]} ({int(parts[1])}/{parts[0]})"
    return f"năm {parts[0]}"


def plan_info_passage(plan: PlanRow) -> Passage:
    """The document's own details ("who signed it?", "what is its number?")."""
    lines = []
    for label, value in (("Cơ quan ban hành", plan.issuer), ("Số hiệu văn bản", plan.number),
                         ("Ngày ban hành", written_date(plan.issued_date)),
                         ("Người ký", " ".join(filter(None, [plan.signer_title, plan.signer])))):
        if value:
            lines.append(f"{label}: {value}")
    return Passage(plan.id, None, "", "Thông tin văn bản", "Thông tin văn bản",
                   "\n".join(lines))
