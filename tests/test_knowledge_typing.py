"""How people type a question: two words typed with their marks are those words ("mỗi
trường", each school, is not "môi trường", the environment); a word typed with another word's
marks is not filler; everyday words and frames ("giáo viên", "rồi", "theo luật")."""

from __future__ import annotations

import pytest

from bot.knowledge.index import FOLDED, Passage, SearchIndex
from bot.knowledge.paraphrase import Paraphrases
from bot.knowledge.query import analyse
from bot.knowledge.spelt import pair_count

TEXTS = [
    *["Tuyên truyền bảo vệ môi trường xanh, sạch, đẹp."] * 6,
    "Mỗi đơn vị đề nghị một tập thể hoặc một cá nhân xét tặng giấy khen.",
    "Hồ sơ đề nghị giấy khen gửi về phòng giáo dục.",
]


def index() -> SearchIndex:
    return SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate(TEXTS))


def test_a_pair_typed_with_marks_is_counted_as_spelt() -> None:
    idx = index()
    assert pair_count(idx, "môi", "trường") == 6
    assert pair_count(idx, "mỗi", "trường") == 0
    assert pair_count(idx, "moi", "truong") == 6  # no marks typed: either pair


def test_a_word_typed_with_marks_is_paraphrased_though_its_letters_make_a_common_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.knowledge.wording as wording
    table = Paraphrases({"truong": ["đơn vị"]})
    monkeypatch.setattr(wording, "paraphrases", lambda: table)
    idx = index()

    def keys(question: str) -> tuple[str, ...]:
        return next(s.keys for s in analyse(question, idx).slots if "tr" in s.word)

    assert FOLDED + "don vi" in keys("mỗi trường được đề nghị mấy giấy khen")
    assert FOLDED + "don vi" not in keys("moi truong duoc de nghi may giay khen")


def test_a_word_typed_with_the_marks_of_another_word_is_not_filler() -> None:
    from bot.knowledge.understand import normalise
    assert normalise("Danh hiệu Nhà giáo nhân dân xét khi nào nha") == (
        "danh hiệu nhà giáo nhân dân xét khi nào")
    assert normalise("vinh dự nhà nước là gì nhé") == "vinh dự nhà nước là gì"
    assert normalise("cho em hoi han nop bao cao nha") == "han nop bao cao"
    assert normalise("chào thầy cô, cho em hỏi cháo là gì ạ") == ", cháo là gì"


def test_a_teacher_is_a_public_employee_and_already_is_not_searched_for() -> None:
    idx = SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate([
        "Danh hiệu Lao động tiên tiến tặng cho cán bộ, công chức, viên chức.",
        "Giáo viên dạy giỏi được khen thưởng.", "Hiện vật khen thưởng không được cho mượn."]))
    slots = {s.word: s.keys for s in analyse("tiêu chuẩn cho giáo viên là gì", idx).slots}
    assert FOLDED + "vien chuc" in slots["giáo viên"]
    words = [s.word for s in analyse("được khen rồi có được cho mượn không", idx).slots]
    assert "rồi" not in words


def test_by_the_law_names_the_document_but_which_law_asks_for_it() -> None:
    from bot.knowledge.understand import normalise
    assert normalise("theo luật mới, lđtt cần gì") == "luật mới, lđtt cần gì"
    assert normalise("theo ke hoach thi nop khi nao") == "ke hoach thi nop khi nao"
    assert normalise("bằng khen xét theo quy định nào") == "bằng khen xét theo quy định nào"
    assert normalise("theo dõi thi đua") == "theo dõi thi đua"


def test_asking_phrases_typed_with_some_of_their_marks_are_found() -> None:
    from bot.knowledge.glossary import rewrite, strip_intent
    from bot.knowledge.phrases import remove_question_phrases
    assert strip_intent("trien khai xong truoc ngày nao") == ("trien khai xong  ", True)
    assert strip_intent("hạn chế là gì")[1] is False
    assert strip_intent("hàn quốc")[1] is False  # the marks of another word
    assert remove_question_phrases("biên bản dùng mẫu số may").split() == ["biên", "bản", "dùng",
                                                                          "mẫu"]
    assert rewrite("tỷ le sáng kiến") == "phần trăm sáng kiến"
    assert rewrite("ti le sang kien") == "phan tram sang kien"


