"""Tables in documents: a letterhead's two columns are header lines, a table of data is one
item per row with its figures named by their column, in .txt/.md and in .docx alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from bot.knowledge import KnowledgeBase
from bot.knowledge.outline import clean_text
from bot.knowledge.reader import read_plan_file
from bot.knowledge.tables import rows_as_lines
from bot.knowledge.textnorm import fold
from bot.storage.db import Database

SCALE = """KẾ HOẠCH
Chấm điểm thi đua các trường học năm học 2030-2031
Phòng Giáo dục và Đào tạo Quận 5 ban hành thang điểm thi đua như sau:
I. THANG ĐIỂM
|STT |Nội dung                                  |Điểm tối đa|Ghi chú           |
|----|------------------------------------------|-----------|------------------|
|1   |Thực hiện nhiệm vụ chuyên môn             |40         |                  |
|2   |Công tác phổ cập giáo dục                 |15         |                  |
|3   |Xây dựng trường đạt chuẩn quốc gia        |20         |Cộng điểm thưởng  |
II. XẾP LOẠI
- Loại Xuất sắc: từ 80 điểm trở lên.
"""


def test_a_letterhead_table_is_header_lines() -> None:
    assert rows_as_lines(["|QUỐC HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|",
                          "|Luật số: 06/2022/QH15 | Độc lập - Tự do - Hạnh phúc|"]) == [
        "QUỐC HỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Luật số: 06/2022/QH15",
        "Độc lập - Tự do - Hạnh phúc"]


def test_a_table_of_data_is_an_item_per_row_with_its_figures_named() -> None:
    text = clean_text(SCALE)
    assert "- Công tác phổ cập giáo dục, Điểm tối đa 15" in text
    assert "- Xây dựng trường đạt chuẩn quốc gia, Điểm tối đa 20, Ghi chú Cộng điểm thưởng" \
        in text
    assert "----" not in text and "\n1\n" not in text  # no rule, no row number alone
    assert rows_as_lines(["| 1 | Gửi danh sách | Trước 12/01/2031 |",
                          "| 2 | Hội thi | Từ 02/3 đến 06/3/2031 |"]) == [
        "- Gửi danh sách, Trước 12/01/2031", "- Hội thi, Từ 02/3 đến 06/3/2031"]


def test_a_docx_table_is_read_as_rows(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("STT", "Nội dung", "Điểm tối đa"),
                             ("1", "Công tác phổ cập giáo dục", "15"),
                             ("2", "Báo cáo đúng hạn", "10")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(tmp_path / "k.docx"))
    text, _raw = read_plan_file(tmp_path / "k.docx")
    assert "- Báo cáo đúng hạn, Điểm tối đa 10" in clean_text(text)


async def test_a_figure_in_a_table_answers_its_row(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "t.sqlite3")
    kb = await KnowledgeBase.load(db)
    (tmp_path / "kh.txt").write_text(SCALE, encoding="utf-8")
    try:
        await kb.import_file(tmp_path / "kh.txt")
        a = kb.answer("Công tác phổ cập giáo dục được tối đa bao nhiêu điểm?",
                      today=dt.date(2030, 11, 1))
        b = kb.answer("xay dung truong dat chuan quoc gia duoc may diem",
                      today=dt.date(2030, 11, 1))
    finally:
        await db.close()
    assert a.confident and fold("Công tác phổ cập giáo dục, Điểm tối đa 15") in fold(a.text)
    assert b.confident and fold("Điểm tối đa 20") in fold(b.text)
