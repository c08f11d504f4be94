"""Which sense an English word takes in the documents' Vietnamese: the one the asker typed
beside it ("a certificate of merit (Bằng khen)"), the one a year names ("the 2022 law"), the
one the documents write beside its neighbour ("school year" → "năm học"), the one that keeps
company with the question's other words ("certificates" beside "flags" → "bằng khen").

A piece is (its chosen rendering, translated, its other renderings), as ``lexicon`` makes it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.textnorm import fold, fold_word

COMPANY_MARGIN = 1.2  # how much more company another sense keeps, to be taken
GLOSS_BACK = 6  # pieces looked back over for the English a Vietnamese gloss names


def glossed(pieces: list[tuple[str, bool, list[str]]]
            ) -> tuple[list[tuple[str, bool, list[str]]], set[int]]:
    """Vietnamese the asker typed beside their English ("a certificate of merit (Bằng khen)")
    says which rendering they mean: the English piece before it that may be rendered so is
    rendered so, and the gloss is not asked twice. Also: the pieces so chosen, which no
    neighbour's company may choose otherwise."""
    out = list(pieces)
    chosen_at: list[int] = []
    for i in range(len(out) - 1, -1, -1):
        gloss, done, _others = out[i]
        if done or gloss.isascii():
            continue
        for j in range(i - 1, max(-1, i - 1 - GLOSS_BACK), -1):
            chosen, translated, others = out[j]
            if translated and gloss in (chosen, *others):
                out[j] = (gloss, True, [r for r in (chosen, *others) if r != gloss])
                del out[i]
                chosen_at = [k - 1 if k > i else k for k in chosen_at] + [j]
                break
    return out, set(chosen_at)


_YEAR = re.compile(r"(?:19|20)\d\d")


def named_by_year(pieces: list[tuple[str, bool, list[str]]]) -> set[int]:
    """The pieces a year names ("the 2022 law", "the 2024 plan"): Luật 2022 itself, in its
    first sense, whatever word follows ("the 2022 law provide" is not "pháp luật quy định")."""
    return {i for i in range(1, len(pieces)) if pieces[i][1] and not pieces[i - 1][1]
            and _YEAR.fullmatch(pieces[i - 1][0].split()[-1])}


JOINERS = frozenset({"of", "for", "in", "on", "at"})  # "forms of emulation"
JOIN_MIN = 2  # passages writing two renderings as one phrase, for the question to join them
READ_MAX = 16  # passages read through per phrase: enough to compare two senses, and quick
_CHOICES = 10  # the renderings of a piece tried for a join
SENSES = 6  # the renderings of a piece weighed by the company they keep


def in_vietnamese_order(pieces: list[tuple[str, bool, list[str]]], glossed: set[int],
                         index: SearchIndex) -> list[tuple[str, bool, list[str]]]:
    """Each English word in the sense the documents give it beside its neighbour: of two
    translated pieces, side by side or joined by "of", "for", "in", the renderings that
    passages of the corpus write as one phrase are chosen ("school year" → "năm học", not
    "trường … năm"; "titles for individuals" → "danh hiệu" + "cá nhân")."""
    out = list(pieces)
    fixed: set[int] = set(glossed)
    for i, piece in enumerate(out):
        if not piece[1] or i == 0 or i in glossed:
            continue
        at = i - 1
        if not out[at][1] and out[at][0] in JOINERS and at > 0:
            at -= 1
        if not out[at][1] or at in glossed:
            continue
        left, right = [out[at][0], *out[at][2]], [piece[0], *piece[2]]
        chosen = _joined_phrase(left, right, index, either_way=at == i - 1)
        if chosen is not None:
            a, b = chosen
            out[at] = (a, True, [r for r in left if r != a])
            out[i] = (b, True, [r for r in right if r != b])
            fixed.update((at, i))
    _by_company(out, fixed, index)
    return out


