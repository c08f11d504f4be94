"""End to end over the fake Bot API: a teacher's title registration does not ping the office;
it is counted in the 16:30 digest, whose button opens the list; an admin who asks (/notices)
hears of every report at once. (A unit report is announced at once: test_e2e_review_export.)"""

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


async def _register_title(teacher: Chat) -> None:
    await teacher.send("/report")
    await teacher.sees("Đăng ký danh hiệu thi đua cá nhân")
    await teacher.press("Đăng ký danh hiệu thi đua cá nhân")
    await teacher.sees("câu 1/")
    await teacher.send("Giáo viên chủ nhiệm lớp 3A")
    await teacher.sees("danh hiệu")
    await teacher.press("Lao động tiên tiến")
    await teacher.sees("câu 3/5")
    await teacher.press("Bỏ qua")
    await teacher.sees("câu 4/5")
    await teacher.press("Không")
    await teacher.sees("câu 5/5")
    await teacher.press("Bỏ qua")
    await teacher.sees("kiểm tra lại")
    await teacher.press("✅ Gửi")
    await teacher.sees("Số biên nhận: DK-2027-")


def _texts(server: FakeTelegramServer, chat: int) -> list[str]:
    return [m.text for m in server.sent_to(chat)]


async def test_registrations_wait_for_the_daily_digest(server: FakeTelegramServer,
                                                       tmp_path: Path) -> None:
    clock = ManualClock(at("2027-05-20 16:29:58"))
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, clock) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        mai = Chat(server, 5003, "Mai")
        await mai.join("Phan Thị Mai", "KIMDONG-GV-4356")
        await _register_title(mai)
        assert not any("Phan Thị Mai" in t for t in _texts(server, 9000))  # no ping

        clock.set(at("2027-05-20 16:30:01"))
        digest = await admin.sees("1 báo cáo mới", timeout=15)
        assert "Đăng ký danh hiệu thi đua cá nhân (Năm 2027): 1, từ 1 đơn vị" in digest
        await admin.press("Mở: Đăng ký danh hiệu thi đua cá nhân")
        listing = await admin.sees("Chọn một báo cáo để duyệt")
        assert "1" in listing
        assert await bot.core.db.fetchval("SELECT COUNT(*) FROM office_digests") == 1

        await admin.send("/notices")
        await admin.sees("một bản tổng hợp mỗi ngày lúc 16:30")
        await admin.press("Mọi báo cáo, ngay khi đến")
        await admin.sees("ngay khi có báo cáo mới")
        lan = Chat(server, 5004, "Lan")
        await lan.join("Nguyễn Thị Lan", "KIMDONG-GV-4356")
        await _register_title(lan)
        await admin.sees("Nguyễn Thị Lan")  # now at once
