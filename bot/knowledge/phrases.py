"""Phrases written with their marks ("ngày nào", "số mấy"), found in a question typed with all,
some or none of them: "ngày nao" and "so mấy" are those phrases too, but a word typed with the
marks of another word is not ("hàn" is not "hạn")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.knowledge.textnorm import QUESTION_PHRASES, fold, has_diacritics, nfc


class TypedPhrases:
    """``after``: a pattern (on folded text) that must not follow a match ("hạn chế" is not
    "hạn")."""

    def __init__(self, phrases: Iterable[str], after: str = "") -> None:
        self.forms: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            written = nfc(phrase).lower()
            self.forms.setdefault(fold(written), set()).add(tuple(written.split()))
        alternatives = "|".join(re.escape(p) for p in sorted(self.forms, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w){after}")

    def spans(self, text: str) -> list[tuple[int, int]]:
        folded = fold(text)
        if len(folded) != len(text):
            return []
        out = []
        for m in self.pattern.finditer(folded):
            typed = text[m.start():m.end()].split()
            if any(len(form) == len(typed) and all(
                    not has_diacritics(t) or t == w for t, w in zip(typed, form, strict=True))
                   for form in self.forms[m.group(0)]):
                out.append((m.start(), m.end()))
        return out

    def sub(self, text: str, replace: Callable[[str, str], str]) -> str:
        """``text`` with each phrase found replaced by ``replace(folded phrase, as typed)``."""
        for start, end in reversed(self.spans(text)):
            typed = text[start:end]
            text = text[:start] + replace(fold(typed), typed) + text[end:]
        return text

    def remove(self, text: str) -> tuple[str, int]:
        """``text`` with each phrase found replaced by a space, and how many were."""
        spans = self.spans(text)
        for start, end in reversed(spans):
            text = text[:start] + " " + text[end:]
        return text, len(spans)


_QUESTION = TypedPhrases(QUESTION_PHRASES)


def remove_question_phrases(text: str) -> str:
    return _QUESTION.remove(nfc(text).lower())[0]
