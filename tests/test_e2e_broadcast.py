"""End to end: broadcasts over the fake Bot API — exactly the audience, exactly once, through
429s, 5xx, blocked users and a killed process."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.admin import broadcasts
from bot.admin.audience import AudienceKind, AudienceSpec
from bot.app import build_core
from bot.clock import ManualClock
from bot.config import SendingSettings
from bot.core import Core
from bot.features.broadcast import audiences
from bot.models import Role
from tests.fakes import FakeTelegramServer
from tests.helpers import at
from tests.process_rig import BotProcess, write_config
from tests.telegram_env import Chat, running_bot, telegram_config


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def _leaders(core: Core, first_id: int, n: int) -> list[int]:
    """``n`` registered leaders on Telegram with ids first_id…, spread over the units."""
    units = await core.units.all()
    now = core.now()
    chat_ids = []
    for i in range(n):
        chat = first_id + i
        user, _ = await core.users.resolve("telegram", str(chat), f"Leader {i}", "vi", now)
        await core.users.set_name(user.id, f"Hiệu trưởng {i}")
        await core.users.join(user.id, units[i % len(units)].id, Role.LEADER, now)
        chat_ids.append(chat)
    return chat_ids


async def _broadcast(core: Core, text: str) -> int:
    draft = broadcasts.Draft(token=f"t-{text}", text=text,
                             spec=AudienceSpec(AudienceKind.LEADERS), label="leaders")
    return await broadcasts.create(core.broadcasts, audiences(core), core.audit, draft,
                                   admin_id=1, now=core.now())


async def test_broadcast_to_leaders_reaches_exactly_them(server: FakeTelegramServer,
                                                         tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, ManualClock(at("2027-03-01 09:00"))):
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        hung = Chat(server, 6001, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        lan = Chat(server, 6002, "Lan")
        await lan.join("Nguyễn Thị Lan", "HOASEN-GV-4821")
        await admin.send("/broadcast")
        await admin.sees("nội dung thông báo")
        await admin.send("Họp giao ban hiệu trưởng lúc 8 giờ thứ Hai")
        await admin.sees("Ai sẽ nhận")
        await admin.press("Lãnh đạo đơn vị")
        await admin.sees("1 người")
        await admin.sees("Gửi cho 1 người?")
        await admin.press("Có")
        await hung.sees("Họp giao ban hiệu trưởng")
        await admin.sees("đã gửi xong")  # the progress message, refreshed until done
        assert not any("Họp giao ban" in m.text for m in server.sent_to(6002))
        await lan.send("/broadcast")
        await lan.sees("chỉ dành cho chuyên viên quản trị")
        await lan.send("/export")
        await lan.sees("chỉ dành cho chuyên viên quản trị")


async def test_429_5xx_and_blocked_users(server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    config = dataclasses.replace(config, sending=SendingSettings(
        messages_per_second=200, per_chat_per_second=100, max_attempts=5))
    clock = ManualClock(at("2027-03-01 09:00"))
    setup = await build_core(config, clock)
    chats = await _leaders(setup, 7000, 12)
    await setup.close()
    server.block(7003)
    server.fail_next("sendMessage", status=429, retry_after=1, count=2)
    server.fail_next("sendMessage", status=502, count=2)
    async with running_bot(server, config, clock) as bot:
        await _broadcast(bot.core, "Thông báo khẩn")

        async def settled() -> bool:
            pending = await bot.core.db.fetchval(
                "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
            return pending == 0

        for _ in range(300):  # retries wait for their time on the bot's clock: move it on
            if await settled():
                break
            await asyncio.sleep(0.05)  # let the sender work (it paces itself in real time)
            clock.advance(seconds=2)
            bot.core.outbox.changed()
        assert await settled()
        blocked = await bot.core.users.by_identity("telegram", "7003")
        assert blocked is not None and not blocked.active
    counts = {c: sum("Thông báo khẩn" in m.text for m in server.sent_to(c)) for c in chats}
    assert counts == {c: (0 if c == 7003 else 1) for c in chats}


def _delivered(server: FakeTelegramServer, chats: list[int], text: str) -> int:
    return sum(any(text in m.text for m in server.sent_to(c)) for c in chats)


async def test_broadcast_survives_a_killed_process(server: FakeTelegramServer,
                                                   tmp_path: Path) -> None:
    config_path = write_config(tmp_path, sections="[sending]\nmessages_per_second = 25.0\n")
    from bot.config_file import load_config

    config = load_config(config_path, env={})
    setup = await build_core(config, ManualClock(at("2027-03-01 09:00")))
    chats = await _leaders(setup, 8000, 40)
    await _broadcast(setup, "Kế hoạch thi đua năm 2027")
    await setup.close()

    bot = BotProcess.telegram(server, config_path, tmp_path / "bot.log",
                              now="2027-03-01T09:00:00+07:00")
    async with bot.run(end="kill"):
        await server.wait_until(lambda: _delivered(server, chats, "Kế hoạch") >= 12,
                                timeout=30, what="a third of the broadcast")
        server.hold("sendMessage")
        await server.wait_until(lambda: server.parked() >= 1, timeout=10, what="a send in flight")
        await bot.kill()
    half = _delivered(server, chats, "Kế hoạch")
    assert 12 <= half < 40
    server.drop_held("sendMessage")  # the send that was in flight never reached Telegram

    async with bot.run():  # the same database: a restart
        await server.wait_until(lambda: _delivered(server, chats, "Kế hoạch") == 40,
                                timeout=30, what="every leader")
    counts = [sum("Kế hoạch" in m.text for m in server.sent_to(c)) for c in chats]
    assert counts == [1] * 40
