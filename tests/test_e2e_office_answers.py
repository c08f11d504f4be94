"""End to end over the fake Bot API: /unanswered as a loop. Teachers ask what the documents do
not say; stray menu numbers are not logged; the admin answers the group once, everyone who
asked is told it is the office's answer, and the saved answer then answers a later question
before the documents are searched, until it is edited and retired. A group can be dismissed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeTelegramServer
from tests.telegram_env import Chat, running_bot, telegram_config


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_the_office_answers_a_group_and_later_questions(server: FakeTelegramServer,
                                                              tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        lan = Chat(server, 7101, "Lan")
        await lan.join("Nguyễn Thị Lan", "HOASEN-GV-4821")
        mai = Chat(server, 7102, "Mai")
        await mai.join("Phan Thị Mai", "KIMDONG-GV-4356")
        await lan.send("lương giáo viên năm nay tăng bao nhiêu?")
        await lan.sees("chưa nêu nội dung này")
        await mai.send("luong giao vien nam nay duoc tang bao nhieu")
        await mai.sees("chưa nêu nội dung này")
        await mai.send("4")  # a stray menu pick
        await mai.sees("chưa nêu nội dung này")
        await mai.send("xe đạp điện có được gửi trong trường không")
        await mai.sees("chưa nêu nội dung này")
        logged = await bot.core.db.fetchval("SELECT COUNT(*) FROM unanswered_questions")
        assert logged == 3

        await admin.send("/unanswered")
        listing = await admin.sees("Câu hỏi chưa được trả lời")
        assert "2 nhóm" in listing and "được hỏi 2 lần, 2 người" in listing
        assert "lần cuối 22/11/2026 09:00" in listing and "“4”" not in listing
        await admin.press("🗑 Bỏ qua 2")
        await admin.sees("Đã bỏ qua “xe đạp điện")
        await admin.press("✍️ Trả lời 1")
        await admin.sees("gõ câu trả lời")
        await admin.send("Mức lương cơ sở tăng từ 1/7; Văn phòng sẽ gửi <b>công văn</b> sau.")
        await admin.sees("Gửi cho mọi người đã hỏi?")
        await admin.press("📤 Gửi và lưu làm câu trả lời của Văn phòng")
        await admin.sees("Đã gửi cho 2 người")
        for teacher in (lan, mai):
            told = await teacher.sees("Văn phòng trả lời câu hỏi của thầy/cô")
            assert "(22/11/2026)" in told and "<b>công văn</b>" in told
        assert "lương giáo viên năm nay tăng bao nhiêu?" in (await lan.sees("công văn"))

        hoa = Chat(server, 7103, "Hoa")
        await hoa.join("Lê Thị Hoa", "SONCA-GV-1573")
        await hoa.send("Năm nay lương giáo viên tăng bao nhiêu vậy ạ?")
        cited = await hoa.sees("Văn phòng trả lời, 22/11/2026")
        assert "Mức lương cơ sở tăng từ 1/7" in cited
        assert await bot.core.db.fetchval(
            "SELECT COUNT(*) FROM unanswered_questions WHERE status = 'open'") == 0

        await admin.send("/officeanswers")
        await admin.sees("Mức lương cơ sở tăng từ 1/7")
        await admin.press("✏️ Sửa 1")
        await admin.sees("gõ câu trả lời mới")
        await admin.send("Lương cơ sở tăng 30% từ 1/7/2027.")
        await admin.sees("Đã lưu.")
        await hoa.send("luong giao vien tang bao nhieu")
        await hoa.sees("Lương cơ sở tăng 30% từ 1/7/2027.")
        await admin.send("/officeanswers")
        await admin.sees("Câu trả lời của Văn phòng")
        await admin.press("🗄 Ngừng dùng 1")
        await admin.sees("Đã ngừng dùng")
        await hoa.send("lương giáo viên năm nay tăng bao nhiêu?")
        await hoa.sees("chưa nêu nội dung này")  # from the documents again

        await admin.send("/audit")
        audit = await admin.sees("Nhật ký thao tác")
        assert "đã trả lời câu hỏi “luong giao vien nam nay duoc tang bao nhieu” cho 2 người" \
            in audit
        assert "đã bỏ qua câu hỏi “xe đạp điện" in audit
