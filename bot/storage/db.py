"""One aiosqlite connection with WAL, foreign keys and numbered migrations.

Migrations are the files ``migrations/NNNN_name.sql`` applied in order; the number of the last
one applied is kept in ``PRAGMA user_version``.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | dict[str, Any]


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

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the new row id for an INSERT that added a row, else the
        number of rows changed (0 for an ``INSERT OR IGNORE`` that was ignored)."""
        await self._outside_others_tx()
        cur = await self._conn.execute(sql, params)
        try:
            if cur.rowcount > 0 and cur.lastrowid and sql.lstrip()[:6].upper() == "INSERT":
                return cur.lastrowid
            return cur.rowcount
        finally:
            await cur.close()

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._outside_others_tx()
        await self._conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        await self._outside_others_tx()
        async with self._conn.execute(sql, params) as cur:
            return await cur.fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        await self._outside_others_tx()
        async with self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception.

        Nested use in the same task joins the outer transaction; other tasks wait for it.
        """
        if self._tx_owner is asyncio.current_task():
            yield self
            return
        async with self._tx_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            self._tx_owner = asyncio.current_task()
            try:
                yield self
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")
            finally:
                self._tx_owner = None


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
