"""End to end over the fake Bot API: updates of different people are handled at the same time,
one person's stay in order, the bound holds and nothing is lost (issue 15, item 2)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.clock import ManualClock
from tests.fakes import FakeTelegramServer
from tests.helpers import at
from tests.telegram_env import Chat, running_bot, telegram_config


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for the bot's own state (not the server's, which the fake signals)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.01)


def may_2027() -> ManualClock:
    return ManualClock(at("2027-05-20 09:00"))


async def test_two_peoples_updates_are_handled_at_the_same_time(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    async with running_bot(server, telegram_config(tmp_path, server), may_2027()):
        lan, mai = Chat(server, 4101, "Lan"), Chat(server, 4102, "Mai")
        await lan.join("Nguyễn Thị Lan", "HOASEN-GV-4821")
        await mai.join("Lê Thị Mai", "HOASEN-GV-4821")
        server.hold("sendMessage")  # Lan's reply hangs …
        await lan.send("/help")
        await server.wait_until(lambda: server.parked() >= 1, 10, what="Lan's reply")
        await mai.send("/help")  # … and Mai is answered meanwhile (her reply parks too)
        await server.wait_until(lambda: server.parked() >= 2, 10, what="Mai's reply")
        server.release("sendMessage")
        await lan.sees("/report")
        await mai.sees("/report")


async def test_one_persons_quick_answers_land_in_order(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    async with running_bot(server, telegram_config(tmp_path, server), may_2027()) as bot:
        hung = Chat(server, 4103, "Hùng")
        others = [Chat(server, 4110 + i, f"GV{i}") for i in range(4)]
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        for other in others:
            await other.join(f"Giáo Viên {other.id}", "HOASEN-GV-4821")
        await hung.send("/report")
        await hung.sees("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.sees("câu 1/9")
        # four answers without waiting for the questions, while others write too
        for text in ("45", "40", "Dạy tốt – Học tốt", "Hội giảng cấp trường"):
            await hung.user.send(text)
            for other in others:
                await other.user.send("/help")
        await hung.sees("câu 5/9")
        row = await bot.core.db.fetchone(
            "SELECT d.answers FROM drafts d JOIN identities i ON i.user_id = d.user_id"
            " WHERE i.external_id = '4103' ORDER BY d.id DESC LIMIT 1")
        answers = json.loads(row["answers"])
        assert (answers["staff_total"], answers["participants"]) == (45, 40), answers
        assert {"Dạy tốt – Học tốt", "Hội giảng cấp trường"} <= set(answers.values()), answers
        steps = [int(found.group(1)) for m in server.sent_to(4103)
                 if (found := re.search(r"câu (\d)/9", m.text))]
        assert steps == sorted(steps), steps
        for other in others:
            await server.wait_until(
                lambda o=other: sum("/report" in m.text for m in server.sent_to(o.id)) >= 4,
                10, what=f"four answers to {other.id}")


async def test_the_bound_holds_and_no_update_is_lost(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    config = dataclasses.replace(config, bot=dataclasses.replace(config.bot,
                                                                 concurrent_updates=2))
    async with running_bot(server, config, may_2027()) as bot:
        pool = bot.core.updates
        people = [Chat(server, 4201 + i, f"GV{i}") for i in range(5)]
        for person in people:
            await person.join(f"Giáo Viên {person.id}", "HOASEN-GV-4821")
        server.hold("sendMessage")
        for person in people:
            await person.user.send("/help")
        await until(lambda: pool.pending == 5 and server.parked() == 2)
        assert pool.running == 2 and server.parked() == 2  # the other three wait their turn
        server.release("sendMessage")
        for person in people:
            await person.sees("/report")
        assert pool.peak == 2

        for person in people:  # many at once, all answered
            for _ in range(6):
                await person.user.send("/help")
        for person in people:
            await server.wait_until(
                lambda p=person: sum("/report" in m.text for m in server.sent_to(p.id)) >= 7,
                20, what=f"seven answers to {person.id}")
        await until(lambda: pool.pending == 0)
        handled = await bot.core.db.fetchval(
            "SELECT COUNT(*) FROM processed_updates WHERE channel = 'telegram'")
        assert handled == sum(len(p.user.sent) for p in people)
        assert pool.peak <= 2
        assert not await bot.core.db.fetchval("SELECT COUNT(*) FROM inbox")


# -- Zalo polling shares the pool ---------------------------------------------------------------


async def test_zalo_polls_on_while_one_chat_waits_and_keeps_each_chats_order(
        tmp_path: Path) -> None:
    from tests.fakes.zalo_server import FakeZaloServer
    from tests.zalo_env import Rig, onboard, zalo_config

    async with FakeZaloServer() as server:
        rig = Rig(zalo_config(tmp_path, server), ManualClock(at("2027-05-20 09:00")))
        await rig.start()
        try:
            lan, mai = server.user("zalo-lan", "Lan"), server.user("zalo-mai", "Mai")
            await onboard(lan, "Nguyễn Thị Lan")
            await onboard(mai, "Lê Thị Mai")
            gate = server.hold("sendMessage")  # Lan's reply hangs …
            await lan.send("/help")
            await lan.send("/me")  # … her next message waits for it, in order …
            await mai.send("/help")  # … and Mai's message is taken and handled meanwhile
            await until(lambda: server.taken >= 9 and rig.s.updates.running == 2)
            gate.set()
            first = await lan.expect(contains="/report")
            then = await lan.expect(contains="Nguyễn Thị Lan")
            assert first and then
            await mai.expect(contains="/report")
            await until(lambda: rig.s.updates.pending == 0)
            assert not await rig.s.db.fetchval("SELECT COUNT(*) FROM inbox")
        finally:
            await rig.stop()
