"""Deadline questions ("khi nào", "hạn", "when") answered from the extracted deadlines:
upcoming ones and the office's own first, past ones when the question names a year or nothing
is upcoming."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.i18n import _
from bot.knowledge import fmt
from bot.knowledge.actions import BUTTONS
from bot.knowledge.confidence import ASK_MIN, PAIR_FACTOR
from bot.knowledge.dates import next_yearly
from bot.knowledge.places import named_numbers, number_key
from bot.knowledge.query import Analysis, ask_coverage, coverage
from bot.knowledge.reply import Answer, no_more
from bot.knowledge.repo import DeadlineRow
from bot.knowledge.textnorm import fold
from bot.port import Button

DEADLINE_SLOT_MIN = 0.6
DEADLINE_PAIR_MIN = 0.3
DEADLINE_CLOSE = 0.3  # keep deadlines scoring within this much of the best one
DEADLINES_PER_PAGE = 3


@dataclass(frozen=True)
class DeadlineDoc:
    row: DeadlineRow
    plan_title: str
    section_heading: str
    own: frozenset[str]  # keys of what is due, who sends it, to whom
    context: frozenset[str]  # keys of the plan's title, issuer and main campaigns (shared)
    report: frozenset[str] = frozenset()  # keys of the report type's name


class DeadlineAnswers:
    """``numbers``: each document's number (folded, for "theo văn bản 02/KH-…");
    ``labels``: how a citation names each document; ``repealed``: documents no longer in
    force; ``replaced``: the label of the document that replaced each replaced one."""

    def __init__(self, deadlines: list[DeadlineDoc], numbers: dict[int, str],
                 labels: dict[int, str], repealed: frozenset[int],
                 replaced: dict[int, str] | None = None) -> None:
        self.deadlines = deadlines
        self.numbers = numbers
        self.labels = labels
        self.repealed = repealed
        self.replaced = replaced or {}

    def match(self, analysis: Analysis, today: dt.date, scope: frozenset[int] | None = None,
              earlier: frozenset[int] = frozenset()) -> list[DeadlineDoc]:
        """Deadlines whose own words hold the question best (all of them for a bare "when");
        a repealed document's only when the question asks about it (``earlier``)."""
        pool = [d for d in self.deadlines if (scope is None or d.row.plan_id in scope) and (
            d.row.plan_id not in self.repealed or d.row.plan_id in earlier)]
        named = named_numbers(analysis.asked or analysis.text)
        if named:
            pool = [d for d in pool if all(
                n in number_key(d.row.raw or "") + " " + self.numbers.get(d.row.plan_id or 0, "")
                for n in named)]
        if question_years(analysis.text):
            pool = [d for d in pool if _deadline_in_years(d.row, analysis.text)]
            plan_years = set(_PLAN_YEAR.findall(fold(analysis.asked or analysis.text).lower()))
            if plan_years:  # "kế hoạch … năm 2025": that year's plan, not another's yearly date
                pool = [d for d in pool if plan_years & set(YEAR.findall(d.plan_title))]
        if asks_day(analysis.asked or analysis.text):
            pool = [d for d in pool if fmt.gives_day(d.row)]
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

    def answer(self, analysis: Analysis, today: dt.date, page: int,
               scope: frozenset[int] | None, earlier: frozenset[int], *,
               coming_only: bool = False) -> Answer | None:
        """``coming_only``: None unless an upcoming deadline matches (or the question names a
        year), so that another scope's upcoming one is not hidden by these past ones."""
        matched = self.match(analysis, today, scope, earlier)
        if not matched or (coming_only and not question_years(analysis.text) and all(
                _deadline_order(d.row, today)[0] for d in matched)):
            return None
        start = page * DEADLINES_PER_PAGE
        shown_now = matched[start:start + DEADLINES_PER_PAGE]
        if not shown_now:
            return no_more()
        parts = ["<b>" + _("The documents give these dates:") + "</b>"]
        parts += [_deadline_block(d, today, self.labels.get(d.row.plan_id or 0, ""),
                                  self.replaced.get(d.row.plan_id or 0))
                  for d in shown_now]
        buttons = [[Button(_("All upcoming deadlines"), BUTTONS.build("dl"))]]
        return Answer("\n\n".join(parts), True, len(matched) > start + len(shown_now),
                      "deadline", buttons, plan_id=shown_now[0].row.plan_id)


YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PLAN_YEAR = re.compile(r"\b(?:ke hoach|kh)\b(?:\s+[a-z]+){0,6}?\s+(?:nam\s+)?((?:19|20)\d\d)\b")


def question_years(text: str) -> set[str]:
    """The years a question names ("năm học 2024-2025" names two)."""
    return set(YEAR.findall(text))


_SCHOOL_YEAR = re.compile(r"nam hoc\s+(\d{4})\s*[-–/]\s*(\d{4})|"
                          r"(\d{4})\s*[-–]\s*(\d{4}) school[- ]year|"
                          r"school[- ]year (\d{4})\s*[-–/]\s*(\d{4})")
"""A school year a question names, read folded: "năm học", "nam hoc" and "năm hoc" alike."""


_DAY = re.compile(r"\bngay (?:nao|may|bao nhieu|gi)\b|\b(?:what|which) (?:date|day)\b")


def asks_day(question: str) -> bool:
    """"Ngày nào", "what date": a month or a year ("trong năm 2023") does not answer it."""
    return bool(_DAY.search(fold(question).lower()))


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
    m = _SCHOOL_YEAR.search(fold(question))
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


def _deadline_order(d: DeadlineRow, today: dt.date) -> tuple[int, int]:
    """Upcoming (or coming round again) first, soonest first; then past, latest first."""
    upcoming = fmt.next_date(d, today)
    if upcoming is None and d.recurs_yearly and d.due_date:
        upcoming = next_yearly(d.due_date.month, d.due_date.day, today)
    if upcoming is not None:
        return (0, upcoming.toordinal())
    past = d.due_date.toordinal() if d.due_date else 0
    return (1, -past)


def _deadline_block(doc: DeadlineDoc, today: dt.date, label: str = "",
                    replaced_by: str | None = None) -> str:
    d = doc.row
    lines = fmt.deadline_lines(d, today, fmt.quote(d.raw or fmt.what_due(d), 450))
    if doc.plan_title:  # an admin-made or default deadline has no plan to cite
        lines.append(fmt.citation(label or doc.plan_title, d.section_number or "",
                                  doc.section_heading, replaced_by=replaced_by))
    return "\n".join(lines)
