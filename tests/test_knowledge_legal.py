"""Legal documents as their structure: Chương / Điều / khoản, OCR clean-up, citations."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.fmt import cite_number, doc_label, quote
from bot.knowledge.importer import parse_file, parse_text
from bot.knowledge.legal import drop_page_furniture, unfold_inline

ROOT = Path(__file__).resolve().parents[1]
LAW = ROOT / "data" / "plans" / "law_2022_tdkt.txt"
CIRCULAR = ROOT / "tests" / "knowledge_eval" / "documents" / "tt_bgddt_21_2020.txt"


def test_the_law_is_read_as_articles_and_clauses() -> None:
    law = parse_file(LAW)
    assert (law.doc_type, law.title, law.number, law.issuer, law.issued_date) == (
        "Luật", "Thi đua, khen thưởng", "06/2022/QH15", "Quốc hội", "2022-06-15")
    by_number = {s.number: s for s in law.sections}
    article = by_number["Điều 24"]
    assert article.heading == "Danh hiệu “Lao động tiên tiến”, “Chiến sĩ tiên tiến”"
    assert article.heading_path.startswith("Chương II")
    clause = by_number["Điều 24.1"]
    assert clause.heading_path.endswith("Điều 24. Danh hiệu “Lao động tiên tiến”, “Chiến sĩ "
                                        "tiên tiến” > 1. " + clause.heading)
    assert "b) Có tinh thần tự lực, tự cường" in clause.body  # points stay in their clause
    assert law.campaigns == [] and law.deadlines == []  # a law launches nothing, sets no date


def test_an_ocr_circular_with_articles_run_together() -> None:
    tt = parse_file(CIRCULAR)
    assert (tt.doc_type, tt.number, tt.issued_date) == ("Thông tư", "21/2020/TT-BGDĐT",
                                                         "2020-07-31")
    assert tt.issuer == "Bộ Giáo dục và Đào tạo"
    numbers = [s.number for s in tt.sections]
    assert {"Điều 1", "Điều 2", "Điều 2.1", "Điều 2.2", "Điều 3"} <= set(numbers)
    assert {(d.month, d.day) for d in tt.deadlines} >= {(8, 31)}  # "trước ngày 31 tháng 8
    # hằng năm", split across a line in the scan


def test_inline_structure_is_unfolded() -> None:
    lines = unfold_inline(["Điều 2. Đối tượng áp dụng 1. Đối tượng thi đua a) Các Vụ, Cục; "
                           "b) Các trường."])
    assert lines == ["Điều 2. Đối tượng áp dụng", "1. Đối tượng thi đua a) Các Vụ, Cục;",
                     "b) Các trường."]


def test_page_numbers_and_running_headers_go() -> None:
    page = ["CÔNG BÁO/Số 31", "12", "Điều 1. Phạm vi", "nội dung.", "CÔNG BÁO/Số 31", "13",
            "Điều 2. Đối tượng", "CÔNG BÁO/Số 31"]
    assert drop_page_furniture(page) == ["Điều 1. Phạm vi", "nội dung.", "Điều 2. Đối tượng"]


def test_citations_name_kind_number_issuer_and_year() -> None:
    assert cite_number("Điều 24.1") == "Điều 24 khoản 1"
    assert cite_number("Điều 24.1.a") == "Điều 24 khoản 1 điểm a"
    assert doc_label("Luật", "Thi đua, khen thưởng", "06/2022/QH15", "Quốc hội",
                     "2022-06-15") == "Luật Thi đua, khen thưởng 2022 (06/2022/QH15)"
    assert doc_label("Kế hoạch", "Công tác thi đua", "02/KH-PGDĐT",
                     "Phòng Giáo dục và Đào tạo quận Thanh Xuân", "2024-01-02") == (
        "KH 02/KH-PGDĐT, Phòng GD&ĐT quận Thanh Xuân, 2/1/2024")
    # a copy published before it was numbered ("Số: /KH-SGDĐT") is named by its title
    assert doc_label("Kế hoạch", "Chung tay xây dựng nông thôn mới", "/KH-SGDĐT",
                     "Sở Giáo dục và Đào tạo Bình Phước", "2022-03") == (
        "Kế hoạch “Chung tay xây dựng nông thôn mới”, Sở GD&ĐT Bình Phước, 3/2022")
    plan = parse_text("Số: /KH-SGDĐT\nBình Phước, ngày tháng 3 năm 2022\nKẾ HOẠCH\n"
                      "Chung tay xây dựng nông thôn mới\nI. MỤC ĐÍCH\nNội dung.\n", "x.txt")
    assert plan.number == "/KH-SGDĐT"  # its number as written: "what is its reference?"


def test_a_guidance_with_deadlines_on_bare_lines() -> None:
    plan = parse_text("HƯỚNG DẪN\nBình xét thi đua năm học 2023-2024\n\n"
                      "3.1. Họp bình xét thi đua, khen thưởng tại đơn vị\n"
                      "a) Nội dung: đánh giá kết quả.\nb) Thời gian: đến ngày 04/7/2024\n"
                      "3.2. Nộp hồ sơ thi đua\n- Thời hạn: trước 14h00 ngày 05/7/2024.\n"
                      "Căn cứ Nghị định 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ.\n",
                      "hd.txt")
    dates = sorted(d.due_date.isoformat() for d in plan.deadlines if d.due_date)
    assert dates == ["2024-07-04", "2024-07-05"]  # never the date of a cited decree


def test_a_clause_is_cited_by_its_number_and_an_article_by_its_title() -> None:
    from bot.knowledge.fmt import section_label
    assert section_label("Điều 80.4", "Tổng giám đốc, Giám đốc doanh nghiệp…") == \
        "Điều 80 khoản 4"
    assert section_label("Điều 24", "Danh hiệu Chiến sĩ thi đua") == \
        "Điều 24 (Danh hiệu Chiến sĩ thi đua)"


def test_a_line_repeated_in_the_body_is_not_a_running_header() -> None:
    page = ["CÔNG BÁO/Số 31 + 32/Ngày 06-01-2014", "", "{n}", ""]
    body = ["a) Lập được thành tích xuất sắc, quả cảm trong chiến đấu,", "phục vụ chiến đấu;"]
    text = ["Điều {n}. Huân chương hạng {n}", "1. Để tặng cho tập thể đạt tiêu chuẩn:",
            *[f"{c}) Tiêu chuẩn {c} của hạng {{n}};" for c in "bcd"], *body,
            *[f"{c}) Tiêu chuẩn {c} của hạng {{n}};" for c in "eghi"]]
    lines: list[str] = []
    for n in range(1, 5):
        lines += [p.format(n=n) for p in page] + [t.format(n=n) for t in text] + ["", "\f"]
    kept = drop_page_furniture(lines)
    assert "CÔNG BÁO/Số 31 + 32/Ngày 06-01-2014" not in kept  # at every page break
    assert kept.count(body[0]) == 4  # the same criterion under four articles stays


def test_what_is_attached_after_the_signature_is_read() -> None:
    plan = parse_text(
        "TRƯỜNG ĐẠI HỌC BÁCH KHOA\nSố: 1605/QĐ-ĐHBK\nQUYẾT ĐỊNH\nBan hành Quy định thi đua\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy định thi đua của Trường.\n"
        "Điều 2. Quyết định này có hiệu lực từ năm học 2019-2020.\n"
        "Nơi nhận:\n- ĐHĐN (để b/cáo);\n- Lưu: VT.\nHIỆU TRƯỞNG\nĐoàn Quang Vinh\n\n"
        "QUY ĐỊNH\nCÔNG TÁC THI ĐUA, KHEN THƯỞNG\n(Ban hành kèm theo Quyết định số 1605/QĐ-ĐHBK)\n"
        "Điều 5. Tỷ lệ xét danh hiệu\n1. Chiến sĩ thi đua cơ sở không quá 15% số Lao động tiên "
        "tiến.\n\nPHỤ LỤC 1\n(Kèm theo Quy định)\nBẢNG ĐIỂM THI ĐUA CỦA ĐƠN VỊ\n"
        "1. Hoàn thành kế hoạch năm học: 40 điểm.\n", "qd.txt")
    bodies = "\n".join(s.heading + "\n" + s.body for s in plan.sections)
    assert "không quá 15% số Lao động tiên tiến" in bodies
    assert "Hoàn thành kế hoạch năm học: 40 điểm" in bodies
    appendix = next(s for s in plan.sections if s.number == "Phụ lục 1")
    assert appendix.heading == "BẢNG ĐIỂM THI ĐUA CỦA ĐƠN VỊ"
    recipients = next(s for s in plan.sections if s.heading == "Nơi nhận")
    assert "15%" not in recipients.body and plan.signer == "Đoàn Quang Vinh"


def test_an_appendix_is_cited_by_its_items() -> None:
    assert cite_number("Phụ lục 1.2") == "Phụ lục 1 mục 2"
    assert cite_number("Điều 24.1") == "Điều 24 khoản 1"


def test_an_appendix_form_is_titled_past_its_own_letterhead() -> None:
    plan = parse_text(
        "TRƯỜNG ĐẠI HỌC BÁCH KHOA\nSố: 1605/QĐ-ĐHBK\nQUYẾT ĐỊNH\nBan hành Quy định thi đua\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy định thi đua của Trường.\n"
        "Nơi nhận:\n- Lưu: VT.\nHIỆU TRƯỞNG\nĐoàn Quang Vinh\n\nPHỤ LỤC 1A\n\n"
        "ĐẠI HỌC ĐÀ NẴNG\nTRƯỜNG ĐẠI HỌC BÁCH KHOA\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nĐà Nẵng, ngày tháng năm 20...\n\n"
        "DANH MỤC TIÊU CHÍ THI ĐUA\nDành cho: Viên chức là giảng viên\n"
        "1. Thực hiện đúng phân công công tác: 20 điểm.\n\nPHỤ LỤC 1B\nBẢNG ĐIỂM CỦA TẬP THỂ\n"
        "1. Hoàn thành kế hoạch năm học: 40 điểm.\n", "qd.txt")
    appendices = [(s.number, s.heading) for s in plan.sections
                  if s.number.startswith("Phụ lục") and "." not in s.number]
    assert appendices == [("Phụ lục 1A", "DANH MỤC TIÊU CHÍ THI ĐUA"),
                          ("Phụ lục 1B", "BẢNG ĐIỂM CỦA TẬP THỂ")]


def test_an_ocr_page_break_is_not_shown_in_a_quote() -> None:
    text = ("đạt một trong các tiêu chuẩn sau đây:\n----- [Trang 13] -----\na) Có thành tích;\n"
            "b) Được khen thưởng. ----- [Trang 3] -----")
    assert quote(text) == ("<i>“đạt một trong các tiêu chuẩn sau đây:\na) Có thành tích;\n"
                           "b) Được khen thưởng.”</i>")
    assert "Trang 5" in quote("Xem Trang 5 của phụ lục")  # a reference, not a page break
