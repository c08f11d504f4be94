"""What runs on its own beside the channels: the reminder scheduler, the office's daily digest,
the nightly backup, the sweeper of left-over files and, on a shared database, of updates a
dead worker left in the inbox. Started before the channels, stopped
after them and before the database closes."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from bot.admin.daily_digest import DigestScheduler
from bot.housekeeping import FileOwners, run_sweeper
from bot.inbox import OrphanSweep
from bot.reminders.scheduler import ReminderScheduler
from bot.storage.backup import NightlyBackup


class Background:
    def __init__(self, reminders: ReminderScheduler, digest: DigestScheduler,
                 backup: NightlyBackup | None, *, files: FileOwners, files_dir: Path,
                 now: Callable[[], dt.datetime], orphans: OrphanSweep | None = None) -> None:
        self.reminders, self.digest, self.backup = reminders, digest, backup
        self._files, self._files_dir, self._now = files, files_dir, now
        self.orphans = orphans  # on a shared database: what dead workers left in the inbox
        self._sweeper: asyncio.Task[None] | None = None
        self._orphan_task: asyncio.Task[None] | None = None
        self._sweeper_stop = asyncio.Event()

    async def start(self) -> None:
        await self.reminders.start()
        await self.digest.start()
        if self.backup is not None:
            await self.backup.start()
        self._sweeper_stop = asyncio.Event()
        self._sweeper = asyncio.create_task(
            run_sweeper(self._files, self._files_dir, self._now, self._sweeper_stop))
        if self.orphans is not None:
            self._orphan_task = asyncio.create_task(self.orphans.run(self._sweeper_stop))

    async def stop(self) -> None:
        sweeper, self._sweeper = self._sweeper, None
        orphans, self._orphan_task = self._orphan_task, None
        self._sweeper_stop.set()
        for task in (sweeper, orphans):
            if task is not None:
                await task
        await self.reminders.stop()  # a run in progress ends before the database closes
        await self.digest.stop()
        if self.backup is not None:
            self.backup.shutdown()
