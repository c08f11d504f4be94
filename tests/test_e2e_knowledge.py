"""End to end: questions answered from the plans over Telegram, and a plan imported by an
admin sending the file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeTelegramServer
from tests.helpers import ROOT
from tests.telegram_env import Chat, running_bot, telegram_config


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_teacher_asks_and_gets_cited_answers(server: FakeTelegramServer,
                                                   tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config) as bot:
        lan = Chat(server, 7101, "Lan")
        await lan.join("Nguyễn Thị Lan", "HOASEN-GV-4821")
        await lan.send("hạn nộp báo cáo sơ kết là khi nào?")
        answer = await lan.sees("31/5")
        assert "Nguồn:" in answer and "mục IV (TIẾN ĐỘ THỰC HIỆN)" in answer
        assert "Phòng GD&ĐT Quận 11" in answer  # whose document it is
        await lan.send("ho so de nghi khen thuong gom nhung gi")
        dossier = await lan.sees("Tờ trình")
        assert "Biên bản họp" in dossier and "minh chứng" in dossier
        assert "Hồ sơ đề nghị khen thưởng" in dossier  # the section it cites
        await lan.send("lương giáo viên năm nay tăng bao nhiêu?")
        await lan.sees("chưa nêu nội dung này")
        await lan.send("/campaigns")
        await lan.sees("phong trào")
        logged = await bot.core.db.fetchval("SELECT COUNT(*) FROM unanswered_questions")
        assert logged == 1


async def test_admin_imports_a_plan_by_sending_it(server: FakeTelegramServer,
                                                  tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    plan = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text(encoding="utf-8")
    new_plan = plan.replace("2024", "2027").encode("utf-8")
    async with running_bot(server, config) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        await admin.send_document("ke-hoach-2027.txt", new_plan, "text/plain")
        preview = await admin.sees("Xem trước kế hoạch")
        assert "31/5/2027" in preview and "10/11/2027" in preview
        await admin.press("✅ Nhập")
        await admin.sees("Đã nhập")
        await admin.press_data("imp1:ok")  # a second tap imports nothing more
        await admin.sees("đã được nhập hoặc đã hủy")
        plans = await bot.core.db.fetchval("SELECT COUNT(*) FROM plans")
        assert plans == 7  # the five plans, the law, and this one
        teacher = Chat(server, 7102, "Mai")
        await teacher.join("Phan Thị Mai", "KIMDONG-GV-4356")
        await teacher.send_document("ke-hoach.txt", new_plan, "text/plain")
        await teacher.sees("chưa cần tệp")  # only admins import plans
