"""Importer rules on small made-up plans: dates, periods, campaigns, files of every kind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.knowledge.importer import parse_file, parse_text
from bot.knowledge.model import PlanReadError, parsed_plan_to_json
from bot.knowledge.paragraph_deadlines import extract_deadlines
from bot.knowledge.periods import find_period
from bot.knowledge.textnorm import edit_distance_le1, fold, folded_tokens, has_diacritics

D = dt.date

NEW_PLAN = """\
Số: 15/KH-PGDĐT

Hoà Bình, ngày 05 tháng 01 năm 2027

KẾ HOẠCH
Phát động phong trào thi đua năm học 2026-2027

I. MỤC ĐÍCH, YÊU CẦU

Phát động phong trào thi đua *“Dạy tốt - Học tốt”* và cuộc vận động "Mỗi thầy cô là
một tấm gương" trong toàn ngành.

II. TIẾN ĐỘ

- **Ngày 31 tháng 5 năm 2027:** Các trường gửi báo cáo sơ kết về Phòng Giáo dục và Đào tạo
(qua bộ phận thi đua).

- Các trường gửi hồ sơ đề nghị khen thưởng trước ngày 15/7 hằng năm về Phòng Giáo dục và
Đào tạo.

- Hạn chót nộp báo cáo tổng kết: ngày 10/11/2027.

Nơi nhận:
- Các trường;
- Lưu: VT.

KT. TRƯỞNG PHÒNG
PHÓ TRƯỞNG PHÒNG

