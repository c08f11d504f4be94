"""Deadlines and events read from any document: each capability with sentences of our own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.knowledge import KnowledgeBase, parsed_plan_to_json
from bot.knowledge.fmt import when
from bot.knowledge.importer import parse_text
from bot.knowledge.named_days import NAMED_DAYS, named_day_at
from bot.knowledge.paragraph_deadlines import extract_deadlines
from bot.knowledge.repo import DeadlineRow
from bot.reminders.occurrences import occurrences
from bot.reminders.repo import DeadlineRepo
from bot.storage.db import Database

D = dt.date
NOW = dt.datetime(2025, 9, 20, 9, 0, tzinfo=dt.UTC)


def found(text: str, *, year: int | None = 2025, issued: D | None = None
          ) -> list[tuple[object, ...]]:
    """(due date or (month, day), precision) of each deadline in ``text``."""
    return [(d.due_date or (d.month, d.day), d.precision)
            for d in extract_deadlines(text, default_year=year, issued=issued)]


# -- named national days --------------------------------------------------------------------

def test_the_table_of_named_days_is_sound() -> None:
    names = [d.name for d in NAMED_DAYS]
    assert len(names) == len(set(names)) >= 20
    for day in NAMED_DAYS:
        assert D(2024, day.month, day.day) and day.source and day.name.startswith("Ngày")
    day_of = {d.name: (d.day, d.month) for d in NAMED_DAYS}
    assert day_of["Ngày Nhà giáo Việt Nam"] == (20, 11)
    assert day_of["Ngày Quốc khánh"] == (2, 9)
    assert day_of["Ngày Thầy thuốc Việt Nam"] == (27, 2)
    assert day_of["Ngày Quốc tế Phụ nữ"] == (8, 3)


def test_a_named_day_is_read_whatever_the_spelling() -> None:
    for text, (day, month) in {
        "Nhà giáo Việt Nam.": (20, 11),
        "nha giao viet nam": (20, 11),
        "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam": (2, 9),
        "Thương binh – Liệt sĩ": (27, 7),
        "Phụ nữ Việt Nam (20/10)": (20, 10),
    }.items():
        named = named_day_at(text)
        assert named and (named[0].day, named[0].month) == (day, month), text
    assert named_day_at("Nhà giáo ưu tú") is None
    assert named_day_at("Quốc hội") is None


def test_a_deadline_before_a_named_day() -> None:
    assert found("Tổ chuyên môn nộp danh sách giáo viên dạy giỏi trước ngày Nhà giáo Việt Nam."
                 ) == [(D(2025, 11, 20), "before")]
    assert found("Các trường gửi hồ sơ chậm nhất là ngày Quốc tế Phụ nữ hằng năm.") == [
        ((3, 8), "by")]


def test_an_occasion_with_its_date_written() -> None:
    assert found("Hội đồng tổ chức lễ tuyên dương vào dịp kỷ niệm ngày Nhà giáo Việt Nam "
                 "20 tháng 11 hằng năm.") == [((11, 20), "day")]
    assert found("Nhà trường khen thưởng học sinh nhân dịp ngày Quốc tế Thiếu nhi (01/6/2026).",
                 ) == [(D(2026, 6, 1), "day")]


def test_a_named_day_that_sets_no_date() -> None:
    for text in (
        # an occasion without its date: the document sets no calendar date
        "Danh hiệu được xét và công bố hai năm một lần vào dịp kỷ niệm ngày Nhà giáo Việt Nam.",
        # a slogan, not an event the document sets
        "Các đơn vị thi đua lập thành tích chào mừng ngày Phụ nữ Việt Nam 20/10.",
    ):
        assert found(text) == [], text


# -- events and periods ---------------------------------------------------------------------

def test_events() -> None:
    assert found("Hội nghị sơ kết thi đua cụm trường được tổ chức vào 12/12/2019.",
                 year=2019) == [(D(2019, 12, 12), "day")]
    assert found("Lễ phát động thi đua tổ chức vào lúc 7h30 ngày 08/9/2025 tại sân trường.") == [
        (D(2025, 9, 8), "day")]
    assert found("Họp Hội đồng thi đua diễn ra ngày 03/6/2026.") == [(D(2026, 6, 3), "day")]


def test_periods_have_a_start_and_an_end() -> None:
    assert found("Thời gian nhận hồ sơ: từ ngày 02/6 đến ngày 12/6/2026.") == [
        (D(2026, 6, 2), "from"), (D(2026, 6, 12), "by")]
    # the start takes the end's year, the year before when the period crosses New Year
    assert found("Các trường tổ chức kiểm tra chéo từ 28/12 - 08/01/2026.") == [
        (D(2025, 12, 28), "from"), (D(2026, 1, 8), "by")]
    [start, end] = extract_deadlines("Các tổ tổ chức hội giảng từ ngày 10/3 đến hết ngày 20/3 "
                                     "hằng năm.", default_year=2025)
    assert (start.kind, start.month, start.day, end.month, end.day) == ("yearly", 3, 10, 3, 20)
    assert start.what == end.what == "Tổ chức hội giảng"


def test_a_periods_start_is_shown_with_its_day() -> None:
    def row(due: D, precision: str) -> DeadlineRow:
        return DeadlineRow(1, None, None, "date", due, None, None, precision, "Hội thi", None,
                           None, None, "leaders", None, False)

    assert when(row(D(2026, 6, 2), "from")) == "từ ngày 2/6/2026"
    assert when(row(D(2023, 9, 1), "from")) == "từ tháng 9/2023"  # "bắt đầu từ tháng 9/2023"


# -- dates per group and yearly dates --------------------------------------------------------

def test_one_date_per_group() -> None:
    [first, second] = extract_deadlines(
        "Thời hạn nộp hồ sơ xét Cờ thi đua: khối 1 đến khối 5: trước ngày 20/10; khối 6: 25/3 "
        "hằng năm.", default_year=2025)
    assert (first.kind, first.month, first.day, first.precision) == ("yearly", 10, 20, "before")
    assert (second.kind, second.month, second.day, second.precision) == ("yearly", 3, 25,
                                                                         "before")
    assert second.what == "Hồ sơ xét Cờ thi đua (khối 6)"
    [a, b] = extract_deadlines("Các phòng thuộc nhóm A gửi báo cáo tổng kết trước ngày 05/12, "
                               "nhóm B trước ngày 15/12/2025.", default_year=2025)
    assert (a.due_date, b.due_date) == (D(2025, 12, 5), D(2025, 12, 15))
    assert b.what == "Báo cáo tổng kết (nhóm B)"


def test_yearly_dates() -> None:
    assert found("Các trường gửi bản đăng ký thi đua trước ngày 20 tháng 10 hằng năm.") == [
        ((10, 20), "before")]
    assert found("Hồ sơ gửi Sở chậm nhất 30-6 hàng năm.") == []  # "30-6" alone may be a range
    assert found("Hồ sơ gửi Sở chậm nhất ngày 30-6 hàng năm.") == [((6, 30), "by")]


def test_a_date_without_a_year_follows_the_documents_own_date() -> None:
    text = "Các trường gửi báo cáo sơ kết học kỳ I trước ngày 12/01."
    assert found(text, year=2025, issued=D(2025, 9, 15)) == [(D(2026, 1, 12), "before")]
    assert found(text, year=2026, issued=D(2026, 1, 3)) == [(D(2026, 1, 12), "before")]


# -- what is never a deadline -----------------------------------------------------------------

def test_cited_documents_effective_dates_and_cut_offs_are_not_deadlines() -> None:
    for text in (
        "Căn cứ Thông tư số 12/2019/TT-BGDĐT ngày 26/8/2019 của Bộ Giáo dục và Đào tạo;",
        "Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 10 năm 2025.",
        "Thông tư có hiệu lực từ ngày 15/11/2025 đến ngày 31/12/2030.",
        "Số liệu báo cáo tính từ ngày 01/01/2025 đến ngày 30/6/2025.",
        "Kỷ niệm 80 năm Ngày Cách mạng Tháng Tám (19/8/1945 - 19/8/2025), các trường tổ chức "
        "hoạt động ngoại khóa.",
    ):
        assert found(text) == [], text


def test_the_same_day_as_a_cited_document_is_still_a_deadline_once() -> None:
    text = ("Thực hiện Nghị định 77/2021/NĐ-CP ngày 15/7/2021, các trường gửi hồ sơ khen thưởng "
            "trước ngày 15/7 hằng năm; theo Công văn số 88/SGDĐT-VP ngày 02/5/2025.")
    assert found(text) == [((7, 15), "before")]
    text = ("Các trường gửi báo cáo trước ngày 20/9/2025 theo Công văn số 45/PGDĐT-TĐKT ngày "
            "05/9/2025, đồng thời gửi bản mềm qua email.")
    assert found(text) == [(D(2025, 9, 20), "before")]


# -- whole documents ------------------------------------------------------------------------

PLAN = """UBND HUYỆN HOA MAI
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
Số: 31/KH-PGDĐT
Hoa Mai, ngày 16 tháng 9 năm 2025
KẾ HOẠCH
Thi đua năm học 2025-2026
I. MỤC ĐÍCH
Động viên cán bộ, giáo viên.
II. TIẾN ĐỘ
1. Các trường gửi đăng ký thi đua về Phòng trước ngày
3
30 tháng 9 năm 2025.
2. Các trường gửi báo cáo sơ kết học kỳ I trước ngày 16
tháng 01.
3. Hồ sơ đề nghị khen thưởng gửi về Phòng trước ngày

