"""An alarm clock for work the database already knows is due: one APScheduler job, planned for
the next instant something falls due on the bot's clock. Reminders and the office's daily digest
are built on it (``ReminderScheduler``, ``DigestScheduler``).

The database is the source of truth; the job only wakes the bot. If it never runs, the next
start catches up. The bot's clock may be shifted (``BOT_NOW`` for rehearsals) while APScheduler
runs on the real clock, so a fire instant on the bot clock becomes the real run date
``real_now + (fire − clock.now())``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock

log = logging.getLogger(__name__)

STOP_WAIT = 5.0  # seconds a cancelled run may take to end when the bot stops


def _real_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AlarmScheduler(ABC):
    job_id: str
    what: str  # for the log: "reminders", "office digest"

    def __init__(self, clock: Clock, *, timezone: Any = None,
                 real_now: Callable[[], dt.datetime] = _real_now) -> None:
        self.clock = clock
        self.real_now = real_now
        self.scheduler = (AsyncIOScheduler(timezone=timezone) if timezone is not None
                          else AsyncIOScheduler())
        self.planned: dt.datetime | None = None  # the next fire instant, on the bot clock
        self._running: asyncio.Task[object] | None = None  # a run in progress

    @abstractmethod
    async def next_fire(self, after: dt.datetime) -> dt.datetime | None:
        """The next instant at or after ``after`` when something falls due, if any."""

    @abstractmethod
    async def run_due(self, now: dt.datetime) -> None:
        """Do what has fallen due by ``now``."""

    async def catch_up(self) -> None:
        """Before the first plan at start: what fell due while the bot was down (nothing to
        do where ``next_fire`` already returns an instant in the past)."""
        return None

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)

    async def start(self) -> None:
        try:
            await self.catch_up()
        except Exception:
            log.exception("%s: catching up at start failed", self.what)
        if not self.scheduler.running:
            self.scheduler.start()
        await self.replan()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def stop(self) -> None:
        """Shut down, and let a run in progress end (it is cancelled) before the database
        closes."""
        self.shutdown()
        run = self._running
        if run is not None and not run.done():
            run.cancel()
            await asyncio.wait({run}, timeout=STOP_WAIT)

    def run_date(self, fire: dt.datetime) -> dt.datetime:
        """The real instant at which the bot clock shows ``fire``."""
        return self.real_now() + (fire - self.clock.now())

    async def replan(self, after: dt.datetime | None = None) -> None:
        """Plan the job for the next fire instant after now (or ``after``, if later), or remove
        it if there is none."""
        now = self.clock.now()
        self.planned = await self.next_fire(max(now, after) if after else now)
        if not self.scheduler.running:
            return
        if self.planned is None:
            if self.scheduler.get_job(self.job_id):
                self.scheduler.remove_job(self.job_id)
            return
        self.scheduler.add_job(
            self._run, "date", run_date=self.run_date(self.planned), args=[self.planned],
            id=self.job_id, replace_existing=True, misfire_grace_time=None, coalesce=True,
        )
        log.debug("%s: next run at %s (bot clock)", self.what, self.planned.isoformat())

    def next_run_time(self) -> dt.datetime | None:
        """When APScheduler will run the job (real clock), if it is planned."""
        job = self.scheduler.get_job(self.job_id)
        return None if job is None else job.next_run_time

    async def _run(self, fire: dt.datetime) -> None:
        """Do what fell due, then plan the next run. When the bot stops, APScheduler cancels a
        run in progress: it ends quietly and plans nothing (the database is closing); what was
        not done is caught up at the next start."""
        now = max(self.clock.now(), fire)  # the two clocks may disagree by a few milliseconds
        self._running = asyncio.current_task()
        try:
            try:
                await self.run_due(now)
            except Exception:
                log.exception("%s: the run failed", self.what)
            if self.scheduler.running:
                await self.replan(after=now)
        except asyncio.CancelledError:
            log.debug("%s: stopped with the bot", self.what)
        finally:
            self._running = None
