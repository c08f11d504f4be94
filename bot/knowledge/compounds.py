"""Words, not syllables: a question's "lịch" (a schedule) is not the "lịch" of "lịch sử".

Vietnamese writes a word of two syllables as two tokens, so a passage can hold every syllable
of a question and none of its words. The corpus tells which neighbouring syllables form one
word: a pair seen together in most of the passages where the rarer of the two occurs. A
question's syllable that a piece holds only inside such a pair, with a partner the question
does not put beside it, is not held by that piece, unless that partner forms a word at least
as strong with its other neighbour ("địa chỉ email": "chỉ" belongs to "địa chỉ", and "email"
stands alone, however often the documents write the three together).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.query import Analysis
from bot.knowledge.textnorm import fold_word, folded_words_of

COHESION = 0.6  # share of the rarer syllable's passages that hold the pair
MIN_PAIR_DF = 3  # a pair seen in fewer passages is not evidence of a word


def bound_words(analysis: Analysis, text: str,
                cohesive: Callable[[str, str], float]) -> frozenset[str]:
    """The folded question words that ``text`` holds only as part of other words."""
    asked = _asked(analysis)
    if not asked:
        return frozenset()
    toks = folded_words_of(text)
    free: set[str] = set()
    seen: set[str] = set()
    last = len(toks) - 1
    for word in asked:  # each place the piece holds it (found by the tuple's own search)
        if not vietnamese_syllable(word):
            continue  # "email", "website", "zalo": a word of its own, never half of one
        i = _place(toks, word, 0)
        if i >= 0:
            seen.add(word)
        while i >= 0:
            left = toks[i - 1] if i > 0 else None
            right = toks[i + 1] if i < last else None
            together = (left, word) in analysis.neighbours or (word, right) in analysis.neighbours
            inside = bool(left and _binds(cohesive(left, word), cohesive(
                toks[i - 2], left) if i > 1 else 0.0)) or bool(right and _binds(
                    cohesive(word, right), cohesive(right, toks[i + 2]) if i + 1 < last else 0.0))
            if together or not inside:
                free.add(word)
                break
            i = _place(toks, word, i + 1)
    return frozenset(seen - free)


_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"(?:uye|uya|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uey|[aeiouy]{1,2})(?:ch|nh|ng|[cmnpt])?")
"""A syllable Vietnamese can write, folded (onset, vowels, final): "email", "online", "zalo"
are not one."""


def vietnamese_syllable(folded: str) -> bool:
    return bool(_VIETNAMESE_SYLLABLE.fullmatch(folded))


def _binds(pair: float, partners_other: float) -> bool:
    """A pair is a word that holds the question's syllable when the partner does not form a
    word at least as strong on its other side."""
    return pair > 0 and pair > partners_other


_last_asked: tuple[Analysis | None, frozenset[str]] = (None, frozenset())


def _asked(analysis: Analysis) -> frozenset[str]:
    """The question's single words, folded; kept for the last question, whose pieces are
    checked one after another."""
    global _last_asked
    if _last_asked[0] is analysis:
        return _last_asked[1]
    asked = frozenset(fold_word(k.lstrip(FOLDED)) for s in analysis.slots if not s.needs_all
                      for k in s.keys if " " not in k and not k.startswith("?"))
    _last_asked = (analysis, asked)
    return asked


def _place(toks: tuple[str, ...], word: str, start: int) -> int:
    try:
        return toks.index(word, start)
    except ValueError:
        return -1


def without(keys: frozenset[str], bound: frozenset[str]) -> frozenset[str]:
    """``keys`` less the single-word keys (exact or folded) of the ``bound`` words."""
    if not bound:
        return keys
    words = single_words(keys)
    drop = [k for word in bound for k in words.get(word, ())]
    return keys.difference(drop)


@lru_cache(maxsize=8_192)
def single_words(keys: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """``keys``' single-word keys by their folded word (a piece's keys are looked at for
    question after question: as many are kept as ``folded_words_of`` keeps pieces)."""
    found: dict[str, list[str]] = {}
    for k in keys:
        if " " not in k:
            found.setdefault(fold_word(k.lstrip(FOLDED)), []).append(k)
    return {word: tuple(ks) for word, ks in found.items()}


def cohesion(index: SearchIndex) -> Callable[[str, str], float]:
    """How strongly two folded syllables, in this order, form one word in the corpus: the
    share of the rarer one's passages that hold the pair, or 0 when they are not a word."""
    @lru_cache(maxsize=50_000)
    def cohesive(a: str, b: str) -> float:
        together = index.df(f"{FOLDED}{a} {b}")
        if together < MIN_PAIR_DF:
            return 0.0
        share = together / max(min(index.df(FOLDED + a), index.df(FOLDED + b)), 1)
        return share if share >= COHESION else 0.0
    return cohesive
