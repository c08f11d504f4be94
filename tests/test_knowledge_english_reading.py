"""How an English question is read (continued): senses the asker fixed, question structure."""

from __future__ import annotations

from bot.knowledge.index import Passage, SearchIndex
from bot.knowledge.lexicon import Lexicon


def _index(*texts: str) -> SearchIndex:
    return SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate(texts))


def _rendered(lex: Lexicon, idx: SearchIndex, text: str) -> list[str]:
    """The Vietnamese ``lex`` renders ``text``'s translated pieces as."""
    return [p for p, done in lex.translate(text, idx) if done]


def test_a_rendering_the_asker_typed_is_kept_whatever_company_says() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = _index("Mỗi khối được đề nghị tặng 02 Cờ thi đua và 01 Bằng khen.",
                 "Cờ thi đua và Bằng khen của tỉnh được xét cuối năm.",
                 "Giấy khen của hiệu trưởng tặng cho cá nhân.")
    lex = Lexicon({"certificates of merit": ["bằng khen", "giấy khen"], "flags": ["cờ thi đua"]})
    # beside "flags" the company of the documents would say "bằng khen"; the asker said which
    pieces = lex.translate("flags and certificates of merit (Giấy khen)", idx)
    assert ("giấy khen", True) in pieces and ("bằng khen", True) not in pieces
    assert ("bằng khen", True) in lex.translate("flags and certificates of merit", idx)


def test_a_question_opened_by_may_asks_leave_not_how_many() -> None:
    from bot.knowledge.understand import NUMBER, answer_kind, normalise
    assert answer_kind(normalise("May the club head use its own seal?")) != NUMBER
    assert answer_kind(normalise("may ngay nghi")) == NUMBER
    # "mấy thể loại" typed without marks is Vietnamese: no English word follows
    assert answer_kind(normalise("may the loai tac pham duoc du thi")) == NUMBER


def test_which_month_or_year_asks_for_a_date() -> None:
    from bot.knowledge.understand import DATE, answer_kind, normalise
    assert answer_kind(normalise("In which month does the club hold its review?")) == DATE
    assert answer_kind(normalise("Which year's rules must schools follow?")) == DATE
    assert answer_kind(normalise("Which year groups take part?")) != DATE


def test_another_rendering_that_only_folds_like_the_chosen_one_still_holds_it() -> None:
    from bot.knowledge.slots import Slot, Token
    from bot.knowledge.wording import with_phrases
    idx = _index("Trưởng khối được sử dụng con dấu của đơn vị mình.",
                 "Học sinh dùng máy tính trong giờ học.")
    slots = [Slot("dùng", ("dùng",), 1.0)]
    out = with_phrases([Token("dùng", True, 0, key="dùng")], slots, idx, {"dung": ["sử dụng"]})
    # "sử dụng" folds to "su dung", which holds "dung", but not "dùng" as the slot is matched
    assert "~su dung" in out[0].keys


def test_general_words_the_lexicon_renders() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    idx = _index("Góp phần phát triển kinh tế - xã hội của tỉnh; văn bản hợp nhất.",
                 "Mỗi hình thức khen thưởng không tặng nhiều lần cho cùng một cá nhân.",
                 "Chào mừng 70 năm Ngày giải phóng Thủ đô; phạm vi toàn quốc và cả nước.",
                 "Cá nhân kê khai gian dối thành tích; đồng tác giả sáng kiến.")

    assert {"kinh tế - xã hội", "kinh tế xã hội"} & set(
        _rendered(lex, idx, "socio-economic targets"))
    assert "cùng" in _rendered(lex, idx, "given to the same person")
    assert "giải phóng" in _rendered(lex, idx, "years since liberation")
    assert any("gian dối" in p for p in _rendered(lex, idx, "someone who lied about achievements"))
    assert "đồng tác giả" in _rendered(lex, idx, "a co-author of an initiative")
    assert "toàn quốc" in _rendered(lex, idx, "nationwide campaigns")


