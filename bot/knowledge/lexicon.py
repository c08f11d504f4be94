"""English questions in the documents' Vietnamese, through a bilingual lexicon.

``en_vi.tsv`` (about 20,000 pairs, 8,900 English terms) was written by the team from the
vocabulary of the shipped plans and the emulation and commendation law and circulars; see the
README. An English phrase becomes the first of its renderings that the corpus holds ("office" →
phòng or văn phòng, whichever the documents use), longest phrases first; words it does not know
stay as typed, so names ("Binh Phuoc") still match the documents' folded words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from bot.knowledge.english_senses import glossed, in_vietnamese_order, named_by_year
from bot.knowledge.glossary import EN_FILLER, EN_VI
from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.textnorm import STOP_EN, deletes, edit_distance_le1, fold_word, nfc

LEXICON = Path(__file__).with_name("en_vi.tsv")
CORE = Path(__file__).with_name("en_vi_core.tsv")  # everyday words, after the domain's own
MAX_PHRASE = 6
QUESTION_WORDS = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "how"})
MEASURES = frozenset({"long", "often", "much", "many", "far", "soon", "time", "date", "day",
                      "year", "month", "period"})
SKIP = STOP_EN | EN_FILLER
_WORD = re.compile(r"[^\W_]+(?:[-'&/.][^\W_]+)*|%")  # Vietnamese words in it stay whole


class Lexicon:
    def __init__(self, entries: dict[str, list[str]]) -> None:
        self.entries = entries
        self.longest = max((len(k.split()) for k in entries), default=1)
        self._deletes: dict[str, set[str]] | None = None

    @classmethod
    def read(cls, *paths: Path) -> Lexicon:
        entries: dict[str, list[str]] = {}
        for path in paths or (LEXICON, CORE):
            if not path.exists():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                english, _tab, vietnamese = line.partition("\t")
                english, vietnamese = english.strip().lower(), nfc(vietnamese.strip().lower())
                if english.startswith("#") or not vietnamese:
                    continue
                english = re.sub(r"['’]s\b", "", english)
                if english and vietnamese not in entries.get(english, ()):
                    entries.setdefault(english, []).append(vietnamese)
        for english, vietnamese in EN_VI.items():  # the first, smaller glossary, as a fallback
            forms = (english, singular(english), head_singular(english))
            if vietnamese and not any(form in entries for form in forms):
                entries[english] = [vietnamese]  # not over the senses of its singular
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def knows(self, word: str) -> bool:
        return word in self.entries or singular(word) in self.entries

    def translate(self, text: str, index: SearchIndex) -> list[tuple[str, bool]]:
        """(piece, translated) in order: each known phrase in the documents' Vietnamese."""
        return [(piece, done) for piece, done, _others in self.renderings(text, index)]

    def renderings(self, text: str, index: SearchIndex) -> list[tuple[str, bool, list[str]]]:
        """(piece, translated, the other renderings) in order: each known phrase in the
        documents' Vietnamese, with the other ways the documents may word it."""
        words = [_ORDINAL.sub(r"\1", w) for w in _WORD.findall(_joined(text.lower()))]
        out: list[tuple[str, bool, list[str]]] = []
        i = 0
        while i < len(words):
            n, found = self._longest(words, i)
            if found and words[i] in SKIP:
                # "what time frame": a function word opens a phrase ("what time") that hides
                # a longer one after it ("time frame"); the longer one is meant
                n_next, _next = self._longest(words, i + 1)
                if n_next and i + 1 + n_next > i + n:
                    n, found = 0, None
            if found:
                best = self._best(found, index)
                out.append((best, True, [r for r in found if r != best]))
                i += n
            elif out and not out[-1][1] and out[-1][0].split()[-1] not in SKIP and (
                    words[i] not in SKIP):
                # words the lexicon does not know, side by side, stay together: a name
                # ("hoa sen"), a place ("quận 11"), Vietnamese typed into the English
                out[-1] = (f"{out[-1][0]} {words[i]}", False, [])
                i += 1
            else:
                out.append((words[i], False, []))
                i += 1
        pieces, fixed = glossed(out)
        return in_vietnamese_order(pieces, fixed | named_by_year(pieces), index)

    def _longest(self, words: list[str], i: int) -> tuple[int, list[str] | None]:
        """The longest known phrase starting at ``words[i]``: (its length, its renderings).
        A question word opens only a measure ("how long", "what date"): "which units" and
        "how many copies" are the units and the copies, the kind of answer aside."""
        for n in range(min(self.longest, MAX_PHRASE, len(words) - i), 0, -1):
            if all(w in SKIP for w in words[i:i + n]) and not (
                    n > 1 and _counts(self._spelt(" ".join(words[i:i + n])))):
                continue  # "does", "what is": not content words; "in May" is a month
            if words[i] in QUESTION_WORDS and n > 1 and not (
                    n == 2 and words[i + 1] in MEASURES):
                continue
            found = self._lookup(" ".join(words[i:i + n]))
            if found:
                return n, found
        return 0, None

    def _lookup(self, phrase: str) -> list[str] | None:
        found = self._spelt(phrase)
        if found:
            return found
        first, _sp, rest = phrase.partition(" ")
        if rest:  # "taking part", "came into force": the verb's base form
            for base in verb_bases(first):
                found = self._spelt(f"{base} {rest}")
                if found:
                    return found
            return None
        for stem in stems(phrase):
            found = self.entries.get(stem)
            if found:
                return found
        return self._typo(phrase)

    def _spelt(self, phrase: str) -> list[str] | None:
        """The phrase as typed, in the singular, or in the other side's spelling
        ("organization" of "organisation", "labor" of "labour", "enroll" of "enrol")."""
        for form in dict.fromkeys((phrase, *spellings(phrase))):
            found = (self.entries.get(form) or self.entries.get(singular(form))
                     or self.entries.get(head_singular(form)))
            if found:
                return found
        return None

    def _typo(self, word: str) -> list[str] | None:
        """A one-letter slip in an English word ("whenn", "inlude"), if one known word fits."""
        if len(word) < 5 or not word.isalpha():
            return None
        if self._deletes is None:
            table: dict[str, set[str]] = {}
            for key in self.entries:
                if " " not in key and key.isalpha() and len(key) >= 4:
                    for variant in deletes(key) | {key}:
                        table.setdefault(variant, set()).add(key)
            self._deletes = table
        near = set(self._deletes.get(word, ()))
        for variant in deletes(word):
            near |= self._deletes.get(variant, set())
        near = {k for k in near if edit_distance_le1(k, word)}
        return self.entries[near.pop()] if len(near) == 1 else None

    @staticmethod
    def _best(renderings: list[str], index: SearchIndex) -> str:
        """The first rendering whose words the corpus holds, as a phrase where it can."""
        def held(vi: str) -> int:
            folded = [fold_word(w) for w in vi.split()]
            if not all(index.has(FOLDED + w) for w in folded):
                return 0
            pairs = [index.df(f"{FOLDED}{a} {b}") for a, b in pairwise(folded)]
            return 2 if all(pairs) else 1

        scored = [(held(vi), -i, vi) for i, vi in enumerate(renderings)]
        return max(scored)[2]


