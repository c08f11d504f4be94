"""A question that asks two things is answered as two, and only when both are answered."""

from __future__ import annotations

from dataclasses import replace

from bot.knowledge.compound import answer_both, split_question
from bot.knowledge.reply import Answer


def test_two_asking_clauses_are_two_questions_with_one_subject() -> None:
    assert split_question("Luật cũ số mấy, có hiệu lực từ bao giờ?") == [
        "Luật cũ số mấy?", "Luật cũ có hiệu lực từ bao giờ?"]
    assert split_question("Hồ sơ nộp trước ngày nào, gửi về đâu?") == [
        "Hồ sơ nộp trước ngày nào?", "Hồ sơ nộp gửi về đâu?"]
    assert split_question("Ưu tiên ai? Tập thể có tỷ lệ nữ bao nhiêu?")[1] == (
        "Ưu tiên Tập thể có tỷ lệ nữ bao nhiêu?")


def test_an_english_question_is_read_whole() -> None:
    question = "When must the pledge be signed, and what is the latest date?"
    assert split_question(question) == [question]


def test_one_question_with_commas_stays_one() -> None:
    for question in ("Các trường sơ kết, rút kinh nghiệm vào năm nào?",
                     "Cán bộ, giáo viên tham gia bằng cách nào?",
                     "Mô hình, cách làm sáng tạo thuộc những lĩnh vực nào?"):
        assert split_question(question) == [question]


def test_both_answers_are_given_or_the_question_is_answered_whole() -> None:
    def ask(question: str) -> Answer:
        known = {"Luật cũ số mấy?": "15/2003/QH11"}
        text = known.get(question)
        return Answer(text or "không rõ", text is not None, False, "passage")

    assert answer_both("Luật cũ số mấy?", ask) is None  # one thing asked
    assert answer_both("Luật cũ có hiệu lực từ bao giờ, ai ký?", ask) is None  # neither: whole

    def ask_all(question: str) -> Answer:
        return Answer(f"<{question}>", True, True, "passage")

    both = answer_both("Luật cũ số mấy, có hiệu lực từ bao giờ?", ask_all)
    assert both is not None and both.confident and not both.has_more
    assert both.text == "<Luật cũ số mấy?>\n\n<Luật cũ có hiệu lực từ bao giờ?>"


def test_a_second_answer_that_quotes_what_the_first_did_is_not_repeated() -> None:
    from bot.port import Button

    def ask(question: str) -> Answer:
        if "đâu" in question:
            return Answer("<i>“Gửi về Sở trước 15/7.”</i>", True, False, "passage",
                          [[Button("Đọc mục", "kb1:s:9")]])
        return Answer("📅 15/7\n<i>“Gửi về Sở trước 15/7.”</i>", True, False, "deadline",
                      [[Button("Các hạn", "kb1:dl")]])

    both = answer_both("Hồ sơ nộp trước ngày nào, gửi về đâu?", ask)
    assert both is not None and both.text == "📅 15/7\n<i>“Gửi về Sở trước 15/7.”</i>"

    def ask_other(question: str) -> Answer:
        found = ask(question)
        other = "<i>“Qua Văn phòng Sở.”</i>"
        return replace(found, text=other) if "đâu" in question else found

    both = answer_both("Hồ sơ nộp trước ngày nào, gửi về đâu?", ask_other)
    assert both is not None and len(both.buttons) == 2  # each answer's button kept


def test_half_answered_says_what_is_missing_and_is_not_confident() -> None:
    def ask(question: str) -> Answer:
        if "ngày nào" in question:
            return Answer("<i>“Hội nghị tổ chức ngày 05/3.”</i>", True, True, "passage")
        return Answer("không rõ", False, False, "none")

    half = answer_both("Hội nghị tổ chức ngày nào, ở đâu?", ask)
    assert half is not None and not half.confident and not half.has_more
    assert half.text.startswith("<i>“Hội nghị tổ chức ngày 05/3.”</i>\n\n")
    assert "Hội nghị tổ chức ở đâu?" in half.text  # the part not answered, named


def test_half_answered_whose_quote_holds_the_other_fact_is_an_answer() -> None:
    details = "<i>“Số: 16/VBHN-VPQH\nCHỦ NHIỆM\nNguyễn Hạnh Phúc”</i>"

    def ask(question: str) -> Answer:
        if "ai" in question.split():
            return Answer(details, True, False, "passage")
        return Answer("không rõ", False, False, "none")

    def holds(part: str, quoted: str) -> bool:
        return "số mấy" in part and "Số:" in quoted

    found = answer_both("Văn bản số mấy, ai ký?", ask, holds)
    assert found is not None and found.confident and found.text == details
    half = answer_both("Văn bản số mấy, ai ký?", ask)  # nothing told it the quote holds both
    assert half is not None and not half.confident


def test_a_half_answer_escapes_the_question_it_repeats() -> None:
    def ask(question: str) -> Answer:
        return Answer("<i>“15/7”</i>", "nào" in question, False, "passage")

    half = answer_both("Nộp ngày nào, gửi <b>đâu</b>?", ask)
    assert half is not None and "<b>" not in half.text.split("\n\n", 1)[1]
