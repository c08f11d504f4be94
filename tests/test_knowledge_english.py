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
    # a plural asked for is not by itself a list ("là gì" asks for the passage naming them)
    assert answer_kind(normalise("What activities does the plan set out?")) != LIST
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


def test_a_clause_before_the_question_asks_nothing_itself() -> None:
    from bot.knowledge.understand import DATE, NUMBER, PERSON, answer_kind, normalise
    # a leading "when …," sets a condition; the question after it asks for a share
    asked = normalise("When two schools tie, what share of teachers must be women?")
    assert answer_kind(asked) == NUMBER
    assert answer_kind(normalise("When is the meeting, and where is it held?")) == DATE
    # "who" after a noun, in a question opened by "what", is about that noun
    assert answer_kind(normalise("What must the clerks who keep the files send?")) != PERSON
    assert answer_kind(normalise("Who keeps the files?")) == PERSON
    assert answer_kind(normalise("To whom do the clerks send the files?")) != NUMBER
    assert answer_kind(normalise("What proportion of pupils pass?")) == NUMBER


def test_a_word_takes_the_sense_the_documents_give_it_beside_its_neighbour() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate((
        "Năm học mới bắt đầu; tổng kết năm học vào tháng 5.",
        "Trường tổ chức tổng kết năm học; năm học kết thúc.",
        "Trường học nào cũng có năm thành lập.")))
    lex = Lexicon({"school": ["trường", "học"], "year": ["năm"]})
    # side by side, the documents write "năm học" (the noun after the one it names)
    assert lex.translate("the school year", idx) == [("the", False), ("học", True),
                                                     ("năm", True)]
    # one word alone keeps its first sense
    assert ("trường", True) in lex.translate("the school", idx)


def test_the_lexicon_names_no_one_document_for_a_general_phrase() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    idx = SearchIndex.build([Passage(1, 0, "0", "", "", "Luật thi đua, khen thưởng 2003 và "
                                     "2022; Bộ Nội vụ; bộ giáo dục và đào tạo; thủ đô hà nội")])
    pieces = [p for p, done in lex.translate("what did the old law say", idx) if done]
    assert pieces == ["luật"]  # "old" is left to the versions of a law, no year made up
    assert ("2003", False) in lex.translate("under the 2003 law", idx)
    assert ("bộ", True) in lex.translate("the ministry", idx)  # not the one of education
    assert ("thủ đô", True) in lex.translate("the capital", idx)
    assert lex.translate("the 2022 law", idx) == [("the", False), ("2022", False),
                                                  ("luật", True)]
    for phrase in ("the old law", "the ministry", "the capital"):
        rendered = " ".join(" ".join([p, *o]) for p, _d, o in lex.renderings(phrase, idx))
        assert not any(name in rendered for name in ("2003", "2022", "giáo dục", "hà nội")), (
            phrase)


def test_english_question_structure_names_the_kind_of_fact() -> None:
    from bot.knowledge.understand import DATE, DOCNUMBER, NUMBER, OFFICE, answer_kind, normalise

    def kind(question: str) -> str:
        return answer_kind(normalise(question))

    assert kind("What are the pupils' summer holiday dates?") == DATE
    assert kind("What approval rate does the council need?") == NUMBER
    assert kind("What cap does the decree set on awards?") == NUMBER
    assert kind("Which provincial decision number does the school follow?") == DOCNUMBER
    assert kind("Which team of the office should clubs hand their forms to?") == OFFICE
    # the English "may" is not "mấy" (how many)
    assert kind("What may the club leader borrow from the school?") != NUMBER
    assert kind("hoc sinh duoc nghi may ngay") == NUMBER


def test_english_words_that_only_ask_for_a_number_are_not_searched() -> None:
    from bot.knowledge.understand import NUMBER, answer_kind, drop_kind_words, normalise
    asked = normalise("What share of members must be Advanced Workers?")
    assert answer_kind(asked) == NUMBER
    left = drop_kind_words(asked, NUMBER).split()
    assert "share" not in left and "members" in left  # "100% of members" holds the share
    asked = normalise("How long must a thematic campaign run?")
    assert "long" not in drop_kind_words(asked, NUMBER).split()
    # a share that is not what is asked for stays a word of the question
    asked = normalise("Which groups should get a larger share of awards?")
    assert "share" in drop_kind_words(asked, answer_kind(asked)).split()
    assert answer_kind(asked) != NUMBER


def test_keep_doing_is_an_aspect_not_keeping() -> None:
    from bot.knowledge.understand import normalise
    assert "continue holding" in normalise("Which clubs keep holding contests?")
    assert "continue running" in normalise("Does the school go on running the drive?")
    assert "keep records" in normalise("How long do schools keep records?")


def test_vietnamese_typed_beside_the_english_picks_its_rendering() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon({"certificate of merit": ["giấy khen", "bằng khen"], "province": ["tỉnh"]})
    pieces = lex.translate("a certificate of merit from the province (Bằng khen)", index())
    assert ("bằng khen", True) in pieces and ("giấy khen", True) not in pieces
    assert [p for p, _done in pieces].count("bằng khen") == 1  # not asked twice
    # a gloss no rendering holds stays as typed
    assert ("dân lập", False) in lex.translate("the province (dân lập)", index())


def test_a_word_takes_the_sense_that_keeps_company_with_the_others() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate((
        "Mỗi khối được đề nghị tặng 02 Cờ thi đua và 01 Bằng khen.",
        "Cờ thi đua và Bằng khen của tỉnh được xét cuối năm.",
        "Giấy chứng nhận hoàn thành khóa học cấp cho học viên.",
        "Học viên nhận giấy chứng nhận sau khóa học.")))
    lex = Lexicon({"certificates": ["giấy chứng nhận", "bằng khen"], "flags": ["cờ thi đua"],
                   "course": ["khóa học"]})
    # beside "flags", a certificate is the one the documents give with flags
    assert ("bằng khen", True) in lex.translate("flags and certificates", idx)
    assert ("giấy chứng nhận", True) in lex.translate("certificates for the course", idx)


def test_which_document_another_rests_on_asks_for_its_number() -> None:
    from bot.knowledge.understand import DOCNUMBER, answer_kind, normalise

    assert answer_kind(normalise("Which government decree does the university guidance rely on?")
                       ) == DOCNUMBER
    assert answer_kind(normalise("Which plan of the department does this plan implement?")
                       ) == DOCNUMBER
    assert answer_kind(normalise("Which plan should schools send reports to?")) != DOCNUMBER
