"""End to end on Telegram: an action that messages many people asks Có / Không first."""

from __future__ import annotations

from collections.abc import AsyncIterator
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


async def test_reminding_the_missing_units_asks_first(
    server: FakeTelegramServer, tmp_path: Path,
) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, ManualClock(at("2027-05-20 09:00"))) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        hung = Chat(server, 6001, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")

        await admin.send("/stats")
        await admin.sees("10/11/2027")
        await admin.press("🔔 Nhắc 20 đơn vị chưa nộp")
        await admin.sees("Nhắc 20 đơn vị chưa nộp?")
        assert await bot.core.db.fetchval("SELECT COUNT(*) FROM outbox") == 0
        await admin.press("Không")
        await admin.sees("Chưa gửi lời nhắc nào")
        assert await bot.core.db.fetchval("SELECT COUNT(*) FROM outbox") == 0

        await admin.send("/stats")
        await admin.sees("10/11/2027")
        await admin.press("🔔 Nhắc 20 đơn vị chưa nộp")
        await admin.sees("Nhắc 20 đơn vị chưa nộp?")
        await admin.press("Có")
        await admin.sees("Có 20 đơn vị chưa nộp; đã xếp lịch nhắc 1 lãnh đạo đơn vị")
        await hung.sees("Nhắc hạn")
