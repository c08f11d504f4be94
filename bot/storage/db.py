"""The database behind one small async interface, on SQLite (the default) or PostgreSQL.

``open_database(target)`` (``bot.storage.connect``) takes a file path (``bot.storage.sqlite``,
one aiosqlite connection with WAL and foreign keys) or a ``postgresql://`` URL
(``bot.storage.postgres``, a small psycopg pool). Both run the same SQL, written in the subset
the two engines share: ``?`` placeholders, ``ON CONFLICT … DO NOTHING/UPDATE`` instead of
``INSERT OR IGNORE/REPLACE``, ``RETURNING id`` instead of ``lastrowid``, times passed in from
the clock rather than ``datetime('now')``.

Migrations are the files ``migrations/NNNN_name.sql`` applied in order, on both engines. SQLite
keeps the number of the last one applied in ``PRAGMA user_version`` (as it always has);
PostgreSQL keeps it in the table ``schema_version``.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
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


class Database(ABC):
    """A thin async interface: ``execute``, ``fetchone``, ``fetchall``, ``fetchval``,
    ``executemany`` and ``transaction``.

    Statements outside ``transaction()`` commit at once. Inside it, they commit together or
    not at all; nested use in the same task joins the outer transaction.
    """

    engine: str  # "sqlite" or "postgresql"
    worker_id: str  # this process, among the workers that share the database
    shared = False  # whether other processes (workers) may use the database at the same time

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True,
                   check: bool = True) -> Database:
        """A SQLite file (or ``:memory:``). ``bot.storage.connect.open_database`` takes a
        ``postgresql://`` URL as well."""
        from bot.storage.sqlite import SqliteDatabase

        return await SqliteDatabase.connect(path, migrate=migrate, check=check)

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def migrate(self) -> int:
        """Apply every migration not yet applied; return the resulting version."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the number of rows it changed (0 for an insert that
        ``ON CONFLICT DO NOTHING`` skipped). Use ``fetchval(… RETURNING id)`` for a new id."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...

    @abstractmethod
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    @abstractmethod
    def transaction(self) -> Any:
        """``async with db.transaction():`` — all or nothing."""

    @abstractmethod
    async def tables(self) -> list[str]:
        """The names of the application's tables (not the engine's own)."""

    @abstractmethod
    async def foreign_keys_to(self, table: str) -> list[tuple[str, str]]:
        """Every ``(table, column)`` with a foreign key to ``table``, read from the schema."""

    @abstractmethod
    async def reset_identities(self) -> None:
        """After rows were written with explicit ids, let new ids follow the largest."""

    @abstractmethod
    def exclusive(self, name: str) -> Any:
        """``async with db.exclusive("reminders"):`` — one holder at a time, in every process
        that shares the database; others wait. Released if the holder dies."""

    async def alive(self, worker_id: str) -> bool:
        """Whether the worker with that id still runs (this process does)."""
        return worker_id == self.worker_id

    @abstractmethod
    def leader(self, name: str) -> Any:
        """``async with db.leader("sender:telegram") as leading:`` — True in the one process
        that holds ``name`` (until it leaves the block or dies), False elsewhere at once."""

    def json_field(self, column: str, key: str) -> str:
        """SQL for the text of ``key`` in the JSON object stored as text in ``column``."""
        if not re.fullmatch(r"[a-z_]+", key):
            raise ValueError(f"not a JSON key this helper takes: {key!r}")
        return f"json_extract({column}, '$.{key}')"

    skip_locked = ""
    """Appended to a ``SELECT … FOR UPDATE``-able subquery that claims rows: PostgreSQL's
    `` FOR UPDATE SKIP LOCKED`` (a row another worker is claiming is passed over); nothing on
    SQLite, whose writers are serialised."""

    @abstractmethod
    async def lock(self, name: str) -> None:
        """Inside a transaction: wait for any other transaction holding the lock ``name``,
        then hold it to the end."""


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
