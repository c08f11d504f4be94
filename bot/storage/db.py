"""The database behind one small async interface, on SQLite (the default) or PostgreSQL.

``open_database(target)`` (``bot.storage.connect``) takes a file path (SQLite, one aiosqlite
connection with WAL and foreign keys) or a ``postgresql://`` URL (``bot.storage.postgres``).
Both run the same SQL, in the subset the two engines share (``?`` placeholders, ``ON CONFLICT``,
``RETURNING id``, times from the clock); migrations ``migrations/NNNN_name.sql`` run on both,
numbered in ``PRAGMA user_version`` on SQLite and the table ``schema_version`` on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.storage import sqlite_calls as calls
from bot.storage.common import (
    DatabaseDamaged,
    IntegrityError,
    Params,
    Row,
    is_postgres_url,
    migrations,
)
from bot.storage.deferred import DeferredWrites, current_deferred

__all__ = [
    "Database", "DatabaseDamaged", "IntegrityError", "Params", "Row", "SqliteDatabase",
    "current_deferred", "is_postgres_url", "migrations",
]

T = TypeVar("T")


class Database(DeferredWrites, ABC):
    """A thin async interface: ``execute``, ``fetch*``, ``batch`` and ``transaction``.
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

    async def batch(self, statements: Sequence[tuple[str, Params]]) -> None:
        """Several writes in one transaction (the writes that end an update); joins the
        caller's transaction if it holds one."""
        if not statements:
            return
        async with self.transaction():
            for sql, params in statements:
                await self.execute(sql, params)

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

    def joined(self, expr: str) -> str:
        """SQL aggregating the text ``expr`` of a group's rows into one, a line each."""
        return f"group_concat({expr}, char(10))"

    skip_locked = ""  # PostgreSQL's " FOR UPDATE SKIP LOCKED" for a claim; SQLite serialises

    @abstractmethod
    async def lock(self, name: str) -> None:
        """Inside a transaction: wait for any other transaction holding the lock ``name``,
        then hold it to the end."""


class SqliteDatabase(Database):
    """One aiosqlite connection; transactions are serialised on it (``BEGIN IMMEDIATE``)."""

    engine = "sqlite"

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._tx_lock = asyncio.Lock()
        self._tx_owner: asyncio.Task[Any] | None = None
        self._named: dict[str, asyncio.Lock] = {}
        self.worker_id = uuid.uuid4().hex[:16]  # one process owns a SQLite file (its run lock)

    @classmethod
    async def connect(cls, path: str | Path, *, migrate: bool = True,
                      check: bool = True) -> SqliteDatabase:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA busy_timeout=5000")
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")
            db = cls(conn)
            if check and str(path) != ":memory:":
                await db.check_integrity(path)
            if migrate:
                await db.migrate()
        except BaseException as exc:
            await conn.close()  # its thread would keep the process alive
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                    exc, sqlite3.OperationalError):  # "file is not a database", "malformed"
                raise DatabaseDamaged(path, str(exc)) from exc
            raise
        return db

    async def check_integrity(self, path: str | Path) -> None:
        """``PRAGMA quick_check``: refuse a damaged file rather than damage it further."""
        try:
            problems = await self._in_thread(calls.quick_check)
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(path, str(exc)) from exc
        if problems:
            raise DatabaseDamaged(path, "; ".join(problems)[:300])

    async def close(self) -> None:
        await self._conn.close()

    async def migrate(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        current = int(row[0]) if row else 0
        for number, path in migrations():
            if number <= current:
                continue
            script = path.read_text(encoding="utf-8")
            await self._conn.executescript(
                f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
            current = number
        return current

    def in_transaction(self) -> bool:
        return self._tx_owner is not None and self._tx_owner is asyncio.current_task()

    async def _outside_others_tx(self) -> None:
        """Wait while another task holds a transaction, so its statements stay its own."""
        if self._tx_owner is not None and self._tx_owner is not asyncio.current_task():
            async with self._tx_lock:
                pass

    async def _in_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection's own thread: a statement and its rows in one hop
        instead of one per cursor call."""
        conn = self._conn
        try:
            return await conn._execute(lambda: work(conn._conn))
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    async def execute(self, sql: str, params: Params = ()) -> int:
        await self._outside_others_tx()
        return await self._in_thread(lambda c: calls.run(c, sql, params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._outside_others_tx()
        batch = list(rows)
        await self._in_thread(lambda c: c.executemany(sql, batch).close())

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        await self._outside_others_tx()
        return await self._in_thread(lambda c: calls.first(c, sql, params))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        await self._outside_others_tx()
        return await self._in_thread(lambda c: calls.rows(c, sql, params))

    async def batch(self, statements: Sequence[tuple[str, Params]]) -> None:
        """Several writes in one transaction and one hop to the database thread."""
        if not statements:
            return
        if self._tx_owner is asyncio.current_task():
            await self._in_thread(lambda c: calls.run_all(c, statements))
            return
        async with self._tx_lock:
            self._tx_owner = asyncio.current_task()
            try:
                await self._in_thread(lambda c: calls.run_in_tx(c, statements))
            finally:
                self._tx_owner = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; other tasks wait for it
        (the owner is set before BEGIN, so no other task's statement can slip into it)."""
        if self._tx_owner is asyncio.current_task():
            yield self
            return
        async with self._tx_lock:
            self._tx_owner = asyncio.current_task()
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    await self._deferred_into_transaction()
                    yield self
                except BaseException:
                    await self._conn.execute("ROLLBACK")
                    raise
                else:
                    await self._conn.execute("COMMIT")
            finally:
                self._tx_owner = None

    async def tables(self) -> list[str]:
        rows = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name")
        return [str(r["name"]) for r in rows]

    async def reset_identities(self) -> None:
        return None  # SQLite's next rowid always follows the largest

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[None]:
        """One process owns a SQLite database (its run lock): a lock in this process."""
        async with self._named.setdefault(name, asyncio.Lock()):
            yield

    @asynccontextmanager
    async def leader(self, name: str) -> AsyncIterator[bool]:
        yield True  # the only process

    async def lock(self, name: str) -> None:
        return None  # writers are serialised already: BEGIN IMMEDIATE

    async def foreign_keys_to(self, table: str) -> list[tuple[str, str]]:
        return await self._in_thread(lambda c: calls.foreign_keys_to(c, table))
