"""One aiosqlite connection with WAL, foreign keys and numbered migrations.

Migrations are the files ``migrations/NNNN_name.sql`` applied in order; the number of the last
one applied is kept in ``PRAGMA user_version``.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")


class DatabaseDamaged(Exception):
    """The database file fails SQLite's integrity check (or is not a database at all)."""

    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(
            f"the database {path} is damaged ({detail}). Nothing was changed. Restore it from a "
            "backup: school-bot restore FILE")


class Database:
    """A thin async wrapper: ``execute``, ``fetchone``, ``fetchall`` and ``transaction``.

    Statements outside ``transaction()`` commit at once. Inside it, they commit together or
    not at all; transactions are serialised on the one connection.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._tx_lock = asyncio.Lock()
        self._tx_owner: asyncio.Task[Any] | None = None

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True,
                   check: bool = True) -> Database:
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
            rows = await self.fetchall("PRAGMA quick_check(5)")
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(path, str(exc)) from exc
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        if problems:
            raise DatabaseDamaged(path, "; ".join(problems)[:300])

    async def close(self) -> None:
        await self._conn.close()

    async def migrate(self) -> int:
        """Apply every migration newer than ``user_version``; return the resulting version."""
        row = await self.fetchone("PRAGMA user_version")
        current = int(row[0]) if row else 0
        for number, path in _migrations():
            if number <= current:
                continue
            script = path.read_text(encoding="utf-8")
            await self._conn.executescript(
                f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
            current = number
        return current

    async def _outside_others_tx(self) -> None:
        """Wait while another task holds a transaction, so its statements stay its own."""
        if self._tx_owner is not None and self._tx_owner is not asyncio.current_task():
            async with self._tx_lock:
                pass

    async def _in_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection's own thread: a statement and its rows in one hop
        instead of one per cursor call."""
        conn = self._conn
        return await conn._execute(lambda: work(conn._conn))

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the new row id for an INSERT that added a row, else the
        number of rows changed (0 for an ``INSERT OR IGNORE`` that was ignored)."""
        await self._outside_others_tx()
        return await self._in_thread(lambda c: _run(c, sql, params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._outside_others_tx()
        batch = list(rows)
        await self._in_thread(lambda c: c.executemany(sql, batch).close())

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        await self._outside_others_tx()
        return await self._in_thread(lambda c: _first(c, sql, params))

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        await self._outside_others_tx()
        return await self._in_thread(lambda c: _rows(c, sql, params))

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def batch(self, statements: Sequence[tuple[str, Params]]) -> None:
        """Several writes in one transaction and one hop to the database thread (the writes
        that end an update); joins the caller's transaction if it holds one."""
        if not statements:
            return
        if self._tx_owner is asyncio.current_task():
            await self._in_thread(lambda c: _run_all(c, statements))
            return
        async with self._tx_lock:
            self._tx_owner = asyncio.current_task()
            try:
                await self._in_thread(lambda c: _run_in_tx(c, statements))
            finally:
                self._tx_owner = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception.

        Nested use in the same task joins the outer transaction; other tasks wait for it (the
        owner is set before BEGIN, so no other task's statement can slip into it).
        """
        if self._tx_owner is asyncio.current_task():
            yield self
            return
        async with self._tx_lock:
            self._tx_owner = asyncio.current_task()
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    await self._conn.execute("ROLLBACK")
                    raise
                else:
                    await self._conn.execute("COMMIT")
            finally:
                self._tx_owner = None


def _run(conn: sqlite3.Connection, sql: str, params: Params) -> int:
    cur = conn.execute(sql, params)
    try:
        if cur.rowcount > 0 and cur.lastrowid and sql.lstrip()[:6].upper() == "INSERT":
            return cur.lastrowid
        return cur.rowcount
    finally:
        cur.close()


def _first(conn: sqlite3.Connection, sql: str, params: Params) -> Any:
    cur = conn.execute(sql, params)
    try:
        return cur.fetchone()
    finally:
        cur.close()


def _rows(conn: sqlite3.Connection, sql: str, params: Params) -> list[Any]:
    cur = conn.execute(sql, params)
    try:
        return cur.fetchall()
    finally:
        cur.close()


def _run_all(conn: sqlite3.Connection, statements: Sequence[tuple[str, Params]]) -> None:
    for sql, params in statements:
        conn.execute(sql, params).close()


def _run_in_tx(conn: sqlite3.Connection, statements: Sequence[tuple[str, Params]]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        _run_all(conn, statements)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _migrations() -> list[tuple[int, Path]]:
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
