"""The daily digest: once a day at the configured time, only what was not announced at once,
caught up at start when the bot was down at that time."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.core import Core
from tests.helpers import at
from tests.test_reminders_support import person, queued


async def _submit(core: Core, n: int, report_type: str, unit: str, version: int = 1,
                  scope: str | None = None) -> None:
    await core.db.execute(
        "INSERT INTO submissions (receipt, report_type, period, scope_key, version, unit_id,"
        " answers, submitted_at, on_time) VALUES (?, ?, '2027', ?, ?, ?, '{}', ?, 1)",
        (f"X-{n}", report_type, scope or f"user:{n}", version, unit,
         at("2027-05-20 10:00").isoformat()))


async def test_one_digest_a_day_of_what_was_not_announced(core: Core) -> None:
    admin = await person(core, "admin")
    sender = core.office_digest
    await _submit(core, 1, "title_individual", "TH-KIMDONG")
    await _submit(core, 2, "title_individual", "TH-KIMDONG")
    await _submit(core, 3, "title_individual", "MN-HOASEN")
    await _submit(core, 4, "interim", "MN-HOASEN", scope="unit:MN-HOASEN")  # at once
    await _submit(core, 5, "title_individual", "MN-SONCA", version=2)  # a revision
    assert await sender.send_due(at("2027-05-20 16:29")) == 0
    assert await sender.next_run(at("2027-05-20 09:00")) == at("2027-05-20 16:30")
    assert await sender.send_due(at("2027-05-20 16:30")) == 1
    [digest] = await queued(core, "report_digest")
    assert digest["user_id"] == admin
    text = digest["reply"]["text"]
    assert "3 báo cáo mới" in text and "cá nhân (Năm 2027): 3, từ 2 đơn vị" in text
    assert digest["reply"]["buttons"][0][0][1] == "sub1:list:title_individual:2027"
    assert await sender.send_due(at("2027-05-20 18:00")) == 0  # once a day
    assert await sender.next_run(at("2027-05-20 18:00")) == at("2027-05-21 16:30")
    # the bot was down at 16:30 the next day: caught up at start, with only the new ones
    await _submit(core, 6, "good_example", "TH-KIMDONG", scope="entry:6")
    assert await sender.next_run(at("2027-05-21 19:00")) == at("2027-05-21 19:00")
    assert await sender.send_due(at("2027-05-21 19:00")) == 1
    latest = (await queued(core, "report_digest"))[-1]["reply"]["text"]
    assert "1 báo cáo mới</b> từ 20/5/2027 16:30" in latest
    assert await sender.send_due(at("2027-05-22 16:30")) == 0  # nothing new: no message
    assert len(await queued(core, "report_digest")) == 2


async def test_a_digest_running_when_the_bot_stops_ends_quietly(
        core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopping cancels a run in progress and waits for it to end, before the database closes:
    it ends without an error and plans nothing more."""
    scheduler = core.background.digest
    started = asyncio.Event()

    async def slow(now: dt.datetime) -> int:
        started.set()
        await asyncio.Event().wait()  # until cancelled
        return 0

    monkeypatch.setattr(scheduler.sender, "send_due", slow)
    planned = 0
    real_plan = scheduler.replan

    async def counted(after: dt.datetime | None = None) -> None:
        nonlocal planned
        planned += 1
        await real_plan(after)

    monkeypatch.setattr(scheduler, "replan", counted)
    run = asyncio.create_task(scheduler._run(core.now()))
    await asyncio.wait_for(started.wait(), 5)
    await scheduler.stop()  # as the bot stops: before the database closes
    assert run.done() and not run.cancelled() and run.exception() is None  # nothing to log
    assert planned == 0