def _by_company(pieces: list[tuple[str, bool, list[str]]], fixed: set[int],
                index: SearchIndex) -> None:
    """Each translated word in the sense whose rendering keeps company, in the documents, with
    the renderings of the question's other words: "certificates" beside "flags" is "bằng
    khen", not "giấy chứng nhận". Company is the Dice overlap of the passages holding each
    (a rendering by its rarest word pair), summed over the other words; a sense other than the
    first is taken when it keeps ``COMPANY_MARGIN`` times as much company."""
    docs_of: dict[str, set[int]] = {}

    def docs(vi: str) -> set[int]:
        folded = [fold_word(w) for w in vi.split()]
        grams = [f"{FOLDED}{a} {b}" for a, b in pairwise(folded)] or [FOLDED + folded[0]]
        key = min(grams, key=index.df)
        if key not in docs_of:
            found = index.postings.get(key)
            docs_of[key] = set(found[0]) if found else set()
        return docs_of[key]

    def company(vi: str, others: list[set[int]]) -> float:
        own = docs(vi)
        return sum(2 * len(own & o) / (len(own) + len(o) or 1) for o in others)

    translated = [i for i, p in enumerate(pieces) if p[1] and _held(p[0], index)]
    for i in translated:
        senses = [r for r in [pieces[i][0], *pieces[i][2]][:SENSES] if _held(r, index)]
        if i in fixed or len(senses) < 2:
            continue
        others = [docs(pieces[j][0]) for j in translated if j != i]
        if not others:
            return
        scores = [company(r, others) for r in senses]
        best = max(range(len(senses)), key=lambda k: (scores[k], -k))
        if best and scores[best] > COMPANY_MARGIN * scores[0]:
            every = [pieces[i][0], *pieces[i][2]]
            pieces[i] = (senses[best], True, [r for r in every if r != senses[best]])


def _joined_phrase(left: list[str], right: list[str], index: SearchIndex, *,
                   either_way: bool) -> tuple[str, str] | None:
    """The renderings of ``left`` and ``right`` whose phrase the most
    passages write word for word (earlier renderings first on a tie); None when fewer than
    ``JOIN_MIN`` passages write any. Side by side, either may come first in Vietnamese (a
    noun after the one it names, "school year" → "năm học"; a verb before its object); joined
    by "of" they keep their order ("forms of emulation" → "hình thức thi đua")."""
    best: tuple[int, int, tuple[str, str]] | None = None
    for i, a in enumerate(r for r in left[:_CHOICES] if _held(r, index)):
        for j, b in enumerate(r for r in right[:_CHOICES] if _held(r, index)):
            for phrase in (f"{a} {b}", f"{b} {a}")[:2 if either_way else 1]:
                count = phrase_count(phrase, index)
                if count >= JOIN_MIN and (best is None or (-i - j, count) > best[:2]):
                    best = (-i - j, count, (a, b))
    return best[2] if best else None


def _held(vi: str, index: SearchIndex) -> bool:
    return bool(vi) and all(index.has(FOLDED + fold_word(w)) for w in vi.split())


def phrase_count(phrase: str, index: SearchIndex) -> int:
    """How many passages write ``phrase`` word for word (diacritics aside, no punctuation
    between), of the first ``READ_MAX`` passages holding its rarest word pair."""
    folded = [fold_word(w) for w in phrase.split()]
    postings = [index.postings.get(f"{FOLDED}{a} {b}") for a, b in pairwise(folded)]
    if not postings or any(p is None for p in postings):
        return 0
    rarest = min(postings, key=lambda p: len(p[0]))[0]  # type: ignore[index]
    if len(rarest) < JOIN_MIN:
        return 0
    wanted = re.compile(rf"(?<!\w){re.escape(' '.join(folded))}(?!\w)")
    return sum(1 for d in rarest[:READ_MAX]
               if wanted.search(" ".join(fold(index.passages[d].text).split())))
