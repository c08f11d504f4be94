"""Who does what: an assignment sheet's sections are headed by a person or an office, and
"X làm nhiệm vụ gì" is answered from the section under X's name."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.textnorm import fold
from bot.storage.db import Database

SHEET = """SỞ NỘI VỤ TỈNH MẪU
BAN THI ĐUA - KHEN THƯỞNG
Số: 12/PC-BTĐKT
Tỉnh Mẫu, ngày 04 tháng 5 năm 2031
PHÂN CÔNG
Nhiệm vụ của lãnh đạo và công chức Ban Thi đua - Khen thưởng
I. LÃNH ĐẠO BAN
1. Ông Trần Văn Hùng - Trưởng ban
- Phụ trách chung, chỉ đạo toàn diện các mặt công tác của Ban.
- Trực tiếp phụ trách công tác tổ chức cán bộ, tài chính, Quỹ thi đua, khen thưởng.
2. Bà Lê Thị Mai - Phó Trưởng ban
- Giúp Trưởng ban phụ trách công tác thẩm định hồ sơ khen thưởng cấp Nhà nước.
- Theo dõi Cụm thi đua các huyện, thành phố.
II. CÔNG CHỨC
1. Ông Nguyễn Minh Tuấn - Chuyên viên
- Thẩm định hồ sơ khen thưởng của các sở, ban, ngành.
- Tiếp nhận hồ sơ đề nghị khen thưởng Huân chương Lao động.
"""


@pytest.fixture
async def kb(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    db = await Database.open(tmp_path / "r.sqlite3")
    base = await KnowledgeBase.load(db)
    (tmp_path / "pc.txt").write_text(SHEET, encoding="utf-8")
    await base.import_file(tmp_path / "pc.txt")
    yield base
    await db.close()


@pytest.mark.parametrize(("question", "facts"), [
    ("Bà Lê Thị Mai làm nhiệm vụ gì?", ("Lê Thị Mai", "Theo dõi Cụm thi đua")),
    ("ba le thi mai phu trach nhung viec gi", ("Lê Thị Mai", "Theo dõi Cụm thi đua")),
    ("Ông Nguyễn Minh Tuấn giữ chức vụ gì?", ("Nguyễn Minh Tuấn - Chuyên viên",)),
    ("ông Trần Văn Hùng có nhiệm vụ gì", ("Trần Văn Hùng", "Phụ trách chung")),
])
def test_what_a_named_person_is_charged_with(kb: KnowledgeBase, question: str,
                                             facts: tuple[str, ...]) -> None:
    a = kb.answer(question, today=dt.date(2031, 6, 1))
    assert a.confident, question
    assert all(fold(f) in fold(a.text) for f in facts), a.text
