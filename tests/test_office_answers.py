"""Office answers: noise is never logged as a question, similar questions are grouped, and a
saved answer matches later questions alike (with or without diacritics), not others."""

from __future__ import annotations

import datetime as dt

from bot.conversations import Conversation
from bot.core import Core
from bot.features.office_answers import ANSWER_FLOW, EDIT_FLOW
from bot.office_answers import (
    OfficeAnswer,
    content_words,
    group_questions,
    worth_logging,
)
from tests.test_reminders_support import person


def test_numbers_single_words_and_stale_menu_picks_are_not_questions() -> None:
    for noise in ("4", "2", " 12 ", "2.", "3) ", "2. Gửi báo cáo", "Gửi", "ok", "???", "👍"):
        assert not worth_logging(noise), noise
    for real in ("hạn nộp hồ sơ", "Trường mình có được nộp hồ sơ trễ không ạ?",
                 "phu cap tham nien tinh the nao"):
        assert worth_logging(real), real


def test_similar_questions_are_grouped() -> None:
    asked = ["Trường mình có được nộp hồ sơ trễ không ạ?", "nop ho so tre duoc khong",
             "Phụ cấp thâm niên tính thế nào?", "Cho hỏi nộp hồ sơ trễ có được không",
             "phụ cấp thâm niên được tính ra sao"]
    rows = [{"id": i, "at": f"2026-12-0{i}T09:00:00+07:00", "user_id": 100 + i % 3,
             "question": q} for i, q in enumerate(asked, start=1)]
    groups = group_questions(rows)
    assert [g.ids for g in groups] == [[1, 2, 4], [3, 5]]
    assert groups[0].key == 1 and groups[0].question == "Cho hỏi nộp hồ sơ trễ có được không"
    assert len(groups[0].texts) == 3 and set(groups[0].askers) == {101, 102}


def test_an_office_answer_matches_questions_alike_only() -> None:
    saved = OfficeAnswer(1, "Trường mình có được nộp hồ sơ trễ không?",
                         ("nop ho so tre duoc khong",), "Được, trước 15/6.", True,
                         dt.datetime(2026, 12, 2, 9).isoformat())
    assert saved.matches(content_words("Nộp hồ sơ trễ có được không ạ"))
    assert saved.matches(content_words("ho so nop tre"))
    assert saved.matches(content_words("hồ sơ trễ"))
    assert not saved.matches(content_words("hạn nộp hồ sơ khen thưởng là khi nào"))
    assert not saved.matches(content_words("hạn nộp báo cáo sơ kết là khi nào"))
    assert not saved.matches(content_words("lương giáo viên năm nay tăng bao nhiêu"))


async def test_someone_who_is_no_longer_an_admin_cannot_finish_an_office_answer(
        core: Core, user_factory) -> None:  # type: ignore[no-untyped-def]
    """The answer and edit flows carry the admin role, checked again at every step (issue 12,
    item 11): a person in the middle of one without the role is refused and the flow ends."""
    repo = core.office_answers
    now = core.now()
    admin_id = await person(core, "admin")
    answer_id = await repo.save("lương tăng bao nhiêu", ["luong tang bao nhieu"],
                                "Lương cơ sở tăng từ 1/7.", admin_id, now)
    hung_id = await person(core, "hung", "MN-HOASEN")
    for flow, data in ((EDIT_FLOW, {"id": answer_id}), (ANSWER_FLOW, {"key": "luong"})):
        await core.conversations.set(hung_id, Conversation(flow, "text", data), now)
        hung = user_factory("hung")
        await hung.send("Lương cơ sở tăng 90% từ mai.")
        assert "không dành cho" in hung.text()
        assert await core.conversations.get(hung_id) is None
    saved = await repo.get(answer_id)
    assert saved is not None and saved.answer == "Lương cơ sở tăng từ 1/7."
    refused = await core.db.fetchall(  # refused by the dispatcher, as every flow is
        f"SELECT {core.db.json_field('details', 'flow')} AS flow FROM audit_log"
        " WHERE action = 'denied'"
        " AND actor_user_id = ? ORDER BY id", (hung_id,))
    assert [r["flow"] for r in refused] == [EDIT_FLOW, ANSWER_FLOW]
