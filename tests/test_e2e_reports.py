"""End to end over the fake Bot API: report flows on Telegram."""

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


def may_2027() -> ManualClock:
    return ManualClock(at("2027-05-20 09:00"))


async def _interim_until_summary(hung: Chat) -> None:
    await hung.send("/report")
    await hung.sees("Báo cáo sơ kết 6 tháng đầu năm")
    await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
    await hung.sees("câu 1/9")
    await hung.send("nhiều lắm")  # not a number: refused, asked again
    await hung.sees("số nguyên")
    await hung.send("45")
    await hung.sees("câu 2/9")
    await hung.send("50")  # more participants than staff: refused
    await hung.sees("45")
    await hung.send("40")
    await hung.sees("câu 3/9")
    await hung.send("“Dạy tốt – Học tốt”; <b>Đổi mới</b> & sáng tạo")
    await hung.sees("câu 4/9")
    await hung.send("Hội giảng cấp trường, 3 giáo viên dạy giỏi cấp quận")
    for step in (5, 6, 7, 8, 9):
        await hung.sees(f"câu {step}/9")
        await hung.press("Bỏ qua")
    await hung.sees("xin kiểm tra lại")


async def test_leader_submits_the_interim_report(server: FakeTelegramServer,
                                                 tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        hung = Chat(server, 3001, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await _interim_until_summary(hung)
        summary = await hung.sees("xin kiểm tra lại")
        assert "&lt;b&gt;" not in summary and "<b>Đổi mới</b> & sáng tạo" in summary
        await hung.press("✅ Gửi")
        receipt = await hung.sees("Số biên nhận: BC-2027-")
        assert "đúng hạn" in receipt
        await hung.press_data("rp1:ok:1")  # the same confirm again (a double tap)
        await hung.sees("BC-2027-")
        count = await bot.core.db.fetchval("SELECT COUNT(*) FROM submissions")
        assert count == 1


async def test_teacher_registers_a_title_in_english(server: FakeTelegramServer,
                                                    tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        mai = Chat(server, 3002, "Mai", lang="en")
        await mai.join("Phan Thị Mai", "KIMDONG-GV-4356")
        await mai.send("/report")
        menu = await mai.sees("Individual emulation title registration")
        assert "Six-month interim report" not in menu  # a leader's report
        await mai.press("Individual emulation title registration")
        await mai.sees("question 1 of")
        await mai.send("Giáo viên chủ nhiệm lớp 3A")
        await mai.sees("Which emulation title")
        await mai.send("cstd co so")  # typed, without diacritics
        await mai.sees("award")
        await mai.press("Skip")
        await mai.sees("initiative")
        await mai.press("Yes")
        await mai.sees("question 5 of")
        await mai.press("Skip")
        await mai.sees("please check your answers")
        await mai.press("✅ Send")
        await mai.sees("Receipt number: DK-2027-")
        row = await bot.core.db.fetchone("SELECT answers FROM submissions")
        assert row is not None and '"title": "cstd_cs"' in row["answers"]


async def test_a_restart_in_the_middle_of_a_report_resumes_it(server: FakeTelegramServer,
                                                              tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    clock = may_2027()
    hung = Chat(server, 3003, "Hùng")
    async with running_bot(server, config, clock):
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        await hung.sees("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.sees("câu 1/9")
        await hung.send("45")
        await hung.sees("câu 2/9")
    async with running_bot(server, config, clock):
        await hung.send("40")  # answers question 2 where it was left
        await hung.sees("câu 3/9")
        await hung.send("/report")
        offer = await hung.sees("đang làm dở")
        assert "câu 3" in offer


async def test_wrong_file_type_is_refused(server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()):
        hung = Chat(server, 3004, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await _interim_until_summary(hung)
        await hung.press("9. Tệp báo cáo")
        await hung.sees("Tệp báo cáo")
        await hung.send_document("virus.exe", b"MZ\x90\x00", "application/x-msdownload")
        refused = await hung.sees("không được chấp nhận")
        assert "pdf" in refused.lower()
        await hung.send_document("bao-cao.pdf", b"%PDF-1.4 test", "application/pdf")
        await hung.sees("bao-cao.pdf")


async def test_staff_cannot_open_leader_reports_or_other_units(server: FakeTelegramServer,
                                                               tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()):
        hung = Chat(server, 3005, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await _interim_until_summary(hung)
        await hung.press("✅ Gửi")
        await hung.sees("Số biên nhận")
        teacher = Chat(server, 3006, "Lan")
        await teacher.join("Nguyễn Thị Lan", "KIMDONG-GV-4356")
        await teacher.press_data("rp1:new:interim")  # a leader-only type, forged
        await teacher.sees("Chỉ lãnh đạo đơn vị mới gửi được báo cáo này.")
        other = Chat(server, 3007, "Bình")
        await other.join("Lê Văn Bình", "LLQ-HT-3857")  # a leader of another unit
        await other.press_data("rp1:v:1")  # forged: Hoa Sen's submission
        shown = await other.sees("Thầy/cô không xem được báo cáo này.")
        assert "45" not in shown
        await other.send("/unit")
        listing = await other.sees("chưa gửi báo cáo nào")
        assert "BC-2027" not in listing
