"""A question that asks what the law (a decree, a circular) says is searched in documents of
that kind only."""

from __future__ import annotations

from bot.knowledge.doctypes import DocTypes

TYPES = DocTypes({1: "Kế hoạch", 2: "Luật", 3: "Thông tư", 4: "Hướng dẫn", 5: "Luật"})


def test_a_question_about_the_law_is_searched_in_the_laws() -> None:
    assert TYPES.scope("Theo luật thì hạn nộp hồ sơ là ngày nào?") == {2, 5}
    assert TYPES.scope("theo luat han nop ho so la ngay nao") == {2, 5}
    assert TYPES.scope("What does the law say about dossiers?") == {2, 5}
    assert TYPES.scope("thông tư quy định tiêu chuẩn gì") == {3}


def test_a_law_cited_by_a_plan_does_not_scope() -> None:
    assert TYPES.scope("Kế hoạch của trường nhắc tới Luật Thi đua ngày nào?") is None


def test_words_that_only_contain_the_word_law_do_not_scope() -> None:
    assert TYPES.scope("vi phạm kỷ luật thì có được khen không") is None
    assert TYPES.scope("thực hiện nghiêm pháp luật") is None
    assert TYPES.scope("hồ sơ gồm những gì") is None


def test_a_kind_no_document_has_does_not_scope() -> None:
    assert TYPES.scope("nghị định quy định tỷ lệ bao nhiêu") is None


def test_the_date_of_a_circular_no_document_is_is_asked_of_the_documents_that_cite_it() -> None:
    numbers = ["21/2020/tt-bgddt", "06/2022/qh15"]
    assert TYPES.scope("Thông tư 29/2023 ban hành ngày nào?", numbers) is None
    assert TYPES.scope("thông tư 21/2020 ban hành ngày nào", numbers) == {3}
    # what a circular the bot does not hold says is still asked of the circulars only
    assert TYPES.scope("thông tư 29/2023 quy định hạn nộp hồ sơ là ngày nào", numbers) == {3}


def test_a_law_the_question_asks_others_to_spread_does_not_scope() -> None:
    assert TYPES.scope("Các đơn vị phải tuyên truyền luật thi đua năm nào?") is None
    assert TYPES.scope("trường phổ biến luật thi đua khen thưởng cho giáo viên khi nào") is None
    assert TYPES.scope("luật thi đua quy định gì về tuyên truyền") == {2, 5}


def test_a_law_named_by_its_year_is_not_a_law_cited_by_number() -> None:
    assert TYPES.scope("luật 2022 ban hành ngày nào", ["06/2022/qh15"]) == {2, 5}
    assert TYPES.scope("luật 29/2023 ban hành ngày nào", ["06/2022/qh15"]) is None
