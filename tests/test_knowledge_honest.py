"""A piece that lacks the kind of fact asked for is not an answer (made-up sentences)."""

from __future__ import annotations

from bot.knowledge.facts import holds_fact, holds_kind, holds_venue
from bot.knowledge.kinds import DATE, NUMBER, OFFICE


def test_where_an_event_is_held_needs_a_place() -> None:
    asked = "Hội nghị ký giao ước tổ chức ngày nào, ở đâu?"
    offices = "Tổ chức ký Giao ước thi đua; thành phần: Sở Nội vụ, các đơn vị trong khối."
    assert not holds_fact(offices, OFFICE, asked, None)
    assert holds_fact("Hội nghị tổ chức ngày 05/3 tại Hội trường Sở Nội vụ.", OFFICE, asked,
                      None)
    assert holds_venue("Địa điểm: nhà văn hoá phường.", "Where is the conference held?")
    assert not holds_venue("Theo quy định tại khoản 2 Điều 5, tại thời điểm xét.", asked)


def test_where_to_send_is_not_a_venue_question() -> None:
    for asked in ("Hồ sơ gửi về đâu?", "Where is the plan sent?", "Nộp báo cáo ở phòng nào?"):
        assert holds_venue("Gửi về Văn phòng Sở.", asked)


def test_which_number_is_answered_by_a_document_number() -> None:
    asked = "Văn bản hợp nhất luật thi đua số mấy?"
    assert holds_kind("Số: 16/VBHN-VPQH", NUMBER, asked)
    assert not holds_kind("Số: 16/VBHN-VPQH", NUMBER, "Mỗi khối được mấy cờ?")


def test_a_cited_documents_date_answers_no_when() -> None:
    cited = "Thực hiện tốt Kế hoạch số 167/KH-UBND ngày 13/7/2023 của UBND quận về tuyên truyền."
    asked = "Hội nghị tổng kết năm học tổ chức vào ngày nào?"
    assert not holds_kind(cited, DATE, asked)
    assert not holds_kind("Căn cứ Nghị định 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017.", DATE,
                          asked)
    assert holds_kind(cited + " Hội nghị tổ chức ngày 20/11.", DATE, asked)
    assert holds_kind(cited, DATE, "Kế hoạch 167 của UBND quận ban hành ngày nào?")
    assert holds_kind(cited, DATE, "kh 167 cua quan ra ngay nao")


def test_a_fraction_is_a_share_not_a_date() -> None:
    quorum = "Hội đồng họp khi có ít nhất 2/3 tổng số Ủy viên tham dự."
    assert not holds_kind(quorum, DATE, "Hội đồng họp xét vào ngày nào?")
    assert holds_kind(quorum, NUMBER, "Hội đồng họp cần bao nhiêu ủy viên?")
    assert holds_kind(quorum, NUMBER, "Cần tỷ lệ bao nhiêu ủy viên dự họp?")
    assert holds_kind("Được giảm 1/3 thời gian so với quy định chung.", NUMBER,
                      "Được giảm bao nhiêu thời gian?")
    assert holds_kind("Nộp hồ sơ trước ngày 2/3 hằng năm.", DATE, "Nộp ngày nào?")
    assert holds_kind("Thi đua chào mừng ngày 3/2 và 2/9.", DATE, "Chào mừng ngày nào?")
