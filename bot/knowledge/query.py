"""Turn a question into index keys: intent, English glossary, shorthands, typos, synonyms.

A question typed with diacritics is matched on exact words (a word whose diacritics differ is a
different word: "lương" is not "lượng"); one typed without is matched on folded words. Each
content word becomes a *slot* with its alternatives (a typo's correction, synonyms); coverage —
the idf-weighted share of slots a passage holds, and the share of adjacent word pairs it holds —
decides whether an answer is confident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from bot.knowledge.glossary import (
    EN_FILLER,
    english_segments,
    english_words_share,
    rewrite,
    strip_intent,
    synonyms_of,
)
from bot.knowledge.index import FOLDED, HEADING, SearchIndex
from bot.knowledge.textnorm import (
    AMBIGUOUS,
    SHORTHANDS,
    STOP_EN,
    STOP_EXACT,
    STOP_FOLDED,
    fold_word,
    has_diacritics,
    nfc,
    remove_question_phrases,
    strip_markup,
    words,
)

UNKNOWN_EN_FACTOR = 0.5  # an English word outside the glossary counts half
WEAK_FACTOR = 0.5  # weight of a word that may be a function word typed without diacritics
HEADING_FACTOR = 1.0  # a word of the question in a passage's heading counts twice


@dataclass
class Slot:
    word: str
    keys: tuple[str, ...]  # index keys that satisfy this slot; empty: unknown word
    weight: float
    needs_all: bool = False  # a shorthand's expansion: every one of its words must be there


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

    @property
    def content_words(self) -> int:
        return sum(len(s.word.split()) for s in self.slots)

    @property
    def total_weight(self) -> float:
        return sum(s.weight for s in self.slots)

    def weighted_keys(self) -> list[tuple[str, float]]:
        keys = [k for s in self.slots for k in s.keys if not k.startswith("?")] + self.bigrams
        return [(k, 1.0) for k in keys] + [(HEADING + k, HEADING_FACTOR) for k in keys]


def analyse(question: str, index: SearchIndex) -> Analysis:
    text = nfc(strip_markup(question)).lower()
    text, deadline = strip_intent(text)
    text = rewrite(remove_question_phrases(text))
    english = english_words_share(words(text)) >= 0.4
    toks = _tokens(text, english)
    exact_mode = any(has_diacritics(t.word) for t in toks if not t.proper)
    for tok in toks:
        tok.stop = _is_stop(tok, english, exact_mode)
        tok.weak = not exact_mode and not tok.proper and tok.word in AMBIGUOUS
        if not tok.stop:
            tok.key = _resolve(tok, exact_mode, index)
    analysis = Analysis(_slots(toks, exact_mode, english, index), _bigrams(toks),
                        deadline, english)
    return analysis


def _slots(toks: list[Token], exact_mode: bool, english: bool,
           index: SearchIndex) -> list[Slot]:
    """One slot per distinct content word; one for all the words of a shorthand."""
    slots: list[Slot] = []
    seen: set[str] = set()
    groups: dict[int, Slot] = {}
    for tok in toks:
        if tok.stop or tok.word in seen:
            continue
        seen.add(tok.word)
        slot = _slot(tok, exact_mode, english, index)
        if tok.weak:
            slot.weight *= WEAK_FACTOR
        if tok.group < 0:
            slots.append(slot)
        elif tok.group in groups:
            whole = groups[tok.group]
            whole.word += " " + slot.word
            whole.keys += slot.keys[:1] or ("?" + tok.word,)
            whole.weight = max(whole.weight, slot.weight)
        else:
            slot.needs_all = True
            slot.keys = slot.keys[:1] or ("?" + tok.word,)
            groups[tok.group] = slot
            slots.append(slot)
    return slots


def _tokens(text: str, english: bool) -> list[Token]:
    pieces = english_segments(text) if english else [(text, False)]
    out: list[Token] = []
    for i, (piece, from_glossary) in enumerate(pieces):
        for word in words(piece):
            expansion = SHORTHANDS.get(fold_word(word))
            if expansion:
                group = len(out)
                out.extend(Token(w, True, i, group) for w in expansion.split())
            else:
                out.append(Token(word, from_glossary, i))
    return out


def _is_stop(tok: Token, english: bool, exact_mode: bool) -> bool:
    if tok.proper:
        return False
    if english and (tok.word in STOP_EN or tok.word in EN_FILLER):
        return True
    if exact_mode and tok.word in STOP_EXACT:
        return True
    return not has_diacritics(tok.word) and fold_word(tok.word) in STOP_FOLDED


def _resolve(tok: Token, exact_mode: bool, index: SearchIndex) -> str | None:
    """The index key for a content word, a typo's correction, or None when unknown."""
    word, folded = tok.word, fold_word(tok.word)
    if tok.proper or (exact_mode and has_diacritics(word)):
        if index.has(word):
            return word
        if index.has(FOLDED + folded):
            return None  # same letters, other diacritics: another word
    elif exact_mode and index.has(word):
        return word
    elif index.has(FOLDED + folded):
        return FOLDED + folded
    fixed = index.correct(folded)
    return FOLDED + fixed if fixed else None


def _slot(tok: Token, exact_mode: bool, english: bool, index: SearchIndex) -> Slot:
    keys = [tok.key] if tok.key else []
    for alt in synonyms_of(_exact_of(tok)):
        exact = (exact_mode or tok.proper) and has_diacritics(alt)
        key = alt if exact else FOLDED + fold_word(alt)
        if index.has(key) and key not in keys:
            keys.append(key)
    if keys:
        weight = max(index.idf(k) for k in keys)
    else:
        factor = UNKNOWN_EN_FACTOR if english and tok.word.isascii() else 1.0
        weight = index.max_idf * factor
    return Slot(tok.word, tuple(keys), weight)


def _exact_of(tok: Token) -> str:
    return tok.key if tok.key and not tok.key.startswith(FOLDED) else tok.word


def _bigrams(toks: list[Token]) -> list[str]:
    """Keys of adjacent content-word pairs; a pair with an unknown word can never match."""
    out: list[str] = []
    for a, b in pairwise(toks):
        if a.segment != b.segment or a.stop or b.stop or a.weak or b.weak or (
                a.group >= 0 and a.group == b.group):
            continue
        if not (a.key and b.key):
            out.append(f"?{a.word} {b.word}")
            continue
        if a.key.startswith(FOLDED) or b.key.startswith(FOLDED):
            key = f"{FOLDED}{fold_word(a.key.lstrip(FOLDED))} {fold_word(b.key.lstrip(FOLDED))}"
        else:
            key = f"{a.key} {b.key}"
        if key not in out:
            out.append(key)
    return out


def coverage(analysis: Analysis, *key_sets: set[str] | frozenset[str]) -> tuple[float, float]:
    """(share of slot weight, share of bigrams) found in any of ``key_sets``."""
    total = analysis.total_weight
    if total <= 0:
        return 0.0, 0.0

    def found(key: str) -> bool:
        return any(key in keys for keys in key_sets)

    held = sum(s.weight for s in analysis.slots if s.keys and (
        all(found(k) for k in s.keys) if s.needs_all else any(found(k) for k in s.keys)))
    if not analysis.bigrams:
        return held / total, 1.0
    pairs = sum(1 for b in analysis.bigrams if found(b))
    return held / total, pairs / len(analysis.bigrams)
