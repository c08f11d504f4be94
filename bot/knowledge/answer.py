"""Answer a question from the plans: a deadline, a quoted passage, or an honest "not found".

Deadline questions ("khi nào", "hạn", "when") are answered from the extracted deadlines; the
rest by BM25 retrieval over passages. An answer is confident only when the passage holds most
of the question's content words (idf-weighted) and most of its adjacent word pairs; otherwise
the reply says the plans do not say, rather than guess.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from operator import itemgetter

from bot.i18n import _, current_language, language
from bot.knowledge import fmt
from bot.knowledge.dates import find_cues, next_yearly
from bot.knowledge.index import SearchIndex, passage_keys
from bot.knowledge.places import Gazetteer, named_numbers, number_key
from bot.knowledge.query import (
    Analysis,
    KeyCover,
    analyse,
    ask_coverage,
    coverage,
    largest_missing,
)
from bot.knowledge.repo import DeadlineRow
from bot.knowledge.snippets import SHOW_MAX, Snippet, shown, snippets, widen
from bot.knowledge.textnorm import tokens
from bot.knowledge.understand import CAMPAIGNS, DATE, LIST, holds_count, holds_kind
from bot.port import Button, Reply

# Calibrated on tests/eval_questions.json and off-topic questions (see bench/): a passage must
# hold most of the question's words (idf-weighted) and, with them, enough of its word pairs.
SLOT_MIN = 0.7
PAIR_MIN = 0.34
CONFIDENCE_MIN = 1.05  # slots + PAIR_FACTOR * pairs
PAIR_FACTOR = 0.5
MIN_WORDS = 2  # one content word ("chào") is too little to go on
DEADLINE_SLOT_MIN = 0.6
DEADLINE_PAIR_MIN = 0.3
CANDIDATES = 30
META_BOOST = 3.0  # "who signed it", "its number": the document's details come first
CONTEXT_FACTOR = 0.3  # weight of the plan's own title/issuer/campaigns in ranking
DEADLINE_CLOSE = 0.3  # keep deadlines scoring within this much of the best one
DEADLINES_PER_PAGE = 3
ASK_MIN = 0.6  # the asking words (not naming the document) a piece must hold
MISSING_MAX = 0.25  # no single question word weighing more than this may be absent
OWN_FACTOR = 1.0  # what the piece itself holds, beside its heading's and document's words
SUBJECT_FACTOR = 1.0  # a passage whose article or heading names what is asked about
LENGTH_FACTOR = 0.1  # of two pieces that hold the question alike, the shorter
LOCAL_BOOST = 1.3  # the office's own plans before the national law, when both answer
LIST_FACTOR = 0.15  # a question asking for a list prefers the piece with its items
KIND_BOOST = 1.5  # a piece that holds the kind of fact asked for (a date for "when") first
SNIPPET_CACHE = 3_000


@dataclass
class Answer:
    text: str  # HTML for the channel
    confident: bool
    has_more: bool
    kind: str  # 'deadline', 'passage' or 'none'
    buttons: list[list[Button]] = field(default_factory=list)
    section_id: int | None = None
    plan_id: int | None = None


@dataclass(frozen=True)
class DeadlineDoc:
    row: DeadlineRow
    plan_title: str
    section_heading: str
    own: frozenset[str]  # keys of what is due, who sends it, to whom
    context: frozenset[str]  # keys of the plan's title, issuer and main campaigns (shared)
    report: frozenset[str] = frozenset()  # keys of the report type's name


@dataclass(frozen=True)
class Hit:
    doc: int
    rank: float
    slots: float
    pairs: float
    snippet: Snippet | None = None


class Answerer:
    """``contexts``: one passage per plan with its title, issuer and campaigns; a question's
    words found there count for every passage of that plan ("… of Quận 1"). ``labels``: how a
    citation names each document; ``places``: the localities each document is about."""

    def __init__(self, index: SearchIndex, deadlines: list[DeadlineDoc],
                 titles: dict[int, str], contexts: SearchIndex | None = None,
                 context_keys: dict[int, frozenset[str]] | None = None,
                 labels: dict[int, str] | None = None, places: Gazetteer | None = None,
                 campaigns: Callable[[dt.date], Reply] | None = None,
                 numbers: dict[int, str] | None = None) -> None:
        self.index = index
        self.deadlines = deadlines
        self.titles = titles
        self.labels = labels or titles
        self.contexts = contexts or SearchIndex.build([])
        self.context_keys = context_keys or {}
        self.places = places or Gazetteer()
        self.national = frozenset(d.plan_id for d in self.places.docs if d.national)
        self.numbers = {p: number_key(v) for p, v in (numbers or {}).items()}
        self.campaigns = campaigns
        self.info_doc = {p.plan_id: i for i, p in enumerate(index.passages)
                         if p.section_id is None}
        self._snippets: dict[int, tuple[list[Snippet], frozenset[str]]] = {}
        self._subjects: dict[int, frozenset[str]] = {}
        self.plan_texts = {c.plan_id: c.text for c in self.contexts.passages}

    def answer(self, question: str, *, today: dt.date, offset: int = 0) -> Answer:
        analysis = analyse(question, self.index)
        lang = "en" if analysis.english else current_language()
        scope = self.places.scope(analysis.text)
        with language(lang):
            if analysis.kind == CAMPAIGNS and self.campaigns is not None and offset == 0:
                reply = self.campaigns(today)
                return Answer(reply.text, True, False, "campaigns", reply.buttons)
            if analysis.deadline:
                found = self._deadline_answer(analysis, today, max(offset, 0), scope)
                if found is not None:
                    return found
            return self._passage_answer(analysis, max(offset, 0), scope)

    # -- deadlines ---------------------------------------------------------------------------

    def match_deadlines(self, analysis: Analysis, today: dt.date,
                        scope: frozenset[int] | None = None) -> list[DeadlineDoc]:
        """Deadlines whose own words hold the question best (all of them for a bare "when")."""
        pool = [d for d in self.deadlines if scope is None or d.row.plan_id in scope]
        named = named_numbers(analysis.asked or analysis.text)
        if named:
            pool = [d for d in pool if all(
                n in number_key(d.row.raw or "") + " " + self.numbers.get(d.row.plan_id or 0, "")
                for n in named)]
        if question_years(analysis.text):
            pool = [d for d in pool if _deadline_in_years(d.row, analysis.text)]
        if not analysis.slots:
            scored = [(1.0, d) for d in pool]
        else:
            scored = []
            for doc in pool:
                slots, pairs = coverage(analysis, doc.own, doc.context, doc.report)
                own_slots, own_pairs = coverage(analysis, doc.own)
                asked = ask_coverage(analysis, doc.context, doc.own, doc.report)
                if asked is not None and asked < ASK_MIN:
                    continue
                if slots >= DEADLINE_SLOT_MIN and pairs >= DEADLINE_PAIR_MIN and own_slots > 0:
                    scored.append((own_slots + PAIR_FACTOR * own_pairs, doc))
        best = max((s for s, _d in scored), default=0.0)
        scored = [(s, d) for s, d in scored if s >= best - DEADLINE_CLOSE]
        if not question_years(analysis.text):
            scored = _upcoming_first(scored, today)
        return [d for _s, d in sorted(scored, key=lambda sd: _deadline_order(sd[1].row, today))]

    def _deadline_answer(self, analysis: Analysis, today: dt.date, page: int,
                         scope: frozenset[int] | None) -> Answer | None:
        matched = self.match_deadlines(analysis, today, scope)
        if not matched:
            return None
        start = page * DEADLINES_PER_PAGE
        shown_now = matched[start:start + DEADLINES_PER_PAGE]
        if not shown_now:
            return _no_more()
        parts = ["<b>" + _("The documents give these dates:") + "</b>"]
        parts += [_deadline_block(d, today, self.labels.get(d.row.plan_id or 0, ""))
                  for d in shown_now]
        buttons = [[Button(_("All upcoming deadlines"), "kb:dl")]]
        return Answer("\n\n".join(parts), True, len(matched) > start + len(shown_now),
                      "deadline", buttons, plan_id=shown_now[0].row.plan_id)

    # -- passages ----------------------------------------------------------------------------

    def hits(self, analysis: Analysis, scope: frozenset[int] | None = None) -> list[Hit]:
        """Confident snippets, best first, one per section."""
        return self._keep_confident(self.ranked(analysis, scope), analysis)

    def ranked(self, analysis: Analysis, scope: frozenset[int] | None = None) -> list[Hit]:
        """Every candidate snippet, best first: the passage's score times how much of the
        question the snippet holds (with its section's heading and its document's names)."""
        if analysis.content_words < MIN_WORDS:
            return []
        meta = is_about_document(analysis)
        cover = KeyCover(analysis)
        wanted = cover.keys
        hits = []
        for doc, score in self._candidates(analysis, meta, scope):
            passage = self.index.passages[doc]
            ctx = self.context_keys.get(passage.plan_id, frozenset())
            pieces, head = self._pieces(doc)
            subject = 1 + SUBJECT_FACTOR * cover(wanted & self._subject(doc))[0]
            around = (wanted & head) | (wanted & ctx)
            for piece in pieces:
                own_keys = wanted & piece.keys
                slots, pairs = cover(own_keys | around)
                if slots <= 0:
                    continue
                own = cover(own_keys)[0]
                rank = score * slots ** 2 * (0.5 + pairs) * (1 + OWN_FACTOR * own) * subject
                if holds_kind(piece.text, analysis.kind, analysis.asked):
                    rank *= KIND_BOOST
                rank *= 1 / (1 + LENGTH_FACTOR * len(piece.text) / SHOW_MAX)
                if passage.plan_id not in self.national:
                    rank *= LOCAL_BOOST
                if analysis.kind == LIST:
                    rank *= 1 + LIST_FACTOR * min(piece.items, 6)
                if meta and passage.section_id is None:
                    rank *= META_BOOST
                hits.append(Hit(doc, rank, slots, pairs, piece))
        hits.sort(key=lambda h: -h.rank)
        return hits

    def _pieces(self, doc: int) -> tuple[list[Snippet], frozenset[str]]:
        found = self._snippets.get(doc)
        if found is None:
            passage = self.index.passages[doc]
            head = frozenset(passage_keys(tokens(passage.heading_path or passage.heading)))
            found = (snippets(passage.text), head)
            if len(self._snippets) >= SNIPPET_CACHE:
                self._snippets.clear()  # bounded: a large corpus must not grow without end
            self._snippets[doc] = found
        return found

    def _subject(self, doc: int) -> frozenset[str]:
        """The keys of what a passage is about: its article's title in a law ("Điều 24.
        Danh hiệu Lao động tiên tiến"), else its own heading."""
        found = self._subjects.get(doc)
        if found is None:
            parts = self.index.passages[doc].heading_path.split(" > ")
            article = next((p for p in parts if p.startswith("Điều ")), parts[-1])
            found = frozenset(passage_keys(tokens(article)))
            if len(self._subjects) >= SNIPPET_CACHE:
                self._subjects.clear()
            self._subjects[doc] = found
        return found

    def _candidates(self, analysis: Analysis, meta: bool,
                    scope: frozenset[int] | None) -> list[tuple[int, float]]:
        """The best-scoring passages; a plan named in the question lends its passages weight."""
        keys = analysis.weighted_keys()
        scores = self.index.score(keys)
        plan_scores = {self.contexts.passages[d].plan_id: v
                       for d, v in self.contexts.score(keys).items()}
        passages = self.index.passages
        if scope is not None:
            scores = {d: v for d, v in scores.items() if passages[d].plan_id in scope}
        for doc in scores:
            scores[doc] += CONTEXT_FACTOR * plan_scores.get(passages[doc].plan_id, 0.0)
        top = heapq.nlargest(CANDIDATES, scores.items(), key=itemgetter(1))
        if meta:  # the details of the plans the question names, even if they scored low
            named = heapq.nlargest(3, plan_scores.items(), key=itemgetter(1))
            have = {d for d, _s in top}
            top += [(self.info_doc[p], scores.get(self.info_doc[p], 0.0)) for p, _s in named
                    if p in self.info_doc and self.info_doc[p] not in have
                    and (scope is None or p in scope)]
        return top

    def _keep_confident(self, hits: list[Hit], analysis: Analysis) -> list[Hit]:
        seen: set[tuple[int, str]] = set()
        good = []
        years = question_years(analysis.text)
        numbers = named_numbers(analysis.asked or analysis.text)
        for hit in hits:
            p = self.index.passages[hit.doc]
            if not is_confident(hit.slots, hit.pairs) or (p.plan_id, p.number) in seen:
                continue
            text = hit.snippet.text if hit.snippet else p.text
            if not holds_kind(text, analysis.kind, analysis.asked) or not holds_count(
                    text, analysis.unit):
                continue  # a question about a date needs a piece that gives one, …
            if not self._asks_answered(hit, analysis):
                continue
            if analysis.deadline and not find_cues(text) and not holds_kind(
                    text, DATE, analysis.asked):
                continue
            if years and not years <= self._years_of(hit.doc, text):
                continue  # "năm học 2024-2025" is not answered from 2023-2024
            if numbers and not self._holds_numbers(hit.doc, text, numbers):
                continue  # a question about Thông tư 29/2023 is not answered from another
            seen.add((p.plan_id, p.number))
            good.append(hit)
        return good

    def _asks_answered(self, hit: Hit, analysis: Analysis) -> bool:
        """The words that ask something, beyond those naming the document, are in the piece
        or its heading: naming the right plan is not answering about it."""
        ctx = self.context_keys.get(self.index.passages[hit.doc].plan_id, frozenset())
        _pieces, head = self._pieces(hit.doc)
        own = hit.snippet.keys if hit.snippet else frozenset()
        share = ask_coverage(analysis, ctx, own, head)
        if len(analysis.slots) >= 4 and largest_missing(analysis, ctx, own, head) > MISSING_MAX:
            return False  # one important word of the question is nowhere in the piece
        return share is None or share >= ASK_MIN

    def _holds_numbers(self, doc: int, text: str, numbers: set[str]) -> bool:
        plan_id = self.index.passages[doc].plan_id
        where = number_key(text) + " " + self.numbers.get(plan_id, "")
        return all(n in where for n in numbers)

    def _years_of(self, doc: int, text: str) -> set[str]:
        passage = self.index.passages[doc]
        plan_text = self.plan_texts.get(passage.plan_id, "")
        return set(_YEAR.findall(" ".join([text, passage.heading_path, plan_text])))

    def _passage_answer(self, analysis: Analysis, page: int,
                        scope: frozenset[int] | None = None) -> Answer:
        ranked = self.ranked(analysis, scope)
        hits = self._keep_confident(ranked, analysis)
        if page >= len(hits):
            if page:
                return _no_more()
            return not_found(self._pointer(ranked))
        hit = hits[page]
        passage = self.index.passages[hit.doc]
        label = self.labels.get(passage.plan_id, "")
        piece = widen(hit.snippet.text, passage.text) if hit.snippet else passage.text
        text = "\n".join([
            "<b>" + _("The document says (quoted as written):") + "</b>",
            fmt.quote(shown(piece), SHOW_MAX + 20),
            fmt.citation(label, passage.number, passage.heading, passage.section_id),
        ])
        buttons = []
        if passage.section_id is not None:
            buttons.append([Button(_("Read the whole section"), f"kb:s:{passage.section_id}")])
        return Answer(text, True, len(hits) > page + 1, "passage", buttons,
                      passage.section_id, passage.plan_id)

    def _pointer(self, ranked: list[Hit]) -> str | None:
        """The closest section, named as a pointer when nothing answers."""
        if not ranked:
            return None
        passage = self.index.passages[ranked[0].doc]
        if passage.section_id is None:
            return None
        label = self.labels.get(passage.plan_id, "")
        return fmt.section_reference(label, passage.number, passage.heading)