Trần Văn An
"""


def test_dates_as_documents_write_them() -> None:
    cases = {
        "Ngày 31 tháng 5 năm 2024: Các đơn vị gửi báo cáo sơ kết": (D(2024, 5, 31), "day"),
        "Các đơn vị gửi báo cáo sơ kết trước ngày 25/1/2024": (D(2024, 1, 25), "before"),
        "Gửi báo cáo tổng kết trước ngày 15/7/2024 về Sở": (D(2024, 7, 15), "before"),
        "Thời gian sơ kết trong tháng 02/2024": (D(2024, 2, 29), "month"),
        "Từ nay đến ngày 22 tháng 3 năm 2024: Phòng tổ chức triển khai kế hoạch":
            (D(2024, 3, 22), "by"),
        "Thời gian phát động và thực hiện: bắt đầu từ tháng 9/2023": (D(2023, 9, 1), "from"),
        "Tổ chức tổng kết trong tháng 7/2024": (D(2024, 7, 31), "month"),
        "Các trường tiến hành sơ kết vào năm 2023": (D(2023, 12, 31), "year"),
    }
    for text, (due, precision) in cases.items():
        found = extract_deadlines(text, default_year=2024)
        assert [(d.due_date, d.precision) for d in found] == [(due, precision)], text


def test_references_and_anniversaries_are_not_deadlines() -> None:
    for text in (
        "Thực hiện Chỉ thị số 05/CT-UBND ngày 18 tháng 01 năm 2024 của Ủy ban nhân dân Thành phố",
        "kỷ niệm 70 năm Ngày chiến thắng Điện Biên Phủ (07/5/1954 - 07/5/2024)",
        "giai đoạn 2022-2025, định hướng đến năm 2030",
        "Luật Thi đua, khen thưởng ngày 15 tháng 06 năm 2022 và các văn bản hướng dẫn",
    ):
        assert extract_deadlines(text, default_year=2024) == [], text


def test_yearly_deadline_without_a_year() -> None:
    [d] = extract_deadlines("Các trường gửi hồ sơ khen thưởng trước ngày 15/7 hằng năm.",
                            default_year=2027)
    assert (d.kind, d.month, d.day, d.due_date, d.precision) == ("yearly", 7, 15, None, "before")
    assert d.report_type == "award_dossier" and d.who == "Các trường"


def test_periods() -> None:
    assert find_period("giai đoạn 2021 – 2025") is not None
    p = find_period("giai đoạn 2021 – 2025")
    assert p and (p.label, p.start, p.end) == ("giai đoạn 2021–2025", D(2021, 1, 1),
                                               D(2025, 12, 31))
    p = find_period("trong năm học 2023-2024")
    assert p and (p.start, p.end) == (D(2023, 9, 1), D(2024, 8, 31))
    p = find_period("phát triển kinh tế - xã hội năm 2024")
    assert p and (p.label, p.status(D(2024, 6, 1)), p.status(D(2026, 11, 22))) == (
        "năm 2024", "ongoing", "ended")
    assert p.status(D(2023, 1, 1)) == "upcoming"


def test_a_new_years_plan() -> None:
    plan = parse_text(NEW_PLAN, "new.md")
    assert (plan.number, plan.issued_date, plan.place) == ("15/KH-PGDĐT", "2027-01-05",
                                                          "Hoà Bình")
    assert plan.title == "Phát động phong trào thi đua năm học 2026-2027"
    assert (plan.signer, plan.signer_title) == ("Trần Văn An", "KT. TRƯỞNG PHÒNG")
    assert plan.campaigns[0].role == "main"
    names = [c.name for c in plan.campaigns]
    assert "Dạy tốt - Học tốt" in names and "Mỗi thầy cô là một tấm gương" in names
    assert all(c.period and c.period.label == "năm học 2026–2027" for c in plan.campaigns)
    found = [(d.kind, d.due_date, d.month, d.day, d.precision) for d in plan.deadlines]
    assert found == [
        ("yearly", None, 7, 15, "before"),
        ("date", D(2027, 5, 31), None, None, "day"),
        ("date", D(2027, 11, 10), None, None, "by"),
    ]
    interim = plan.deadlines[1]
    assert interim.who == "Các trường"
    assert interim.to_whom == "Phòng Giáo dục và Đào tạo (qua bộ phận thi đua)"


def test_json_for_previews() -> None:
    data = parsed_plan_to_json(parse_text(NEW_PLAN, "new.md"))
    json.dumps(data, ensure_ascii=False)
    assert data["number"] == "15/KH-PGDĐT" and data["date"] == "2027-01-05"
    assert {"name", "period"} <= set(data["campaigns"][0])  # type: ignore[index]
    assert {"date": "2027-05-31"}.items() <= data["deadlines"][1].items()  # type: ignore[index]


def test_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in NEW_PLAN.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "ke-hoach.docx"
    document.save(str(path))
    plan = parse_file(path)
    assert plan.number == "15/KH-PGDĐT"
    assert plan.signer == "Trần Văn An"
    assert plan.title == "Phát động phong trào thi đua năm học 2026-2027"
    assert D(2027, 5, 31) in {d.due_date for d in plan.deadlines}
    merged = docx.Document()  # "KẾ HOẠCH" and its subject in one paragraph, no header
    merged.add_paragraph("KẾ HOẠCH Phát động phong trào thi đua năm 2027")
    merged.add_paragraph("I. NỘI DUNG")
    merged.add_paragraph("Các trường gửi báo cáo sơ kết trước ngày 31/5/2027.")
    merged.save(str(tmp_path / "short.docx"))
    short = parse_file(tmp_path / "short.docx")
    assert short.title == "Phát động phong trào thi đua năm 2027"
    assert [d.due_date for d in short.deadlines] == [D(2027, 5, 31)]
    assert "Dạy tốt - Học tốt" in [c.name for c in plan.campaigns]


@pytest.mark.parametrize(("name", "content"), [
    ("empty.txt", b""),
    ("blank.md", b"  \n\n \n"),
    ("broken.docx", b"this is not a zip file"),
    ("binary.txt", b"\x00\x01\x02\x03" * 50),
    ("picture.pdf", b"%PDF-1.4"),
])
def test_unreadable_files(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlanReadError) as err:
        parse_file(path)
    assert str(err.value)


def test_broken_overrides_file(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(NEW_PLAN, encoding="utf-8")
    (tmp_path / "plan.overrides.toml").write_text("[plan\nissuer = ", encoding="utf-8")
    with pytest.raises(PlanReadError):
        parse_file(tmp_path / "plan.txt")


def test_vietnamese_text_normalisation() -> None:
    assert fold("Hạn nộp BÁO CÁO sơ kết, Đoàn") == "han nop bao cao so ket, doan"
    assert folded_tokens("TĐKT của GV, HS") == ["thi", "dua", "khen", "thuong", "cua", "giao",
                                               "vien", "hoc", "sinh"]
    assert folded_tokens("Đăng ký") == folded_tokens("đăng kí")
    assert folded_tokens("tỷ lệ 15%") == ["ti", "le", "15", "phan", "tram"]
    assert has_diacritics("lương") and not has_diacritics("luong")
    assert edit_distance_le1("thuogn", "thuong")  # swapped letters
    assert edit_distance_le1("khenn", "khen") and not edit_distance_le1("khen", "kheo n")


def test_a_footnote_mark_left_on_a_word_is_dropped_but_a_document_number_stays() -> None:
    from bot.knowledge.outline import clean_text
    text = clean_text("Bằng7 khen của Bộ trưởng, khen thưởng[12] theo Luật 06/2022/QH15.\n")
    assert text == "Bằng khen của Bộ trưởng, khen thưởng theo Luật 06/2022/QH15.\n"
