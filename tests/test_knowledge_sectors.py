"""Documents written for another sector than the schools': a health ministry's circular does
not answer a teacher's question, and comes after the law and the schools' own documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.sectors import Sectors, about_schools, sector_of
from bot.knowledge.textnorm import fold
from bot.storage.db import Database

TODAY = dt.date(2030, 1, 1)
LAW = """QUỐC HỘI
Luật số: 99/2030/QH20
LUẬT
THI ĐUA, KHEN THƯỞNG MẪU
Chương I
QUY ĐỊNH CHUNG
Điều 1. Danh hiệu Lao động tiên tiến
Thời gian nghỉ thai sản được tính là thời gian công tác khi xét danh hiệu Lao động tiên tiến.
Điều 2. Quỹ thi đua
Quỹ thi đua được lập từ ngân sách nhà nước.
"""
HEALTH = """BỘ Y TẾ
Số: 05/2030/TT-BYT
THÔNG TƯ
Hướng dẫn công tác thi đua, khen thưởng trong ngành Y tế
Chương I
QUY ĐỊNH CHUNG
Điều 1. Danh hiệu Lao động tiên tiến
Thời gian nghỉ chế độ thai sản được tính là thời gian công tác để xét danh hiệu Lao động tiên \
tiến trong ngành.
Điều 2. Hội đồng khoa học
Hội đồng khoa học của Bộ họp xét sáng kiến mỗi năm hai lần vào tháng 6 và tháng 12.
"""


@pytest.fixture
async def kb(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    db = await Database.open(tmp_path / "s.sqlite3")
    base = await KnowledgeBase.load(db)
    for name, text in (("law.txt", LAW), ("health.txt", HEALTH)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        await base.import_file(tmp_path / name)
    yield base
    await db.close()


def source(text: str) -> str:
    return "health" if "TT-BYT" in text else "law" if "99/2030" in text else "none"


def test_a_title_names_its_sector() -> None:
    assert sector_of("Hướng dẫn công tác thi đua, khen thưởng trong ngành Ngoại giao") == \
        "ngoai giao"
    assert sector_of("Công tác thi đua ngành Giáo dục và Đào tạo quận Thanh Xuân năm 2024") == \
        "giao duc"
    assert sector_of("Thi đua ngành y tế tỉnh Bình Phước") == "y te"
    assert sector_of("Phối hợp với các ngành liên quan") is None
    assert sector_of("Luật Thi đua, khen thưởng") is None


def test_which_questions_are_about_schools() -> None:
    assert about_schools("Giáo viên nghỉ thai sản có được xét không?")
    assert about_schools("hoc sinh duoc khen thuong the nao")
    assert about_schools("Can a teacher on maternity leave be considered?")
    assert not about_schools("Thủ trưởng đơn vị ký quyết định khen thưởng")  # "trưởng"
    assert not about_schools("truong phong ky quyet dinh")  # unmarked "truong" may be a head
    assert not about_schools("bo truong ky quyet dinh")
    assert about_schools("truong quy dinh ty le chien si thi dua")  # … or the school
    assert about_schools("Chiến sĩ thi đua cơ sở ở ĐH Mở được xét tối đa bao nhiêu phần trăm?")
    assert about_schools("ti le cstd cua giang vien dai hoc")
    assert about_schools("How many lecturers can a university propose?")


def test_the_scopes_a_question_is_answered_in() -> None:
    sectors = Sectors({1: "Thi đua, khen thưởng", 2: "Hướng dẫn … trong ngành Y tế"},
                      {2: fold("05/2030/tt-byt")})
    every = (1, 2)
    assert sectors.scopes("Quỹ thi đua lập từ đâu?", "", None, every) == [frozenset({1}), None]
    assert sectors.scopes("Giáo viên được khen thế nào?", "", None, every) == [frozenset({1})]
    assert sectors.scopes("Ngành y tế khen thế nào?", "", None, every) == [None]
    assert sectors.scopes("Thông tư 05/2030/TT-BYT nói gì?", "", None, every) == [None]
    assert sectors.scopes("Quỹ thi đua?", "", frozenset({1}), every) == [frozenset({1})]


def test_a_question_both_answer_is_answered_from_the_general_document(
        kb: KnowledgeBase) -> None:
    a = kb.answer("Nghỉ chế độ thai sản có được tính là thời gian công tác để xét danh hiệu "
                  "Lao động tiên tiến?",
                  today=TODAY)
    assert a.confident and source(a.text) == "law"


def test_only_another_sector_answers_a_neutral_question(kb: KnowledgeBase) -> None:
    a = kb.answer("Hội đồng khoa học họp xét sáng kiến mấy lần một năm?", today=TODAY)
    assert a.confident and source(a.text) == "health"
    e = kb.answer("How many times a year does the science council consider initiatives?",
                  today=TODAY)
    assert e.confident and source(e.text) == "health"


def test_a_question_about_schools_is_not_answered_from_another_sector(
        kb: KnowledgeBase) -> None:
    for question in ("Hội đồng khoa học của trường họp xét sáng kiến mấy lần một năm?",
                     "hoi dong khoa hoc hop xet sang kien cua giao vien may lan mot nam",
                     "How many times a year does the science council consider teachers' "
                     "initiatives?"):
        a = kb.answer(question, today=TODAY)
        assert not a.confident, question


def test_naming_the_sector_asks_its_document(kb: KnowledgeBase) -> None:
    a = kb.answer("Trong ngành y tế, nghỉ thai sản có được tính thời gian công tác để xét Lao "
                  "động tiên tiến?", today=TODAY)
    assert a.confident and source(a.text) == "health"
