"""Opens the database the config names: a SQLite file, or PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path

from bot.storage.db import Database, SqliteDatabase, is_postgres_url


class PostgresUnavailable(Exception):
    """A ``postgresql://`` URL was given but psycopg is not installed."""


async def open_database(target: str | Path, *, migrate: bool = True,
                        check: bool = True) -> Database:
    if is_postgres_url(target):
        try:
            from bot.storage.postgres import PostgresDatabase
        except ImportError as exc:
            raise PostgresUnavailable(
                "PostgreSQL needs the psycopg driver: pip install -e '.[postgres]'") from exc
        return await PostgresDatabase.connect(str(target), migrate=migrate)
    return await SqliteDatabase.connect(target, migrate=migrate, check=check)