def is_confident(slots: float, pairs: float) -> bool:
    """Most of the question's words (idf-weighted) and enough of its word pairs."""
    return (slots >= SLOT_MIN and pairs >= PAIR_MIN
            and slots + PAIR_FACTOR * pairs >= CONFIDENCE_MIN)


_SIGNED = {"kí", "ki"}
_META_PAIRS = ({"số", "hiệu"}, {"so", "hieu"}, {"ban", "hành"}, {"ban", "hanh"})


def is_about_document(analysis: Analysis) -> bool:
    """A question about the document itself: who signed it, its number, who issued it."""
    found = {s.word for s in analysis.slots}
    return bool(found & _SIGNED) or any(pair <= found for pair in _META_PAIRS)


def not_found(pointer: str | None = None) -> Answer:
    text = _("The documents I have do not say this, so I will not guess. Your question has "
             "been passed on to the office (the staff in charge of emulation and "
             "commendation); you can also send /campaigns to browse the campaigns and their "
             "documents.")
    if pointer:
        text += "\n" + _("The nearest I found is {section}.").format(section=pointer)
    return Answer(text, False, False, "none")


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def question_years(text: str) -> set[str]:
    """The years a question names ("năm học 2024-2025" names two)."""
    return set(_YEAR.findall(text))


