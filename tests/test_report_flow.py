"""The report form is a flow like every other: the user's place in it is their conversation,
the dispatcher routes their text to it, /cancel leaves it through the flow, and a draft left
open before the upgrade is found again. And the channel runtime that every channel runs on."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.clock import ManualClock
from bot.core import Core
from bot.forms.repo import FORM_FLOW
from bot.port import Reply
from bot.storage.db import migrations
from tests.helpers import CoreUser, at


async def _leader_in_the_form(core: Core, clock: ManualClock,
                              user_factory) -> CoreUser:  # type: ignore[no-untyped-def]
    clock.set(at("2027-05-20 09:00"))
    hung: CoreUser = user_factory("hung")
    await hung.onboard("Trần Văn Hùng", "HOASEN-HT-7390")
    await hung.send("/report")
    await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
    assert "câu 1/9" in hung.text()
    return hung


async def _user_id(core: Core, name: str) -> int:
    user = await core.users.by_identity("console", name)
    assert user is not None
    return user.id


async def test_the_form_is_the_users_flow_until_it_is_left(
        core: Core, clock: ManualClock, user_factory) -> None:  # type: ignore[no-untyped-def]
    hung = await _leader_in_the_form(core, clock, user_factory)
    uid = await _user_id(core, "hung")
    conv = await core.conversations.get(uid)
    assert conv is not None and conv.flow == FORM_FLOW and conv.state == "filling"
    await hung.send("45")
    assert "câu 2/9" in hung.text()

    await hung.send("/cancel")
    assert "vẫn được giữ" in hung.text()  # the flow's own way of leaving keeps the draft
    assert await core.conversations.get(uid) is None
    await hung.send("40")  # no longer an answer: taken as a question
    assert "câu 3/9" not in hung.text() and "câu 2/9" not in hung.text()
    assert (await core.reports.repo.open_draft(uid)) is not None

    await hung.send("/report")
    await hung.press("Làm tiếp")
    assert "câu 2/9" in hung.text()
    conv = await core.conversations.get(uid)
    assert conv is not None and conv.flow == FORM_FLOW


async def test_a_draft_left_open_before_the_upgrade_is_reached_again(
        core: Core, clock: ManualClock, user_factory) -> None:  # type: ignore[no-untyped-def]
    hung = await _leader_in_the_form(core, clock, user_factory)
    uid = await _user_id(core, "hung")
    await core.conversations.clear(uid)  # as before the report form was a flow
    upgrade = dict(migrations())[12]  # the one that points conversations at open drafts
    assert upgrade.name == "0012_report_flow.sql"
    await core.db.execute(upgrade.read_text(encoding="utf-8"))  # on either engine
    await hung.send("45")
    assert "câu 2/9" in hung.text()


class FakeChannel:
    recipient: str | None = None

    def __init__(self, name: str, *, fails: BaseException | None = None) -> None:
        self.name = name
        self.fails = fails
        self.delivered: list[tuple[str, str]] = []
        self.started = asyncio.Event()

    async def download(self, file_id: str) -> bytes:
        return file_id.encode()

    async def deliver(self, external_id: str, reply: Reply) -> None:
        self.delivered.append((external_id, reply.text))

    async def run(self, stop: asyncio.Event) -> None:
        self.started.set()
        if self.fails is not None:
            raise self.fails
        await stop.wait()


async def test_run_channels_wires_each_channel_and_outlives_one_that_fails(
        core: Core, caplog: pytest.LogCaptureFixture) -> None:
    from bot.channels.runtime import run_channels

    good, bad = FakeChannel("console"), FakeChannel("zalo", fails=RuntimeError("no token"))
    stop = asyncio.Event()
    with caplog.at_level(logging.ERROR):
        running = asyncio.create_task(run_channels(core, [good, bad], stop))
        await asyncio.wait_for(good.started.wait(), 5)
        await asyncio.sleep(0.05)
        assert not running.done()  # the console goes on without Zalo
        assert any("zalo channel stopped" in r.getMessage() for r in caplog.records)
    download = core.downloads.get("zalo")
    assert download is not None and await download("x") == b"x"
    assert core.outbox.listening == 2
    user, _ = await core.users.resolve("console", "lan", "Lan", "vi", core.now())
    await core.outbox.enqueue(user.id, Reply("Nhắc hạn"), kind="notice")
    core.outbox.changed()
    for _ in range(100):
        if good.delivered:
            break
        await asyncio.sleep(0.02)
    assert good.delivered == [("lan", "Nhắc hạn")]
    stop.set()
    await asyncio.wait_for(running, 5)
    assert core.outbox.listening == 0


async def test_the_last_channel_to_fail_ends_run_channels_with_its_error(
        core: Core) -> None:
    from bot.channels.runtime import run_channels

    with pytest.raises(RuntimeError, match="refused"):
        await asyncio.wait_for(run_channels(
            core, [FakeChannel("telegram", fails=RuntimeError("refused"))],
            asyncio.Event()), 5)
    assert core.outbox.listening == 0
