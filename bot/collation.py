"""Vietnamese alphabetical order for names of units and people.

"Lạc Long Quân" comes before "Lê Quý Đôn", and "Đầm Sen" right after the D's, as a Vietnamese
reader expects: letters a ă â b c d đ e ê … o ô ơ … u ư …, with tone marks only breaking ties.
ICU's Vietnamese collation (PyICU) is used when it is installed; otherwise an equivalent key
written here for the Vietnamese alphabet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# marks that make another letter of the alphabet: breve, circumflex, horn
_LETTERS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
            ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
# the five tones, in dictionary order: huyền, hỏi, ngã, sắc, nặng
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(word: str) -> list[tuple[str, int]]:
    """Each letter as (base letter of the alphabet, tone), lower case."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFC", word).lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for m in marks:
            if m in _TONES:
                tone = _TONES[m]
            else:
                base = _LETTERS.get((base, m), base)
        out.append((base, tone))
    return out


def fallback_key(text: str) -> tuple[tuple[int | str, ...], tuple[int, ...], str]:
    """Letters first (Vietnamese alphabet), then tones, then the text itself."""
    letters = _letters(text)
    primary = tuple(_RANK.get(b, 100 + ord(b)) if b.isalpha() else (-1 if b.isspace() else 50)
                    for b, _t in letters)
    return primary, tuple(t for _b, t in letters), text


def _icu_key() -> Callable[[str], Any] | None:
    try:
        import icu  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    return collator.getSortKey


_KEY = _icu_key()
USING_ICU = _KEY is not None


def sort_key(text: str | None) -> Any:
    """A key that sorts names in Vietnamese order."""
    value = text or ""
    return _KEY(value) if _KEY is not None else fallback_key(value)


def sorted_vi(items: Iterable[T], key: Callable[[T], str | None]) -> list[T]:
    return sorted(items, key=lambda item: sort_key(key(item)))