_SCHOOL_YEAR = re.compile(r"năm học\s+(\d{4})\s*[-–/]\s*(\d{4})|nam hoc\s+(\d{4})\s*[-–/]\s*"
                          r"(\d{4})|(\d{4})\s*[-–]\s*(\d{4}) school year|school year (\d{4})"
                          r"\s*[-–/]\s*(\d{4})")


def _upcoming_first(scored: list[tuple[float, DeadlineDoc]], today: dt.date
                    ) -> list[tuple[float, DeadlineDoc]]:
    """Upcoming deadlines (and yearly ones coming round again); past ones only when nothing
    is upcoming (or when the question names a year: see ``match_deadlines``)."""
    coming = [(s, d) for s, d in scored if _deadline_order(d.row, today)[0] == 0]
    if not coming:
        return scored
    return coming


def _deadline_in_years(d: DeadlineRow, question: str) -> bool:
    """Whether a deadline falls in the year or school year the question names (a yearly one
    counts for any year it comes round in)."""
    m = _SCHOOL_YEAR.search(question)
    if m:
        first = int(next(g for g in m.groups() if g))
        start, end = dt.date(first, 9, 1), dt.date(first + 1, 8, 31)
        if d.kind == "yearly" and d.month and d.day:
            day = next_yearly(d.month, d.day, start)
            return day <= end
        return d.due_date is not None and start <= d.due_date <= end
    years = question_years(question)
    if d.kind == "yearly" or d.recurs_yearly:
        return True
    return d.due_date is not None and str(d.due_date.year) in years


