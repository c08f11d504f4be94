"""Answer a question from the plans: a deadline, a quoted passage, or an honest "not found".

Deadline questions ("khi nào", "hạn", "when") are answered from the extracted deadlines; the
rest by BM25 retrieval over passages. An answer is confident only when the passage holds most
of the question's content words (idf-weighted) and most of its adjacent word pairs; otherwise
the reply says the plans do not say, rather than guess.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field
from html import escape
from operator import itemgetter

from bot.i18n import _, current_language, language
from bot.knowledge import fmt
from bot.knowledge.dates import find_cues, next_yearly
from bot.knowledge.index import Passage, SearchIndex, passage_keys
from bot.knowledge.query import Analysis, analyse, coverage
from bot.knowledge.repo import DeadlineRow
from bot.knowledge.textnorm import tokens
from bot.port import Button

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


class Answerer:
    """``contexts``: one passage per plan with its title, issuer and campaigns; a question's
    words found there count for every passage of that plan ("… of Quận 1")."""

    def __init__(self, index: SearchIndex, deadlines: list[DeadlineDoc],
                 titles: dict[int, str], contexts: SearchIndex | None = None,
                 context_keys: dict[int, frozenset[str]] | None = None) -> None:
        self.index = index
        self.deadlines = deadlines
        self.titles = titles
        self.contexts = contexts or SearchIndex.build([])
        self.context_keys = context_keys or {}
        self.info_doc = {p.plan_id: i for i, p in enumerate(index.passages)
                         if p.section_id is None}

    def answer(self, question: str, *, today: dt.date, offset: int = 0) -> Answer:
        analysis = analyse(question, self.index)
        lang = "en" if analysis.english else current_language()
        with language(lang):
            if analysis.deadline:
                found = self._deadline_answer(analysis, today, max(offset, 0))
                if found is not None:
                    return found
            return self._passage_answer(analysis, max(offset, 0))

    # -- deadlines ---------------------------------------------------------------------------

    def match_deadlines(self, analysis: Analysis, today: dt.date) -> list[DeadlineDoc]:
        """Deadlines whose own words hold the question best (all of them for a bare "when")."""
        if not analysis.slots:
            matched = list(self.deadlines)
        else:
            scored = []
            for doc in self.deadlines:
                slots, pairs = coverage(analysis, doc.own, doc.context, doc.report)
                own_slots, own_pairs = coverage(analysis, doc.own)
                if slots >= DEADLINE_SLOT_MIN and pairs >= DEADLINE_PAIR_MIN and own_slots > 0:
                    scored.append((own_slots + PAIR_FACTOR * own_pairs, doc))
            best = max((s for s, _d in scored), default=0.0)
            matched = [d for s, d in scored if s >= best - DEADLINE_CLOSE]
        return sorted(matched, key=lambda d: _deadline_order(d.row, today))

    def _deadline_answer(self, analysis: Analysis, today: dt.date,
                         page: int) -> Answer | None:
        matched = self.match_deadlines(analysis, today)
        if not matched:
            return None
        start = page * DEADLINES_PER_PAGE
        shown = matched[start:start + DEADLINES_PER_PAGE]
        if not shown:
            return _no_more()
        parts = ["<b>" + _("The plans give these dates:") + "</b>"]
        parts += [_deadline_block(d, today) for d in shown]
        buttons = [[Button(_("All upcoming deadlines"), "kb:dl")]]
        return Answer("\n\n".join(parts), True, len(matched) > start + len(shown), "deadline",
                      buttons, plan_id=shown[0].row.plan_id)

    # -- passages ----------------------------------------------------------------------------

    def hits(self, analysis: Analysis) -> list[Hit]:
        """Confident passages, best first, one per section."""
        if analysis.content_words < MIN_WORDS:
            return []
        meta = is_about_document(analysis)
        hits = []
        for doc, score in self._candidates(analysis, meta):
            passage = self.index.passages[doc]
            ctx = self.context_keys.get(passage.plan_id, frozenset())
            slots, pairs = coverage(analysis, self.index.keys_of(doc), ctx)
            rank = score * slots ** 2 * (0.5 + pairs)
            if meta and passage.section_id is None:
                rank *= META_BOOST
            hits.append(Hit(doc, rank, slots, pairs))
        hits.sort(key=lambda h: -h.rank)
        return self._keep_confident(hits, analysis)

    def _candidates(self, analysis: Analysis, meta: bool) -> list[tuple[int, float]]:
        """The best-scoring passages; a plan named in the question lends its passages weight."""
        keys = analysis.weighted_keys()
        scores = self.index.score(keys)
        plan_scores = {self.contexts.passages[d].plan_id: v
                       for d, v in self.contexts.score(keys).items()}
        passages = self.index.passages
        for doc in scores:
            scores[doc] += CONTEXT_FACTOR * plan_scores.get(passages[doc].plan_id, 0.0)
        top = heapq.nlargest(CANDIDATES, scores.items(), key=itemgetter(1))
        if meta:  # the details of the plans the question names, even if they scored low
            named = heapq.nlargest(3, plan_scores.items(), key=itemgetter(1))
            have = {d for d, _s in top}
            top += [(self.info_doc[p], scores.get(self.info_doc[p], 0.0)) for p, _s in named
                    if p in self.info_doc and self.info_doc[p] not in have]
        return top

    def _keep_confident(self, hits: list[Hit], analysis: Analysis) -> list[Hit]:
        seen: set[tuple[int, str]] = set()
        good = []
        for hit in hits:
            p = self.index.passages[hit.doc]
            if not is_confident(hit.slots, hit.pairs) or (p.plan_id, p.number) in seen:
                continue
            if analysis.deadline and not find_cues(p.text):
                continue  # a question about a date needs a passage that gives one
            seen.add((p.plan_id, p.number))
            good.append(hit)
        return good

    def _passage_answer(self, analysis: Analysis, page: int) -> Answer:
        hits = self.hits(analysis)
        if page >= len(hits):
            return _no_more() if page else not_found()
        passage = self.index.passages[hits[page].doc]
        title = self.titles.get(passage.plan_id, "")
        text = "\n".join([
            "<b>" + _("The plan says (quoted as written):") + "</b>",
            fmt.quote(_excerpt(passage, analysis)),
            fmt.citation(title, passage.number, passage.heading, passage.section_id),
        ])
        buttons = []
        if passage.section_id is not None:
            buttons.append([Button(_("Read the whole section"), f"kb:s:{passage.section_id}")])
        return Answer(text, True, len(hits) > page + 1, "passage", buttons,
                      passage.section_id, passage.plan_id)


def is_confident(slots: float, pairs: float) -> bool:
    return (slots >= SLOT_MIN and pairs >= PAIR_MIN
            and slots + PAIR_FACTOR * pairs >= CONFIDENCE_MIN)


_SIGNED = {"kí", "ki"}
_META_PAIRS = ({"số", "hiệu"}, {"so", "hieu"}, {"ban", "hành"}, {"ban", "hanh"})


def is_about_document(analysis: Analysis) -> bool:
    """A question about the document itself: who signed it, its number, who issued it."""
    found = {s.word for s in analysis.slots}
    return bool(found & _SIGNED) or any(pair <= found for pair in _META_PAIRS)


def not_found() -> Answer:
    text = _("I could not find this in the plans I have, so I would rather not guess. "
             "Send /campaigns to browse the campaigns and their documents, or ask the office "
             "(the staff in charge of emulation and commendation).")
    return Answer(text, False, False, "none")


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


def _deadline_block(doc: DeadlineDoc, today: dt.date) -> str:
    d = doc.row
    lines = [f"📅 {fmt.dated_line(d, today)}", fmt.quote(d.raw or d.what, 450)]
    if d.who or d.to_whom:
        lines.append(_("Sent by: {who} → to: {to_whom}").format(
            who=escape(d.who or "—"), to_whom=escape(d.to_whom or "—")))
    note = fmt.recurrence_note(d, today)
    if note:
        lines.append(f"🔁 {escape(note)}")
    if doc.plan_title:  # an admin-made or default deadline has no plan to cite
        lines.append(fmt.citation(doc.plan_title, d.section_number or "", doc.section_heading))
    return "\n".join(lines)


def _excerpt(passage: Passage, analysis: Analysis, limit: int = 900) -> str:
    """The passage, or, when long, its lines from the one that holds most of the question."""
    text = passage.text
    if len(text) <= limit:
        return text
    lines = [line for line in text.split("\n") if line.strip()]

    def held(line: str) -> float:
        return coverage(analysis, set(passage_keys(tokens(line))))[0]

    best = max(range(len(lines)), key=lambda i: held(lines[i]))
    return "\n".join(lines[best:])
