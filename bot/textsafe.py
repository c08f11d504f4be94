"""Text that identifies someone (a name, a join code) without invisible tricks: bidi overrides
can make "Nguyễn Văn A‮nimdA" display as another name, and zero-width characters make two
names that look the same differ (or a pasted code fail)."""

from __future__ import annotations

import unicodedata

# Format characters (Unicode category Cf: bidi embeddings, overrides and isolates, zero-width
# space/joiners, the BOM, invisible operators …) and control characters (Cc).
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc"})


def strip_invisible(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
                   or ch in "\n\t")


def clean_name(text: str) -> str:
    """A person's name as stored and shown: NFC, no invisible characters, single spaces."""
    return " ".join(strip_invisible(unicodedata.normalize("NFC", text)).split())