def test_two_words_join_in_their_first_senses_the_documents_write_together() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = _index("Sáng kiến cấp cơ sở; sáng kiến cấp tỉnh; sáng kiến cấp bộ.",
                 "Sáng kiến cấp cơ sở được công nhận; sáng kiến cấp tỉnh.",
                 "Hội đồng xét sáng kiến cấp trường.",
                 "Quyết định công nhận sáng kiến ban hành ngày 5/3.",
                 "Quyết định công nhận sáng kiến ban hành kèm theo danh sách.")
    lex = Lexicon({"initiatives": ["sáng kiến"], "issued": ["ban hành", "phát hành", "cấp"]})
    # "sáng kiến cấp" is written more often, but "ban hành" is the word's first sense and the
    # documents write it beside "sáng kiến" too
    assert ("ban hành", True) in lex.translate("initiatives issued", idx)


def test_words_that_only_bound_a_number_are_not_searched() -> None:
    from bot.knowledge.understand import NUMBER, answer_kind, drop_kind_words, normalise
    asked = normalise("What is the maximum bonus for a club?")
    assert answer_kind(asked) == NUMBER
    assert "maximum" not in drop_kind_words(asked, NUMBER).split()
    asked = normalise("How many members at least must a club have?")
    assert "least" not in drop_kind_words(asked, NUMBER).split()


def test_the_number_of_a_plan_reads_as_its_reference_number() -> None:
    from bot.knowledge.lexicon import Lexicon
    from bot.knowledge.understand import normalise
    lex = Lexicon({"reference number": ["số hiệu"], "number of": ["số lượng"],
                   "plan": ["kế hoạch"], "number": ["số"]})
    asked = normalise("What is the number of the office's 2025 plan?")
    pieces = [p for p, done in lex.translate(asked, _index("Số hiệu: 02/KH-PGDĐT.")) if done]
    assert pieces[0] == "số hiệu"


def test_contractions_and_meant_are_not_asked() -> None:
    from bot.knowledge.query import analyse
    idx = _index("Cá nhân được cử đi đào tạo từ 01 năm trở lên phải đạt kết quả học tập loại khá.")
    analysis = analyse("If I'm sent on training, what is it meant to reach?", idx)
    assert analysis.english
    assert not {"m", "meant"} & {s.word for s in analysis.slots}


def test_more_english_structures_name_the_kind_of_fact() -> None:
    from bot.knowledge.understand import DATE, LIST, NUMBER, answer_kind, normalise

    def kind(question: str) -> str:
        return answer_kind(normalise(question))

    assert kind("What is the date of the circular the club rules refer to?") == DATE
    assert kind("What is the number and date of the school's guidance?") == DATE
    assert kind("What did a class need for the school's flag?") == LIST
    assert kind("What must a family meet to be a Model Family?") == LIST
    assert kind("Once awarded, may you lend the medal to a friend?") != NUMBER


def test_someone_is_a_person_not_an_unknown_name() -> None:
    from bot.knowledge.query import analyse
    idx = _index("Cá nhân kê khai gian dối thành tích để được khen thưởng thì bị hủy bỏ.")
    slots = analyse("What happens to someone who lies to get an award?", idx).slots
    assert all(s.keys for s in slots)  # every word is one the documents may hold


def test_a_law_a_year_names_keeps_its_own_sense() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = _index("Điều lệ quy định quyền của hội viên.", "Điều lệ quy định nghĩa vụ.",
                 "Luật này có hiệu lực từ năm 2022; điều lệ quy định thêm.")
    lex = Lexicon({"law": ["luật", "điều lệ"], "provide": ["quy định"]})
    # "điều lệ quy định" is what the documents write, but the law a year names is the law
    assert ("điều lệ", True) in lex.translate("what does the law provide", idx)
    assert ("luật", True) in lex.translate("what does the 2022 law provide", idx)
    assert ("quy định", True) in Lexicon.read().translate("what did the law define", idx)


