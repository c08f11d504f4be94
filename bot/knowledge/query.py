"""Turn a question into slots: intent, English lexicon, shorthands, typos, synonyms.

A question typed with diacritics is matched on exact words (a word whose diacritics differ is a
different word: "lương" is not "lượng"); one typed without is matched on folded words. Each
content word becomes a *slot* (``slots.py``) with its alternatives; coverage decides whether an
answer is confident.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.knowledge.abbreviations import add_abbreviations
from bot.knowledge.frames import (
    asks_recipients,
    drop_asking_verb,
    drop_only_then,
    drop_yes_no,
    signer_marks,
)
from bot.knowledge.glossary import (
    EN_FILLER,
    EN_ONLY,
    rewrite,
    strip_intent,
    synonyms_of,
)
from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.kinds import DATE, LIST, NUMBER
from bot.knowledge.lexicon import lexicon
from bot.knowledge.phrases import remove_question_phrases
from bot.knowledge.slips import repair
from bot.knowledge.slots import (
    Analysis,
    Slot,
    Token,
    ask_coverage,
    coverage,
    largest_missing,
)
from bot.knowledge.spelling import context_alternatives, resolve
from bot.knowledge.spelt import spellings_beside
from bot.knowledge.textnorm import (
    AMBIGUOUS,
    SHORTHANDS,
    STOP_EN,
    STOP_EXACT,
    STOP_FOLDED,
    fold,
    fold_word,
    has_diacritics,
    words,
)
from bot.knowledge.understand import (
    CHAT,
    answer_kind,
    counted,
    counted_english,
    drop_kind_words,
    normalise,
    which_words,
)
from bot.knowledge.wording import adjacent, find_partners, with_phrases

__all__ = ["Analysis", "Slot", "analyse", "ask_coverage", "coverage", "is_english",
           "largest_missing"]

UNKNOWN_EN_FACTOR = 0.5  # an English word outside the glossary counts half
WEAK_FACTOR = 0.5  # weight of a word that may be a function word typed without diacritics


def analyse(question: str, index: SearchIndex) -> Analysis:
    if not is_english(normalise(question), index):
        question = repair(question, lambda folded: index.has(FOLDED + folded),
                          lambda a, b: index.count(f"{FOLDED}{a} {b}") > 0, index.correct)
    text = normalise(signer_marks(question))
    kind = answer_kind(text)
    recipients = asks_recipients(text)  # "kế hoạch gửi cho những ai": its "Nơi nhận"
    if recipients:
        kind = LIST
    text, deadline = strip_intent(text)
    text = drop_yes_no(drop_kind_words(drop_asking_verb(drop_only_then(text)), kind))
    text = rewrite(remove_question_phrases(text))
    english = is_english(text, index)
    if recipients:
        text += " recipient list" if english else " nơi nhận"
    others: dict[str, list[str]] = {}  # an English phrase's other renderings
    toks = _tokens(text, english, index, others)
    typed = words(question)
    unmarked = not english and sum(map(has_diacritics, typed)) < MARKED_SHARE * len(typed)
    for i, tok in enumerate(toks):
        tok.stop = _is_stop(tok, english)
        tok.weak = (not tok.proper and not has_diacritics(tok.word) and tok.word in AMBIGUOUS
                    and index.context(tok.word, *_neighbours(toks, i)) == 0)
        if (unmarked and not tok.stop and not tok.proper and tok.word in AMBIGUOUS
                and not has_diacritics(tok.word)):
            tok.stop = _function_word_here(tok.word, index, *_neighbours(toks, i))
        if not tok.stop:
            tok.key = resolve(tok, index, *_neighbours(toks, i))
    slots = with_phrases(toks, _slots(toks, english, index), index, others)
    if english:
        _weigh_absent_names(slots, question)
    find_partners(toks, slots, index)
    if not english:
        add_abbreviations(toks, slots, index)
    asked = normalise(question)
    unit = counted(asked) if kind == NUMBER else None
    if english and kind == NUMBER:
        unit = counted_english(asked, lambda noun: _rendered(noun, index))
    return Analysis(slots, _bigrams(toks), deadline or kind == DATE, english, kind, text, unit,
                    asked, adjacent(toks), which_words(asked))


_NAME_WORD = re.compile(r"(?<=[\w,;)] )[A-Z][a-z]+\b")


def _weigh_absent_names(slots: list[Slot], question: str) -> None:
    """A name in an English question (a capitalised word inside it, not translated) that no
    document holds ("Hoa Sen kindergarten"): whatever else they hold, the documents are not
    about it, so it weighs as much as the rest of the question."""
    names = {w.lower() for w in _NAME_WORD.findall(question)}
    absent = [s for s in slots if not s.keys and s.word in names]
    rest = sum(s.weight for s in slots if not any(s is a for a in absent))
    for slot in absent:
        slot.weight = max(slot.weight, rest)


def _rendered(english: str, index: SearchIndex) -> list[str]:
    """The pieces of an English phrase the lexicon renders in the documents' Vietnamese."""
    return [piece for piece, done in lexicon().translate(english, index) if done]


FUNCTION_SHARE = 0.8  # of the corpus's spellings beside the same neighbours
MARKED_SHARE = 0.6  # of a question's words typed with marks: below it, it was typed without


