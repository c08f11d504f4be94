"""Words, not syllables: a question's "lịch" (a schedule) is not the "lịch" of "lịch sử".

Vietnamese writes a word of two syllables as two tokens, so a passage can hold every syllable
of a question and none of its words. The corpus tells which neighbouring syllables form one
word: a pair seen together in most of the passages where the rarer of the two occurs. A
question's syllable that a piece holds only inside such a pair, with a partner the question
does not put beside it, is not held by that piece.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.query import Analysis
from bot.knowledge.textnorm import fold_word, folded_words_of

COHESION = 0.6  # share of the rarer syllable's passages that hold the pair
MIN_PAIR_DF = 3  # a pair seen in fewer passages is not evidence of a word


def bound_words(analysis: Analysis, text: str,
                cohesive: Callable[[str, str], bool]) -> frozenset[str]:
    """The folded question words that ``text`` holds only as part of other words."""
    asked = {fold_word(k.lstrip(FOLDED)) for s in analysis.slots if not s.needs_all
             for k in s.keys if " " not in k and not k.startswith("?")}
    if not asked:
        return frozenset()
    toks = folded_words_of(text)
    if asked.isdisjoint(toks):
        return frozenset()
    free: set[str] = set()
    seen: set[str] = set()
    for i, word in enumerate(toks):
        if word not in asked:
            continue
        seen.add(word)
        left = toks[i - 1] if i > 0 else None
        right = toks[i + 1] if i + 1 < len(toks) else None
        together = (left, word) in analysis.neighbours or (word, right) in analysis.neighbours
        inside = bool(left and cohesive(left, word)) or bool(right and cohesive(word, right))
        if together or not inside:
            free.add(word)
    return frozenset(seen - free)


def without(keys: frozenset[str], bound: frozenset[str]) -> frozenset[str]:
    """``keys`` less the single-word keys (exact or folded) of the ``bound`` words."""
    if not bound:
        return keys
    return frozenset(k for k in keys if " " in k or fold_word(k.lstrip(FOLDED)) not in bound)


def cohesion(index: SearchIndex) -> Callable[[str, str], bool]:
    """Whether two folded syllables, in this order, form one word in the corpus."""
    @lru_cache(maxsize=50_000)
    def cohesive(a: str, b: str) -> bool:
        together = index.df(f"{FOLDED}{a} {b}")
        if together < MIN_PAIR_DF:
            return False
        rarer = min(index.df(FOLDED + a), index.df(FOLDED + b))
        return together >= COHESION * rarer
    return cohesive
