"""``school-bot migrate-to-postgres URL``: an office's SQLite history copied into PostgreSQL.

The SQLite file is first brought up to the current schema (as the bot does at start), the
target gets the same schema from the same migrations, and every table is copied in one
PostgreSQL transaction, parents before children, ids kept. A target that already holds rows
is refused, so nothing is ever merged into (or over) a live database. The counts are checked
table by table before the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.storage.db import SqliteDatabase
from bot.storage.postgres import PostgresDatabase

BATCH = 2000


class CopyRefused(Exception):
    """The copy cannot be made; the message says why, in one line."""


async def copy_sqlite_to_postgres(
    source: Path, url: str, *, progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Copy every table of ``source`` into the database at ``url``; return rows per table."""
    if not source.exists():
        raise CopyRefused(f"there is no SQLite database at {source}")
    src = await SqliteDatabase.connect(source)
    try:
        dst = await PostgresDatabase.connect(url)
        try:
            return await _copy(src, dst, progress)
        finally:
            await dst.close()
    finally:
        await src.close()


async def _copy(src: SqliteDatabase, dst: PostgresDatabase,
                progress: Callable[[str, int], None] | None) -> dict[str, int]:
    tables = await dst.tables()
    missing = sorted(set(await src.tables()) - set(tables))
    if missing:
        raise CopyRefused(f"the SQLite database has tables PostgreSQL does not: {missing}")
    busy = [t for t in tables if await dst.fetchval(f'SELECT 1 FROM "{t}" LIMIT 1')]
    if busy:
        raise CopyRefused("the PostgreSQL database is not empty (rows in "
                          f"{', '.join(busy[:5])}{' …' if len(busy) > 5 else ''}); copy into "
                          "an empty database")
    copied: dict[str, int] = {}
    async with dst.transaction():
        for table in await _parents_first(dst, tables):
            columns = [str(r[1]) for r in await src.fetchall(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            insert = (f'INSERT INTO "{table}" ({names}) VALUES '
                      f"({', '.join('?' for _ in columns)})")
            count = 0
            offset = 0
            while rows := await src.fetchall(
                    f'SELECT {names} FROM "{table}" ORDER BY rowid LIMIT ? OFFSET ?',
                    (BATCH, offset)):
                await dst.executemany(insert, [tuple(r) for r in rows])
                count += len(rows)
                offset += len(rows)
            there = int(await dst.fetchval(f'SELECT COUNT(*) FROM "{table}"'))
            if there != count:
                raise CopyRefused(f"{table}: {count} rows read but {there} written")
            copied[table] = count
            if progress:
                progress(table, count)
        await dst.reset_identities()
    return copied


async def _parents_first(db: PostgresDatabase, tables: list[str]) -> list[str]:
    """The tables ordered so that each comes after the tables its foreign keys point to."""
    rows = await db.fetchall(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
        " JOIN pg_namespace n ON n.oid = c.connamespace"
        " WHERE c.contype = 'f' AND n.nspname = current_schema()")
    needs: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in rows:
        if child in needs and parent != child:
            needs[child].add(str(parent))
    ordered: list[str] = []
    while needs:
        ready = sorted(t for t, parents in needs.items() if not parents - set(ordered))
        if not ready:
            raise CopyRefused(f"foreign keys form a cycle among {sorted(needs)}")
        ordered += ready
        for t in ready:
            del needs[t]
    return ordered
