"""Words, not syllables, in a question: the phrases the documents may word otherwise, the
syllables that belong together, and the pairs the question itself puts side by side."""

from __future__ import annotations

from itertools import pairwise

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.paraphrase import LONGEST as LONGEST_PHRASE
from bot.knowledge.paraphrase import held_keys, paraphrases, phrase_key
from bot.knowledge.slots import Slot, Token
from bot.knowledge.spelt import pair_count
from bot.knowledge.textnorm import fold_word

UNIT_MIN = 5  # a pair of syllables seen this often in the corpus is written as one word


def with_phrases(toks: list[Token], slots: list[Slot], index: SearchIndex,
                  others: dict[str, list[str]]) -> list[Slot]:
    """A phrase of the question that the documents may word otherwise ("thay thế" →
    "hết hiệu lực"; an English phrase's other renderings) becomes one slot held by the
    phrase or by any of its renderings."""
    table = paraphrases()
    by_word = {s.word: s for s in slots if not s.needs_all}
    out = list(slots)
    read = [fold_word((t.key or t.word).lstrip(FOLDED)) for t in toks]
    typed = [fold_word(t.word) for t in toks]
    i = 0
    while i < len(toks):
        step = 1
        for n in range(min(LONGEST_PHRASE, len(toks) - i), 0, -1):
            run = toks[i:i + n]
            if all(t.stop for t in run) or any(
                    t.group >= 0 or t.segment != run[0].segment for t in run):
                continue
            parts = [None if t.stop else by_word.get(t.word) for t in run]
            if any(p is None and not t.stop for p, t in zip(parts, run, strict=True)):
                continue
            for folded in dict.fromkeys((" ".join(read[i:i + n]), " ".join(typed[i:i + n]))):
                if folded not in table.entries and not others.get(folded):
                    continue  # as read, else as typed: neither has another wording
                renderings = table.renderings(folded, " ".join(t.word for t in run))
                english = _english_keys(" ".join(t.word for t in run),
                                        others.get(folded, []), index)
                if renderings or english:
                    break
            else:
                continue
            if _inside_word(toks, i, n, index):  # looked at only for a phrase with renderings
                continue
            alternatives = held_keys(renderings, index)
            alternatives += [k for k in english if k not in alternatives]
            found = [p for p in parts if p is not None]
            if n == 1:
                found[0].keys += tuple(k for k in alternatives if k not in found[0].keys)
            else:
                own = phrase_key(folded)
                out = [s for s in out if all(s is not p for p in found)]
                # an English word rendered in several syllables is one word of the question:
                # it weighs as its rarest syllable, not as all of them typed
                weights = [p.weight for p in found]
                weight = max(weights) if english and not renderings else sum(weights)
                out.append(Slot(" ".join(t.word for t in run),
                                (own, *(k for k in alternatives if k != own)), weight))
            step = n
            break
        i += step
    return out


def _english_keys(chosen: str, renderings: list[str], index: SearchIndex) -> list[str]:
    """The keys of an English phrase's other renderings the corpus holds: each by its rarest
    word pair (its rarest word, for one word), which only that rendering has ("giáo dục mầm
    non" by "mầm non", not "giáo dục"); a rendering holding the chosen one, as written, adds
    nothing ("sử dụng" does not hold "dùng": its folded "dung" is another word)."""
    out: list[str] = []
    for phrase in renderings:
        folded = [fold_word(w) for w in phrase.split()]
        if not folded or f" {chosen} " in f" {phrase} ":
            continue
        grams = [f"{a} {b}" for a, b in pairwise(folded)] or folded
        keys = [FOLDED + g for g in grams]
        held = [(index.df(k), k) for k in keys if index.has(k)]
        if len(held) == len(keys):
            key = min(held)[1]
            if key not in out:
                out.append(key)
    return out


def _inside_word(toks: list[Token], i: int, n: int, index: SearchIndex) -> bool:
    """Whether ``toks[i:i + n]`` starts or ends inside a word the corpus often writes
    ("hình thức khen" of "hình thức khen thưởng")."""
    def joined(a: Token, b: Token) -> bool:
        return (a.segment == b.segment and not a.stop and not b.stop
                and pair_count(index, _typed_of(a), _typed_of(b), UNIT_MIN) >= UNIT_MIN)
    before = toks[i - 1] if i > 0 else None
    after = toks[i + n] if i + n < len(toks) else None
    return bool(before and joined(before, toks[i])) or bool(
        after and joined(toks[i + n - 1], after))


def _folded_of(tok: Token) -> str:
    return fold_word((tok.key or tok.word).lstrip(FOLDED))


def _typed_of(tok: Token) -> str:
    """The word as typed, with its marks, unless it was read as another word (a slip)."""
    folded = _folded_of(tok)
    return tok.word if fold_word(tok.word) == folded else folded


def find_partners(toks: list[Token], slots: list[Slot], index: SearchIndex) -> None:
    """Mark the syllables the question puts into a word the corpus often writes ("hội nghị",
    "tổng kết"): a piece that holds them apart ("xã hội", "nghị quyết") holds them less."""
    by_word = {s.word: s for s in slots if not s.needs_all}
    for a, b in pairwise(toks):
        if a.segment != b.segment or a.stop or b.stop or not (a.key and b.key) or (
                a.group >= 0 and a.group == b.group):
            continue
        key = f"{FOLDED}{fold_word(a.key.lstrip(FOLDED))} {fold_word(b.key.lstrip(FOLDED))}"
        if pair_count(index, _typed_of(a), _typed_of(b), UNIT_MIN) < UNIT_MIN:
            continue
        for tok in (a, b):
            slot = by_word.get(tok.word)
            if slot is not None and key not in slot.partners:
                slot.partners += (key,)


def adjacent(toks: list[Token]) -> frozenset[tuple[str, str]]:
    """Every pair of neighbouring words as typed or corrected, folded (a shorthand's words
    included): what the question itself puts together."""
    def folded(tok: Token) -> str:
        return fold_word((tok.key or tok.word).lstrip(FOLDED))
    return frozenset((folded(a), folded(b)) for a, b in pairwise(toks) if a.segment == b.segment)
