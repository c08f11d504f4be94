"""Answer a question from the plans: a deadline, a quoted passage, or an honest "not found".

Deadline questions ("khi nào", "hạn", "when") go to ``deadline_answers``; the rest are
answered by BM25 retrieval over passages, quoting the piece that holds the question
(``confidence``) and the kind of fact it asks for; otherwise the reply says the documents do
not say, rather than guess.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable
from dataclasses import replace
from operator import itemgetter

from bot.i18n import current_language, language
from bot.knowledge.compound import answer_both
from bot.knowledge.compounds import bound_words, cohesion, without
from bot.knowledge.confidence import ASK_MIN, MISSING_MAX, is_confident
from bot.knowledge.dates import find_cues
from bot.knowledge.deadline_answers import YEAR, DeadlineAnswers, DeadlineDoc, question_years
from bot.knowledge.doctypes import DocTypes
from bot.knowledge.facts import holds_fact, holds_kind
from bot.knowledge.hits import Hit
from bot.knowledge.index import SearchIndex
from bot.knowledge.kinds import CAMPAIGNS, DATE, DOCNUMBER, LIST, TEXT
from bot.knowledge.nearest import near_enough, nearest, stands_clear
from bot.knowledge.passage_reply import passage_reply
from bot.knowledge.pieces import Pieces
from bot.knowledge.places import Gazetteer, named_numbers, number_key
from bot.knowledge.proximity import fits_question
from bot.knowledge.query import Analysis, analyse, ask_coverage, coverage, largest_missing
from bot.knowledge.ranking import features, passage_terms, rank
from bot.knowledge.reply import Answer, no_more, not_found
from bot.knowledge.school_years import spelled_out as school_years
from bot.knowledge.sectors import Sectors
from bot.knowledge.slots import KeyCover
from bot.knowledge.versions import asks_about_earlier, without_current_words, without_earlier_words
from bot.port import Reply

__all__ = ["Answer", "Answerer", "DeadlineDoc", "not_found"]

MIN_WORDS = 2  # one content word ("chào") is too little to go on
CANDIDATES = 30
CONTEXT_FACTOR = 0.3  # weight of the plan's own title/issuer/campaigns in ranking
DETAILS_MIN = 0.9  # of the question's words a document's details hold, asked about them


class Answerer:
    """``contexts``: one passage per plan with its title, issuer and campaigns; a question's
    words found there count for every passage of that plan ("… of Quận 1"). ``labels``: how a
    citation names each document; ``places``: the localities each document is about;
    ``home``: the places the office serves, whose documents answer before other places';
    ``replaced``: for each document another one replaced, how a citation names the newer."""

    def __init__(self, index: SearchIndex, deadlines: list[DeadlineDoc],
                 titles: dict[int, str], contexts: SearchIndex | None = None,
                 context_keys: dict[int, frozenset[str]] | None = None,
                 labels: dict[int, str] | None = None, places: Gazetteer | None = None,
                 campaigns: Callable[[dt.date], Reply] | None = None,
                 numbers: dict[int, str] | None = None,
                 repealed: dict[int, tuple[str | None, str | None]] | None = None,
                 doc_types: DocTypes | None = None, home: tuple[str, ...] = (),
                 replaced: dict[int, str] | None = None) -> None:
        self.index = index
        self.deadlines = deadlines
        self.titles = titles
        self.labels = labels or titles
        self.contexts = contexts or SearchIndex.build([])
        self.context_keys = dict(context_keys or {})
        self.places = places or Gazetteer()
        self.national = frozenset(d.plan_id for d in self.places.docs if d.national)
        named = self.places.named(" ".join(home)) if home else set()
        self.home = frozenset(d.plan_id for d in self.places.docs if d.localities & named)
        self.numbers = {p: number_key(v) for p, v in (numbers or {}).items()}
        self.campaigns = campaigns
        self.info_doc = {p.plan_id: i for i, p in enumerate(index.passages)
                         if p.section_id is None}
        self.pieces = Pieces(index)
        self.plan_texts = {c.plan_id: c.text for c in self.contexts.passages}
        self.cohesive = cohesion(index)
        self.repealed = repealed or {}
        self.doc_types = doc_types or DocTypes({})
        self.sectors = Sectors(titles, self.numbers)
        self.replaced = replaced or {}
        self.deadline_answers = DeadlineAnswers(deadlines, self.numbers, self.labels,
                                                frozenset(self.repealed), self.replaced)

    def answer(self, question: str, *, today: dt.date, offset: int = 0) -> Answer:
        if offset == 0 and (both := answer_both(
                question, lambda q: self.answer(q, today=today), self._quote_holds)):
            return both  # it asked two things: both answered, or one and plainly not the other
        question = without_current_words(self.places.spell_out(school_years(question)))
        analysis = analyse(question, self.index)
        earlier = self._earlier_asked(analysis) if self.repealed else frozenset()
        if earlier:  # "luật cũ" has done its work: the question is about that law alone
            analysis = replace(analyse(without_earlier_words(question), self.index),
                               asked=analysis.asked)
        lang = "en" if analysis.english else current_language()
        placed = self.places.scope(analysis.text if analysis.english else question)
        own = None if earlier else (placed if placed is not None else frozenset(
            self.titles)) - self.national
        strict = placed is not None
        scope = earlier or placed
        if scope is None:  # no place named: the kind of law asked about, if any
            scope = self.doc_types.scope(analysis.text, self.numbers.values())
        with language(lang):
            if analysis.kind == CAMPAIGNS:  # "phong trào nào đang diễn ra": as /campaigns, …
                if (self.campaigns is not None and offset == 0 and scope is None
                        and not question_years(analysis.text)):
                    reply = self.campaigns(today)
                    return Answer(reply.text, True, False, "campaigns", reply.buttons)
                analysis = replace(analysis, kind=LIST)  # … unless it names a place or year
            searched = " ".join(s.word for s in analysis.slots)  # an English one's Vietnamese
            home = self.home | self.national if self.home else frozenset()
            for tried in self.sectors.scopes(question, searched, scope, self.titles, home):
                found = self._answer_in(analysis, today, max(offset, 0), tried, own, strict)
                if found.confident:  # the office's own first, another sector's last
                    break
            return found

    def _answer_in(self, analysis: Analysis, today: dt.date, page: int,
                   scope: frozenset[int] | None, own: frozenset[int] | None = None,
                   strict: bool = False) -> Answer:
        """``own``: the office's documents (not national law; of the place the question names,
        if it names one), whose upcoming deadlines answer before a ministry's. The ministry's
        answer when none of those do, unless a place is named (``strict``): then only when
        that place has no documents of its own."""
        if analysis.deadline and analysis.about_document:  # "luật … ban hành ngày nào"
            details = self._passage_answer(analysis, page, scope)
            if details.confident:
                return details
        if analysis.deadline:
            mine = own & scope if own is not None and scope is not None else own
            tries = [mine] if strict else [mine, scope]  # the office's own upcoming first
            for tried in tries if mine else [scope]:
                found = self.deadline_answers.answer(
                    analysis, today, page, tried, self._earlier_asked(analysis),
                    coming_only=not strict and tried is mine)
                if found is not None:
                    return found
        return self._passage_answer(analysis, page, scope)

    # -- passages ----------------------------------------------------------------------------

    def hits(self, analysis: Analysis, scope: frozenset[int] | None = None) -> list[Hit]:
        """Confident snippets, best first, one per section."""
        return self._keep_confident(self.ranked(analysis, scope), analysis)

    def ranked(self, analysis: Analysis, scope: frozenset[int] | None = None) -> list[Hit]:
        """Every candidate snippet, best first, by its features (``ranking``)."""
        if analysis.content_words < MIN_WORDS:
            return []
        meta = analysis.about_document
        cover = KeyCover(analysis)
        wanted = cover.keys
        hits = []
        for doc, score in self._candidates(analysis, meta, scope):
            passage = self.index.passages[doc]
            ctx = self.context_keys.get(passage.plan_id, frozenset())
            pieces, head = self.pieces.of(doc)
            shared = passage_terms(
                score, cover(wanted & self.pieces.subject(doc))[0],
                self.pieces.title_share(doc, analysis.text),
                passage.plan_id not in self.national, meta and passage.section_id is None)
            around = (wanted & head) | (wanted & ctx)
            for piece in pieces:
                own_keys = wanted & piece.keys
                slots, pairs = cover(own_keys | around)
                if slots <= 0:
                    continue
                found = features(
                    shared, slots, pairs, cover(own_keys)[0],
                    holds_kind(piece.text, analysis.kind, analysis.asked), len(piece.text),
                    piece.items if analysis.kind == LIST else None)
                hits.append(Hit(doc, rank(found), slots, pairs, piece, found))
        hits.sort(key=lambda h: -h.rank)
        return hits

    def _candidates(self, analysis: Analysis, meta: bool,
                    scope: frozenset[int] | None) -> list[tuple[int, float]]:
        """The best-scoring passages; a plan named in the question lends its passages weight."""
        keys = analysis.weighted_keys()
        scores = self.index.score_all(keys)
        plan_scores = {self.contexts.passages[d].plan_id: v
                       for d, v in self.contexts.score(keys).items()}
        if scope is not None:
            scores.keep_plans(scope)
        scores.add_per_plan(CONTEXT_FACTOR, plan_scores)
        top = scores.top(CANDIDATES)
        if meta:  # the details of the plans the question names, even if they scored low
            named = heapq.nlargest(3, plan_scores.items(), key=itemgetter(1))
            have = {d for d, _s in top}
            top += [(self.info_doc[p], scores.get(self.info_doc[p], 0.0)) for p, _s in named
                    if p in self.info_doc and self.info_doc[p] not in have
                    and (scope is None or p in scope)]
        return top

    def _keep_confident(self, hits: list[Hit], analysis: Analysis, near: bool = False
                        ) -> list[Hit]:
        """The hits that answer, best first, one per section; ``near``: those that would, but
        for holding somewhat fewer of the question's words (``nearest.NEAR``)."""
        seen: set[tuple[int, str]] = set()
        good = []
        years = question_years(analysis.text)
        numbers = named_numbers(analysis.asked or analysis.text)
        own_number = analysis.kind == DOCNUMBER and analysis.about_document
        earlier = self._earlier_asked(analysis)
        if earlier:  # "theo luật cũ": the repealed document first
            hits = sorted(hits, key=lambda h: self.index.passages[h.doc].plan_id not in earlier)
        def sure(hit: Hit, details: bool) -> bool:  # details: fields, whose pairs say little
            if near:
                return near_enough(hit)
            return is_confident(hit.slots, hit.pairs) or (details and hit.slots >= DETAILS_MIN)

        for hit in hits:
            p = self.index.passages[hit.doc]
            details = analysis.about_document and p.section_id is None
            if not sure(hit, details) or (p.plan_id, p.number) in seen:
                continue
            if own_number and p.section_id is not None:
                continue  # "kế hoạch có số hiệu là gì": its own, not one it cites
            if p.plan_id in self.repealed and p.plan_id not in earlier:
                continue  # a rule no longer in force answers only a question about it
            text = hit.snippet.text if hit.snippet else p.text
            if hit.snippet is not None:
                hit = self._as_words(hit, analysis)
                if not sure(hit, details):
                    continue
            if not holds_fact(text, analysis.kind, analysis.asked, analysis.unit, p.heading_path):
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

    def _quote_holds(self, question: str, quoted: str) -> bool:
        """Whether a quote holds the kind of fact ``question`` asks for."""
        asked = analyse(question, self.index)
        return asked.kind != TEXT and holds_fact(quoted, asked.kind, asked.asked, asked.unit)

    def _earlier_asked(self, analysis: Analysis) -> frozenset[int]:
        """The repealed documents the question asks about ("luật cũ", "luật 2003")."""
        question = analysis.asked or analysis.text
        return frozenset(p for p, (number, year) in self.repealed.items()
                         if asks_about_earlier(question, number, year))

    def _as_words(self, hit: Hit, analysis: Analysis) -> Hit:
        """The hit re-measured with the question's words that its piece holds only inside
        other words taken out (see ``compounds``)."""
        assert hit.snippet is not None
        bound = bound_words(analysis, hit.snippet.text, self.cohesive)
        if not bound:
            return hit
        keys = without(hit.snippet.keys, bound)
        ctx = self.context_keys.get(self.index.passages[hit.doc].plan_id, frozenset())
        _pieces, head = self.pieces.of(hit.doc)
        slots, pairs = coverage(analysis, keys, head, ctx)
        return replace(hit, slots=slots, pairs=pairs,
                       snippet=replace(hit.snippet, keys=keys))

    def _asks_answered(self, hit: Hit, analysis: Analysis) -> bool:
        """The words that ask something, beyond those naming the document, are in the piece or
        its heading (and near the number or date asked): naming the plan is not answering."""
        ctx = self.context_keys.get(self.index.passages[hit.doc].plan_id, frozenset())
        _pieces, head = self.pieces.of(hit.doc)
        own = hit.snippet.keys if hit.snippet else frozenset()
        share = ask_coverage(analysis, ctx, own, head)
        if len(analysis.slots) >= 4 and largest_missing(analysis, ctx, own, head) > MISSING_MAX:
            return False  # one important word of the question is nowhere in the piece
        return (share is None or share >= ASK_MIN) and (hit.snippet is None or fits_question(
            hit.snippet.text, analysis, own, self.index.passages[hit.doc].heading_path))

    def _holds_numbers(self, doc: int, text: str, numbers: set[str]) -> bool:
        where = number_key(text) + " " + self.numbers.get(self.index.passages[doc].plan_id, "")
        return all(n in where for n in numbers)

    def _years_of(self, doc: int, text: str) -> set[str]:
        """The years a piece speaks of: its own, its heading's and its document's; for the
        document's details ("số hiệu"), only the years of its title and issue date, not of
        the campaigns it runs ("kế hoạch năm 2025" is not the 2024 plan)."""
        passage = self.index.passages[doc]
        plan_text = self.plan_texts.get(passage.plan_id, "")
        if passage.section_id is None:
            plan_text = self.titles.get(passage.plan_id, "")
        return set(YEAR.findall(" ".join([text, passage.heading_path, plan_text])))

    def _passage_answer(self, analysis: Analysis, page: int,
                        scope: frozenset[int] | None = None) -> Answer:
        ranked = self.ranked(analysis, scope)
        hits = self._keep_confident(ranked, analysis)
        if page >= len(hits):
            if page:
                return no_more()
            if not ranked:
                return not_found()
            top = ranked[0]
            clear = stands_clear(ranked, self.index.passages, lambda hit: bool(
                self._keep_confident([hit], analysis, near=True)))
            return nearest(self.index, self.pieces, self._label(top.doc), analysis, top.doc,
                           top.snippet, clear)
        hit = hits[page]
        return passage_reply(self.index, self.pieces, self._label(hit.doc), analysis, hit.doc,
                             hit.snippet, len(hits) > page + 1,
                             self.replaced.get(self.index.passages[hit.doc].plan_id))

    def _label(self, doc: int) -> str:
        return self.labels.get(self.index.passages[doc].plan_id, "")
