"""A repealed law answers only questions about it; a consolidated text names itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.importer import parse_text
from bot.knowledge.versions import (
    asks_about_earlier,
    read_self_citation,
    repealed_numbers,
    replaced_numbers,
    without_current_words,
)
from bot.storage.db import Database

TODAY = dt.date(2026, 11, 30)

OLD = """CÔNG BÁO/Số 5/Ngày 06-01-2014

LUẬT
An toàn trường học
Luật an toàn trường học số 10/2010/QH12 ngày 01 tháng 6 năm 2010 của Quốc hội, có hiệu lực
kể từ ngày 01 tháng 01 năm 2011.

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Thời gian học tập
Học sinh tiểu học học tối đa 5 giờ mỗi ngày tại trường theo thời khóa biểu.

Điều 2. Sân chơi
Mỗi trường có sân chơi rộng ít nhất 300 mét vuông.
"""

NEW = """|QUỐC HỘI |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
|Luật số: 20/2020/QH14 |Hà Nội, ngày 10 tháng 6 năm 2020

LUẬT
AN TOÀN TRƯỜNG HỌC

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Thời gian học tập
Học sinh tiểu học học tối đa 4 giờ mỗi ngày tại trường theo thời khóa biểu, kể cả giờ ra chơi.

Điều 2. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2021.
2. Luật an toàn trường học số 10/2010/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực
thi hành.
"""


@pytest.fixture
async def kb(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "old.txt").write_text(OLD, encoding="utf-8")
    (folder / "new.txt").write_text(NEW, encoding="utf-8")
    db = await Database.open(tmp_path / "t.sqlite3")
    base = await KnowledgeBase.load(db)
    await base.import_directory(folder)
    yield base
    await db.close()


def test_a_consolidated_text_takes_its_number_date_and_issuer_from_its_own_line() -> None:
    plan = parse_text(OLD, "old.txt")
    assert (plan.doc_type, plan.title, plan.number, plan.issued_date, plan.issuer) == (
        "Luật", "An toàn trường học", "10/2010/QH12", "2010-06-01", "Quốc hội")
    assert read_self_citation("Phát động phong trào thi đua năm 2024") is None


def test_the_numbers_a_law_repeals() -> None:
    assert repealed_numbers(NEW) == {"10/2010/qh12"}
    assert repealed_numbers("Căn cứ Luật số 10/2010/QH12 ngày 01/6/2010;") == set()


def test_the_document_a_circular_replaces() -> None:
    text = ("1. Thông tư này có hiệu lực thi hành kể từ ngày 02 tháng 4 năm 2026. Thông tư này "
            "thay thế Thông tư số 29/2023/TT-BGDĐT ngày 29 tháng 12 năm 2023 của Bộ trưởng.\n"
            "2. Trường hợp các văn bản được dẫn chiếu tại Thông tư này được sửa đổi, bổ sung "
            "hoặc thay thế thì thực hiện theo văn bản mới.\n"
            "Điều 2. Quyết định số 12/QĐ-SGDĐT có hiệu lực kể từ ngày ký và thay thế Quyết định "
            "số 4768/QĐ-ĐHĐN ngày 28/12/2020.\n"
            "Cử người thay thế theo Kế hoạch số 5/KH-PGDĐT.")
    assert replaced_numbers(text) == {"29/2023/tt-bgddt", "4768/qd-dhdn"}
    assert repealed_numbers(text) == set()  # replaced, it still answers, with a word on it
    assert replaced_numbers(NEW) == {"10/2010/qh12"}


def test_a_year_asks_about_the_earlier_document_only_beside_its_kind() -> None:
    assert asks_about_earlier("theo thông tư năm 2020 hồ sơ gồm gì", None, "2020")
    assert asks_about_earlier("under the 2020 circular who signs?", None, "2020")
    assert not asks_about_earlier("năm học 2020-2021 nộp báo cáo khi nào", None, "2020")
    assert not asks_about_earlier("kế hoạch thi đua năm 2020 của quận", None, "2020")
    assert asks_about_earlier("Thông tư 21/2020 quy định gì?", "21/2020/TT-BGDĐT", "2020")
    assert not asks_about_earlier("Thông tư 22/2020 quy định gì?", "21/2020/TT-BGDĐT", "2020")


def test_a_question_asks_about_the_earlier_law_only_when_it_says_so() -> None:
    assert asks_about_earlier("theo luật cũ học mấy giờ", "10/2010/QH12", "2010")
    assert asks_about_earlier("theo luat cu hoc may gio", "10/2010/QH12", "2010")
    assert asks_about_earlier("under the old law how many hours", None, None)
    assert asks_about_earlier("luật 2010 quy định thế nào", "10/2010/QH12", "2010")
    assert not asks_about_earlier("cụ thể học mấy giờ", "10/2010/QH12", "2010")
    assert asks_about_earlier("luat an toan truong hoc cu quy dinh gi", None, None)
    assert not asks_about_earlier("luat quy dinh cu the the nao", None, None)  # cụ thể
    assert not asks_about_earlier("quy dinh cu the ve gio hoc", None, None)


def test_the_law_in_force_answers_and_the_repealed_one_only_when_asked(
        kb: KnowledgeBase) -> None:
    now = kb.answer("học sinh tiểu học học tối đa bao nhiêu giờ mỗi ngày?", today=TODAY)
    assert now.confident and "4 giờ" in now.text and "5 giờ" not in now.text
    before = kb.answer("theo luật cũ, học sinh tiểu học học tối đa bao nhiêu giờ mỗi ngày?",
                       today=TODAY)
    assert before.confident and "5 giờ" in before.text
    assert "10/2010/QH12" in before.text  # cited by its number and year
    plain = kb.answer("theo luat cu hoc sinh tieu hoc hoc toi da bao nhieu gio moi ngay",
                      today=TODAY)
    assert plain.confident and "5 giờ" in plain.text
    gone = kb.answer("sân chơi của trường rộng ít nhất bao nhiêu mét vuông?", today=TODAY)
    assert not gone.confident  # only the repealed law said it


def test_the_new_law_is_the_law_in_force_and_new_is_not_searched_for() -> None:
    assert without_current_words("Theo luật mới, học mấy giờ?") == "Theo luật, học mấy giờ?"
    assert without_current_words("luat moi quy dinh gi") == "luat quy dinh gi"
    assert without_current_words("thông tư hiện hành nói gì") == "thông tư nói gì"
    assert without_current_words("what does the new law say") == "what does law say"
    assert without_current_words("the number of the new Emulation and Commendation Law") == (
        "the number of Emulation and Commendation Law")
    assert without_current_words("xây dựng nông thôn mới") == "xây dựng nông thôn mới"
    assert without_current_words("Luật thi đua khen thưởng mới số hiệu là gì?") == (
        "Luật thi đua khen thưởng số hiệu là gì?")
    assert without_current_words("luật về nông thôn mới") == "luật về nông thôn mới"


def test_the_new_law_answers_from_the_law_in_force(kb: KnowledgeBase) -> None:
    now = kb.answer("theo luật mới, học sinh tiểu học học tối đa bao nhiêu giờ mỗi ngày?",
                    today=TODAY)
    assert now.confident and "4 giờ" in now.text and "5 giờ" not in now.text



CIRCULAR_2020 = """BỘ GIÁO DỤC VÀ ĐÀO TẠO
Số: 21/2020/TT-BGDĐT
Hà Nội, ngày 31 tháng 7 năm 2020

