"""Words as typed with their marks, read against the corpus's own spellings: "mỗi trường" is
not "môi trường".

(Restoring the marks of a word typed without them from its neighbours, "co thi" → "cờ thi",
was measured on 1/12/2026: dev +0.4, held-out −0.1 to −0.8 and blind −0.3 to −2.1 on the
variants without marks, with more confident near-misses. It is not done.)"""

from __future__ import annotations

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.textnorm import fold_word, has_diacritics


def pair_count(index: SearchIndex, left: str, right: str) -> int:
    """How many times two neighbouring words occur: as spelt when both are typed with marks,
    else folded."""
    folded = f"{FOLDED}{fold_word(left)} {fold_word(right)}"
    if not (has_diacritics(left) and has_diacritics(right)):
        return index.count(folded)
    found = index.postings.get(folded)
    if found is None:
        return 0
    pair = f" {left} {right} "
    return sum(f" {index.words[doc]} ".count(pair) for doc in found[0])
