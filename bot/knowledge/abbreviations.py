"""A phrase the question spells out that the documents write as its initials: "phòng tổ chức
hành chính" asked, "phòng TCHC" written; "thi đua khen thưởng" asked, "TĐKT" written.

The documents' own abbreviations are read off the corpus: a word that cannot be a Vietnamese
syllable (no vowel, or one only in front: "tchc", "ubnd") and spells the initials of four or
five words the question has in a row. Each of those words' slots is then also held by it.
"""

from __future__ import annotations

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.slots import Slot, Token
from bot.knowledge.textnorm import fold_word

SHORTEST, LONGEST = 4, 5  # three letters ("ltd") meet a phrase's initials by chance
_VOWELS = frozenset("aeiouy")


def add_abbreviations(toks: list[Token], slots: list[Slot], index: SearchIndex) -> None:
    owner = {w: s for s in slots for w in s.word.split()}
    i = 0
    while i < len(toks):
        for n in range(min(LONGEST, len(toks) - i), SHORTEST - 1, -1):
            run = toks[i:i + n]
            if any(t.stop or t.group >= 0 or t.word not in owner for t in run):
                continue
            initials = "".join(fold_word(t.word)[0] for t in run)
            key = FOLDED + initials
            if not is_abbreviation(initials) or not index.has(key):
                continue
            for tok in run:
                slot = owner[tok.word]
                if key not in slot.keys:
                    slot.keys += (key,)
            i += n - 1
            break
        i += 1


def is_abbreviation(word: str) -> bool:
    """Letters that no Vietnamese syllable is spelt with: no vowel ("tchc"), or one vowel in
    front of three or more consonants ("ubnd")."""
    vowels = [i for i, c in enumerate(word) if c in _VOWELS]
    return len(word) >= SHORTEST and word.isalpha() and (
        not vowels or (vowels == [0] and len(word) >= 4))
