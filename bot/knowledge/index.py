"""An in-memory BM25 index over passages of the plans' sections.

A passage has four kinds of key: exact words ("báo"), folded words ("~bao"), exact bigrams
("báo cáo") and folded bigrams ("~bao cao"). Postings are kept for the folded keys only
(compact arrays of passage numbers and term frequencies), so a 500-plan corpus stays small
and quick to build; exact keys are scored through their folded form, and a question typed
with diacritics is held to its exact words when coverage is checked (``keys_of``).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from bot.knowledge.textnorm import deletes, edit_distance_le1, fold_word, tokens

K1, B = 1.2, 0.75
FOLDED = "~"
HEADING = "h:"  # keys of a passage's heading path, a field of their own
CHUNK = 700  # a long section is split into passages of about this many characters
WHOLE = 1000  # a section up to this long is one passage


@dataclass(frozen=True)
class Passage:
    plan_id: int
    section_id: int | None  # None for the plan's own details (title, issuer, signer)
    number: str
    heading: str
    heading_path: str
    text: str


def folded_keys(words: list[str]) -> list[str]:
    folded = [fold_word(w) for w in words]
    keys = [FOLDED + f for f in folded]
    keys += [f"{FOLDED}{a} {b}" for a, b in pairwise(folded)]
    return keys


def passage_keys(words: list[str]) -> list[str]:
    """All index keys of a token sequence (with repeats, for term frequencies)."""
    folded = [fold_word(w) for w in words]
    keys = list(words)
    keys += [FOLDED + f for f in folded]
    keys += [f"{a} {b}" for a, b in pairwise(words)]
    keys += [f"{FOLDED}{a} {b}" for a, b in pairwise(folded)]
    return keys


class SearchIndex:
    """Postings are (passage numbers, term frequencies or None when all are 1); BM25 weights
    are computed when scoring from per-passage length norms, which keeps building fast."""

    def __init__(self) -> None:
        self.passages: list[Passage] = []
        self.words: list[str] = []  # a passage's tokens, joined by spaces (one string each)
        self.postings: dict[str, tuple[array[int], array[int] | None]] = {}
        self.max_idf = 1.0
        self._norms: list[float] = []  # K1 * (1 - B + B * length / average length)
        self._base: list[float] = []  # (K1 + 1) / (1 + norm): the weight of tf = 1
        self._deletes: dict[str, list[str]] = {}
        self._exact_df: Counter[str] = Counter()  # of exact words

    @classmethod
    def build(cls, passages: Iterable[Passage]) -> SearchIndex:
        index = cls()
        raw: dict[str, list[int]] = {}  # key → [doc, tf, doc, tf, …]
        lengths: list[int] = []
        for doc, passage in enumerate(passages):
            head = tokens(passage.heading_path or passage.heading)
            words = head + tokens(passage.text)
            index.passages.append(passage)
            index.words.append(" ".join(words))
            lengths.append(len(words))
            index._exact_df.update(set(words))
            counts = Counter(folded_keys(words))
            counts.update(HEADING + k for k in set(folded_keys(head)))
            for key, tf in counts.items():
                found = raw.get(key)
                if found is None:
                    raw[key] = [doc, tf]
                else:
                    found += (doc, tf)
        index._finish(raw, lengths)
        index._build_typo_index()
        return index

    def _finish(self, raw: dict[str, list[int]], lengths: list[int]) -> None:
        n = len(lengths) or 1
        avgdl = (sum(lengths) / n) or 1.0
        self._norms = [K1 * (1 - B + B * dl / avgdl) for dl in lengths]
        self._base = [(K1 + 1) / (1 + norm) for norm in self._norms]
        for key in list(raw):
            flat = raw.pop(key)
            tfs = flat[1::2]
            counts = None if max(tfs) == 1 else array("B", (min(t, 255) for t in tfs))
            self.postings[key] = (array("i", flat[0::2]), counts)
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)

    def _build_typo_index(self) -> None:
        table: dict[str, list[str]] = defaultdict(list)
        for key in self.postings:
            if key.startswith(FOLDED) and " " not in key and len(key) >= 5:
                word = key[1:]
                for variant in deletes(word):
                    table[variant].append(word)
        self._deletes = dict(table)

    def __len__(self) -> int:
        return len(self.passages)

    def has(self, key: str) -> bool:
        if key.startswith(FOLDED):
            return key in self.postings
        return key in self._exact_df or (" " in key and _folded(key) in self.postings)

    def df(self, key: str) -> int:
        if key.startswith(FOLDED):
            found = self.postings.get(key)
            return len(found[0]) if found else 0
        return self._exact_df.get(key, 0) if " " not in key else self.df(_folded(key))

    def idf(self, key: str) -> float:
        n = len(self.passages) or 1
        df = self.df(key)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def correct(self, folded: str) -> str | None:
        """The most common indexed word one edit away from ``folded`` (4+ letters)."""
        if len(folded) < 4:
            return None
        candidates: set[str] = set(self._deletes.get(folded, ()))
        for variant in deletes(folded):
            candidates.update(self._deletes.get(variant, ()))
            if FOLDED + variant in self.postings and len(variant) >= 4:
                candidates.add(variant)
        good = [c for c in candidates if c != folded and edit_distance_le1(c, folded)]
        if not good:
            return None
        return max(good, key=lambda c: (self.df(FOLDED + c), c))

    def score(self, weighted_keys: list[tuple[str, float]]) -> dict[int, float]:
        """BM25 score of every passage that holds any of the keys."""
        acc: dict[int, float] = {}
        get = acc.get
        base, norms, k1 = self._base, self._norms, K1 + 1
        for key, factor in weighted_keys:
            field, term = (HEADING, key[len(HEADING):]) if key.startswith(HEADING) else ("", key)
            found = self.postings.get(field + _folded(term))
            if not found:
                continue
            docs, tfs = found
            weight = self.idf(term) * factor
            if tfs is None:
                for doc in docs:
                    acc[doc] = get(doc, 0.0) + weight * base[doc]
            else:
                for doc, tf in zip(docs, tfs, strict=True):
                    acc[doc] = get(doc, 0.0) + weight * tf * k1 / (tf + norms[doc])
        return acc

    def keys_of(self, doc: int) -> set[str]:
        return set(passage_keys(self.words[doc].split()))


def _folded(key: str) -> str:
    return key if key.startswith(FOLDED) else FOLDED + fold_word(key)


def split_passages(plan_id: int, section_id: int | None, number: str, heading: str,
                   heading_path: str, body: str) -> list[Passage]:
    """One passage for a short section, several of about ``CHUNK`` characters for a long one."""
    if not body.strip():
        return []
    if len(body) <= WHOLE:
        return [Passage(plan_id, section_id, number, heading, heading_path, body)]
    chunks: list[str] = []
    current: list[str] = []
    for line in body.split("\n"):
        if current and sum(len(c) for c in current) + len(line) > CHUNK:
            chunks.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        chunks.append("\n".join(current))
    return [Passage(plan_id, section_id, number, heading, heading_path, c) for c in chunks]
