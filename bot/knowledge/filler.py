"""Politeness and filler around a question ("cho em hỏi", "ạ", "nhé"), taken out before the
question is read."""

from __future__ import annotations

import re

from bot.knowledge.textnorm import fold, has_diacritics

# Politeness and filler around a question, as written; matched folded, as whole words, and only
# where the words typed with marks are these words ("nhà giáo" is not the "nha" of "nhé, nha").
_FILLER_WRITTEN = (
    "cho em hỏi", "cho mình hỏi", "cho tôi hỏi", "cho hỏi", "cho em xin hỏi", "xin hỏi",
    "em muốn hỏi", "mình muốn hỏi", "tôi muốn hỏi", "em hỏi", "em xin hỏi", "cho em xin",
    "thầy cô ơi", "thầy cô cho em hỏi", "thầy ơi", "cô ơi", "ad ơi", "admin ơi", "bot ơi",
    "em chào thầy cô", "em chào", "chào thầy cô", "chào bạn", "xin chào", "chào",
    "dạ cho em hỏi", "cho em hỏi chút", "chút", "với ạ", "vậy ạ", "ạ ạ", "nhé", "nha", "nhá",
    "ơi", "giúp em", "giúp mình", "giúp tôi", "làm ơn", "vui lòng", "thầy cô", "ạ.", "hi",
    "hello", "dear", "please", "thank you", "thanks", "cảm ơn", "em cảm ơn", "bạn ơi",
)
_FILLER_FORMS: dict[str, set[str]] = {}
for _phrase in _FILLER_WRITTEN:
    _FILLER_FORMS.setdefault(fold(_phrase), set()).add(_phrase)
_FILLER = sorted(_FILLER_FORMS, key=len, reverse=True)


def filler_words() -> tuple[str, ...]:
    """The filler phrases (folded)."""
    return tuple(_FILLER)


_FILLER_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in _FILLER) + r")(?!\w)")
_TRAILING = re.compile(r"(?<!diem )(?<!muc )(?<!\w)(a|da|vay|the|nhi|ha|hen|z|v)\s*[?.!]*\s*$")
_LEADING = re.compile(r"^\s*(da|vang|a)(?!\w)")


def without_filler(text: str) -> str:
    """Remove filler phrases, matched without diacritics (folding keeps every position)."""
    folded = fold(text)
    if len(folded) != len(text):
        return text
    keep = [True] * len(text)
    for pattern in (_FILLER_RE, _TRAILING, _LEADING):
        for m in pattern.finditer(folded):
            if pattern is _FILLER_RE and not _removable(folded, m, text):
                continue
            for i in range(m.start(1), m.end(1)):
                keep[i] = False
        folded = "".join(c if k else " " for c, k in zip(folded, keep, strict=True))
    return "".join(c if k else " " for c, k in zip(text, keep, strict=True))


def _removable(folded: str, m: re.Match[str], text: str) -> bool:
    """"chào" and "thầy cô" are filler only at the start; the rest anywhere, unless a word
    is typed with marks of another word ("Nhà giáo" is not "nha")."""
    word = m.group(1)
    typed = text[m.start(1):m.end(1)].split()
    if not any(all(not has_diacritics(t) or t == f for t, f in zip(typed, form.split(),
                                                                    strict=True))
               for form in _FILLER_FORMS[word] if len(form.split()) == len(typed)):
        return False
    if word in ("chao", "thay co", "hi", "dear"):
        return not folded[:m.start()].strip(" ,.!")
    return True
