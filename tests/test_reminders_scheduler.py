"""The APScheduler wrapper: one job at the next fire instant, converted from the bot clock."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.clock import ManualClock
from bot.core import Core
from bot.reminders.scheduler import JOB_ID, ReminderScheduler
from tests.helpers import at
from tests.test_reminders_support import fresh_service, person, queued, reminder_service

REAL = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
async def scheduler(core: Core) -> AsyncIterator[ReminderScheduler]:
    service = await reminder_service(core)
    found = ReminderScheduler(fresh_service(core), core.clock, real_now=lambda: REAL)
    assert service is not found.service
    yield found
    found.shutdown()


async def test_the_fire_instant_on_a_shifted_clock_becomes_a_real_run_date(
        core: Core, clock: ManualClock, scheduler: ReminderScheduler) -> None:
    clock.set(at("2027-05-17 07:59:50"))  # BOT_NOW-style rehearsal, ten seconds before
    await scheduler.start()
    assert scheduler.running
    assert scheduler.planned == at("2027-05-17 08:00")
    assert scheduler.next_run_time() == REAL + dt.timedelta(seconds=10)
    job = scheduler.scheduler.get_job(JOB_ID)
    assert job is not None and len(scheduler.scheduler.get_jobs()) == 1


async def test_a_run_sends_what_fell_due_and_plans_the_next(
        core: Core, clock: ManualClock, scheduler: ReminderScheduler) -> None:
    leader = await person(core, "hung", "MN-HOASEN")
    clock.set(at("2027-05-17 07:00"))
    await scheduler.start()
    clock.set(at("2027-05-17 07:59:59.998"))  # the clocks may disagree by a few ms
    await scheduler._run(at("2027-05-17 08:00"))
    [row] = await queued(core, "reminder")
    assert row["user_id"] == leader
    assert scheduler.planned == at("2027-05-24 08:00")
    assert scheduler.next_run_time() == REAL + (at("2027-05-24 08:00") - clock.now())


async def test_start_catches_up_then_plans(core: Core, clock: ManualClock,
                                           scheduler: ReminderScheduler) -> None:
    await person(core, "hung", "MN-HOASEN")
    clock.set(at("2027-05-17 09:30"))  # started 90 minutes after 08:00: within the grace
    await scheduler.start()
    assert len(await queued(core, "reminder")) == 1
    assert scheduler.planned == at("2027-05-24 08:00")


async def test_with_no_deadline_left_there_is_no_job(core: Core, clock: ManualClock,
                                                     scheduler: ReminderScheduler) -> None:
    await scheduler.start()
    assert scheduler.next_run_time() is not None
    await core.db.execute("UPDATE deadlines SET active = 0")
    await scheduler.service.deadlines_changed()
    assert scheduler.planned is None
    assert scheduler.scheduler.get_job(JOB_ID) is None


async def test_a_run_in_progress_when_the_bot_stops_ends_quietly(
        core: Core, clock: ManualClock, scheduler: ReminderScheduler,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopping cancels a run in progress and waits for it to end, before the database closes:
    it ends without an error and does not plan again."""
    clock.set(at("2027-05-17 07:00"))
    await scheduler.start()
    planned = scheduler.planned
    started = asyncio.Event()

    async def slow(now: dt.datetime) -> None:
        started.set()
        await asyncio.Event().wait()  # until cancelled

    monkeypatch.setattr(scheduler.service, "send_due", slow)
    clock.set(at("2027-05-17 08:00"))
    run = asyncio.create_task(scheduler._run(at("2027-05-17 08:00")))
    await asyncio.wait_for(started.wait(), 5)
    await scheduler.stop()  # as the bot stops: before the database closes
    assert run.done() and not run.cancelled() and run.exception() is None  # nothing to log
    assert scheduler.planned == planned == at("2027-05-17 08:00")
