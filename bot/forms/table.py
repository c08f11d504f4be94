"""Typed look-ups in one TOML table of a report type or the deadlines file, failing with a
``SchemaError`` that names the file and the key."""

from __future__ import annotations

import re
from typing import Any

from bot.forms.schema import SchemaError
from bot.forms.text import Text

KEY = re.compile(r"[a-z][a-z0-9_]{0,19}")
_MISSING: Any = object()


class TableReader:
    """Typed look-ups in one TOML table; every failure names ``where`` and the key."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise SchemaError(f"{where}: must be a table")
        self.data, self.where = data, where

    def fail(self, key: str, expected: str) -> SchemaError:
        got = self.data.get(key, "nothing")
        return SchemaError(f"{self.where}{key}: must be {expected} (got {got!r})")

    def only(self, known: set[str]) -> None:
        for key in self.data:
            if key not in known:
                raise SchemaError(f"{self.where}{key}: unknown key (known: "
                                  f"{', '.join(sorted(known))})")

    def get(self, key: str, kind: type, expected: str, default: Any = _MISSING) -> Any:
        if key not in self.data and default is not _MISSING:
            return default
        value = self.data.get(key, default)
        if value is _MISSING or not isinstance(value, kind) or (
                kind is int and isinstance(value, bool)):
            raise self.fail(key, expected)
        return value

    def key(self, key: str, pattern: re.Pattern[str] = KEY, default: Any = _MISSING) -> Any:
        value = self.get(key, str, f"a name matching {pattern.pattern}", default)
        if value is not None and not pattern.fullmatch(value):
            raise self.fail(key, f"a name matching {pattern.pattern}")
        return value

    def int(self, key: str, lo: int, hi: int, default: Any = _MISSING) -> int:
        value = self.get(key, int, f"a whole number from {lo} to {hi}", default)
        if not lo <= value <= hi:
            raise self.fail(key, f"a whole number from {lo} to {hi}")
        return int(value)

    def enum(self, key: str, enum: Any, default: Any = _MISSING) -> Any:
        names = " or ".join(f'"{e.value}"' for e in enum)
        value = self.get(key, str, names, default)
        if value not in {e.value for e in enum}:
            raise self.fail(key, names)
        return enum(value)

    def text_opt(self, key: str) -> Text | None:
        return None if self.data.get(key) is None else self.text(key)

    def text(self, key: str) -> Text:
        value = self.data.get(key)
        ok = isinstance(value, dict) and set(value) == {"vi", "en"} and all(
            isinstance(v, str) and v.strip() for v in value.values())
        if not ok or not isinstance(value, dict):
            raise self.fail(key, 'a table { vi = "…", en = "…" } with both texts')
        return Text(value["vi"].strip(), value["en"].strip())

    def strings(self, key: str, default: Any = _MISSING) -> list[str]:
        value = self.get(key, list, "a list of texts", default)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of texts")
        return list(value)
