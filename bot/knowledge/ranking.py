"""How a candidate piece is ranked: a log-linear score over what it holds of the question.

Each feature is a logarithm (or a 0/1 flag) of one thing that makes a piece the answer: the
passage's BM25 score, the share of the question's words and word pairs it holds, whether its
heading names what is asked, whether it holds the kind of fact asked for, its length, whether
it is the office's own document. A piece's rank is ``exp(sum(weight * feature))``, so a weight
is the power its factor is raised to. ``WEIGHTS`` were fitted on the evaluation's training
splits (dev and fresh) by ``bench/fit_ranking.py``, starting from the hand-set factors, and
checked on the held-out split.
"""

from __future__ import annotations

import math
import operator
from typing import NamedTuple

from bot.knowledge.snippets import SHOW_MAX

OWN_FACTOR = 1.0  # what the piece itself holds, beside its heading's and document's words
SUBJECT_FACTOR = 1.0  # a passage whose article or heading names what is asked about
TITLE_FACTOR = 2.0  # … the more so when the question's words make up most of that title
LENGTH_FACTOR = 0.1  # of two pieces that hold the question alike, the shorter
LIST_FACTOR = 0.15  # a question asking for a list prefers the piece with its items


class Features(NamedTuple):
    score: float  # log of the passage's retrieval score
    slots: float  # log of the weighted share of the question's words held
    pairs: float  # log(0.5 + share of its word pairs held)
    own: float  # log(1 + share held by the piece itself, not its heading or document)
    subject: float  # log(1 + share held by the article's title or heading)
    title: float  # log(1 + how much of that title the question makes up)
    kind: float  # 1 when the piece holds the kind of fact asked for
    length: float  # -log(1 + the piece's length against a screen)
    local: float  # 1 for the office's own documents, 0 for national law
    items: float  # log(1 + its list items), for a question asking for a list
    meta: float  # 1 for a document's details, asked about the document


# The hand-set factors' powers were (1, 2, 1, 1, 1, 1, ln 1.5, 1, ln 1.3, 1, ln 3).
WEIGHTS = Features(1.0, 2.0, 1.0, 1.0, 1.0, 1.0, math.log(1.5), 1.0, math.log(1.3), 1.0,
                   math.log(3.0))


class PassageTerms(NamedTuple):
    """The features every piece of one passage shares, worked out once per passage."""

    score: float
    subject: float
    title: float
    local: float
    meta: float


def passage_terms(score: float, subject: float, title: float, local: bool,
                  meta: bool) -> PassageTerms:
    return PassageTerms(math.log(score) if score > 0 else -50.0,
                        math.log1p(SUBJECT_FACTOR * subject), math.log1p(TITLE_FACTOR * title),
                        1.0 if local else 0.0, 1.0 if meta else 0.0)


def features(passage: PassageTerms, slots: float, pairs: float, own: float, kind: bool,
             length: int, items: int | None) -> Features:
    """``items``: the piece's list items when a list is asked for, else None."""
    return Features(
        passage.score,
        math.log(slots),
        math.log(0.5 + pairs),
        math.log1p(OWN_FACTOR * own),
        passage.subject,
        passage.title,
        1.0 if kind else 0.0,
        -math.log1p(LENGTH_FACTOR * length / SHOW_MAX),
        passage.local,
        math.log1p(LIST_FACTOR * min(items, 6)) if items is not None else 0.0,
        passage.meta,
    )


def rank(found: Features, weights: Features = WEIGHTS) -> float:
    return math.exp(sum(map(operator.mul, weights, found)))
