"""Office answers: noise is never logged as a question, similar questions are grouped, and a
saved answer matches later questions alike (with or without diacritics), not others."""

from __future__ import annotations

import datetime as dt

from bot.office_answers import (
    OfficeAnswer,
    content_words,
    group_questions,
    worth_logging,
)


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
