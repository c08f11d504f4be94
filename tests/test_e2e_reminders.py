"""End to end: a rehearsal with the clock started just before 08:00 on 30/5 (BOT_NOW)."""

from __future__ import annotations

import datetime as dt
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


async def test_leaders_who_have_not_reported_are_reminded_at_eight(
    server: FakeTelegramServer, tmp_path: Path
) -> None:
    # 30/5/2028 is a Tuesday (in 2027 it is a Sunday, and weekend reminders go out on Friday).
    clock = ShiftedClock(parse_bot_now("2028-05-30T07:59:57+07:00"), TZ)
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, clock) as bot:
        hoa_sen = Chat(server, 4001, "Hùng")
        llq = Chat(server, 4002, "Bình")
        teacher = Chat(server, 4003, "Lan")
        await hoa_sen.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await llq.join("Lê Văn Bình", "LLQ-HT-3857")
        await teacher.join("Nguyễn Thị Lan", "HOASEN-GV-4821")
        # Lạc Long Quân has already sent its interim report for 2028.
        await bot.core.db.execute(
            "INSERT INTO submissions (receipt, report_type, period, scope_key, version, unit_id,"
            " answers, submitted_at, on_time) VALUES ('BC-2028-000001', 'interim', '2028',"
            " 'unit:TH-LACLONGQUAN', 1, 'TH-LACLONGQUAN', '{}', ?, 1)",
            (dt.datetime(2028, 5, 29, 10, tzinfo=TZ).isoformat(),),
        )
        assert clock.now().hour == 7  # nothing yet: it is not 08:00
        reminder = await hoa_sen.sees("Báo cáo sơ kết 6 tháng đầu năm", timeout=15)
        assert "Thứ Tư, 31/5/2028" in reminder and "Còn 1 ngày" in reminder
        await hoa_sen.press("Nộp báo cáo ngay")
        await hoa_sen.sees("câu 1/9")
        sent_to_others = [m.text for chat in (4002, 4003) for m in server.sent_to(chat)]
        assert not any("Nhắc" in t or "⏰" in t for t in sent_to_others)
        logged = await bot.core.db.fetchval(
            "SELECT COUNT(*) FROM reminder_log WHERE status = 'sent'")
        assert logged == 1
