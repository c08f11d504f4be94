"""Slips in the words that only make a question: "cjo em hỏi", "hna nộp", "ngày nnào".

A question word or a function word typed with one letter wrong is none of the documents'
words, so it would count as an unknown content word and sink the answer. Such a token, when
the corpus does not hold it and exactly one question or function word is one edit away, is
read as that word (folded: "cjo" → "cho"), before the question's kind and intent are read.
Never as an English word: "yêu" is not a slip of "you".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from bot.knowledge.filler import filler_words
from bot.knowledge.glossary import INTENT_VI
from bot.knowledge.textnorm import (
    QUESTION_PHRASES,
    SHORTHANDS,
    STOP_EN,
    STOP_EXACT,
    STOP_FOLDED,
    edit_distance_le1,
    fold_word,
    has_diacritics,
)
from bot.knowledge.understand import CHAT, KIND_WORDS

_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Folded words of the phrases that ask (intent, kind, filler) and the function words."""
    phrases = [*INTENT_VI, *QUESTION_PHRASES, *(p for ps in KIND_WORDS.values() for p in ps),
               *filler_words()]
    found = {fold_word(w) for p in phrases for w in p.split()} | set(STOP_FOLDED)
    vietnamese = {fold_word(w) for w in STOP_EXACT}
    english = (STOP_EN | {"hi", "hello", "dear", "thank", "thanks"}) - vietnamese
    return frozenset(w for w in found if len(w) >= 2 and w.isalpha() and w not in english)


@lru_cache(maxsize=1)
def asking_words() -> frozenset[str]:
    """Folded words of the phrases that ask: a slip is more likely one of these than of a
    polite or function word."""
    phrases = [*INTENT_VI, *QUESTION_PHRASES, *(p for ps in KIND_WORDS.values() for p in ps)]
    return frozenset(fold_word(w) for p in phrases for w in p.split()) - set(filler_words())


@lru_cache(maxsize=1)
def _spellings() -> dict[str, frozenset[str]]:
    """Folded question word → the ways it is written with its marks ("deu" → "đều")."""
    words = {w for p in (*INTENT_VI, *QUESTION_PHRASES) for w in p.split()} | set(STOP_EXACT)
    out: dict[str, set[str]] = {}
    for word in words:
        if has_diacritics(word):
            out.setdefault(fold_word(word), set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


def _fits_marks(word: str, candidate: str) -> bool:
    """A word typed with marks is a slip of a question word only when one of that word's
    written forms is one letter away too: "nnào" of "nào", not "yêu" of "đều"."""
    if not has_diacritics(word):
        return True
    written = _spellings().get(candidate)
    return written is None or any(edit_distance_le1(w, word.lower()) for w in written)


def repair(text: str, known: Callable[[str], bool],
           together: Callable[[str, str], bool] = lambda a, b: False,
           correct: Callable[[str, str | None, str | None], str | None] = lambda w, a, b: None,
           ) -> str:
    """``text`` with each slip of a question word put right; ``known(folded)``: whether the
    corpus holds a word; ``together(a, b)``: whether it holds the two side by side;
    ``correct(folded, left, right)``: the corpus word a typo most likely meant, beside its
    neighbours. A slip that is more likely one of the documents' words ("lậut" of "luật", not
    of "lâu") is left for the search to put right."""
    vocabulary = question_words()
    found = list(_TOKEN.finditer(text))
    folded_all = [fold_word(m.group(0)) for m in found]
    out, last = [], 0
    for i, m in enumerate(found):
        left = folded_all[i - 1] if i else None
        right = folded_all[i + 1] if i + 1 < len(found) else None
        fixed = _fix(m.group(0), folded_all[i], vocabulary, known, correct, left, right)
        if fixed != m.group(0):
            out += [text[last:m.start()], fixed]
            last = m.end()
    return _in_phrases("".join(out) + text[last:], together)


def _fix(word: str, folded: str, vocabulary: frozenset[str], known: Callable[[str], bool],
         correct: Callable[[str, str | None, str | None], str | None], left: str | None,
         right: str | None) -> str:
    if (len(folded) < 3 or folded in vocabulary or folded in SHORTHANDS or folded in CHAT
            or known(folded)):
        return word
    meant = correct(folded, left, right)
    if meant is not None and meant not in vocabulary:
        return word
    near = [v for v in vocabulary if abs(len(v) - len(folded)) <= 1
            and edit_distance_le1(v, folded) and _fits_marks(word, v)]
    same = [v for v in near if len(v) == len(folded)]  # a letter swapped or mistyped
    for found in (same, near):
        asking = [v for v in found if v in asking_words()]
        for choice in (found, asking):  # "hna": "hạn" asks, "nha" is only polite
            if len(choice) == 1:
                return choice[0]
    return word


@lru_cache(maxsize=1)
def _pairs() -> frozenset[tuple[str, str]]:
    """The two-word phrases that ask ("bao nhiêu", "khi nào"), folded."""
    phrases = [*QUESTION_PHRASES, *(p for ps in KIND_WORDS.values() for p in ps), *_WHEN]
    return frozenset((a, b) for a, b in (fold_word(p).split() for p in phrases
                                         if len(p.split()) == 2) if {a, b} & _WH)


_WHEN = ("ngày nào", "ngày mấy", "tháng nào", "tháng mấy", "năm nào", "khi nào", "lúc nào",
         "hôm nào", "tuần nào", "bao giờ", "mấy giờ")
"""The asking phrases of a date ("trước ngày nà" is "trước ngày nào")."""


_WH = frozenset({"nao", "gi", "dau", "ai", "sao", "may", "nhieu", "gio"})


def _in_phrases(text: str, together: Callable[[str, str], bool]) -> str:
    """A word one letter from its place in an asking phrase, beside the phrase's other word,
    is that word ("bai nhiêu" → "bao nhiêu"), unless it is itself a question or function
    word ("năm nay" is not "năm nào") or the corpus writes it beside its phrase's word or its
    other neighbour ("yêu cầu gì" is not "yêu cái gì")."""
    words = list(_TOKEN.finditer(text))
    folded = [fold_word(w.group(0)) for w in words]
    vocabulary = question_words()
    out, last = [], 0
    for i, (first, second) in enumerate(pairwise(words)):
        pair = (folded[i], folded[i + 1])
        before = folded[i - 1] if i > 0 else None
        after = folded[i + 2] if i + 2 < len(folded) else None
        if first.start() < last or together(*pair):
            continue  # a word put right already, or words the corpus writes side by side
        for a, b in _pairs():
            if pair[1] == b and pair[0] != a and _slip_in_phrase(first.group(0), pair[0], a,
                                                                 vocabulary) and not (
                    before and together(before, pair[0])):
                out += [text[last:first.start()], a]
                last = first.end()
            elif pair[0] == a and pair[1] != b and _slip_in_phrase(second.group(0), pair[1],
                                                                   b, vocabulary) and not (
                    after and together(pair[1], after)):
                out += [text[last:second.start()], b]
                last = second.end()
            else:
                continue
            break
    return "".join(out) + text[last:]


def _slip_in_phrase(word: str, folded: str, meant: str, vocabulary: frozenset[str]) -> bool:
    return (folded not in vocabulary and len(folded) >= 2 and edit_distance_le1(meant, folded)
            and _fits_marks(word, meant))