def _no_more() -> Answer:
    return Answer(_("There are no more results for this question."), False, False, "none")


def _deadline_order(d: DeadlineRow, today: dt.date) -> tuple[int, int]:
    """Upcoming (or coming round again) first, soonest first; then past, latest first."""
    upcoming = fmt.next_date(d, today)
    if upcoming is None and d.recurs_yearly and d.due_date:
        upcoming = next_yearly(d.due_date.month, d.due_date.day, today)
    if upcoming is not None:
        return (0, upcoming.toordinal())
    past = d.due_date.toordinal() if d.due_date else 0
    return (1, -past)


def _deadline_block(doc: DeadlineDoc, today: dt.date, label: str = "") -> str:
    d = doc.row
    lines = [f"📅 {fmt.dated_line(d, today)}", fmt.quote(d.raw or d.what, 450)]
    if d.who or d.to_whom:
        lines.append(_("Sent by: {who} → to: {to_whom}").format(
            who=escape(d.who or "—"), to_whom=escape(d.to_whom or "—")))
    note = fmt.recurrence_note(d, today)
    if note:
        lines.append(f"🔁 {escape(note)}")
    if doc.plan_title:  # an admin-made or default deadline has no plan to cite
        lines.append(fmt.citation(label or doc.plan_title, d.section_number or "",
                                  doc.section_heading))
    return "\n".join(lines)
