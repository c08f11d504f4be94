"""The database's subcommands of ``school-bot``: ``backup`` and ``restore`` (the SQLite file),
and ``migrate-to-postgres`` (copy it whole into an empty PostgreSQL database)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.clock import Clock
from bot.config import Config
from bot.storage.backup import BackupError, backup, restore


def _sqlite_only(config: Config, what: str) -> bool:
    if config.on_postgres:
        print(f"school-bot {what} is for the SQLite database; on PostgreSQL use pg_dump and "
              "pg_restore.", file=sys.stderr)
        return False
    return True


async def backup_command(args: argparse.Namespace, config: Config, clock: Clock) -> int:
    if not _sqlite_only(config, "backup"):
        return 2
    target = Path(args.file)
    if target.exists() and not args.force:
        print(f"{target} exists; choose another name, or add --force to replace it.",
              file=sys.stderr)
        return 1
    try:
        size = await asyncio.to_thread(backup, Path(config.bot.database), target)
    except BackupError as exc:
        print(f"Backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"Backed up {config.bot.database} to {target} ({size:,} bytes).")
    return 0


async def restore_command(args: argparse.Namespace, config: Config, clock: Clock) -> int:
    if not _sqlite_only(config, "restore"):
        return 2
    try:
        kept = await asyncio.to_thread(restore, Path(args.file), Path(config.bot.database),
                                       clock.now())
    except BackupError as exc:
        print(f"Restore refused: {exc}", file=sys.stderr)
        return 1
    print(f"Restored {config.bot.database} from {args.file}.")
    if kept is not None:
        print(f"The database as it was is kept in {kept}.")
    return 0


async def migrate_to_postgres(args: argparse.Namespace, config: Config, clock: Clock) -> int:
    from bot.storage.copy import CopyRefused, copy_sqlite_to_postgres
    from bot.storage.db import is_postgres_url

    if not is_postgres_url(args.url):
        print("The target must be a postgresql:// URL.", file=sys.stderr)
        return 2
    source = Path(args.source) if args.source else Path(config.bot.database)
    try:
        copied = await copy_sqlite_to_postgres(
            source, args.url, progress=lambda table, n: print(f"  {table}: {n:,} rows"))
    except CopyRefused as exc:
        print(f"Copy refused: {exc}", file=sys.stderr)
        return 1
    print(f"Copied {sum(copied.values()):,} rows in {len(copied)} tables from {source}. "
          "Set [storage] url (or DATABASE_URL) to this URL to run on PostgreSQL.")
    return 0
