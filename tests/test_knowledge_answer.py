"""Answering questions from the five plans: deadlines, quoted passages, honest "not found"."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import language
from bot.knowledge import KnowledgeBase
from bot.knowledge.textnorm import fold
from bot.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
async def kb(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    db = await Database.open(tmp_path / "t.sqlite3")
    base = await KnowledgeBase.load(db)
    await base.import_directory(ROOT / "data" / "plans")
    yield base
    await db.close()


def has(text: str, *facts: str) -> bool:
    return all(fold(f) in fold(text) for f in facts)


def test_the_interim_report_deadline(kb: KnowledgeBase) -> None:
    with language("vi"):
        a = kb.answer("hạn nộp báo cáo sơ kết là khi nào?", today=TODAY)
    assert (a.kind, a.confident) == ("deadline", True)
    assert has(a.text, "31/5/2024", "Nguồn:", "mục IV (TIẾN ĐỘ THỰC HIỆN)",
               "Các đơn vị gửi báo cáo định kỳ sơ kết 6 tháng đầu năm")
    assert "Thứ Sáu" in a.text  # 31/5/2024, in the user's language
    assert "31/5/2027" in a.text  # it comes round again every year
    assert "25/1/2024" not in a.text  # a past date of another province: only when asked for
    assert [b.action for row in a.buttons for b in row] == ["kb1:dl"]


def test_a_named_year_brings_back_past_deadlines(kb: KnowledgeBase) -> None:
    with language("vi"):
        a = kb.answer("hạn nộp báo cáo sơ kết năm học 2023-2024 của Sở Bình Phước", today=TODAY)
    assert a.confident and has(a.text, "25/1/2024")
    assert "31/5/2024" not in a.text  # Quận 11 is another place


def test_citations_name_the_document_so_a_teacher_can_tell_whose(kb: KnowledgeBase) -> None:
    with language("vi"):
        a = kb.answer("lao động tiên tiến cần tiêu chuẩn gì", today=TODAY)
        b = kb.answer("ti le gv co skkn duoc cong nhan cap quan", today=TODAY)
    assert a.confident and has(a.text, "Điều 24", "Luật Thi đua, khen thưởng 2022")
    assert b.confident and has(b.text, "15%", "KH 02/KH-PGDĐT", "Thanh Xuân", "2/1/2024")


def test_the_award_dossier(kb: KnowledgeBase) -> None:
    with language("vi"):
        a = kb.answer("ho so de nghi khen thuong gom nhung gi", today=TODAY)
    assert (a.kind, a.confident) == ("passage", True)
    assert has(a.text, "Tờ trình", "Biên bản họp", "Báo cáo thành tích", "minh chứng")
    assert has(a.text, "Văn bản ghi (trích nguyên văn):", "Nguồn: mục II.6",
               "Hồ sơ đề nghị khen thưởng", "Sở GD&amp;ĐT Bình Phước, 2023")
    assert a.section_id is not None
    assert [b.action for row in a.buttons for b in row] == [f"kb1:s:{a.section_id}"]


def test_english_question_gets_an_english_frame(kb: KnowledgeBase) -> None:
    with language("vi"):
        a = kb.answer("What should the award dossier include?", today=TODAY)
    assert a.confident and a.text.startswith("<b>The document says (quoted as written):</b>")
    assert has(a.text, "Biên bản họp theo quy định", "Source:")
    with language("vi"):
        d = kb.answer("When is the final report due?", today=TODAY)
    assert d.kind == "deadline" and has(d.text, "10/11/2024", "Sunday", "10/11/2027")


def test_shorthands_typos_and_no_diacritics(kb: KnowledgeBase) -> None:
    for question, fact in [
        ("ti le gv co skkn duoc cong nhan cap quan", "15%"),
        ("hinh thuc khen thuogn cua phong trao nong thon moi", "Huân chương Lao động"),
        ("bc so ket 6 thang dau nam nop cho ai", "Hành chánh tổng hợp"),
        ("Phòng GD&ĐT Quận 11 phải triển khai kế hoạch đến ngày nào?", "22/3/2024"),
    ]:
        a = kb.answer(question, today=TODAY)
        assert a.confident and has(a.text, fact), question


@pytest.mark.parametrize("question", [
    "Lương giáo viên năm nay tăng bao nhiêu?", "tien luong giao vien bao nhieu",
    "Thời tiết Hà Nội ngày mai thế nào?", "What's the weather like tomorrow?",
    "Học phí năm học 2024-2025 là bao nhiêu?", "Giải bóng đá giáo viên tổ chức khi nào?",
    "Who won the football match yesterday?", "xin chào", "", "???",
])
def test_not_confident_when_the_plans_do_not_say(kb: KnowledgeBase, question: str) -> None:
    with language("vi"):
        a = kb.answer(question, today=TODAY)
    assert (a.confident, a.kind, a.has_more) == (False, "none", False)
    english = question.startswith(("What", "Who"))
    assert ("do not say this" if english else "chưa nêu nội dung này") in a.text
    assert "/campaigns" in a.text


def test_more_results_page_by_page(kb: KnowledgeBase) -> None:
    question = "khen thưởng kịp thời các tập thể, cá nhân"
    pages = [kb.answer(question, today=TODAY, offset=i) for i in range(3)]
    assert all(p.confident for p in pages) and pages[0].has_more
    assert len({p.text for p in pages}) == 3
    last = kb.answer(question, today=TODAY, offset=500)
    assert not last.confident and not last.has_more
    deadlines = [kb.answer("khi nào?", today=TODAY, offset=i) for i in range(5)]
    assert deadlines[0].kind == "deadline"
    assert "10/11/2027" in deadlines[0].text and "25/1/2024" not in deadlines[0].text
    assert not deadlines[-1].confident
    past = kb.answer("hạn nộp báo cáo năm 2024 là khi nào?", today=TODAY)
    assert past.kind == "deadline" and has(past.text, "10/11/2024", "đã qua")


async def test_answers_escape_document_text(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    kb = await KnowledgeBase.load(db)
    plan = tmp_path / "p.txt"
    plan.write_text("KẾ HOẠCH\nThi đua <b>năm</b> 2027\n\nI. HỒ SƠ\n\n- Tờ trình <script> "
                    "& biên bản họp hội đồng thi đua;\n", encoding="utf-8")
    await kb.import_file(plan)
    a = kb.answer("hồ sơ gồm tờ trình và biên bản họp", today=TODAY)
    await db.close()
    assert a.confident
    assert "<script>" not in a.text and "&lt;script&gt; &amp; biên bản" in a.text
    assert "&lt;b&gt;năm&lt;/b&gt;" in a.text  # the title, in the citation


def test_a_document_s_own_number_is_its_own_and_of_its_year(kb: KnowledgeBase) -> None:
    with language("vi"):
        own = kb.answer("kế hoạch thi đua năm 2024 của phòng gdđt thanh xuân có số hiệu là gì",
                        today=TODAY)
        other_year = kb.answer("số hiệu kế hoạch thi đua khen thưởng 2025 của phòng giáo dục "
                               "thanh xuân là gì", today=TODAY)
    assert own.confident and "02/KH-PGDĐT" in own.text
    assert not other_year.confident  # not a plan it cites, nor the 2024 plan


def test_a_long_quote_is_cut_to_the_lines_that_hold_the_question() -> None:
    from bot.knowledge.index import passage_keys
    from bot.knowledge.snippets import focused
    from bot.knowledge.textnorm import tokens

    filler = [f"{i}. Nội dung chung về tổ chức phong trào thi đua của các đơn vị trực thuộc "
              "trong năm học, bảo đảm thiết thực, hiệu quả, tránh hình thức." for i in range(8)]
    answer = "9. Đại biểu dự hội nghị gồm lãnh đạo và cán bộ phụ trách thi đua của đơn vị."
    text = "\n".join([*filler, answer])
    wanted = frozenset(passage_keys(tokens("đại biểu dự hội nghị")))

    shown = focused(text, lambda keys, _text: len(keys & wanted))

    assert shown.startswith("…\n") and answer in shown and len(shown) <= 620
    assert focused("Một dòng ngắn.", lambda keys, _text: 0.0) == "Một dòng ngắn."


def test_a_paragraph_longer_than_a_screen_is_cut_to_its_clauses_that_hold_the_question(
) -> None:
    from bot.knowledge.index import passage_keys
    from bot.knowledge.snippets import focused
    from bot.knowledge.textnorm import tokens

    lead = " ".join(f"Nội dung {i} về tổ chức phong trào thi đua của các đơn vị trực thuộc, "
                    "bảo đảm thiết thực, hiệu quả." for i in range(9))
    tail = "báo cáo định kỳ kết quả gửi về Ủy ban nhân dân quận (qua Phòng Nội vụ)."
    text = lead + " Tổ chức sơ kết, tổng kết kịp thời; " + tail  # one line, no break
    wanted = frozenset(passage_keys(tokens("báo cáo định kỳ gửi về đâu")))

    shown = focused(text, lambda keys, _text: len(keys & wanted))

    assert shown.startswith("…") and tail in shown and len(shown) <= 620
    office = focused(text, lambda _keys, part: float("Phòng Nội vụ" in part))
    assert "Phòng Nội vụ" in office  # the kind of fact asked for is what is kept


def test_a_school_year_typed_with_some_marks_is_still_the_school_year() -> None:
    from bot.knowledge.deadline_answers import _SCHOOL_YEAR
    from bot.knowledge.textnorm import fold
    for typed in ("năm học 2024-2025", "nam hoc 2024-2025", "năm hoc 2024 - 2025",
                  "the 2024-2025 school-year review", "school year 2024/2025"):
        m = _SCHOOL_YEAR.search(fold(typed))
        assert m is not None and next(g for g in m.groups() if g) == "2024", typed


async def test_a_question_asking_which_day_is_not_answered_by_a_year(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "y.sqlite3")
    kb = await KnowledgeBase.load(db)
    plan = tmp_path / "p.txt"
    plan.write_text("KẾ HOẠCH\nPhong trào thi đua trồng cây năm 2026\n\nI. TỔ CHỨC THỰC HIỆN\n\n"
                    "1. Các trường sơ kết phong trào trồng cây vào năm 2027.\n\n"
                    "2. Hội nghị tổng kết phong trào trồng cây tổ chức vào ngày 20/12/2027.\n",
                    encoding="utf-8")
    await kb.import_file(plan)
    with language("vi"):
        when = kb.answer("sơ kết phong trào trồng cây khi nào?", today=TODAY)
        day = kb.answer("sơ kết phong trào trồng cây vào ngày nào?", today=TODAY)
        meeting = kb.answer("hội nghị tổng kết phong trào trồng cây ngày nào?", today=TODAY)
    await db.close()
    assert when.confident and "2027" in when.text
    assert not (day.confident and day.kind == "deadline")
    assert meeting.confident and "20/12/2027" in meeting.text


def test_at_the_latest_asks_for_a_deadline_and_is_not_searched_for() -> None:
    from bot.knowledge.glossary import strip_intent
    for question in ("gửi kế hoạch về ủy ban chậm nhất ngày nào",
                     "gui ke hoach ve uy ban cham nhat ngay nao",
                     "send the plan to the committee no later than what date"):
        text, deadline = strip_intent(question)
        assert deadline and "nhat" not in text and "nhất" not in text and "later" not in text


def test_a_list_too_long_for_a_screen_shows_every_item_shortened() -> None:
    from bot.knowledge.snippets import SHOW_MAX, condensed
    items = [f"{c}) Trường hợp {c}: " + "cá nhân lập thành tích xuất sắc đột xuất " * 4 + f"({c})."
             for c in "abcd"]
    text = "\n".join(["1. Khen thưởng theo thủ tục đơn giản áp dụng đối với:", *items])
    short = condensed(text)
    assert short is not None and len(short) <= SHOW_MAX
    assert all(f"{c}) Trường hợp {c}" in short for c in "abcd")
    assert short.startswith("1. Khen thưởng theo thủ tục đơn giản")
    assert condensed("a) một\nb) hai\nc) ba") is None  # short enough as it is


def test_a_list_asked_for_goes_on_into_the_sections_next_chunk() -> None:
    from bot.knowledge.index import Passage, SearchIndex
    from bot.knowledge.pieces import Pieces
    first = "Khen thưởng theo thủ tục đơn giản áp dụng đối với:\na) Thành tích đột xuất;"
    second = "b) Thành tích trong chiến đấu;\nc) Người đứng đầu đơn vị phát hiện.\nGhi chú."
    index = SearchIndex.build([Passage(1, 7, "1", "Điều 85", "Điều 85", first),
                               Passage(1, 7, "1", "Điều 85", "Điều 85", second)])
    pieces = Pieces(index)
    snippet = pieces.of(0)[0][-1]
    assert "a) Thành tích đột xuất" in snippet.text
    whole = pieces.quoted(0, snippet, whole_list=True)
    assert whole.endswith("c) Người đứng đầu đơn vị phát hiện.") and "Ghi chú" not in whole
    assert "b) Thành tích" not in pieces.quoted(0, snippet)


def test_when_a_law_was_issued_is_read_from_its_details(kb: KnowledgeBase) -> None:
    with language("vi"):
        by_year = kb.answer("Luật 2022 ban hành ngày nào?", today=TODAY)
        by_name = kb.answer("Luật thi đua khen thưởng ban hành ngày nào?", today=TODAY)
        missing = kb.answer("Kế hoạch thi đua năm 2025 của Thanh Xuân ban hành ngày nào?",
                            today=TODAY)
    assert by_year.confident and "15/6/2022" in by_year.text
    assert by_name.confident and "15/6/2022" in by_name.text
    assert not missing.confident  # the office's 2024 plan is not its 2025 one


async def test_a_plan_of_another_year_is_not_answered_by_this_plans_yearly_date(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "z.sqlite3")
    kb = await KnowledgeBase.load(db)
    plan = tmp_path / "p.txt"
    plan.write_text("KẾ HOẠCH\nThi đua trồng cây năm 2027\n\nI. TIẾN ĐỘ\n\n"
                    "- Ngày 20 tháng 5 năm 2027: các trường gửi báo cáo sơ kết trồng cây định kỳ "
                    "hằng năm.\n", encoding="utf-8")
    await kb.import_file(plan)
    with language("vi"):
        same = kb.answer("kế hoạch trồng cây năm 2027 hạn gửi báo cáo sơ kết ngày nào?",
                         today=TODAY)
        other = kb.answer("kế hoạch trồng cây năm 2028 hạn gửi báo cáo sơ kết ngày nào?",
                          today=TODAY)
    await db.close()
    assert same.kind == "deadline" and "20/5/2027" in same.text
    assert other.kind != "deadline"


async def test_a_periods_first_day_answers_which_day_it_starts(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "r.sqlite3")
    kb = await KnowledgeBase.load(db)
    plan = tmp_path / "p.txt"
    plan.write_text("KẾ HOẠCH\nHội thi giáo viên dạy giỏi năm 2027\n\nI. THỜI GIAN\n\n"
                    "1. Hội thi giáo viên dạy giỏi diễn ra từ ngày 10/5 đến ngày 20/5/2027.\n",
                    encoding="utf-8")
    await kb.import_file(plan)
    with language("vi"):
        a = kb.answer("hội thi giáo viên dạy giỏi diễn ra từ ngày nào?", today=TODAY)
    await db.close()
    assert a.confident and "10/5/2027" in a.text


def test_which_campaigns_are_running_answers_like_the_command_unless_a_place_is_named(
        kb: KnowledgeBase) -> None:
    with language("vi"):
        running = kb.answer("phong trào thi đua nào đang diễn ra", today=TODAY)
        english = kb.answer("What campaigns are running?", today=TODAY)
        of_a_place = kb.answer("Năm 2024 Quận 11 có những phong trào thi đua nào đang triển khai?",
                               today=TODAY)
    assert running.kind == english.kind == "campaigns"
    assert of_a_place.kind != "campaigns"  # that plan's campaigns, not all that run today


def test_a_list_item_is_quoted_under_its_own_lead_in_not_the_next_lists() -> None:
    from bot.knowledge.index import Passage, SearchIndex
    from bot.knowledge.pieces import Pieces
    rules = "".join(f"- Tiêu chí {n}: đơn vị thực hiện tốt quy định về thi đua, khen thưởng.\n"
                    for n in range(1, 9))
    text = (f"a) Điểm thưởng:\n{rules}b) Điểm trừ:\n- Trừ 05 điểm trong các trường hợp sau:\n"
            "- Đơn vị không cử lãnh đạo dự họp khối.\n"
            "- Đơn vị gửi báo cáo chậm từ 05 ngày đến dưới 10 ngày.\n"
            "- Trừ 10 điểm trong các trường hợp sau:")
    pieces = Pieces(SearchIndex.build([Passage(1, 3, "2", "Điểm trừ", "V > 2", text)]))
    late = [s for s in pieces.of(0)[0] if s.text.startswith("- Đơn vị gửi báo cáo chậm")]
    assert late and all("Trừ 10 điểm" not in s.text for s in late)
    quote = pieces.quoted(0, late[0])
    assert quote.startswith("- Trừ 05 điểm trong các trường hợp sau:\n…\n- Đơn vị gửi báo cáo")
    assert "Trừ 10 điểm" not in quote.split("chậm từ 05 ngày")[0]


def test_a_count_asked_without_its_leading_zero_is_the_documents_count() -> None:
    from bot.knowledge.textnorm import words
    assert words("Có 02 lần liên tục, từ 05 năm") == ["có", "2", "lần", "liên", "tục", "từ", "5",
                                                     "năm"]
    assert words("ngày 01/01/2024; 0 điểm; Mẫu 05T") == ["ngày", "1", "1", "2024", "0", "điểm",
                                                        "mẫu", "05t"]


async def test_a_place_named_is_answered_by_its_own_deadlines_not_a_ministrys(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")
    kb = await KnowledgeBase.load(db)
    (tmp_path / "bo.txt").write_text(
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 15/2026/TT-BGDĐT\nTHÔNG TƯ\nHướng dẫn thi đua ngành Giáo dục"
        "\n\nĐiều 1. Thời gian\n\n1. Hội đồng thi đua họp xét khen thưởng trước ngày 15 tháng 12 "
        "hằng năm.\n", encoding="utf-8")
    (tmp_path / "q11.txt").write_text(
        "ỦY BAN NHÂN DÂN QUẬN 11\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nKẾ HOẠCH\nThi đua năm 2027 của "
        "Phòng Giáo dục và Đào tạo Quận 11\n\nI. TIẾN ĐỘ\n\n- Ngày 20 tháng 5 năm 2027: các "
        "trường gửi báo cáo sơ kết về Phòng Giáo dục và Đào tạo.\n", encoding="utf-8")
    for name in ("bo.txt", "q11.txt"):
        await kb.import_file(tmp_path / name)
    with language("vi"):
        anywhere = kb.answer("hội đồng thi đua họp xét khen thưởng ngày nào?", today=TODAY)
        here = kb.answer("hội đồng thi đua quận 11 họp xét khen thưởng ngày nào?", today=TODAY)
        own = kb.answer("quận 11 hạn gửi báo cáo sơ kết ngày nào?", today=TODAY)
    await db.close()
    assert anywhere.kind == "deadline" and "15/12" in anywhere.text
    assert here.kind != "deadline"  # Quận 11 sets no such date; the ministry's is not its own
    assert own.kind == "deadline" and "20/5/2027" in own.text


def test_the_nearest_section_is_quoted_when_it_stands_clear_but_never_confident() -> None:
    from bot.knowledge.index import Passage, SearchIndex
    from bot.knowledge.nearest import nearest
    from bot.knowledge.pieces import Pieces
    from bot.knowledge.query import analyse
    text = ("1. Căn cứ xét tặng danh hiệu thi đua:\na) Phong trào thi đua;\n"
            "b) Đăng ký tham gia thi đua;\nc) Thành tích <thi đua>.")
    index = SearchIndex.build([Passage(1, 7, "10.1", "Căn cứ xét", "Điều 10 > 1", text)])
    pieces = Pieces(index)
    asked = analyse("căn cứ xét danh hiệu có tính đăng ký không", index)
    with language("vi"):
        quoted = nearest(index, pieces, "Luật 2003", asked, 0, pieces.of(0)[0][0], True)
        named = nearest(index, pieces, "Luật 2003", asked, 0, pieces.of(0)[0][0], False)
    assert not quoted.confident and not named.confident and quoted.kind == "none"
    assert "chưa chắc" in quoted.text and "Đăng ký tham gia thi đua" in quoted.text
    assert "&lt;thi đua&gt;" in quoted.text  # the document's text is escaped
    assert "Đăng ký tham gia" not in named.text and "gần nhất" in named.text
    assert [b.label for row in quoted.buttons for b in row] == ["Đọc toàn bộ mục này"]


async def test_a_question_nearly_answered_by_one_section_quotes_it_without_claiming_it(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "n.sqlite3")
    kb = await KnowledgeBase.load(db)
    law = tmp_path / "luat.txt"
    law.write_text(
        "QUỐC HỘI\nLuật số: 15/2003/QH11\nLUẬT\nTHI ĐUA, KHEN THƯỞNG\n\n"
        "Điều 9. Hình thức tổ chức thi đua\n1. Hình thức tổ chức thi đua gồm: thi đua thường "
        "xuyên và thi đua theo đợt.\n\nĐiều 10. Căn cứ xét tặng danh hiệu thi đua\n"
        "1. Căn cứ xét tặng danh hiệu thi đua:\na) Phong trào thi đua;\nb) Đăng ký tham gia "
        "thi đua;\nc) Thành tích thi đua;\nd) Tiêu chuẩn danh hiệu thi đua.\n\n"
        "Điều 11. Quỹ thi đua\n1. Quỹ thi đua, khen thưởng được hình thành từ ngân sách nhà "
        "nước và đóng góp của cá nhân, tổ chức.\n", encoding="utf-8")
    await kb.import_file(law)
    with language("vi"):
        near = kb.answer("khi xét danh hiệu có dựa vào việc đăng ký thi đua không", today=TODAY)
        far = kb.answer("giáo viên được nghỉ phép mấy ngày trong năm học", today=TODAY)
    await db.close()
    assert not near.confident and near.kind == "none"
    assert "Điều 10" in near.text and "b) Đăng ký tham gia thi đua;" in near.text
    assert near.buttons  # the whole article, one tap away
    assert not far.confident and "Đăng ký tham gia" not in far.text


async def test_the_offices_own_deadline_comes_before_a_ministrys_one_like_it(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "o.sqlite3")
    kb = await KnowledgeBase.load(db)
    (tmp_path / "bo.txt").write_text(
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 16/2026/TT-BGDĐT\nTHÔNG TƯ\nHướng dẫn thi đua ngành Giáo dục"
        "\n\nĐiều 1. Thời gian\n\n1. Các đơn vị gửi báo cáo sơ kết thi đua trước ngày 15 tháng 12 "
        "hằng năm.\n", encoding="utf-8")
    (tmp_path / "q11.txt").write_text(
        "ỦY BAN NHÂN DÂN QUẬN 11\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nKẾ HOẠCH\nThi đua năm 2027 của "
        "Phòng Giáo dục và Đào tạo Quận 11\n\nI. TIẾN ĐỘ\n\n- Ngày 20 tháng 5 năm 2027: các "
        "đơn vị gửi báo cáo sơ kết thi đua về Phòng Giáo dục và Đào tạo.\n", encoding="utf-8")
    for name in ("bo.txt", "q11.txt"):
        await kb.import_file(tmp_path / name)
    with language("vi"):
        found = kb.answer("hạn gửi báo cáo sơ kết thi đua là ngày nào?", today=TODAY)
    await db.close()
    assert found.kind == "deadline" and "20/5/2027" in found.text and "15/12" not in found.text
