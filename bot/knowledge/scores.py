"""BM25 scores of every passage at once, in arrays (NumPy), for the ranking's candidates.

``SearchIndex.score`` gives the same figures as a dict built one posting at a time in Python,
which was the largest single cost of an answer. Here each key's postings are added in one
vector step, in the same order and with the same arithmetic, so every score is the same float;
the passages are also ordered as that dict would have listed them (by the first key that
reached them, then by number), so that ties between equal scores fall the same way.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
UNSEEN = np.iinfo(np.int64).max


def floats(values: list[float]) -> Floats:
    return np.array(values, dtype=np.float64)


class PassagePlans:
    """Which plan each passage belongs to, as arrays."""

    def __init__(self, plan_ids: list[int]) -> None:
        self.ids = np.array(plan_ids, dtype=np.int64)  # per passage
        distinct = sorted(set(plan_ids))
        self.position = {p: i for i, p in enumerate(distinct)}
        self.of = np.array([self.position[p] for p in plan_ids], dtype=np.int64)
        self.count = len(distinct)


class Scores:
    """The scores of one question: ``values[doc]``, for the passages some key reached."""

    def __init__(self, values: Floats, first: Ints, plans: PassagePlans) -> None:
        self.values = values
        self._first = first  # per passage: which key reached it first (UNSEEN: none)
        self._plans = plans

    def keep_plans(self, plan_ids: Iterable[int]) -> None:
        """Forget the passages of every other plan."""
        outside = ~np.isin(self._plans.ids, np.fromiter(plan_ids, dtype=np.int64))
        self._first[outside] = UNSEEN

    def add_per_plan(self, factor: float, plan_scores: dict[int, float]) -> None:
        """``values[doc] += factor * plan_scores.get(plan of doc, 0.0)`` for each scored doc."""
        per_plan = np.zeros(self._plans.count)
        for plan_id, value in plan_scores.items():
            at = self._plans.position.get(plan_id)
            if at is not None:
                per_plan[at] = value
        seen = self._first != UNSEEN
        self.values[seen] += factor * per_plan[self._plans.of[seen]]

    def get(self, doc: int, default: float = 0.0) -> float:
        return float(self.values[doc]) if self._first[doc] != UNSEEN else default

    def top(self, n: int) -> list[tuple[int, float]]:
        """The ``n`` best (doc, score), as ``heapq.nlargest`` over the dict of scores would
        give them: higher first, equal scores in the order the dict held them."""
        docs = np.flatnonzero(self._first != UNSEEN)
        if not len(docs):
            return []
        values = self.values[docs]
        if len(docs) > n:
            kth = np.partition(values, len(values) - n)[len(values) - n]
            near = values >= kth  # all ties with the n-th best, sorted out below
            docs, values = docs[near], values[near]
        order = np.lexsort((docs, self._first[docs], -values))[:n]
        return list(zip(docs[order].tolist(), values[order].tolist(), strict=True))


def accumulate(n: int, postings: list[tuple[float, array[int], array[int] | None]],
               base: Floats, norms: Floats, k1: float, plans: PassagePlans) -> Scores:
    """``postings``: per key in the question's order, (its weight, its passages (``array("i")``)
    and its term frequencies (``array("B")``, or None when all are 1).

    Each passage's score is summed in the keys' order, one term at a time (``np.add.at`` is
    unbuffered and goes in index order), as ``SearchIndex.score`` sums it."""
    values = np.zeros(n)
    first = np.full(n, UNSEEN, dtype=np.int64)
    if not postings:
        return Scores(values, first, plans)
    docs_of = [np.frombuffer(d, dtype=np.intc) for _w, d, _t in postings]
    sizes = [len(d) for d in docs_of]
    docs = np.concatenate(docs_of)
    key = np.repeat(np.arange(len(postings), dtype=np.int64), sizes)
    weight = np.repeat(np.array([w for w, _d, _t in postings]), sizes)
    counted = [t is not None for _w, _d, t in postings]
    terms = weight * base[docs]  # a term that occurs once: weight × base
    if any(counted):
        tfs = np.concatenate([np.frombuffer(t, dtype=np.uint8) if t is not None
                              else np.zeros(size, dtype=np.uint8)
                              for (_w, _d, t), size in zip(postings, sizes, strict=True)])
        many = np.repeat(np.array(counted), sizes)
        tf = tfs[many].astype(np.float64)
        terms[many] = weight[many] * tf * k1 / (tf + norms[docs[many]])
    np.add.at(values, docs, terms)
    np.minimum.at(first, docs, key)
    return Scores(values, first, plans)
