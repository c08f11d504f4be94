"""APScheduler's AsyncIOScheduler, holding one job: the next instant a reminder slot fires.

The database is the source of truth; the job is only an alarm clock. At start the service
catches up (``ReminderService.start``), then the job is planned for the next fire instant; after
each run, and whenever deadlines change (``ReminderService.deadlines_changed``), it is planned
again. Nothing is lost if the job never runs: the next start catches up.

The bot's clock may be shifted (``BOT_NOW`` for rehearsals), while APScheduler runs on the real
clock, so a fire instant on the bot clock becomes the real run date
``real_now + (fire − clock.now())``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.reminders.service import ReminderService

log = logging.getLogger(__name__)

JOB_ID = "reminders:next"
STOP_WAIT = 5.0  # seconds a cancelled run may take to end when the bot stops


def _real_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ReminderScheduler:
    def __init__(self, service: ReminderService, clock: Clock, *,
                 real_now: Callable[[], dt.datetime] = _real_now) -> None:
        self.service = service
        self.clock = clock
        self.real_now = real_now
        self.scheduler = AsyncIOScheduler(timezone=service.policy.tz)
        self.planned: dt.datetime | None = None  # the next fire instant, on the bot clock
        self._running: asyncio.Task[object] | None = None  # a run in progress
        service.listeners.append(self.replan)

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)

    async def start(self) -> None:
        """Catch up on what fell due while the bot was down, then plan the next run."""
        try:
            await self.service.start(self.clock.now())
        except Exception:
            log.exception("reminders: catching up at start failed")
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
        self.planned = await self.service.next_fire(max(now, after) if after else now)
        if not self.scheduler.running:
            return
        if self.planned is None:
            if self.scheduler.get_job(JOB_ID):
                self.scheduler.remove_job(JOB_ID)
            return
        self.scheduler.add_job(
            self._run, "date", run_date=self.run_date(self.planned), args=[self.planned],
            id=JOB_ID, replace_existing=True, misfire_grace_time=None, coalesce=True,
        )
        log.debug("reminders: next run at %s (bot clock)", self.planned.isoformat())

    def next_run_time(self) -> dt.datetime | None:
        """When APScheduler will run the job (real clock), if it is planned."""
        job = self.scheduler.get_job(JOB_ID)
        return getattr(job, "next_run_time", None) if job else None

    async def _run(self, fire: dt.datetime) -> None:
        """Send what fell due, then plan the next run. When the bot stops, APScheduler cancels
        a run in progress: it ends quietly and plans nothing (the database is closing); what
        was not sent is caught up at the next start."""
        # The two clocks may disagree by a few milliseconds: never run before ``fire``.
        now = max(self.clock.now(), fire)
        self._running = asyncio.current_task()
        try:
            try:
                await self.service.send_due(now)
            except Exception:
                log.exception("reminders: sending what fell due failed")
            if self.scheduler.running:
                await self.replan(after=now)
        except asyncio.CancelledError:
            log.debug("reminders: stopped with the bot")
        finally:
            self._running = None
