"""What the importer extracts from each of the five shipped plans: header, campaigns, deadlines."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from bot.knowledge.importer import parse_file
from bot.knowledge.model import ParsedDeadline, ParsedPlan

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"
D = dt.date


@cache
def plan(prefix: str) -> ParsedPlan:
    return parse_file(next(PLANS.glob(f"{prefix}_*.txt")))


def campaigns(p: ParsedPlan) -> list[tuple[str, str, str | None]]:
    return [(c.role, c.name, c.period.label if c.period else None) for c in p.campaigns]


def deadlines(p: ParsedPlan) -> list[tuple[object, str, str]]:
    return [(d.due_date, d.precision, d.what) for d in p.deadlines]


def by_date(p: ParsedPlan, due: dt.date) -> ParsedDeadline:
    return next(d for d in p.deadlines if d.due_date == due)


@pytest.mark.parametrize(("prefix", "issuer", "signer", "signer_title", "number", "date"), [
    ("000", "Phòng Giáo dục và Đào tạo Quận 1", "Lê Thị Bình", None, None, None),
    ("001", "Sở Giáo dục và Đào tạo Bình Phước", "GIÁM ĐỐC", None, "/KH-SGDĐT", "2022-03"),
    ("002", "Sở Giáo dục và Đào tạo Bình Phước", "GIÁM ĐỐC", None, "/KH-SGDĐT", "2023"),
    ("003", "Phòng Giáo dục và Đào tạo Quận 11", "Nguyễn Trọng Hiếu", "TRƯỞNG PHÒNG", None,
     None),
    ("004", "Phòng Giáo dục và Đào tạo quận Thanh Xuân", "Phạm Gia Hữu", "TRƯỞNG PHÒNG",
     "02/KH-PGDĐT", "2024-01-02"),
])
def test_header(prefix: str, issuer: str, signer: str, signer_title: str | None,
                number: str | None, date: str | None) -> None:
    p = plan(prefix)
    assert p.doc_type == "Kế hoạch"
    assert (p.issuer, p.signer, p.signer_title, p.number, p.issued_date) == (
        issuer, signer, signer_title, number, date)


def test_titles() -> None:
    assert plan("000").title.startswith("Tổ chức thực hiện Phong trào thi đua “Cả Thành phố")
    assert plan("000").title.endswith("giai đoạn 2021 - 2025 trong các cơ sở giáo dục")
    assert plan("001").title == ("Triển khai thực hiện phong trào thi đua "
                                 "“Chung tay xây dựng nông thôn mới”")
    assert plan("004").title == ("Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo quận "
                                 "Thanh Xuân năm 2024")


def test_000_quan1_campaigns_and_deadlines() -> None:
    p = plan("000")
    assert campaigns(p) == [
        ("main", "Cả Thành phố chung sức xây dựng nông thôn mới gắn với đô thị hóa trên địa bàn "
                 "vùng nông thôn Thành phố Hồ Chí Minh", "giai đoạn 2021–2025"),
        ("related", "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
         "giai đoạn 2021–2025"),
    ]
    assert p.campaigns[0].period is not None
    assert (p.campaigns[0].period.start, p.campaigns[0].period.end) == (D(2021, 1, 1),
                                                                        D(2025, 12, 31))
    assert deadlines(p) == [
        (D(2023, 12, 31), "year", "Sơ kết, đánh giá, rút kinh nghiệm"),  # interim in 2023
        (D(2025, 12, 31), "year", "Tổng kết phong trào thi đua"),  # final in 2025
    ]
    assert [d.report_type for d in p.deadlines] == ["interim", "final"]
    assert all(d.who == "các cơ sở giáo dục" for d in p.deadlines)
    assert p.awards == [
        "Huân chương Lao động", "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố",
        "Giấy khen của Ủy ban nhân dân Quận 1, các cơ quan, đơn vị, Ủy ban nhân dân 10 phường "
        "theo thẩm quyền",
    ]


def test_001_binh_phuoc_new_rural() -> None:
    p = plan("001")
    assert campaigns(p) == [
        ("main", "Chung tay xây dựng nông thôn mới", "giai đoạn 2021–2025"),
        ("related", "Toàn tỉnh chung sức xây dựng nông thôn mới", "giai đoạn 2021–2025"),
    ]
    assert p.deadlines == []  # "Kế hoạch 197/KH-UBND ngày 09/6/2021" is a reference
    assert p.awards == [] and p.dossier == []


def test_002_binh_phuoc_school_year() -> None:
    p = plan("002")
    main = p.campaigns[0]
    assert main.role == "main"
    assert main.name.startswith("Đoàn kết, sáng tạo thực hiện thắng lợi nhiệm vụ giáo dục")
    assert main.period is not None and main.period.label == "năm học 2023–2024"
    assert (main.period.start, main.period.end) == (D(2023, 9, 1), D(2024, 8, 31))
    assert [c.name for c in p.campaigns[1:]] == [
        "Cả nước chung sức xây dựng nông thôn mới",
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
    ]
    assert deadlines(p) == [
        (D(2023, 9, 1), "from", "Phát động và thực hiện"),
        (D(2024, 1, 25), "before", "Báo cáo sơ kết"),
        (D(2024, 2, 29), "month", "Sơ kết"),
        (D(2024, 7, 15), "before", "Báo cáo tổng kết và hồ sơ khen thưởng"),
        (D(2024, 7, 31), "month", "Tổng kết"),
    ]
    final = by_date(p, D(2024, 7, 15))
    assert final.who == "Các đơn vị"
    assert final.to_whom == ("Sở Giáo dục và Đào tạo (qua Văn phòng); "
                             "email: quyetdx.sgd@binhphuoc.gov.vn")
    assert by_date(p, D(2024, 1, 25)).report_type == "interim"
    assert final.report_type == "final"
    assert p.awards == ["Giấy khen", "Bằng khen"]
    assert p.dossier == [
        "Tờ trình, tóm tắt thành tích", "Biên bản họp theo quy định",
        "Báo cáo thành tích của tập thể, cá nhân đề nghị khen thưởng (kèm minh chứng)",
    ]


def test_003_quan11_timetable() -> None:
    p = plan("003")
    assert campaigns(p)[0] == (
        "main", "Phong trào thi đua yêu nước thực hiện thắng lợi các mục tiêu, nhiệm vụ phát "
                "triển kinh tế - xã hội", "năm 2024")
    related = {c.name: c.period.label if c.period else None for c in p.campaigns[1:]}
    assert len(related) == 15
    assert related["Cả nước chung sức xây dựng Nông thôn mới"] == "năm 2024"
    assert related["Cải cách hành chính"] == "giai đoạn 2023–2025"
    assert related["Thanh niên Thành phố lập nghiệp, khởi nghiệp, đổi mới sáng tạo"] == \
        "giai đoạn 2023–2027"
    assert "Người Việt Nam ưu tiên dùng hàng Việt Nam" in related
    assert "An toàn giao thông" in related
    assert "Tiếp tục đổi mới công tác thi đua, khen thưởng" not in related  # a Chỉ thị's title
    assert [(d.due_date, d.precision) for d in p.deadlines] == [
        (D(2024, 3, 22), "by"), (D(2024, 5, 31), "day"), (D(2024, 11, 10), "day")]
    interim, final = by_date(p, D(2024, 5, 31)), by_date(p, D(2024, 11, 10))
    assert interim.what.startswith("Báo cáo định kỳ sơ kết 6 tháng đầu năm")
    assert final.what.startswith("Báo cáo kết quả thực hiện công trình thi đua và báo cáo tổng")
    for d in (interim, final):
        assert d.who == "Các đơn vị"
        assert d.to_whom == "Phòng Giáo dục và Đào tạo (qua tổ Hành chánh tổng hợp)"
        assert d.recurs_yearly  # 31/5 and 10/11 come round every year
        assert d.audience == "leaders"
    assert (interim.report_type, final.report_type) == ("interim", "final")
    rollout = by_date(p, D(2024, 3, 22))
    assert rollout.who == "Phòng Giáo dục và Đào tạo" and rollout.audience == "admins"
    assert not rollout.recurs_yearly


def test_003_ignores_references_and_anniversaries() -> None:
    dates = {d.due_date for d in plan("003").deadlines}
    assert D(2024, 1, 18) not in dates  # Chỉ thị số 05/CT-UBND ngày 18 tháng 01 năm 2024
    assert D(2024, 3, 14) not in dates  # Kế hoạch số 75/KH-UBND ngày 14 tháng 03 năm 2024
    assert D(2024, 5, 7) not in dates  # (07/5/1954 - 07/5/2024)
    assert D(2024, 12, 22) not in dates


def test_004_thanh_xuan() -> None:
    p = plan("004")
    assert campaigns(p)[0] == ("main", "Công tác thi đua, khen thưởng ngành Giáo dục và Đào "
                                       "tạo quận Thanh Xuân", "năm 2024")
    names = [c.name for c in p.campaigns[1:]]
    assert names == [
        "Dạy tốt - Học tốt", "Đổi mới sáng tạo trong dạy và học",
        "Mỗi thầy, cô giáo là một tấm gương đạo đức, tự học và sáng tạo",
        "Xây dựng nhà trường văn hóa - Nhà giáo mẫu mực - Học sinh thanh lịch",
        "Dân chủ - Kỷ cương - Tình thương - Trách nhiệm",
        "Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm",
        "Chung tay vì người nghèo - không để ai bị bỏ lại phía sau",
        "Sáng kiến, sáng tạo Thủ đô",
        "Cán bộ, công chức, viên chức, người lao động thi đua thực hiện văn hóa công sở và nơi "
        "công cộng",
        "An toàn thực phẩm",
        "Học sinh Thanh Xuân lễ phép, thân thiện, trung thực, trách nhiệm",
    ]
    shared = next(c for c in p.campaigns if c.name.startswith("Nhà trường cùng chung tay"))
    assert shared.period is not None and shared.period.label == "giai đoạn 2022–2025"
    assert p.deadlines == []  # only anniversaries: (10/1954 - 10/2024), 03/02 …


def test_outline_and_page_breaks() -> None:
    p = plan("002")
    numbers = [s.number for s in p.sections]
    assert numbers[:4] == ["", "I", "I.1", "I.2"]
    assert "II.5.1" in numbers and "II.6" in numbers
    dossier = next(s for s in p.sections if s.number == "II.6")
    assert dossier.heading == "Hồ sơ đề nghị khen thưởng"
    assert dossier.heading_path == ("II. NỘI DUNG PHÁT ĐỘNG THI ĐUA > 6. Hồ sơ đề nghị khen "
                                    "thưởng")
    assert p.sections[-1].heading == "Nơi nhận"
    # "… kết hợp\n\nvới các phong trào …" was split by a page break
    assert "thiết thực, hiệu quả kết hợp với các phong trào thi đua khác" in p.text
    assert "**" not in plan("003").text and "*" not in plan("004").text
    assert "chung tay phát triển - Thầy cô" in plan("004").text
