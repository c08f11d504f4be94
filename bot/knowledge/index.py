"""An in-memory BM25 index over passages of the plans' sections.

A passage has four kinds of key: exact words ("báo"), folded words ("~bao"), exact bigrams
("báo cáo") and folded bigrams ("~bao cao"). Postings are kept for the folded keys only
(compact arrays of passage numbers and term frequencies), so a 500-plan corpus stays small
and quick to build; exact keys are scored through their folded form, and a question typed
with diacritics is held to its exact words when coverage is checked (``keys_of``).
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from bot.knowledge.textnorm import deletes, edit_distance_le1, fold_word, tokens

K1, B = 1.2, 0.75
FOLDED = "~"
HEADING = "h:"  # keys of a passage's heading path, a field of their own
INITIALS = 400  # the most frequent words per first letter, for reading initialisms
BEAM = 40
CHUNK = 700  # a long section is split into passages of about this many characters
WHOLE = 1000  # a section up to this long is one passage

if TYPE_CHECKING:  # imported by ``score_all``: NumPy is loaded by the first question scored
    from bot.knowledge import scores as vector  # (a bot process whose worker answers: never)


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
        self.total = 0  # tokens in the corpus
        self._norms: list[float] = []  # K1 * (1 - B + B * length / average length)
        self._base: list[float] = []  # (K1 + 1) / (1 + norm): the weight of tf = 1
        self._deletes: dict[str, list[str]] = {}
        self._exact_df: Counter[str] = Counter()  # of exact words
        self._initials: dict[str, list[str]] = {}
        self._next: dict[str, list[tuple[str, int]]] | None = None
        self._spellings: dict[str, list[str]] | None = None
        self._vectors: tuple[vector.Floats, vector.Floats, vector.PassagePlans] | None = None

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
        self.total = sum(lengths)

    def _build_typo_index(self) -> None:
        table: dict[str, list[str]] = defaultdict(list)
        initials: dict[str, list[str]] = defaultdict(list)
        for key in self.postings:
            if key.startswith(FOLDED) and " " not in key and len(key) >= 3:
                word = key[1:]
                for variant in deletes(word):
                    table[variant].append(word)
                if word.isalpha():
                    initials[word[0]].append(word)
        self._deletes = dict(table)
        self._initials = {letter: sorted(found, key=lambda w: -self.df(FOLDED + w))[:INITIALS]
                          for letter, found in initials.items()}

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

    def count(self, key: str) -> int:
        """How many times a folded key occurs in the corpus."""
        found = self.postings.get(key)
        if found is None:
            return 0
        return len(found[0]) if found[1] is None else sum(found[1])

    def idf(self, key: str) -> float:
        n = len(self.passages) or 1
        df = self.df(key)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def near(self, folded: str) -> list[str]:
        """Indexed words one edit (a wrong, missing, extra or swapped letter) from ``folded``."""
        candidates: set[str] = set(self._deletes.get(folded, ()))
        for variant in deletes(folded):
            candidates.update(self._deletes.get(variant, ()))
            if len(variant) >= 2 and FOLDED + variant in self.postings:
                candidates.add(variant)
        return [c for c in candidates if c != folded and edit_distance_le1(c, folded)]

    def spellings(self, folded: str) -> list[str]:
        """The corpus's own spellings of a folded word ("ket" → kết, kệt …)."""
        if self._spellings is None:
            table: dict[str, list[str]] = defaultdict(list)
            for word in self._exact_df:
                table[fold_word(word)].append(word)
            self._spellings = dict(table)
        return self._spellings.get(folded, [])

    def context(self, word: str, left: str | None, right: str | None) -> int:
        """How often ``word`` follows ``left`` or precedes ``right`` in the corpus (folded)."""
        found = 0
        if left:
            found += self.df(f"{FOLDED}{left} {word}")
        if right:
            found += self.df(f"{FOLDED}{word} {right}")
        return found

    def correct(self, folded: str, left: str | None = None, right: str | None = None
                ) -> str | None:
        """The indexed word a typo most likely meant: one edit away and, for a short word,
        seen next to the question's neighbouring word (``left``, ``right``, folded)."""
        if len(folded) < 2:
            return None
        good = self.near(folded)
        if not good:
            return None
        scored = [(self.context(c, left, right), self.df(FOLDED + c), c) for c in good]
        best = max(scored)
        if best[0] > 0:
            return best[2]
        return best[2] if len(folded) >= 4 else None

    def expand_initials(self, letters: str, left: str | None = None,
                        right: str | None = None) -> list[str] | None:
        """The corpus phrase whose syllables start with ``letters`` ("pgd" → phòng giáo dục),
        chained through word pairs the corpus holds twice or more; the most frequent wins,
        with the question's neighbouring words breaking ties ("bc sk 6" → sơ kết 6)."""
        if not 2 <= len(letters) <= 7 or not letters.isalpha():
            return None
        following = self._following()
        paths: list[tuple[int, list[str]]] = [
            (self.df(FOLDED + w), [w]) for w in self._initials.get(letters[0], ())]
        for letter in letters[1:]:
            grown = []
            for score, path in paths:
                for w, df in following.get(path[-1], ()):
                    if w[0] == letter:
                        grown.append((min(score, df), [*path, w]))
            paths = heapq.nlargest(BEAM, grown, key=lambda p: p[0])
            if not paths:
                return None
        ranked = [(score + 2 * self.context(path[0], left, None)
                   + 2 * self.context(path[-1], None, right), path) for score, path in paths]
        return max(ranked, key=lambda r: r[0])[1]

    def _following(self) -> dict[str, list[tuple[str, int]]]:
        """Each word's successors seen at least twice (built on first use)."""
        if self._next is None:
            table: dict[str, list[tuple[str, int]]] = defaultdict(list)
            for key, (docs, _tfs) in self.postings.items():
                if key.startswith(FOLDED) and " " in key and len(docs) >= 2:
                    a, b = key[1:].split(" ", 1)
                    if b.isalpha():
                        table[a].append((b, len(docs)))
            self._next = dict(table)
        return self._next

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

    def score_all(self, weighted_keys: list[tuple[str, float]]) -> vector.Scores:
        """``score`` as arrays (``scores.py``): the same figures, cheaper for many postings."""
        from bot.knowledge import scores as vector

        if self._vectors is None:
            self._vectors = (vector.floats(self._base), vector.floats(self._norms),
                             vector.PassagePlans([p.plan_id for p in self.passages]))
        base, norms, plans = self._vectors
        found = []
        for key, factor in weighted_keys:
            field, term = (HEADING, key[len(HEADING):]) if key.startswith(HEADING) else ("", key)
            postings = self.postings.get(field + _folded(term))
            if postings:
                found.append((self.idf(term) * factor, *postings))
        return vector.accumulate(len(self.passages), found, base, norms, K1 + 1, plans)

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
