"""Which indexed word a typed word is: its exact form when typed with the corpus's marks, its
folded form when typed without them (or with some), or the word one letter away that the
question's neighbours make likely ("tổn kết" → "tổng kết", "báo cáp" → "báo cáo")."""

from __future__ import annotations

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.slots import Token
from bot.knowledge.textnorm import fold_word, has_diacritics, marks_fit

RARE_SPELLING = 5  # an exact spelling this many times rarer than its letters is a slip


def resolve(tok: Token, index: SearchIndex, left: str | None, right: str | None
             ) -> str | None:
    """The index key for a content word: its exact form when typed with the corpus's
    diacritics, else its folded form (diacritics typed wrong or not at all), else the
    correction of a one-letter typo; None when unknown."""
    word, folded = tok.word, fold_word(tok.word)
    if (tok.proper or has_diacritics(word)) and index.has(word):
        if (index.df(word) * RARE_SPELLING < index.df(FOLDED + folded) and not tok.proper
                and _slip_of(word, folded, index)):
            return FOLDED + folded  # a rare spelling, an OCR slip ("kêt"): the common word
        return word
    digits = any(c.isdigit() for c in folded)
    if index.has(FOLDED + folded):
        if _fits(word, folded, index):
            return FOLDED + folded
        # marks of another word ("cức", "tổn"): a typo only when a word one letter away is
        # seen beside the question's neighbours ("tổ chức", "tổng kết")
        fixed = None if digits else index.correct(folded, left, right)
        if fixed and index.context(fixed, left, right) > 0:
            return FOLDED + fixed
        return None
    if tok.proper:
        return None  # a translation or an expansion is spelt right: absent, not mistyped
    fixed = index.correct(folded, left, right) if not digits else None
    if fixed is None or not _fits(word, fixed, index, typo=True):
        return None
    return FOLDED + fixed


def _slip_of(word: str, folded: str, index: SearchIndex) -> bool:
    """A rare spelling is a slip only when it is a common word with marks left out: "kêt"
    of "kết", but not "nghỉ" (a word of its own) of "nghị"."""
    return any(marks_fit(word, exact) for exact in index.spellings(folded)
               if exact != word and index.df(exact) * RARE_SPELLING >= index.df(FOLDED + folded))


def _fits(word: str, folded: str, index: SearchIndex, typo: bool = False) -> bool:
    """A word typed with diacritics stands for a corpus word only when its marks are some of
    that word's marks: "kêt" is "kết" half-typed; "tiền" is not "tiến"."""
    if not has_diacritics(word):
        return True
    if typo:
        return True  # a typo's marks are not to be trusted letter by letter
    return any(marks_fit(word, exact) for exact in index.spellings(folded))


def context_alternatives(tok: Token, index: SearchIndex, left: str | None,
                          right: str | None, keys: list[str]) -> list[str]:
    """A typo that happens to spell another word ("báo cáp"): when the word is never seen next
    to its neighbours but a word one letter away is, that word is an alternative."""
    folded = fold_word(tok.word)
    if index.context(folded, left, right) > 0:
        return []
    best = index.correct(folded, left, right)
    if best is None or index.context(best, left, right) == 0:
        return []
    key = FOLDED + best
    return [] if key in keys else [key]