def _counts(renderings: list[str] | None) -> bool:
    """Whether a phrase's first rendering holds a number ("in may" → "tháng 5"): a date or a
    count is asked even when every word of it may be a function word."""
    return any(c.isdigit() for c in renderings[0]) if renderings else False


_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")  # "70th anniversary": the documents' "70 năm"


def _joined(text: str) -> str:
    """A question's English as looked up: possessives dropped, words joined by a hyphen or
    slash apart ("ministry/provincial")."""
    return re.sub(r"['’]s\b|(?<=[a-z])[-/](?=[a-z])",
                  lambda m: " " if m.group(0) in "-/" else "", text)


# American spelling → British, and back: (ending, the other side's ending)
_SPELLING = (("ization", "isation"), ("isation", "ization"), ("izing", "ising"),
             ("ising", "izing"), ("ized", "ised"), ("ised", "ized"), ("izes", "ises"),
             ("ises", "izes"), ("ize", "ise"), ("ise", "ize"), ("yze", "yse"), ("yse", "yze"),
             ("or", "our"), ("ors", "ours"), ("our", "or"), ("ours", "ors"), ("ter", "tre"),
             ("tre", "ter"), ("ense", "ence"), ("ence", "ense"), ("ll", "l"), ("l", "ll"),
             ("llment", "lment"), ("lment", "llment"), ("gram", "gramme"), ("gramme", "gram"),
             ("gment", "gement"), ("gement", "gment"))