THÔNG TƯ
Hướng dẫn công tác thi đua, khen thưởng ngành Giáo dục

Điều 1. Hồ sơ
Hồ sơ đề nghị khen thưởng cấp Bộ nộp 02 bộ bản chính về Vụ Thi đua - Khen thưởng.

Điều 2. Kỷ niệm chương
Kỷ niệm chương tặng cho nhà giáo có 20 năm công tác trong ngành.
"""

CIRCULAR_2023 = """BỘ GIÁO DỤC VÀ ĐÀO TẠO
Số: 29/2023/TT-BGDĐT
Hà Nội, ngày 29 tháng 12 năm 2023

THÔNG TƯ
Quy định chi tiết thi hành Luật Thi đua, khen thưởng đối với ngành Giáo dục

Điều 1. Hồ sơ
Hồ sơ đề nghị khen thưởng cấp Bộ được lập thành 01 bộ bản chính.

Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực từ ngày 15 tháng 02 năm 2024 và thay thế Thông tư số 21/2020/TT-BGDĐT
ngày 31 tháng 7 năm 2020 của Bộ trưởng Bộ Giáo dục và Đào tạo.
"""


async def test_a_replaced_circular_is_cited_with_the_one_in_force(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "tt21.txt").write_text(CIRCULAR_2020, encoding="utf-8")
    (folder / "tt29.txt").write_text(CIRCULAR_2023, encoding="utf-8")
    db = await Database.open(tmp_path / "t.sqlite3")
    try:
        kb = await KnowledgeBase.load(db)
        await kb.import_directory(folder)
        old = kb.answer("Kỷ niệm chương tặng cho nhà giáo có bao nhiêu năm công tác?",
                        today=TODAY)
        assert old.confident and "20 năm" in old.text  # still answered: only it says so
        assert "đã được thay thế bởi Thông tư 29/2023/TT-BGDĐT" in old.text
        now = kb.answer("Hồ sơ đề nghị khen thưởng cấp Bộ lập thành mấy bộ?", today=TODAY)
        assert "01 bộ" in now.text and "thay thế bởi" not in now.text.split("Nguồn:")[-1]
        english = kb.answer("How many years of service does a teacher need for the "
                            "commemorative medal?", today=TODAY)
        assert "has been replaced by Thông tư 29/2023/TT-BGDĐT" in english.text
    finally:
        await db.close()


def test_an_articles_lead_in_is_quoted_with_the_clauses_it_leads_in_to() -> None:
    from bot.knowledge.index import Passage, SearchIndex
    from bot.knowledge.pieces import Pieces

    article = "Chương II > Điều 29. Danh hiệu Gia đình văn hóa"
    idx = SearchIndex.build([
        Passage(1, 1, "Điều 29", "Danh hiệu Gia đình văn hóa", article,
                "Danh hiệu “Gia đình văn hóa” được xét tặng cho hộ gia đình đạt các tiêu "
                "chuẩn sau:"),
        Passage(1, 2, "Điều 29.1", "", article + " > 1.", "1. Chấp hành tốt pháp luật;"),
        Passage(1, 3, "Điều 29.2", "", article + " > 2.", "2. Gia đình hòa thuận, tiến bộ."),
        Passage(1, 4, "Điều 30", "Danh hiệu khác", "Chương II > Điều 30. Danh hiệu khác",
                "Danh hiệu khác được xét tặng hằng năm."),
    ])
    pieces = Pieces(idx)
    lead, _head = pieces.of(0)
    quoted = pieces.quoted(0, lead[0])
    assert "Chấp hành tốt" in quoted and "hòa thuận" in quoted
    assert "Danh hiệu khác" not in quoted  # the next article is not part of it
    own, _head = pieces.of(3)
    assert pieces.quoted(3, own[0]) == "Danh hiệu khác được xét tặng hằng năm."


def test_a_chain_of_replacements_ends_at_the_one_in_force() -> None:
    from bot.knowledge.service import _latest
    assert _latest({1: 2, 2: 3}, 2) == 3 and _latest({1: 2, 2: 3}, 3) == 3
    assert _latest({1: 2, 2: 1}, 2) in (1, 2)  # a cycle ends
