"""The reminders' alarm clock (``bot.scheduling.AlarmScheduler``): at start the service catches
up (``ReminderService.start``), then the job is planned for the next fire instant; after each
run, and whenever deadlines change (``ReminderService.deadlines_changed``), it is planned
again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.clock import Clock
from bot.reminders.service import ReminderService
from bot.scheduling import AlarmScheduler, _real_now

JOB_ID = "reminders:next"


class ReminderScheduler(AlarmScheduler):
    job_id = JOB_ID
    what = "reminders"

    def __init__(self, service: ReminderService, clock: Clock, *,
                 real_now: Callable[[], dt.datetime] = _real_now) -> None:
        super().__init__(clock, timezone=service.policy.tz, real_now=real_now)
        self.service = service
        service.listen(self.replan)

    async def catch_up(self) -> None:
        await self.service.start(self.clock.now())

    async def next_fire(self, after: dt.datetime) -> dt.datetime | None:
        return await self.service.next_fire(after)

    async def run_due(self, now: dt.datetime) -> None:
        await self.service.send_due(now)