def test_everyday_words_in_their_everyday_sense() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    idx = _index("Mỗi khối đề nghị 02 Cờ thi đua; hằng năm các khối ký giao ước thi đua.",
                 "Hằng năm, mỗi đơn vị nộp hồ sơ; tên phong trào do khối đặt.",
                 "Ký giao ước thi đua hằng năm; mỗi khối tham dự.")

    # "each" is "mỗi", not the "hằng" of "hằng năm"
    assert "mỗi" in _rendered(lex, idx, "how many flags can each bloc propose")
    assert "giao ước thi đua" in _rendered(lex, idx, "when is the emulation pledge signed")
    assert "tên" in _rendered(lex, idx, "the name of the movement")


def test_senses_that_never_mean_the_word_here_are_gone() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    idx = _index("Hộp quà tặng cho học sinh; hộp đựng hồ sơ; khen thưởng đột xuất.",
                 "Hộp đựng hiện vật khen thưởng; hộp quà khen thưởng.",
                 "Khen thưởng các trường hợp đột xuất; đối tượng khen thưởng.",
                 "Hội đồng họp xét khen thưởng; đối tượng khen thưởng gồm cá nhân.")

    assert "hộp" not in _rendered(lex, idx, "which cases of commendation")
    assert "đối tượng" not in _rendered(lex, idx, "who qualifies for commendation")
    assert "họp xét" in _rendered(lex, idx, "when does the council meet to consider awards")


def test_using_technology_is_applying_it() -> None:
    from bot.knowledge.query import analyse
    idx = _index("Đẩy mạnh ứng dụng công nghệ thông tin trong công tác thi đua, khen thưởng.",
                 "Học sinh dùng máy tính trong giờ học.")
    slots = analyse("What is IT used for in emulation work?", idx).slots
    used = next(s for s in slots if s.word in ("dùng", "sử dụng", "áp dụng", "ứng dụng"))
    assert any(k.endswith("ung dung") or k == "ứng" for k in used.keys), used


def test_a_plural_before_of_is_the_phrase_the_lexicon_lists() -> None:
    from bot.knowledge.lexicon import Lexicon, head_singular
    assert head_singular("certificates of merit") == "certificate of merit"
    idx = _index("Mỗi khối đề nghị 02 Cờ thi đua và 01 Bằng khen.", "Giấy khen của hiệu trưởng.")
    lex = Lexicon({"certificate of merit": ["giấy khen", "bằng khen"], "flags": ["cờ thi đua"]})
    pieces = lex.renderings("flags and certificates of merit", idx)
    merit = next(p for p in pieces if p[1] and "khen" in p[0])
    assert {merit[0], *merit[2]} == {"giấy khen", "bằng khen"}  # both senses, not one


def test_a_plural_has_the_senses_of_its_singular() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    idx = _index("Nhà giáo được tặng danh hiệu Nhà giáo ưu tú.", "Giáo viên dạy giỏi; thầy cô.")
    # the old glossary's one word for "teachers" does not hide the lexicon's senses of "teacher"
    pieces = lex.renderings("teachers", idx)
    assert {"giáo viên", "nhà giáo"} <= {pieces[0][0], *pieces[0][2]}


def test_a_phrase_opened_by_an_inflected_verb_is_its_base_form() -> None:
    from bot.knowledge.lexicon import Lexicon, verb_bases
    lex = Lexicon({"take part": ["tham gia"], "come into force": ["có hiệu lực"],
                   "flag": ["cờ"], "flag and pennant": ["cờ và cờ đuôi nheo"]})
    idx = _index("Đơn vị tham gia phong trào; luật có hiệu lực; cờ thi đua.")
    assert ("tham gia", True) in lex.translate("units taking part in it", idx)
    assert ("có hiệu lực", True) in lex.translate("when the law came into force", idx)
    assert "take" in verb_bases("took") and not verb_bases("flags")  # a plural is no verb