def test_by_the_plan_typed_with_some_marks_names_the_document_too() -> None:
    from bot.knowledge.understand import normalise
    assert normalise("theo kế hoach của phòng thì nộp khi nào") == (
        "kế hoach của phòng thì nộp khi nào")


def test_whom_a_plan_is_sent_to_asked_in_shorthand() -> None:
    from bot.knowledge.frames import asks_recipients
    assert asks_recipients("kh 02 cua phong gddt gui nhung noi nao")
    assert asks_recipients("kế hoạch này gửi cho những ai")
    assert not asks_recipients("bc sk gui ve dau")


def test_who_signed_the_law_typed_without_marks_is_not_who_disciplines() -> None:
    from bot.knowledge.frames import signer_marks
    assert signer_marks("ai ky luat thi dua khen thuong 2022") == (
        "ai ký luat thi dua khen thuong 2022")
    assert signer_marks("ai ky luat giao vien") == "ai ky luat giao vien"


def test_a_function_word_typed_without_marks_is_read_from_its_neighbours() -> None:
    idx = SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate([
        *["Luật có những hình thức khen thưởng sau đây."] * 3,
        *["Cờ thi đua của Chính phủ tặng cho tập thể."] * 3]))

    def words(question: str) -> list[str]:
        return [s.word for s in analyse(question, idx).slots]

    assert "co" not in words("luat co nhung hinh thuc khen thuong nao")
    assert "co" in words("co thi dua cua chinh phu tang cho ai")
    assert "cho" in words("Cờ thi đua tặng cho tập thể nào")  # typed with marks: as typed


def test_a_short_question_made_of_a_shorthand_counts_the_shorthand_s_own_pairs() -> None:
    idx = SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate([
        "Phấn đấu ít nhất 15% giáo viên có sáng kiến kinh nghiệm được công nhận.",
        "Sáng kiến kinh nghiệm gửi về phòng giáo dục."]))
    short = analyse("skkn can dat bao nhieu %", idx).bigrams
    assert "sáng kiến" in short and "kinh nghiệm" in short
    long = analyse("skkn cua giao vien gui ve phong giao duc nao", idx).bigrams
    assert "sáng kiến" not in long


def test_a_question_typed_mostly_without_marks_reads_its_function_words_from_neighbours(
        ) -> None:
    idx = SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate([
        *["Người vi phạm thì bị xử lý kỷ luật."] * 3, *["Thi đua thì phải tự nguyện."] * 2]))
    partial = [s.word for s in analyse("khai gian thanh tich thi bị xu ly the nao", idx).slots]
    assert "thi" not in partial


def test_a_slip_is_read_the_same_whatever_the_hash_seed() -> None:
    import os
    import subprocess
    import sys
    code = ("from bot.knowledge.slips import repair\n"
            "print(repair('làm theo hcỉ thị nào của tỉnh', lambda w: w in {'lam', 'theo'}))")
    outputs = {subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "2", "3")}
    assert len(outputs) == 1


def test_a_school_year_typed_short_is_the_school_year() -> None:
    from bot.knowledge.school_years import spelled_out
    assert spelled_out("phong trào năm học 23-24") == "phong trào năm học 2023-2024"
    assert spelled_out("NH 2025-26 có gì") == "NH 2025-2026 có gì"
    assert spelled_out("school year 23/24") == "school year 2023-2024"
    assert spelled_out("nam hoc 99-00") == "nam hoc 1999-2000"
    for other in ("Điều 23-24", "năm học 23-25", "ngày 20/11/2023-24", "khoản 2-3"):
        assert spelled_out(other) == other