18/7

hằng năm.
4. Hội nghị tổng kết năm học tổ chức vào
27/5/2026 tại hội trường Phòng.
5. Căn cứ Kế hoạch số 09/KH-UBND ngày 02/8/2025 của UBND huyện.
Nơi nhận:
- Các trường;
- Lưu: VT.
TRƯỞNG PHÒNG
Lê Văn Bình
"""


def test_a_plan_with_dates_cut_by_line_and_page_breaks() -> None:
    plan = parse_text(PLAN, "plan.txt")
    assert plan.issued_date == "2025-09-16"
    assert [(d.kind, d.due_date or (d.month, d.day), d.precision) for d in plan.deadlines] == [
        ("yearly", (7, 18), "before"),
        ("date", D(2025, 9, 30), "before"),
        ("date", D(2026, 1, 16), "before"),  # a year after the plan's own date
        ("date", D(2026, 5, 27), "day"),
    ]
    data = parsed_plan_to_json(plan)["deadlines"]
    assert isinstance(data, list)
    assert {"date": None, "month": 7, "day": 18}.items() <= data[0].items()
    assert {"date": "2025-09-30", "month": None, "day": None}.items() <= data[1].items()


LAW = """QUỐC HỘI
Luật số: 99/2030/QH99
LUẬT
Thi đua mẫu
Điều 1. Phạm vi
Luật này quy định việc thi đua mẫu.
Điều 2. Thời hạn
1. Hồ sơ đề nghị khen thưởng gửi về Hội đồng trước ngày 31 tháng 8.
2. Danh hiệu được xét và công bố vào dịp kỷ niệm ngày Quốc khánh 2 tháng 9.
3. Đến hết ngày 31/12/2031, các đơn vị hoàn thành việc chuyển đổi hồ sơ.
Điều 3. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2031.
"""


def test_a_laws_rules_are_yearly_and_its_dated_clauses_transitional() -> None:
    plan = parse_text(LAW, "law.txt")
    assert [(d.kind, d.month, d.day) for d in plan.deadlines] == [
        ("yearly", 8, 31), ("yearly", 9, 2)]


def test_what_falls_due_under_a_law_reminds_the_office_not_every_principal() -> None:
    assert {d.audience for d in parse_text(LAW, "law.txt").deadlines} == {"admins"}
    assert "admins" not in {d.audience for d in parse_text(PLAN, "plan.txt").deadlines}


async def test_reminders_pick_up_a_plans_yearly_deadline(db: Database, tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    kb = await KnowledgeBase.load(db)
    await kb.import_directory(tmp_path, now=NOW)
    deadlines = await DeadlineRepo(db).active()
    [yearly] = [d for d in deadlines if d.yearly]
    assert (yearly.month, yearly.day, yearly.precision) == (7, 18, "before")
    # "trước ngày 18/7" leaves 17/7 as the last day, every year
    assert occurrences(yearly, D(2026, 1, 1), D(2027, 12, 31)) == [D(2026, 7, 17),
                                                                  D(2027, 7, 17)]
    dated = sorted(d.due_date for d in deadlines if not d.yearly and d.due_date)
    assert dated == [D(2025, 9, 30), D(2026, 1, 16), D(2026, 5, 27)]


def test_each_date_keeps_its_own_task() -> None:
    text = ("Các trường gửi báo cáo sơ kết trước ngày 10/01/2026; tổ chức hội thi giáo viên dạy "
            "giỏi từ ngày 02/3 đến ngày 06/3/2026; cụm 2 trước ngày 09/3/2026.")
    got = [(d.due_date, d.what) for d in extract_deadlines(text, default_year=2026)]
    assert got == [
        (D(2026, 1, 10), "Báo cáo sơ kết"),
        (D(2026, 3, 2), "Tổ chức hội thi giáo viên dạy giỏi"),
        (D(2026, 3, 6), "Tổ chức hội thi giáo viên dạy giỏi"),
        (D(2026, 3, 9), "Tổ chức hội thi giáo viên dạy giỏi (cụm 2)"),
    ]


TIMETABLE = """PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
Số: 40/KH-PGDĐT
Hoa Sen, ngày 10 tháng 9 năm 2025
KẾ HOẠCH
Hội thi năm học 2025-2026
Căn cứ Công văn số 7/SGDĐT ngày 3/9/2025.
I. TIẾN ĐỘ
| STT | Nội dung | Thời gian |
|---|---|---|
| 1 | Gửi danh sách dự thi | Trước 12/01/2026 |
| 2 | Hội thi giáo viên giỏi cấp huyện | Từ 02/3 đến 06/3/2026 |
II. HỒ SƠ
1. Hạn nộp hồ sơ khen thưởng: 10/7/2026.
"""


def test_a_timetable_and_a_dated_heading() -> None:
    plan = parse_text(TIMETABLE, "timetable.txt")
    assert [(d.due_date, d.precision, d.what) for d in plan.deadlines] == [
        (D(2026, 1, 12), "before", "Danh sách dự thi"),
        (D(2026, 3, 2), "from", "Hội thi giáo viên giỏi cấp huyện"),
        (D(2026, 3, 6), "by", "Hội thi giáo viên giỏi cấp huyện"),
        (D(2026, 7, 10), "by", "Hồ sơ khen thưởng"),
    ]


def test_a_label_then_its_date() -> None:
    [d] = extract_deadlines("Hạn chót nộp bài dự thi: 16h30 ngày 14/4/2026.", default_year=2026)
    assert (d.due_date, d.precision, d.what) == (D(2026, 4, 14), "by", "Bài dự thi")
    assert found("Thời gian thực hiện: theo Kế hoạch số 12/KH-UBND ngày 3/5/2025.") == []


def test_a_date_cut_anywhere_is_joined_again() -> None:
    from bot.knowledge.outline import clean_text

    for raw in (
        "Hồ sơ gửi trước ngày 15/\n01/2026 về Phòng.",
        "Hồ sơ gửi trước ngày 15 tháng\n\n01 năm 2026 về Phòng.",
        "Hồ sơ gửi trước ngày\n7\n15 tháng 01 năm 2026 về Phòng.",  # a page number between
        "Hồ sơ gửi trước ngày\n15\ntháng 01 năm 2026 về Phòng.",  # the day alone on a line
    ):
        text = clean_text(raw)
        assert "\n" not in text.strip(), raw
        assert found(text) == [(D(2026, 1, 15), "before")], raw
    assert clean_text("Các trường gửi trước ngày\n1. Nội dung").count("\n") == 2  # a new item


def test_the_offices_own_deadline_is_named_in_the_readers_language() -> None:
    from bot.i18n import language
    from bot.knowledge.deadline_answers import DeadlineDoc, _deadline_block
    row = DeadlineRow(1, None, None, "yearly", None, 11, 10, "day", "Báo cáo tổng kết", None,
                      None, "final", "leaders", None, True, what_en="Year-end report")
    doc = DeadlineDoc(row, "", "", frozenset(), frozenset())
    with language("en"):
        assert "Year-end report" in _deadline_block(doc, D(2026, 11, 30))
    with language("vi"):
        assert "Báo cáo tổng kết" in _deadline_block(doc, D(2026, 11, 30))


LEAD_IN = """UBND HUYỆN HOA MAI
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
Số: 32/HD-PGDĐT
Hoa Mai, ngày 10 tháng 6 năm 2026
HƯỚNG DẪN
Xét thi đua năm học 2025-2026
1. Tổ chức thực hiện
a) Các trường họp xét thi đua trong tháng 6.
b) Tiếp nhận hồ sơ
Hồ sơ gửi về Thường trực Hội đồng (qua phòng KHTC):
- Bản cứng: đồng chí Lê An, điện thoại 0901234567.
- Bản mềm gửi qua thư điện tử.
- Thời hạn: trước 14h00 ngày 05/7/2026.
"""


def test_a_bare_deadline_in_a_list_is_for_what_the_list_s_lead_in_names() -> None:
    [deadline] = parse_text(LEAD_IN, "guide.txt").deadlines
    assert deadline.due_date == D(2026, 7, 5)
    assert deadline.what == "Hồ sơ"  # not "Bản mềm gửi qua thư điện tử", the line before
    assert deadline.to_whom == "Thường trực Hội đồng (qua phòng KHTC)"


def test_a_weekday_between_the_time_and_the_date() -> None:
    assert found("Các trường nộp danh sách trước thứ Sáu, ngày 16/10/2025.") == [
        (D(2025, 10, 16), "before")]
    assert found("Hội nghị tập huấn tổ chức vào lúc 8 giờ 00 phút, thứ Tư, ngày 14/10/2025.") \
        == [(D(2025, 10, 14), "day")]
    assert found("Nộp hồ sơ trước thứ 6 ngày 17/10/2025.") == [(D(2025, 10, 17), "before")]


def test_a_training_or_a_workshop_is_an_event() -> None:
    assert found("Thời gian tập huấn: 8 giờ 00 phút, thứ Tư, ngày 14/10/2025.") == [
        (D(2025, 10, 14), "day")]
    assert found("Phòng tổ chức bồi dưỡng nghiệp vụ thi đua vào ngày 21/10/2025.") == [
        (D(2025, 10, 21), "day")]


def test_where_a_dossier_goes_ends_before_its_date() -> None:
    [d] = extract_deadlines("Hồ sơ đề nghị khen thưởng gửi về Bộ Giáo dục và Đào tạo trước ngày "
                            "31 tháng 8 hằng năm đối với đơn vị xét thi đua theo năm học.",
                            default_year=2025)
    assert d.to_whom == "Bộ Giáo dục và Đào tạo"


LETTER = """UBND HUYỆN MẪU
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
Số: 77/PGDĐT
V/v tập huấn công tác thi đua, khen thưởng năm học 2030-2031
Mẫu, ngày 05 tháng 10 năm 2030
Kính gửi: Hiệu trưởng các trường trên địa bàn huyện.
Phòng GD&ĐT thông báo như sau:
1. Thời gian: 8 giờ 00 phút, thứ Tư, ngày 14/10/2030 (trực tuyến).
2. Các trường nộp danh sách cán bộ phụ trách thi đua trước ngày 20/10/2030.
"""


def test_a_bare_time_in_a_letter_is_for_the_letter_s_subject() -> None:
    plan = parse_text(LETTER, "cv.txt")
    assert [(d.due_date, d.what) for d in plan.deadlines] == [
        (D(2030, 10, 14), "Tập huấn công tác thi đua, khen thưởng năm học 2030-2031"),
        (D(2030, 10, 20), "Danh sách cán bộ phụ trách thi đua")]


def test_whom_a_deadline_is_sent_to_ends_where_its_date_begins() -> None:
    from bot.knowledge.paragraph_deadlines import _recipient
    assert _recipient(
        "Hồ sơ cấp Bộ gửi về Bộ Giáo dục và Đào tạo trước ngày 31 tháng 01 hàng năm, cấp Nhà "
        "nước gửi về Bộ trước ngày 31 tháng 3 hàng năm (trừ hồ sơ theo cụm, khối).") == (
        "Bộ Giáo dục và Đào tạo")
    assert _recipient("Các đơn vị gửi báo cáo về Phòng Giáo dục và Đào tạo (qua tổ Hành chánh "
                      "tổng hợp).") == "Phòng Giáo dục và Đào tạo (qua tổ Hành chánh tổng hợp)"
    assert _recipient("Các đơn vị gửi báo cáo về Phòng Giáo dục và Đào tạo (qua tổ Hành chánh) "
                      "tổng hợp.") == "Phòng Giáo dục và Đào tạo (qua tổ Hành chánh)"
