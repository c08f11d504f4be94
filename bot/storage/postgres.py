"""PostgreSQL behind the same ``Database`` interface, with psycopg 3 and a small pool.

The SQL the repositories write runs here unchanged but for two mechanical steps, both in
``to_pyformat`` (``bot.storage.pg_adapt``): ``?`` becomes psycopg's ``%s`` (and a literal ``%``
is doubled). Strings are sent as untyped literals (psycopg's default), so the server reads
``'2027'`` as text, a number or a date from where it stands, as SQLite's column affinity does.

The migrations are the same files as on SQLite; ``postgres_ddl`` maps the two things SQLite
spells its own way: an ``id INTEGER PRIMARY KEY`` (a rowid alias) becomes an identity column,
and every ``INTEGER`` a ``BIGINT`` (SQLite's integers are 64-bit). ``TEXT`` compares bytewise
(``COLLATE "C"``), as on SQLite, whatever the database's locale.

Why psycopg 3 and no SQLAlchemy: the two engines already share the SQL this bot needs
(``ON CONFLICT``, ``RETURNING``, partial indexes), so the dialect layer left is the placeholder
above. asyncpg encodes each parameter on the client by the type the server inferred for it,
and refuses a string where a number or a date is expected; psycopg sends strings untyped and
lets the server read them as the column wants, as SQLite does. SQLAlchemy Core would mean
rewriting some 190 statements, or wrapping each in ``text()``, for no portability gained.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from bot.storage.db import Database, IntegrityError, Params, Row, migrations
from bot.storage.pg_adapt import args, configure, postgres_ddl, to_pyformat

__all__ = ["MIGRATION_LOCK", "PostgresDatabase", "postgres_ddl", "to_pyformat"]

MIGRATION_LOCK = 0x5C0B0001  # pg_advisory_xact_lock key while migrating


class _Tx:
    def __init__(self, task: asyncio.Task[Any] | None, conn: AsyncConnection[Any]) -> None:
        self.task, self.conn = task, conn


class PostgresDatabase(Database):
    """A pool of connections in autocommit; ``transaction()`` pins one to the current task."""

    engine = "postgresql"
    shared = True

    def __init__(self, pool: AsyncConnectionPool, url: str) -> None:
        self._pool = pool
        self.url = url
        self._tx: ContextVar[_Tx | None] = ContextVar(f"pg_tx_{id(self)}", default=None)
        self.worker_id = uuid.uuid4().hex[:16]
        self._life: AsyncConnection[Any] | None = None

    async def _announce(self) -> None:
        """Hold ``worker:<id>`` for as long as this process lives: its connection (and the
        lock) goes when the process does, however it ends."""
        assert self._life is not None
        await self._life.execute("SELECT pg_advisory_lock(hashtext(%s))",
                                 (f"worker:{self.worker_id}",))

    async def alive(self, worker_id: str) -> bool:
        if worker_id == self.worker_id:
            return True
        async with self._pool.connection() as conn:
            cur = await conn.execute("SELECT pg_try_advisory_lock(hashtext(%s))",
                                     (f"worker:{worker_id}",))
            row = await cur.fetchone()
            if row and row[0]:
                await conn.execute("SELECT pg_advisory_unlock(hashtext(%s))",
                                   (f"worker:{worker_id}",))
                return False
            return True

    @classmethod
    async def connect(cls, url: str, *, migrate: bool = True,
                      max_size: int = 10) -> PostgresDatabase:
        # one plain connection first: an unreachable server or a refused password is said at
        # once, in the server's words, where the pool would retry quietly until its timeout
        life = await AsyncConnection.connect(url, autocommit=True, connect_timeout=10)
        pool = AsyncConnectionPool(
            url, min_size=1, max_size=max_size, open=False, configure=configure,
            kwargs={"autocommit": True}, name="school-bot")
        db = cls(pool, url)
        db._life = life
        try:
            await pool.open(wait=True, timeout=10)
            await db._announce()
            if migrate:
                await db.migrate()
        except BaseException:
            await db.close()
            raise
        return db

    async def close(self) -> None:
        if self._life is not None:
            await self._life.close()
            self._life = None
        await self._pool.close()

    async def migrate(self) -> int:
        current = 0
        for number, path in migrations():
            async with self._pool.connection() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                await conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY,"
                    " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                cur = await conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version")
                row = await cur.fetchone()
                current = int(row[0]) if row else 0
                if number <= current:
                    continue
                await conn.execute(postgres_ddl(path.read_text(encoding="utf-8")).encode())
                await conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)",
                                   (number, path.name))
                current = number
        return current

    def in_transaction(self) -> bool:
        return self._pinned() is not None

    def _pinned(self) -> AsyncConnection[Any] | None:
        tx = self._tx.get()
        if tx is not None and tx.task is asyncio.current_task():
            return tx.conn
        return None

    @asynccontextmanager
    async def _conn(self) -> AsyncIterator[AsyncConnection[Any]]:
        pinned = self._pinned()
        if pinned is not None:
            yield pinned
        else:
            async with self._pool.connection() as conn:
                yield conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._conn() as conn:
            try:
                cur = await conn.execute(to_pyformat(sql), args(params))
            except psycopg.errors.IntegrityError as exc:
                raise IntegrityError(str(exc)) from exc
            return max(cur.rowcount, 0)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        batch = list(rows)
        if not batch:
            return
        async with self._conn() as conn:
            try:
                async with conn.cursor() as cur:
                    await cur.executemany(to_pyformat(sql), batch)
            except psycopg.errors.IntegrityError as exc:
                raise IntegrityError(str(exc)) from exc

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._conn() as conn:
            try:
                cur = await conn.execute(to_pyformat(sql), args(params))
            except psycopg.errors.IntegrityError as exc:
                raise IntegrityError(str(exc)) from exc
            row: Row | None = await cur.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn() as conn:
            try:
                cur = await conn.execute(to_pyformat(sql), args(params))
            except psycopg.errors.IntegrityError as exc:
                raise IntegrityError(str(exc)) from exc
            return list(await cur.fetchall())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        if self._pinned() is not None:
            yield self
            return
        async with self._pool.connection() as conn:
            token = self._tx.set(_Tx(asyncio.current_task(), conn))
            try:
                async with conn.transaction():
                    await self._deferred_into_transaction()
                    yield self
            finally:
                self._tx.reset(token)

    async def tables(self) -> list[str]:
        rows = await self.fetchall(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'schema_version' ORDER BY tablename")
        return [str(r[0]) for r in rows]

    async def foreign_keys_to(self, table: str) -> list[tuple[str, str]]:
        rows = await self.fetchall(
            "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c"
            " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)"
            " WHERE c.contype = 'f' AND c.confrelid = CAST(? AS regclass)"
            " ORDER BY 1, 2", (table,))
        return [(str(r[0]), str(r[1])) for r in rows]

    skip_locked = " FOR UPDATE SKIP LOCKED"

    def json_field(self, column: str, key: str) -> str:
        super().json_field(column, key)  # the same keys are refused
        return f"(CAST({column} AS jsonb) ->> '{key}')"

    def joined(self, expr: str) -> str:
        return f"string_agg({expr}, chr(10))"

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[None]:
        """``pg_advisory_lock`` on a connection of its own: if this process dies, the server
        drops the connection and the lock with it."""
        conn = await AsyncConnection.connect(self.url, autocommit=True)
        try:
            await conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (name,))
            yield
        finally:
            await conn.close()

    @asynccontextmanager
    async def leader(self, name: str) -> AsyncIterator[bool]:
        conn = await AsyncConnection.connect(self.url, autocommit=True)
        try:
            cur = await conn.execute("SELECT pg_try_advisory_lock(hashtext(%s))", (name,))
            row = await cur.fetchone()
            yield bool(row and row[0])
        finally:
            await conn.close()

    async def lock(self, name: str) -> None:
        if self._pinned() is None:
            raise RuntimeError("Database.lock() is for use inside a transaction")
        await self.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))

    async def reset_identities(self) -> None:
        rows = await self.fetchall(
            "SELECT table_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND column_name = 'id' AND is_identity = 'YES'")
        for r in rows:
            table = str(r[0])
            await self.fetchval(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                f' COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)')
