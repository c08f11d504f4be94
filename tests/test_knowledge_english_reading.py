"""How an English question is read (continued): senses the asker fixed, question structure."""

from __future__ import annotations

from bot.knowledge.index import Passage, SearchIndex


def _index(*texts: str) -> SearchIndex:
    return SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate(texts))


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


def test_which_month_or_year_asks_for_a_date() -> None:
    from bot.knowledge.understand import DATE, answer_kind, normalise
    assert answer_kind(normalise("In which month does the club hold its review?")) == DATE
    assert answer_kind(normalise("Which year's rules must schools follow?")) == DATE
    assert answer_kind(normalise("Which year groups take part?")) != DATE
