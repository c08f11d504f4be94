"""The pieces a passage is quoted by, and what it is about, cached per passage."""

from __future__ import annotations

from functools import lru_cache

from bot.knowledge.index import FOLDED, SearchIndex, passage_keys
from bot.knowledge.snippets import SHOW_MAX, Snippet, is_item, snippets, widen, with_lead_in
from bot.knowledge.textnorm import fold_word, tokens, words


@lru_cache(maxsize=64)
def _words_of(question: str) -> frozenset[str]:
    return frozenset(FOLDED + fold_word(w) for w in words(question))


_TITLE_STOP = frozenset({"dieu", "va", "cua", "cac", "doi", "voi", "ve", "trong", "cho"})

CACHE = 3_000  # passages; bounded, so a large corpus does not grow memory without end


class Pieces:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._snippets: dict[int, tuple[list[Snippet], frozenset[str]]] = {}
        self._subjects: dict[int, frozenset[str]] = {}
        self._titles: dict[int, frozenset[str]] = {}

    def __len__(self) -> int:
        """How many passages have their pieces cut and kept."""
        return len(self._snippets)

    def of(self, doc: int) -> tuple[list[Snippet], frozenset[str]]:
        """A passage's snippets, and the keys of its heading path."""
        found = self._snippets.get(doc)
        if found is None:
            passage = self.index.passages[doc]
            head = frozenset(passage_keys(tokens(passage.heading_path or passage.heading)))
            found = (snippets(passage.text), head)
            if len(self._snippets) >= CACHE:
                self._snippets.clear()
            self._snippets[doc] = found
        return found

    def title_share(self, doc: int, question: str) -> float:
        """How much of a passage's subject (its article's title, else its heading) the
        question's words make up: "Điều 9. Hình thức khen thưởng" is all of "hình thức khen
        thưởng là gì"; a long heading that merely mentions them is a small part."""
        found = self._titles.get(doc)
        if found is None:
            parts = self.index.passages[doc].heading_path.split(" > ")
            article = next((p for p in parts if p.startswith("Điều ")), parts[-1])
            found = frozenset(FOLDED + fold_word(w) for w in words(article)
                              if not w.isdigit() and fold_word(w) not in _TITLE_STOP)
            if len(self._titles) >= CACHE:
                self._titles.clear()
            self._titles[doc] = found
        return len(found & _words_of(question)) / len(found) if found else 0.0

    def quoted(self, doc: int, snippet: Snippet | None, whole_list: bool = False) -> str:
        """What an answer quotes of a passage: the piece and the lines after it that fit a
        screen; a lead-in that ends its passage ("… đạt các tiêu chuẩn sau:") with the list
        that follows in the next one (a law's article whose points are its clauses); a list
        item with the lead-in it is an item of ("Trừ 10 điểm trong các trường hợp sau:")."""
        passages = self.index.passages
        passage = passages[doc]
        piece = widen(snippet.text, passage.text) if snippet else passage.text
        if not (piece.rstrip().endswith(":") and passage.text.rstrip().endswith(piece.strip())):
            before = passages[doc - 1].text + "\n" if doc and passage.section_id is not None and (
                passages[doc - 1].section_id == passage.section_id) else ""  # a chunk before
            quote = with_lead_in(piece, before + passage.text)
            return quote + self._list_after(doc, quote) if whole_list else quote
        parts = [piece]
        for after in passages[doc + 1:doc + 12]:
            if after.plan_id != passage.plan_id or not after.heading_path.startswith(
                    passage.heading_path) or sum(map(len, parts)) >= SHOW_MAX:
                break
            parts.append(after.text)
        return "\n".join(parts)

    def _list_after(self, doc: int, quote: str) -> str:
        """The items that go on in the section's next chunk, when a quote ends with one."""
        passages = self.index.passages
        lines = quote.rstrip().split("\n")
        if not (is_item(lines[-1]) and passages[doc].text.rstrip().endswith(lines[-1].strip())
                and doc + 1 < len(passages) and passages[doc].section_id is not None
                and passages[doc + 1].section_id == passages[doc].section_id):
            return ""
        more: list[str] = []
        for line in passages[doc + 1].text.split("\n"):
            if not is_item(line) or sum(map(len, more)) >= 2 * SHOW_MAX:
                break
            more.append(line)
        return "".join("\n" + line for line in more)

    def subject(self, doc: int) -> frozenset[str]:
        """The keys of what a passage is about: its article's title in a law ("Điều 24.
        Danh hiệu Lao động tiên tiến"), else its own heading."""
        found = self._subjects.get(doc)
        if found is None:
            parts = self.index.passages[doc].heading_path.split(" > ")
            article = next((p for p in parts if p.startswith("Điều ")), parts[-1])
            found = frozenset(passage_keys(tokens(article)))
            if len(self._subjects) >= CACHE:
                self._subjects.clear()
            self._subjects[doc] = found
        return found
