"""A phrase the question spells out is held by the initials the documents write for it."""

from __future__ import annotations

from bot.knowledge.abbreviations import is_abbreviation
from bot.knowledge.index import FOLDED, Passage, SearchIndex
from bot.knowledge.query import analyse, coverage

TEXTS = [
    "Hồ sơ gửi về phòng KHTC trước ngày 12/3.",
    "Phòng Kế hoạch Tài chính hướng dẫn các đơn vị lập dự toán.",
    "Các đơn vị báo cáo UBKT huyện kết quả thực hiện.",
    "Học sinh tham gia hoạt động ngoại khóa của trường.",
    "Giáo viên dự giờ và góp ý cho đồng nghiệp trong tổ.",
    "Ban giám hiệu kiểm tra hồ sơ chuyên môn của tổ.",
]


def index() -> SearchIndex:
    return SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate(TEXTS))


def test_a_spelled_out_phrase_is_held_by_the_documents_initials() -> None:
    idx = index()
    asked = analyse("hồ sơ gửi về phòng kế hoạch tài chính", idx)
    keys = {s.word: s.keys for s in asked.slots}
    assert all(FOLDED + "khtc" in k for w, k in keys.items() if w in ("kế", "hoạch", "tài",
                                                                      "chính"))
    piece = SearchIndex.build([Passage(1, 0, "0", "", "", TEXTS[0])])
    held = frozenset(k for k in piece.postings)
    assert coverage(asked, held)[0] > 0.9


def test_initials_with_a_vowel_in_front_are_read_and_words_are_not() -> None:
    assert is_abbreviation("tchc") and is_abbreviation("ubkt") and is_abbreviation("khtc")
    assert not any(is_abbreviation(w) for w in ("anh", "truong", "oanh", "ong", "tc"))
    idx = index()
    asked = analyse("báo cáo ủy ban kiểm tra huyện", idx)
    assert any(FOLDED + "ubkt" in s.keys for s in asked.slots)


def test_words_whose_initials_are_no_abbreviation_of_the_corpus_gain_nothing() -> None:
    idx = index()
    asked = analyse("học sinh tham gia ngoại khóa", idx)
    assert all(len(s.keys) <= 3 and not any(len(k) == 4 for k in s.keys) for s in asked.slots)


def test_a_phrase_read_off_the_corpus_for_initials_is_matched_folded() -> None:
    idx = SearchIndex.build(Passage(1, i, str(i), "", "", t) for i, t in enumerate([
        "Trung tâm giáo dục thường xuyên gửi kế hoạch về Ủy ban.",
        "Trung tâm giáo dục thường xuyên tổng hợp báo cáo.",
        "Nhà trường giao nhiệm vụ cho tổ chuyên môn.",
    ]))
    slots = {s.word: s.keys
             for s in analyse("trung tâm gdtx gửi kế hoạch về đâu", idx).slots}
    group = next(k for w, k in slots.items() if w.startswith("giao"))
    assert FOLDED + "giao" in group  # "giao" is folded "giáo", not the corpus's word "giao"