def test_a_share_of_approval_is_of_those_who_agree() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = _index("Được từ 80% ý kiến đồng ý trở lên của hội đồng.", "Hội đồng bỏ phiếu đồng ý.")
    pieces = Lexicon.read().translate("what share of approval does a nomination need", idx)
    assert ("đồng ý", True) in pieces  # the documents' word where no "phê duyệt" is written


def test_two_is_a_number_asked_not_filler() -> None:
    from bot.knowledge.query import analyse
    idx = _index("Huyện được thành lập 02 cụm thi đua các xã.", "Mỗi cụm có 2 khối.")
    words = {s.word for s in analyse("Which districts may set up two clusters?", idx).slots}
    assert words & {"2", "02", "hai"}


def test_or_more_is_at_least() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = _index("Cá nhân được cử đi học từ 01 năm trở lên phải đạt loại khá.")
    pieces = Lexicon.read().translate("sent on training for a year or more", idx)
    assert ("trở lên", True) in pieces


def test_in_may_is_the_month_not_a_modal() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon({"in may": ["tháng 5"], "may": ["có thể"], "reports": ["báo cáo"],
                   "leader": ["trưởng"]})
    idx = _index("Các đơn vị gửi báo cáo trong tháng 5; trưởng khối có thể sử dụng con dấu.")
    assert ("tháng 5", True) in lex.translate("which reports are due in May", idx)
    assert ("may", False) in lex.translate("what may the leader use", idx)


def test_outside_a_place_is_ngoai() -> None:
    from bot.knowledge.lexicon import Lexicon
    idx = _index("Huy động các tổ chức, cá nhân trong và ngoài tỉnh đóng góp.")
    pieces = Lexicon.read().translate("people inside and outside the province", idx)
    assert ("ngoài", True) in pieces and ("trong", True) in pieces


def test_representatives_are_people_and_themed_is_chuyen_de() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    idx = _index("Đại diện lãnh đạo các đơn vị tham dự hội nghị; gương điển hình tiên tiến.",
                 "Điển hình tiên tiến được biểu dương; thi đua theo chuyên đề.",
                 "Khen thưởng điển hình; phong trào thi đua theo chuyên đề.")

    assert "điển hình" not in _rendered(lex, idx, "which representatives attend the conference")
    assert "chuyên đề" in _rendered(lex, idx, "a themed movement")
    # the senses themselves, whatever company a corpus keeps
    assert "điển hình" not in lex.entries["representatives"]
    assert lex.entries["themed"][0] == "chuyên đề"


def test_a_basis_is_what_something_rests_on() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    assert "cơ sở" not in lex.entries["basis"]  # a grassroots unit, not a basis
    assert "trên cơ sở" in lex.entries["basis"] and lex.entries["bases"][0] == "căn cứ"


def test_a_pronoun_in_an_english_question_is_not_searched_for() -> None:
    from bot.knowledge.index import Passage, SearchIndex
    from bot.knowledge.query import analyse
    idx = SearchIndex.build([Passage(1, 1, "1", "", "", "Nhiệm vụ của các đơn vị trực thuộc.")])
    words = [s.word for s in analyse("What are their duties?", idx).slots]
    assert "their" not in words


def test_a_form_is_a_kind_beside_emulation_and_a_template_beside_a_report() -> None:
    from bot.knowledge.lexicon import Lexicon
    lex = Lexicon.read()
    idx = _index("Hình thức tổ chức thi đua gồm thi đua thường xuyên và thi đua theo đợt.",
                 "Báo cáo thành tích làm theo mẫu số 02 kèm theo Hướng dẫn này.",
                 "Các hình thức thi đua phải thiết thực.")

    assert "hình thức" in _rendered(lex, idx, "what forms can emulation take")
    assert "mẫu" in _rendered(lex, idx, "which form should the achievement report use")
