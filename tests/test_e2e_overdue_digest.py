"""End to end over the fake Bot API: the morning after 31/5 the office's overdue digest says a
unit whose only registered person is a teacher has no leader in the bot — not that nobody is
registered there — and a unit with nobody registered is labelled so."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ShiftedClock, parse_bot_now
from tests.fakes import FakeTelegramServer
from tests.helpers import TZ
from tests.telegram_env import Chat, running_bot, telegram_config


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_the_overdue_digest_names_a_unit_without_a_leader(server: FakeTelegramServer,
                                                                tmp_path: Path) -> None:
    clock = ShiftedClock(parse_bot_now("2027-06-01T07:59:54+07:00"), TZ)  # a Tuesday
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, clock):
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        teacher = Chat(server, 4101, "Lan")
        await teacher.join("Nguyễn Thị Lan", "SONCA-GV-1573")
        digest = await admin.sees("Chưa nộp (20)", timeout=20)
        assert ("• Trường Mầm non Sơn Ca (đơn vị chưa có lãnh đạo đăng ký dùng bot, chỉ có "
                "giáo viên, nhân viên)") in digest
        assert "• Trường Mầm non Vàng Anh (chưa có ai đăng ký dùng bot)" in digest
