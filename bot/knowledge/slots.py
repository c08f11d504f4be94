"""What a question asks, as slots, and how much of it a passage holds.

Each content word of a question is a *slot* with its alternatives (a typo's correction,
synonyms, the documents' wording of a phrase); *coverage* is the idf-weighted share of slots a
passage holds, and the share of the question's adjacent word pairs it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.index import HEADING
from bot.knowledge.kinds import TEXT
from bot.knowledge.textnorm import fold_word

_SIGNED = {"kí", "ki"}
_META_PAIRS = ({"số", "hiệu"}, {"so", "hieu"}, {"ban", "hành"}, {"ban", "hanh"})
HEADING_FACTOR = 1.0  # a word of the question in a passage's heading counts twice
APART_FACTOR = 0.5  # the weight of a word's syllables when a piece holds them apart


@dataclass
class Slot:
    word: str
    keys: tuple[str, ...]  # index keys that satisfy this slot; empty: unknown word
    weight: float
    needs_all: bool = False  # a shorthand's expansion: every one of its words must be there
    partners: tuple[str, ...] = ()  # keys of the corpus words this syllable is part of here


@dataclass
class Token:
    word: str  # exact form
    proper: bool  # from the glossary or a shorthand: spelt with its diacritics
    segment: int
    group: int = -1  # the words of one shorthand's expansion share a group
    stop: bool = False
    weak: bool = False  # typed without diacritics and also a function word ("co": có / cơ)
    key: str | None = None  # resolved unigram key


@dataclass
class Analysis:
    slots: list[Slot] = field(default_factory=list)
    bigrams: list[str] = field(default_factory=list)
    deadline: bool = False
    english: bool = False
    kind: str = TEXT  # the kind of fact asked for (understand.answer_kind)
    text: str = ""  # the question as searched (normalised)
    unit: str | None = None  # what a "how many" question counts ("bản")
    asked: str | None = None  # the question as typed, normalised (before intent words go)
    neighbours: frozenset[tuple[str, str]] = frozenset()  # folded adjacent word pairs
    which: frozenset[str] = frozenset()  # folded: the noun a "… nào" question asks which of

    @property
    def content_words(self) -> int:
        return sum(len(s.word.split()) for s in self.slots)

    @property
    def total_weight(self) -> float:
        return sum(s.weight for s in self.slots)

    @property
    def about_document(self) -> bool:
        """A question about the document itself: who signed it, its number, who issued it."""
        found = {w for s in self.slots for w in s.word.split()}  # "ban hành" may be one slot
        return bool(found & _SIGNED) or any(pair <= found for pair in _META_PAIRS)

    def weighted_keys(self) -> list[tuple[str, float]]:
        keys = [k for s in self.slots for k in s.keys if not k.startswith("?")] + self.bigrams
        return [(k, 1.0) for k in keys] + [(HEADING + k, HEADING_FACTOR) for k in keys]


def coverage(analysis: Analysis, *key_sets: set[str] | frozenset[str]) -> tuple[float, float]:
    """(share of slot weight, share of bigrams) found in any of ``key_sets``."""
    total = analysis.total_weight
    if total <= 0:
        return 0.0, 0.0

    def found(key: str) -> bool:
        return any(key in keys for keys in key_sets)

    held = sum(s.weight * (1.0 if not s.partners or any(found(p) for p in s.partners)
                           else APART_FACTOR)
               for s in analysis.slots if s.keys and (
                   all(found(k) for k in s.keys) if s.needs_all
                   else any(found(k) for k in s.keys)))
    if not analysis.bigrams:
        return held / total, 1.0
    pairs = sum(1 for b in analysis.bigrams if found(b))
    return held / total, pairs / len(analysis.bigrams)


class KeyCover:
    """``coverage`` for one question against many key sets (the ranking of many snippets): the
    question's keys (with its syllables' partners and its bigrams) are intersected with each
    set once, and the slots are checked against that small set, not each key against every
    set."""

    def __init__(self, analysis: Analysis) -> None:
        self.total = analysis.total_weight
        self.slots = [(s.weight, frozenset(s.keys), s.needs_all, frozenset(s.partners))
                      for s in analysis.slots if s.keys]
        self.bigrams = analysis.bigrams
        self.keys = frozenset(k for s in analysis.slots for k in (*s.keys, *s.partners)) \
            | frozenset(analysis.bigrams)
        self._known: dict[frozenset[str], tuple[float, float]] = {}

    def __call__(self, found: set[str] | frozenset[str]) -> tuple[float, float]:
        """``coverage(analysis, *sets)`` where ``found`` is ``keys`` & (the sets' union)."""
        if not isinstance(found, frozenset):
            return self._cover(found)
        known = self._known.get(found)
        if known is None:  # many pieces hold the same few of the question's keys
            known = self._known[found] = self._cover(found)
        return known

    def _cover(self, found: set[str] | frozenset[str]) -> tuple[float, float]:
        if self.total <= 0:
            return 0.0, 0.0
        held = sum(weight * (1.0 if not partners or not partners.isdisjoint(found)
                             else APART_FACTOR)
                   for weight, keys, needs_all, partners in self.slots
                   if (keys <= found if needs_all else not keys.isdisjoint(found)))
        if not self.bigrams:
            return held / self.total, 1.0
        pairs = sum(1 for b in self.bigrams if b in found)
        return held / self.total, pairs / len(self.bigrams)


def ask_coverage(analysis: Analysis, context: frozenset[str], *own: set[str] | frozenset[str]
                 ) -> float | None:
    """Of the question's words that do not just name the document (its title, issuer,
    place), the weighted share the piece itself holds; None when every word names it."""
    asked, total = _asked(analysis, context)
    if total <= 0:
        return None
    return sum(s.weight for s in asked if _holds(s, own)) / total


def _holds(slot: Slot, sets: tuple[set[str] | frozenset[str], ...]) -> bool:
    if slot.needs_all:
        return bool(slot.keys) and all(any(k in keys for keys in sets) for k in slot.keys)
    return any(k in keys for k in slot.keys for keys in sets)


_asked_last: tuple[Analysis | None, dict[frozenset[str], tuple[list[Slot], float]]] = (None, {})


def _asked(analysis: Analysis, context: frozenset[str]) -> tuple[list[Slot], float]:
    """The slots that do not just name the document, and their weight; kept per document's
    context for the last question, whose pieces are checked one after another."""
    global _asked_last
    if _asked_last[0] is not analysis:
        _asked_last = (analysis, {})
    known = _asked_last[1]
    found = known.get(context) if isinstance(context, frozenset) else None
    if found is None:
        asked = [s for s in analysis.slots if not _holds(s, (context,)) or (
            analysis.which & {fold_word(w) for w in s.word.split()})]
        found = (asked, sum(s.weight for s in asked))
        if isinstance(context, frozenset):
            known[context] = found
    return found


def largest_missing(analysis: Analysis, *key_sets: set[str] | frozenset[str]) -> float:
    """The weight share of the most important question word that none of ``key_sets`` holds."""
    total = analysis.total_weight
    if total <= 0:
        return 0.0
    missing = [s.weight for s in analysis.slots if not any(
        k in keys for k in s.keys for keys in key_sets)]
    return max(missing, default=0.0) / total
