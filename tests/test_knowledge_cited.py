"""What a local plan cites ("luật mà kế hoạch Quận 7 nhắc tới") is answered from the plan's
own text, not from the national law it names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge.places import Gazetteer
from bot.knowledge.textnorm import fold
from bot.storage.db import Database

PLAN = """KẾ HOẠCH
Phát động phong trào thi đua năm 2030
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2029;
Phòng Giáo dục và Đào tạo Quận 7 triển khai phong trào thi đua năm 2030 như sau:
I. MỤC ĐÍCH
Đẩy mạnh phong trào thi đua trong các trường học.
"""
LAW = """QUỐC HỘI
Luật số: 99/2029/QH20
LUẬT
THI ĐUA, KHEN THƯỞNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về thi đua, khen thưởng, có hiệu lực từ ngày 01 tháng 01 năm 2030.
"""


async def test_what_a_local_plan_cites_is_read_in_the_plan(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "c.sqlite3")
    kb = await KnowledgeBase.load(db)
    for name, text in (("plan.txt", PLAN), ("law.txt", LAW)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        await kb.import_file(tmp_path / name)
    try:
        a = kb.answer("Luật Thi đua khen thưởng mà kế hoạch Quận 7 nhắc tới là luật ngày nào?",
                      today=dt.date(2030, 2, 1))
    finally:
        await db.close()
    assert a.confident and fold("15 tháng 6 năm 2029") in fold(a.text)


def test_a_question_about_what_a_place_s_plan_cites_is_scoped_to_that_place() -> None:
    places = Gazetteer.build([(1, "Kế hoạch Phòng GD&ĐT Quận 7", "Quận 7"),
                              (2, "Luật Quốc hội", "Thi đua, khen thưởng")])
    assert places.scope("luật mà kế hoạch quận 7 nhắc tới") == frozenset({1})
    assert places.scope("kế hoạch quận 7 căn cứ nghị định nào") == frozenset({1})
    assert places.scope("hạn nộp hồ sơ của quận 7") == frozenset({1, 2})
