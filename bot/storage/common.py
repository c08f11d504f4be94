"""What both database engines share: a result row, statement parameters, the errors callers
catch, and the numbered migration files (``migrations/NNNN_name.sql``)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | dict[str, Any]


class Row(Protocol):
    """A result row, read by position (``row[0]``) or by column name (``row["id"]``)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...

    def keys(self) -> list[str]: ...


class IntegrityError(sqlite3.IntegrityError):
    """A constraint refused the statement (unique, foreign key, check), on either engine."""


class DatabaseDamaged(Exception):
    """The database file fails SQLite's integrity check (or is not a database at all)."""

    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(
            f"the database {path} is damaged ({detail}). Nothing was changed. Restore it from a "
            "backup: school-bot restore FILE")


def is_postgres_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def migrations() -> list[tuple[int, Path]]:
    """``(number, path)`` of every migration file, in order."""
    found = []
    for path in MIGRATIONS_DIR.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [n for n, _ in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return found
