"""How an English question is read: its phrases, its structure, its spelling."""

from __future__ import annotations

from bot.knowledge.index import Passage, SearchIndex

TEXTS = ("Các đơn vị gửi 02 bản hồ sơ đề nghị khen thưởng về Phòng Giáo dục và Đào tạo.",
         "Giai đoạn thực hiện: 2021 - 2025; chào mừng 70 năm Ngày giải phóng Thủ đô.",
         "Tổ chức, đơn vị, lao động tiên tiến; đăng ký tham gia phong trào thi đua.")


def index() -> SearchIndex:
    return SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate(TEXTS))


def test_english_phrases_are_read_as_english_is_written() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon({"what time": ["thời gian"], "time frame": ["giai đoạn"],
                   "which units": ["cơ quan nào"], "units": ["đơn vị"], "70": ["70"]})
    # a function word opening a phrase does not hide the longer phrase after it
    assert ("giai đoạn", True) in lex.translate("for what time frame", index())
    # a question word opens only a measure: "which units" are the units
    assert ("đơn vị", True) in lex.translate("which units must launch it", index())
    assert ("70", True) in lex.translate("the 70th anniversary", index())


def test_english_question_structure() -> None:
    from bot.knowledge.understand import (
        DATE,
        DOCNUMBER,
        LIST,
        MONEY,
        NUMBER,
        answer_kind,
        counted_english,
        normalise,
    )
    # "when" joining two clauses asks for no date; "when is it" does
    assert answer_kind(normalise("How do units vote when electing Advanced Workers?")) != DATE
    assert answer_kind(normalise("When is the final review?")) == DATE
    assert answer_kind(normalise("What activities does the plan set out?")) == LIST
    assert answer_kind(normalise("How often are the titles awarded?")) == NUMBER
    assert answer_kind(normalise("What is the maximum total bonus for indicators?")) != MONEY
    assert answer_kind(normalise("What is the number of the office's 2025 plan?")) == DOCNUMBER
    assert "quận 11" in normalise("When must District 11 schools send it?")

    def render(phrase: str) -> list[str]:
        table = {"paper copies": ["bản giấy"], "certificates of merit": ["giấy khen"],
                 "flags and certificates of merit": ["cờ", "giấy khen"]}
        return table.get(phrase, [])

    assert counted_english("how many paper copies must be sent", render) == "bản"
    assert counted_english("how many certificates of merit can it propose", render) == "giấy"
    assert counted_english("how many flags and certificates of merit may it propose",
                           render) == "cờ"
    assert counted_english("how many consecutive titles are needed", render) is None


def test_english_spelling_either_side() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon({"organisation": ["tổ chức"], "labour": ["lao động"], "enrol": ["đăng ký"]})
    assert ("tổ chức", True) in lex.translate("organization", index())
    assert ("lao động", True) in lex.translate("labor", index())
    assert ("đăng ký", True) in lex.translate("enroll", index())


def test_english_asking_verbs_are_dropped() -> None:
    from bot.knowledge.frames import drop_asking_verb
    assert "require" not in drop_asking_verb("what does the campaign require of schools?")
    assert "stated" not in drop_asking_verb("what is stated in the plan about dossiers?")
    assert "schools" in drop_asking_verb("what does the campaign require of schools?")
