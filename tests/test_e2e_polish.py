"""End to end over the fake Bot API: the small things a newcomer hit (issue 13, item 16)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeTelegramServer
from tests.telegram_env import Chat, running_bot, telegram_config
from tests.test_e2e_reports import _interim_until_summary, may_2027


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_a_join_code_typed_loosely_is_accepted_without_using_a_try(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        lan = Chat(server, 3201, "Lan")
        await lan.send("/start")
        await lan.sees("?")
        await lan.send("Nguyễn Thị Lan")
        await lan.sees("mã tham gia")
        await lan.send("hoasen gv 4821")
        welcome = await lan.sees("Chào mừng")
        assert "Trường Mầm non Hoa Sen" in welcome
        conv = await bot.core.db.fetchval("SELECT COUNT(*) FROM conversations")
        assert conv == 0  # the join finished: no failed attempt left behind


async def test_an_accepted_report_is_not_offered_accept_again(server: FakeTelegramServer,
                                                              tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        hung = Chat(server, 3202, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await _interim_until_summary(hung)
        await hung.press("✅ Gửi")
        await hung.sees("BC-2027-000001")
        sub_id = await bot.core.db.fetchval("SELECT id FROM submissions")
        await admin.press_data(f"sub1:ok:{sub_id}")
        card = await admin.sees("Tổng số CB-GV-NV")
        message = next(m for m in reversed(server.sent_to(9000)) if m.text == card)
        labels = [b["text"] for b in message.buttons]
        assert not any("Duyệt" in label for label in labels)
        assert any("Trả lại" in label for label in labels)
        await admin.press_data(f"sub1:ok:{sub_id}")  # the old button, pressed again
        await admin.sees("Báo cáo này đã được duyệt rồi.")
        audit = await bot.core.db.fetchval(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'review'")
        assert audit == 1


async def test_a_broadcast_keeps_the_admins_formatting(server: FakeTelegramServer,
                                                       tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()):
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        hung = Chat(server, 3203, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await admin.send("/broadcast")
        await admin.sees("nội dung thông báo")
        text = "Họp giao ban lúc 8 giờ, xem lịch <tại đây>"
        admin._mark_all()
        admin.user._queued(server.queue_message(admin.user.user_dict, text, entities=[
            {"type": "bold", "offset": 0, "length": 12},
            {"type": "text_link", "offset": 35, "length": 9, "url": "https://pgd.example.vn/l"},
        ]))
        await admin.sees("Ai sẽ nhận")
        await admin.press("Lãnh đạo đơn vị")
        await admin.sees("1 người")
        await admin.press("Có")  # the preview asks before sending
        got = await hung.sees("Họp giao ban")
        assert "<b>" not in got and "<tại đây>" in got  # no literal tags; the user's < kept
        message = next(m for m in server.sent_to(3203) if m.text == got)
        kinds = {e["type"]: e for e in message.entities}
        assert kinds["bold"]["offset"] == 0 and kinds["bold"]["length"] == 12
        assert kinds["text_link"]["url"] == "https://pgd.example.vn/l"


async def test_a_report_without_a_deadline_is_never_on_time(server: FakeTelegramServer,
                                                            tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        lan = Chat(server, 3204, "Lan")
        await lan.join("Nguyễn Thị Lan", "KIMDONG-GV-4356")
        await lan.send("/report")
        menu = await lan.sees("muốn gửi báo cáo nào?")
        assert "Năm 2027, không có hạn" in menu
        await lan.press("Đăng ký danh hiệu thi đua cá nhân")
        await lan.sees("câu 1/5")
        await lan.send("Giáo viên chủ nhiệm lớp 3A")
        await lan.sees("câu 2/5")
        await lan.press("Lao động tiên tiến")
        await lan.sees("câu 3/5")
        await lan.press("Bỏ qua")
        await lan.sees("câu 4/5")
        await lan.press("Không")
        await lan.sees("câu 5/5")
        await lan.press("Bỏ qua")
        await lan.sees("xin kiểm tra lại")
        await lan.press("✅ Gửi")
        receipt = await lan.sees("Số biên nhận: DK-2027-")
        assert "không có hạn" in receipt and "đúng hạn" not in receipt
        sub_id = await bot.core.db.fetchval("SELECT id FROM submissions")
        await admin.press_data(f"sub1:open:{sub_id}")
        card = await admin.sees("Chức vụ, nhiệm vụ")
        assert "không có hạn" in card and "đúng hạn" not in card
