"""Bilingual text from the report-type files, and matching what people type on phones."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.i18n import current_language

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Text:
    """A text given in Vietnamese and English in a data file; ``str()`` picks the current one."""

    vi: str
    en: str

    def get(self, lang: str | None = None) -> str:
        return self.en if (lang or current_language()) == "en" else self.vi

    def __str__(self) -> str:
        return self.get()


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: "Lao Động  tiên tiến" → "lao dong tien tien"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"[^\w\s]", " ", stripped.lower())
    return " ".join(stripped.split())


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"