def _function_word_here(word: str, index: SearchIndex, left: str | None, right: str | None
                        ) -> bool:
    """A word typed without marks that the documents, beside the same neighbours, nearly
    always write as a function word ("co nhung": "có những", not "cờ")."""
    found = spellings_beside(index, word, left, right)
    total = sum(found.values())
    return total > 0 and sum(n for w, n in found.items() if w in STOP_EXACT) >= (
        FUNCTION_SHARE * total)


def _neighbours(toks: list[Token], i: int) -> tuple[str | None, str | None]:
    left = fold_word(toks[i - 1].word) if i > 0 else None
    right = fold_word(toks[i + 1].word) if i + 1 < len(toks) else None
    return left, right


def _slots(toks: list[Token], english: bool, index: SearchIndex) -> list[Slot]:
    """One slot per distinct content word; one for all the words of a shorthand."""
    slots: list[Slot] = []
    seen: set[str] = set()
    groups: dict[int, Slot] = {}
    for i, tok in enumerate(toks):
        if tok.stop or tok.word in seen:
            continue
        seen.add(tok.word)
        slot = _slot(tok, english, index, *_neighbours(toks, i))
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


_VOWELS = frozenset("aeiouy")


def _tokens(text: str, english: bool, index: SearchIndex,
            renderings: dict[str, list[str]]) -> list[Token]:
    """Words of the question; a shorthand or an initialism becomes the words it stands for
    (the curated list first, then the corpus's own phrases: "pgd" → phòng giáo dục)."""
    pieces = lexicon().renderings(text, index) if english else [(text, False, [])]
    out: list[Token] = []
    for i, (piece, from_glossary, others) in enumerate(pieces):
        if others:
            renderings[" ".join(fold_word(w) for w in piece.split())] = others
        found = words(piece)
        for j, word in enumerate(found):
            folded = fold_word(word)
            expansion = SHORTHANDS.get(folded)
            spelt = expansion is not None  # the curated list writes its marks
            if expansion is None and _initialism(folded, index):
                left = fold_word(out[-1].word) if out else None
                right = fold_word(found[j + 1]) if j + 1 < len(found) else None
                phrase = index.expand_initials(folded, left, right)
                expansion = " ".join(phrase) if phrase else None
            if expansion:
                group = len(out)  # the corpus's phrase is folded: "giao" there is not giao
                out.extend(Token(w, spelt, i, group) for w in expansion.split())
            else:
                out.append(Token(word, from_glossary, i))
    return out


_EN_WORD = re.compile(r"[a-z]+")


def is_english(text: str, index: SearchIndex) -> bool:
    """Most words are English ones: in the lexicon or English-only function words, and not
    syllables the documents hold or shorthand ("skkn", "can" for cần)."""
    found = _EN_WORD.findall(fold(text))
    if not found:
        return False
    lex = lexicon()

    def english(w: str) -> bool:
        if w in EN_ONLY:
            return True
        if w in SHORTHANDS or w in CHAT or not _VOWELS & set(w) or index.has(FOLDED + w):
            return False
        return w in STOP_EN or w in EN_FILLER or lex.knows(w)

    return sum(1 for w in found if english(w)) >= max(1, 0.4 * len(found))


def _initialism(folded: str, index: SearchIndex) -> bool:
    """A run of consonants ("pgd", "lđtt") is never a Vietnamese syllable: it is initials."""
    return (2 <= len(folded) <= 7 and folded.isalpha() and not _VOWELS & set(folded)
            and not index.has(FOLDED + folded))


def _is_stop(tok: Token, english: bool) -> bool:
    if tok.proper:
        return tok.group < 0 and tok.word in STOP_EXACT  # "phải", "ai" from a translation
    if english and (tok.word in STOP_EN or tok.word in EN_FILLER):
        return True
    if has_diacritics(tok.word):
        return tok.word in STOP_EXACT
    return fold_word(tok.word) in STOP_FOLDED


def _slot(tok: Token, english: bool, index: SearchIndex, left: str | None,
          right: str | None) -> Slot:
    keys = [tok.key] if tok.key else []
    for alt in synonyms_of(_exact_of(tok)):
        key = alt if tok.proper and has_diacritics(alt) else FOLDED + fold_word(alt)
        if index.has(key) and key not in keys:
            keys.append(key)
    if tok.key and not tok.proper and len(tok.word) >= 2 and tok.word.isalpha() and (
            left or right):
        keys += context_alternatives(tok, index, left, right, keys)
    if keys:
        weight = index.idf(keys[0])
    else:
        factor = UNKNOWN_EN_FACTOR if english and tok.word.isascii() else 1.0
        weight = index.max_idf * factor
    return Slot(tok.word, tuple(keys), weight)


def _exact_of(tok: Token) -> str:
    return tok.key if tok.key and not tok.key.startswith(FOLDED) else tok.word


def _bigrams(toks: list[Token]) -> list[str]:
    """Keys of adjacent content-word pairs; a pair with an unknown word can never match. A
    shorthand's own pairs ("skkn": "sáng kiến", "kiến kinh", …) count only in a question with
    fewer than ``FEW_PAIRS`` pairs besides ("skkn cần đạt bao nhiêu %")."""
    out = _pairs(toks, inside=False)
    return out if len(out) >= FEW_PAIRS else _pairs(toks, inside=True)


FEW_PAIRS = 3


def _pairs(toks: list[Token], inside: bool) -> list[str]:
    out: list[str] = []
    for a, b in pairwise(toks):
        if a.segment != b.segment or a.stop or b.stop or a.weak or b.weak or (
                a.group >= 0 and a.group == b.group and not (inside and a.proper)):
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

