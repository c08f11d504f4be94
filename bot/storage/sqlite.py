"""The SQLite engine of ``Database``: one aiosqlite connection (WAL, foreign keys), migrations
numbered in ``PRAGMA user_version``, transactions serialised on the connection."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.db import Database, DatabaseDamaged, IntegrityError, Params, Row, migrations


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
            rows = await self.fetchall("PRAGMA quick_check(5)")
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(path, str(exc)) from exc
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
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

    async def _outside_others_tx(self) -> None:
        """Wait while another task holds a transaction, so its statements stay its own."""
        if self._tx_owner is not None and self._tx_owner is not asyncio.current_task():
            async with self._tx_lock:
                pass

    async def execute(self, sql: str, params: Params = ()) -> int:
        await self._outside_others_tx()
        try:
            cur = await self._conn.execute(sql, params)
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc
        try:
            return cur.rowcount
        finally:
            await cur.close()

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._outside_others_tx()
        try:
            await self._conn.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        await self._outside_others_tx()
        try:
            async with self._conn.execute(sql, params) as cur:
                row: Row | None = await cur.fetchone()
                if row is not None and sql.lstrip()[:6].upper() != "SELECT":
                    await cur.fetchall()  # an INSERT … RETURNING ends when read to the end
                return row
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        await self._outside_others_tx()
        try:
            async with self._conn.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; other tasks wait for it."""
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
        found = []
        for name in await self.tables():
            quoted = name.replace('"', '""')
            for fk in await self.fetchall(f'PRAGMA foreign_key_list("{quoted}")'):
                if fk["table"] == table:
                    found.append((name, str(fk["from"])))
        return found