def spellings(phrase: str) -> list[str]:
    """The phrase with one word in the other side's spelling, each way it may be."""
    words = phrase.split()
    out = []
    for i, word in enumerate(words):
        for ending, other in _SPELLING:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                out.append(" ".join([*words[:i], word[: -len(ending)] + other, *words[i + 1:]]))
    return out


def singular(phrase: str) -> str:
    """The last word's singular: "reports" → "report", "criteria" stays (listed as is)."""
    head, _sp, last = phrase.rpartition(" ")
    if last.endswith(("us", "is", "ss")):
        return phrase  # "status", "basis", "process"
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"),
                         ("xes", "x"), ("s", "")):
        if last.endswith(suffix) and len(last) > len(suffix) + 2 and not last.endswith("ss"):
            last = last[: -len(suffix)] + repl
            break
    return f"{head} {last}".strip()


# The irregular verbs questions use, past and participle → base ("took effect" → "take effect").
_IRREGULAR = {
    "took": "take", "taken": "take", "came": "come", "went": "go", "gone": "go", "gave": "give",
    "given": "give", "held": "hold", "sent": "send", "made": "make", "chose": "choose",
    "chosen": "choose", "got": "get", "gotten": "get", "paid": "pay", "met": "meet",
    "brought": "bring", "drew": "draw", "drawn": "draw", "wrote": "write", "written": "write",
    "began": "begin", "begun": "begin", "kept": "keep", "led": "lead", "found": "find",
    "told": "tell", "spent": "spend", "won": "win", "lost": "lose", "ran": "run",
    "became": "become", "broke": "break", "broken": "break", "stood": "stand", "taught": "teach",
    "sought": "seek", "bought": "buy", "put": "put", "set": "set", "cut": "cut", "laid": "lay",
    "lent": "lend", "built": "build", "dealt": "deal", "meant": "mean", "sold": "sell",
    "shown": "show", "known": "know", "knew": "know", "thought": "think", "left": "leave",
    "heard": "hear", "understood": "understand", "withdrew": "withdraw",
    "withdrawn": "withdraw", "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise",
}


def verb_bases(word: str) -> list[str]:
    """The base forms a verb in -ing or -ed, or an irregular one, may have: "taking" → take,
    tak; "took" → take. Not one in -s, which is as often a plural noun ("flags and …")."""
    out = stems(word) if word.endswith(("ing", "ed")) else []
    if word in _IRREGULAR:
        out.append(_IRREGULAR[word])
    return out


def head_singular(phrase: str) -> str:
    """The noun before "of" in the singular: "certificates of merit" → "certificate of
    merit", the phrase the lexicon lists."""
    head, of, rest = phrase.partition(" of ")
    return f"{singular(head)}{of}{rest}" if of else phrase


def stems(word: str) -> list[str]:
    """Base forms to try for an inflected word: "encouraged" → encourage, encourag; "linked"
    → link; "management" → manage."""
    out = []
    for suffix, repl in (("ied", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
                         ("ment", ""), ("ments", ""), ("ly", ""), ("d", ""), ("er", ""),
                         ("ation", "e"), ("ation", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)] + repl
            out.append(base)
            if len(base) > 3 and base[-1] == base[-2] and repl == "":
                out.append(base[:-1])  # "referred" → refer
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon.read()
