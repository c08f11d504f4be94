"""End to end over the fake Bot API: the office opens a report's files from the review card
(📎, each under its original name), and exports the workbook with every file as a ZIP, one
folder per unit, split into parts under the size limit."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import OfficeSettings
from tests.fakes import FakeTelegramServer
from tests.telegram_env import Chat, running_bot, telegram_config
from tests.test_e2e_reports import may_2027

PDF_A = b"%PDF-1.4 " + b"a" * 3000
PDF_B = b"%PDF-1.4 " + b"b" * 3000


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def _interim_with_file(leader: Chat, file_name: str, data: bytes) -> None:
    await leader.send("/report")
    await leader.sees("Báo cáo sơ kết 6 tháng đầu năm")
    await leader.press("Báo cáo sơ kết 6 tháng đầu năm")
    await leader.sees("câu 1/9")
    await leader.send("45")
    await leader.sees("câu 2/9")
    await leader.send("40")
    await leader.sees("câu 3/9")
    await leader.send("Dạy tốt – Học tốt")
    await leader.sees("câu 4/9")
    await leader.send("Hội giảng cấp trường")
    for step in (5, 6, 7, 8):
        await leader.sees(f"câu {step}/9")
        await leader.press("Bỏ qua")
    await leader.sees("câu 9/9")
    await leader.send_document(file_name, data, "application/pdf")
    await leader.sees("xin kiểm tra lại")
    await leader.press("✅ Gửi")
    await leader.sees("Số biên nhận")


def _documents(server: FakeTelegramServer, chat: int) -> list[tuple[str, bytes]]:
    return [(m.document["file_name"], server.file_bytes(m.document["file_id"]))
            for m in server.sent_to(chat) if m.document]


async def test_files_from_the_card_and_a_zip_export_in_parts(server: FakeTelegramServer,
                                                             tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    config = dataclasses.replace(config, office=OfficeSettings(zip_part_mb=0.004))  # ~4 KB
    async with running_bot(server, config, may_2027()):
        admin = Chat(server, 9000, "Admin")
        await admin.join_as_admin()
        hung = Chat(server, 5001, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await _interim_with_file(hung, "Báo cáo sơ kết Hoa Sen.pdf", PDF_A)
        lan = Chat(server, 5002, "Lan")
        await lan.join("Phạm Thị Lan", "DAMSEN-HT-3578")
        await _interim_with_file(lan, "bc dam sen.pdf", PDF_B)

        await admin.send("/submissions")
        await admin.sees("duyệt")
        await admin.press("Sơ kết 6 tháng đầu năm 2027")
        await admin.sees("Chọn một báo cáo để duyệt")
        await admin.press("Trường Mầm non Hoa Sen")
        await admin.sees("Tổng số CB-GV-NV")
        await admin.press("📎 Tệp đính kèm (1)")
        await admin.sees("Tệp của BC-2027-")
        found = await server.wait_until(lambda: _documents(server, 9000) or None, timeout=10,
                                        what="the attached file")
        assert found == [("Báo cáo sơ kết Hoa Sen.pdf", PDF_A)]

        await admin.send("/export")
        await admin.sees("Thầy/cô muốn xuất loại báo cáo nào?")
        await admin.press("Báo cáo sơ kết 6 tháng đầu năm")
        await admin.sees("Năm nào?")
        await admin.press("2027")
        await admin.sees("Định dạng nào?")
        await admin.press("📦 Excel kèm các tệp đính kèm (ZIP)")
        done = await admin.sees("Kèm 2 tệp đính kèm")
        assert "2 tệp ZIP" in done
        def zips() -> list[tuple[str, bytes]] | None:
            found = [d for d in _documents(server, 9000) if d[0].endswith(".zip")]
            return found if len(found) == 2 else None

        parts = sorted(await server.wait_until(zips, timeout=10, what="two ZIP parts"))
        assert parts[0][0].endswith("-part1.zip") and parts[1][0].endswith("-part2.zip")
        assert len(parts[1][1]) <= 0.004 * 1024 * 1024  # the first also holds the workbook
        inside: dict[str, bytes] = {}
        for _name, data in parts:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                inside |= {n: zf.read(n) for n in zf.namelist()}
        workbook = next(n for n in inside if n.endswith(".xlsx"))
        sheet = load_workbook(io.BytesIO(inside[workbook]))["Báo cáo sơ kết 6 tháng đầu năm"]
        header = [c.value for c in sheet[1]]
        listed = {row[header.index("Đơn vị")]: row[-1] for row in sheet.iter_rows(
            min_row=2, values_only=True)}
        hoasen = next(n for n in inside if n.startswith("Trường Mầm non Hoa Sen/"))
        assert listed["Trường Mầm non Hoa Sen"] == hoasen  # the row says where its file is
        damsen = next(n for n in inside if n.startswith("Trường Tiểu học Đầm Sen/"))
        assert hoasen.endswith("_report_file.pdf") and inside[hoasen] == PDF_A
        assert damsen.split("/")[1].startswith("BC-2027-") and inside[damsen] == PDF_B
