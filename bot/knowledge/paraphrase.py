"""How a question's everyday wording may be written in the documents: "thay thế" asked,
"hết hiệu lực" written; "khuyến khích" asked, "động viên" written.

``paraphrase_vi.tsv`` lists, for a question phrase, the document phrases that say the same
thing (hand-written, directional, conservative; see the README). A question phrase found in
the table becomes one slot whose alternatives are the phrase itself and each document phrase,
matched as the corpus's word pairs, so "áp dụng cho ai" is held by a passage that says
"đối tượng thực hiện" only when the table says so.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.knowledge.index import FOLDED, SearchIndex
from bot.knowledge.textnorm import fold_word, has_diacritics, nfc

TABLE = Path(__file__).with_name("paraphrase_vi.tsv")
LONGEST = 3


class Paraphrases:
    def __init__(self, entries: dict[str, list[str]],
                 asked: dict[str, set[str]] | None = None) -> None:
        self.entries = entries  # folded question phrase → document phrases (as written)
        self.asked = asked or {}  # folded question phrase → its forms with marks

    @classmethod
    def read(cls, path: Path = TABLE) -> Paraphrases:
        entries: dict[str, list[str]] = {}
        forms: dict[str, set[str]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                asked, _tab, written = line.partition("\t")
                asked, written = nfc(asked.strip().lower()), nfc(written.strip().lower())
                if asked and written and not asked.startswith("#"):
                    entries.setdefault(_folded(asked), []).append(written)
                    forms.setdefault(_folded(asked), set()).add(asked)
        return cls(entries, forms)

    def renderings(self, folded_phrase: str, typed: str | None = None) -> list[str]:
        """The document phrases for a question phrase; a word ``typed`` with marks must be
        the table's own word ("mới" is not "mời", though both are "moi")."""
        if typed is not None and folded_phrase in self.asked and not any(
                _fits(typed, form) for form in self.asked[folded_phrase]):
            return []
        return self.entries.get(folded_phrase, [])


def _fits(typed: str, form: str) -> bool:
    typed_words, form_words = nfc(typed.lower()).split(), form.split()
    return len(typed_words) == len(form_words) and all(
        t == f or not has_diacritics(t) for t, f in zip(typed_words, form_words, strict=True))


def phrase_key(phrase: str) -> str:
    """The index key standing for a phrase: a word's own key, a longer phrase's first pair
    ("hết hiệu lực" → "hết hiệu": the pair that is only ever that phrase's beginning)."""
    words = [fold_word(w) for w in phrase.split()]
    return FOLDED + " ".join(words[:2])


def held_keys(renderings: list[str], index: SearchIndex) -> list[str]:
    """The keys of the renderings the corpus holds, in order, without repeats."""
    out: list[str] = []
    for phrase in renderings:
        key = phrase_key(phrase)
        if key not in out and index.has(key):
            out.append(key)
    return out


def _folded(phrase: str) -> str:
    return " ".join(fold_word(w) for w in phrase.split())


@lru_cache(maxsize=1)
def paraphrases() -> Paraphrases:
    return Paraphrases.read()
