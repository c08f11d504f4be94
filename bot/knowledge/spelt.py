"""Words as typed, read against the corpus's own spellings: "mỗi trường" typed with its marks
is not "môi trường", and "co" typed without marks before "nhung" is the "có" of "có những".

(Restoring the marks of any word typed without them from its neighbours, "co thi" → "cờ thi",
was measured on 1/12/2026: dev +0.4, held-out −0.1 to −0.8 and blind −0.3 to −2.1 on the
variants without marks, with more confident near-misses. It is done only towards function
words, which are then not searched for, and only in a question typed mostly without marks.)"""

from __future__ import annotations

from collections import Counter

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.textnorm import fold_word, has_diacritics


def pair_count(index: SearchIndex, left: str, right: str, enough: int | None = None) -> int:
    """How many times two neighbouring words occur: as spelt when both are typed with marks,
    else folded; counting stops at ``enough``."""
    folded = f"{FOLDED}{fold_word(left)} {fold_word(right)}"
    if not (has_diacritics(left) and has_diacritics(right)):
        return index.count(folded)
    found = index.postings.get(folded)
    if found is None:
        return 0
    pair, total = f" {left} {right} ", 0
    for doc in found[0]:
        total += f" {index.words[doc]} ".count(pair)
        if enough is not None and total >= enough:
            break
    return total


SAMPLE = 40  # passages read per neighbour: enough to tell how a word is spelt there


def spellings_beside(index: SearchIndex, word: str, left: str | None, right: str | None
                     ) -> Counter[str]:
    """How the corpus spells the folded ``word`` where it stands after ``left`` or before
    ``right`` (both folded), read from at most ``SAMPLE`` passages each."""
    found: Counter[str] = Counter()
    spellings = index.spellings(word)
    for neighbour, first in ((left, True), (right, False)):
        if not neighbour:
            continue
        postings = index.postings.get(
            f"{FOLDED}{neighbour} {word}" if first else f"{FOLDED}{word} {neighbour}")
        if postings is None:
            continue
        pairs = [(spelt, f" {n} {spelt} " if first else f" {spelt} {n} ")
                 for spelt in spellings for n in index.spellings(neighbour)]
        for doc in postings[0][:SAMPLE]:
            text = f" {index.words[doc]} "
            for spelt, pair in pairs:
                found[spelt] += text.count(pair)
    return +found
