"""The pieces a passage is quoted by, and what it is about, cached per passage."""

from __future__ import annotations

from bot.knowledge.index import SearchIndex, passage_keys
from bot.knowledge.snippets import Snippet, snippets
from bot.knowledge.textnorm import fold, folded_words_of, tokens

CACHE = 3_000  # passages; bounded, so a large corpus does not grow memory without end


class Pieces:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._snippets: dict[int, tuple[list[Snippet], frozenset[str]]] = {}
        self._subjects: dict[int, frozenset[str]] = {}

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

    def warm(self) -> None:
        """Cut the passages into their pieces now (as many as are kept), with what the ranking
        reads of each piece on every question, rather than on the first question that reaches
        them: a worker process does it before it answers anyone."""
        for doc in range(min(len(self.index), CACHE)):
            pieces, _head = self.of(doc)
            self.subject(doc)
            for piece in pieces:
                fold(piece.text)
                folded_words_of(piece.text)
