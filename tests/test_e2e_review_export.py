"""End to end: the office reviews a report (returns it, the unit revises it), sees /stats,
and exports everything to a workbook that opens in openpyxl."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.fakes import FakeTelegramServer
from tests.telegram_env import Chat, running_bot, telegram_config
from tests.test_e2e_reports import _interim_until_summary, may_2027


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_returned_report_is_revised_and_exported(server: FakeTelegramServer,
                                                       tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        hung = Chat(server, 5001, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await _interim_until_summary(hung)
        await hung.press("✅ Gửi")
        await hung.sees("BC-2027-000001")
        await admin.sees("Trường Mầm non Hoa Sen")  # the office is told of the new report

        await admin.send("/stats")
        stats = await admin.sees("Đã nộp: 1/20 đơn vị")
        assert "Trường Tiểu học Kim Đồng" in stats  # a unit still missing, by name
        await server.wait_until(lambda: any(m.photo for m in server.sent_to(9000)), timeout=10,
                                what="the chart")

        await admin.send("/submissions")
        await admin.sees("Thầy/cô muốn duyệt loại báo cáo nào?")
        await admin.press("Sơ kết 6 tháng đầu năm 2027")
        await admin.sees("Chọn một báo cáo để duyệt")
        await admin.press("Trường Mầm non Hoa Sen")
        await admin.sees("Tổng số CB-GV-NV")
        await admin.press("Trả lại để sửa")
        await admin.sees("cần sửa gì")
        await admin.send("Số CB-GV-NV chưa khớp với hồ sơ <nhân sự>, đề nghị kiểm tra lại.")
        await admin.sees("Đã trả lại để sửa")

        returned = await hung.sees("đã trả lại báo cáo")
        assert "hồ sơ <nhân sự>" in returned
        await hung.press("Sửa báo cáo")
        await hung.sees("Đây là nội dung thầy/cô đã gửi")
        await hung.press("1. Tổng số CB-GV-NV")
        await hung.sees("câu 1/9")
        await hung.send("46")
        await hung.sees("xin kiểm tra lại")
        await hung.press("✅ Gửi")
        await hung.sees("BC-2027-000002")
        versions = await bot.core.db.fetchall(
            "SELECT version, status FROM submissions ORDER BY id")
        assert [(r["version"], r["status"]) for r in versions] == [(1, "returned"),
                                                                    (2, "submitted")]

        await admin.send("/export")
        await admin.sees("Thầy/cô muốn xuất loại báo cáo nào?")
        await admin.press("Tất cả loại báo cáo")
        await admin.sees("Năm nào?")
        await admin.press("Tất cả các năm")
        await admin.sees("Định dạng nào?")
        await admin.press("Excel (XLSX)")
        await admin.sees("Đây là tệp xuất: 1 báo cáo")
        document = await server.wait_until(
            lambda: next((m for m in server.sent_to(9000) if m.document), None), timeout=10,
            what="the workbook")
        data = server.file_bytes(document.document["file_id"])
        workbook = load_workbook(io.BytesIO(data))
        sheet = workbook["Báo cáo sơ kết 6 tháng đầu năm"]
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
        assert row["Đơn vị"] == "Trường Mầm non Hoa Sen"
        assert row["Tổng số CB-GV-NV"] == 46 and row["Lần nộp"] == 2
        assert row["Đúng hạn"] == "đúng hạn"
        assert sheet.max_row == 2  # the latest version only

        await admin.send("/audit")
        audit = await admin.sees("Nhật ký thao tác")
        assert ("Chuyên Viên Phòng đã xuất 1 báo cáo (tất cả loại báo cáo, tất cả các năm,"
                " XLSX)") in audit
        assert "Chuyên Viên Phòng đã trả lại báo cáo BC-2027-000001 để sửa." in audit
        assert "{" not in audit
