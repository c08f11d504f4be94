"""Backups of the SQLite database: consistent copies while the bot runs, and a safe restore.

- ``backup(db, target)`` uses SQLite's online backup API, so the copy holds everything committed
  — including what still sits in the ``-wal`` file, which copying ``bot.sqlite3`` alone misses —
  even while the bot writes. The copy is written beside the target and renamed into place, so
  a half-written backup never carries the target's name, and it is checked before the rename.
- ``RunLock`` is held by a running bot (a lock file beside the database, with its pid), and
  ``restore`` refuses while another process holds it. Before restoring, the current database is
  itself backed up, so a restore can be undone.
- ``NightlyBackup`` makes one backup a day at the configured hour (bot clock) into a folder and
  keeps the newest ``keep`` of them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock

log = logging.getLogger(__name__)

NIGHTLY_PREFIX = "bot-"
JOB_ID = "backup:nightly"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, in one line."""


def backup(database: Path, target: Path) -> int:
    """Copy ``database`` into ``target`` (replaced if it exists); returns the copy's size."""
    if not database.exists():
        raise BackupError(f"there is no database at {database}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _check(copy, partial)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot copy {database}: {exc}") from None
    finally:
        source.close()
    os.replace(partial, target)
    return target.stat().st_size


def _check(conn: sqlite3.Connection, path: Path) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {result}")


def restore(source: Path, database: Path, now: dt.datetime) -> Path | None:
    """Put the backup ``source`` in place of ``database``; refuses while the bot runs.

    Returns where the database as it was before has been kept (None if there was none)."""
    if not source.is_file():
        raise BackupError(f"no such file: {source}")
    try:
        check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _check(check, source)
            check.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a SQLite database of the bot ({exc})") from None
    with RunLock(database) as lock:
        if not lock.acquired:
            raise BackupError(f"the bot is running (process {lock.holder() or '?'}); stop it "
                              "before restoring")
        kept = None
        if database.exists():
            kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
            backup(database, kept)
        database.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(database)
        try:
            src.backup(dst)  # replaces every page, -wal included, in one step
        finally:
            dst.close()
            src.close()
        return kept


class RunLock:
    """An exclusive lock on ``<database>.lock`` while the bot runs (released if it dies)."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None
        self.acquired = False

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd, self.acquired = fd, True
        return True

    def holder(self) -> str | None:
        try:
            return self.path.read_text().strip() or None
        except OSError:
            return None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd, self.acquired = None, False

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` nightly backups in ``folder``; returns the deleted."""
    found = sorted(folder.glob(f"{NIGHTLY_PREFIX}*.sqlite3"), key=lambda p: p.name)
    old = found[:-keep] if keep > 0 else found
    for path in old:
        path.unlink(missing_ok=True)
    return old


def next_run(now: dt.datetime, hour: int, minute: int) -> dt.datetime:
    """The next instant at ``hour:minute`` (in ``now``'s time zone) strictly after ``now``."""
    today = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if today > now else today + dt.timedelta(days=1)


def _real_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class NightlyBackup:
    """One backup a night into ``folder`` (named by the bot clock's date), keeping ``keep``."""

    def __init__(self, database: Path, folder: Path, keep: int, hour: int, minute: int,
                 clock: Clock, *, real_now: Callable[[], dt.datetime] = _real_now) -> None:
        self.database, self.folder, self.keep = database, folder, keep
        self.hour, self.minute, self.clock, self.real_now = hour, minute, clock, real_now
        self.scheduler: AsyncIOScheduler | None = None

    async def run(self, now: dt.datetime) -> Path:
        """Make tonight's backup and prune the old ones (off the event loop)."""
        target = self.folder / f"{NIGHTLY_PREFIX}{now:%Y%m%d-%H%M}.sqlite3"
        size = await asyncio.to_thread(backup, self.database, target)
        removed = await asyncio.to_thread(prune, self.folder, self.keep)
        log.info("nightly backup: %s (%d bytes); %d old backups removed", target, size,
                 len(removed))
        return target

    async def start(self) -> None:
        if self.scheduler is None:
            self.scheduler = AsyncIOScheduler(timezone=dt.UTC)
            self.scheduler.start()
        self._plan()

    def shutdown(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def _plan(self) -> None:
        if self.scheduler is None:
            return
        now = self.clock.now()
        fire = next_run(now, self.hour, self.minute)
        self.scheduler.add_job(self._fire, "date", run_date=self.real_now() + (fire - now),
                               args=[fire], id=JOB_ID, replace_existing=True,
                               misfire_grace_time=None, coalesce=True)

    async def _fire(self, fire: dt.datetime) -> None:
        try:
            await self.run(max(self.clock.now(), fire))
        except Exception:
            log.exception("nightly backup failed")
        finally:
            self._plan()
