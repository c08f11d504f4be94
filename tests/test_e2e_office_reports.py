"""End to end over the fake Bot API: rules checked again at sending, rules between fields,
periods that are shown and chosen, one source of deadlines, revising from /myreports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from tests.fakes import FakeTelegramServer
from tests.helpers import at
from tests.telegram_env import Chat, running_bot, telegram_config
from tests.test_e2e_reports import may_2027


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def _interim(hung: Chat, staff: str, participants: str) -> None:
    """Fill the interim report up to its summary (a period already chosen if asked)."""
    await hung.sees("câu 1/9")
    await hung.send(staff)
    await hung.sees("câu 2/9")
    await hung.send(participants)
    await hung.sees("câu 3/9")
    await hung.send("Dạy tốt – Học tốt")
    await hung.sees("câu 4/9")
    await hung.send("Hội giảng cấp trường")
    for step in (5, 6, 7, 8, 9):
        await hung.sees(f"câu {step}/9")
        await hung.press("Bỏ qua")
    await hung.sees("xin kiểm tra lại")


async def test_a_total_edited_below_the_participants_is_caught_at_sending(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        hung = Chat(server, 3101, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        await hung.sees("muốn gửi báo cáo nào?")
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await _interim(hung, "52", "50")
        await hung.press("1. Tổng số CB-GV-NV")
        await hung.send("40")  # the total edited on the summary, below the 50 participants
        summary = await hung.sees("xin kiểm tra lại")
        rule = "Số CB-GV-NV tham gia phong trào (50) lớn hơn Tổng số CB-GV-NV (40)."
        assert rule in summary
        await hung.press("✅ Gửi")
        asked = await hung.sees(rule)  # sent to the field that breaks the rule
        assert "Số CB-GV-NV tham gia phong trào" in asked and "câu 2/9" in asked
        assert await bot.core.db.fetchval("SELECT COUNT(*) FROM submissions") == 0
        await hung.send("38")
        fixed = await hung.sees("xin kiểm tra lại")
        assert "lớn hơn" not in fixed
        await hung.press("✅ Gửi")
        await hung.sees("Số biên nhận: BC-2027-")
        row = await bot.core.db.fetchone("SELECT answers FROM submissions")
        assert row is not None and '"participants": 38' in row["answers"]


async def test_rules_between_fields_from_the_report_type(server: FakeTelegramServer,
                                                         tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, ManualClock(at("2027-11-05 09:00"))):
        lan = Chat(server, 3102, "Lan")
        await lan.join("Nguyễn Thị Lan", "HOASEN-GV-4821")  # a kindergarten teacher
        await lan.send("/report")
        await lan.sees("muốn gửi báo cáo nào?")
        await lan.press("Đăng ký danh hiệu thi đua cá nhân")
        first = await lan.sees("câu 1/")
        assert "lớp Chồi 2" in first and "4A" not in first  # an example that fits a kindergarten
        await lan.send("Giáo viên lớp Lá 1")
        await lan.sees("danh hiệu")
        await lan.press("Chiến sĩ thi đua cơ sở")
        await lan.sees("câu 3/")
        await lan.press("Bỏ qua")
        await lan.sees("sáng kiến")
        await lan.press("Không")
        refused = await lan.sees("phải là “Có”")
        assert "Chiến sĩ thi đua cơ sở" in refused
        await lan.press("Có")
        await lan.sees("câu 5/")

        hung = Chat(server, 3103, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        await hung.sees("muốn gửi báo cáo nào?")
        await hung.press("Báo cáo tổng kết năm và công trình thi đua")
        for step, answer in enumerate(("52", "50", "Thư viện xanh"), 1):
            await hung.sees(f"câu {step}/")
            await hung.send(answer)
        await hung.sees("Công trình thi đua đã thực hiện đến đâu?")
        await hung.press("Hoàn thành đúng tiến độ")
        await hung.sees("Ngày hoàn thành công trình")
        await hung.press("Bỏ qua")  # finished work: the date is required
        await hung.sees("Cần điền Ngày hoàn thành công trình khi Tiến độ công trình là")
        await hung.send("20/12/2027")
        await hung.sees("Ngày hoàn thành công trình (20/12/2027) sau hôm nay "
                        "(5/11/2027).")
        await hung.send("20/10/2027")
        await hung.sees("Kinh phí")
        await hung.send("120,5")
        await hung.sees("Kết quả, hiệu quả")


async def test_the_period_is_asked_shown_and_kept_by_a_revision(server: FakeTelegramServer,
                                                                 tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    clock = ManualClock(at("2026-11-30 09:00"))
    async with running_bot(server, config, clock) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        hung = Chat(server, 3104, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        menu = await hung.sees("Sơ kết 6 tháng đầu năm 2026, đã quá hạn 31/5/2026")
        assert "Sơ kết 6 tháng đầu năm 2027, hạn 31/5/2027" in menu
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.sees("gửi báo cáo cho kỳ nào?")
        await hung.press("Sơ kết 6 tháng đầu năm 2026")
        intro = await hung.sees("Kỳ báo cáo: Sơ kết 6 tháng đầu năm 2026")
        assert "nộp trễ" in intro
        await _interim(hung, "45", "40")
        await hung.press("✅ Gửi")
        receipt = await hung.sees("Số biên nhận: BC-2026-")
        assert "Sơ kết 6 tháng đầu năm 2026" in receipt and "trễ hạn" in receipt

        await admin.send("/stats")
        stats = await admin.sees("Kỳ báo cáo: Sơ kết 6 tháng đầu năm 2026")
        assert "Đã nộp: 1/20 đơn vị" in stats
        await hung.send("/stats")  # the leader's own unit: both periods, each as it stands
        own = await hung.sees("Sơ kết 6 tháng đầu năm 2026:")
        assert "BC-2026-000001" in own and "Sơ kết 6 tháng đầu năm 2027: chưa nộp" in own

        sub_id = await bot.core.db.fetchval("SELECT id FROM submissions")
        await bot.core.db.execute(  # the office returns it (review is tested elsewhere)
            "UPDATE submissions SET status = 'returned', review_comment = 'Kiểm tra lại'"
            " WHERE id = ?", (sub_id,))
        clock.set(at("2027-01-05 09:00"))  # revised in the new year
        await hung.send("/myreports")
        listing = await hung.sees("Báo cáo của")
        assert "Sơ kết 6 tháng đầu năm 2026" in listing and "trả lại để sửa" in listing
        await hung.press("BC-2026-000001")
        await hung.sees("Kiểm tra lại")
        await hung.press("✏️ Sửa báo cáo")
        summary = await hung.sees("xin kiểm tra lại")
        assert "Sơ kết 6 tháng đầu năm 2026" in summary and ": 45" in summary
        await hung.press("✅ Gửi")
        again = await hung.sees("lần gửi thứ 2")
        assert "BC-2026-" in again and "Sơ kết 6 tháng đầu năm 2026" in again
        rows = await bot.core.db.fetchall("SELECT period, version FROM submissions")
        assert [(r["period"], r["version"]) for r in rows] == [("2026", 1), ("2026", 2)]


async def test_forms_follow_the_deadline_an_admin_moved(server: FakeTelegramServer,
                                                        tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, ManualClock(at("2027-06-03 09:00"))) as bot:
        interim = await bot.core.db.fetchval(
            "SELECT id FROM deadlines WHERE key = 'interim_report'")
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        await admin.send("/managedeadlines")
        await admin.sees("Các hạn nộp có nhắc hạn")
        await admin.press_data(f"rma1:show:{interim}")
        await admin.sees("31/5 hằng năm")
        await admin.press("Ngày")
        await admin.sees("Gửi ngày và tháng của hạn hằng năm")
        await admin.send("15/6")  # the office moves 31/5 to 15/6
        await admin.sees("Đã lưu.")
        hung = Chat(server, 3105, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        menu = await hung.sees("Sơ kết 6 tháng đầu năm 2027, hạn 15/6/2027")
        assert "31/5/2027" not in menu
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await _interim(hung, "45", "40")
        await hung.press("✅ Gửi")
        receipt = await hung.sees("Số biên nhận")
        assert "đúng hạn (hạn 15/6/2027)" in receipt

        await admin.press_data(f"rma1:show:{interim}")  # the office removes the deadline
        await admin.sees("15/6 hằng năm")
        await admin.press("Xóa")
        await admin.sees("")  # the confirmation
        await admin.press("Đồng ý xóa")
        await admin.sees("Đã xóa.")
        await hung.send("/myreports")
        listing = await hung.sees("Báo cáo của")
        assert "đúng hạn (hạn 15/6/2027)" in listing  # what was judged stays
        await hung.send("/report")
        await hung.sees("Sơ kết 6 tháng đầu năm 2027, không có hạn")
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await _interim(hung, "45", "40")
        await hung.press("✅ Gửi")
        receipt = await hung.sees("Số biên nhận")
        assert "không có hạn" in receipt and "đúng hạn" not in receipt
