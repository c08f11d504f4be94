"""Each field kind: parsing what people type, refusing what does not fit, showing values."""

from __future__ import annotations

import pytest

from bot.forms.answers import is_done_word, parse_text
from bot.forms.fields import (
    FieldKind,
    FieldSpec,
    FileKind,
    Invalid,
    Option,
    display,
    file_record,
)
from bot.forms.text import Text, fold
from bot.i18n import language
from bot.port import IncomingFile

T = Text("nhãn", "label")


def spec(kind: FieldKind, **kw: object) -> FieldSpec:
    return FieldSpec("f", kind, T, T, **kw)  # type: ignore[arg-type]


def refused(s: FieldSpec, text: str, answers: dict | None = None) -> str:
    with language("en"), pytest.raises(Invalid) as exc:
        parse_text(s, text, answers or {})
    return exc.value.message


TITLES = spec(FieldKind.CHOICE, options=(
    Option("ldtt", Text("Lao động tiên tiến", "Advanced Worker"), ("lđtt",)),
    Option("cstd_cs", Text("Chiến sĩ thi đua cơ sở", "Grassroots Emulation Soldier")),
    Option("tt_ldtt", Text("Tập thể lao động tiên tiến", "Advanced Collective")),
))


def test_fold_strips_diacritics_case_and_punctuation() -> None:
    assert fold("  Lao Động  tiên-tiến! ") == "lao dong tien tien"
    assert fold("Đăng ký") == "dang ky"


def test_short_and_long_text_keep_text_and_limit_length() -> None:
    short = spec(FieldKind.SHORT_TEXT, max_length=10)
    assert parse_text(short, "  Thư viện  ", {}) == "Thư viện"
    assert refused(short, "x" * 11) == "Please keep it within 10 characters (yours has 11)."
    assert refused(short, "   ") == "Please type an answer."
    long = spec(FieldKind.LONG_TEXT, max_length=2000)
    assert parse_text(long, "dòng 1\ndòng 2", {}) == "dòng 1\ndòng 2"
    assert "2000 characters" in refused(long, "y" * 2001)


@pytest.mark.parametrize("text,value", [
    ("0", 0), ("500", 500), ("52", 52), (" 45 người", 45), ("1.200", 1200), ("1,200", 1200),
    ("1 200", 1200), ("100%", 100),
])
def test_integer_accepts_plain_and_grouped_numbers(text: str, value: int) -> None:
    assert parse_text(spec(FieldKind.INTEGER, min_value=0, max_value=5000), text, {}) == value


@pytest.mark.parametrize("text", ["501", "-1", "12.5", "abc", "năm mươi", "1.20", "5 7"])
def test_integer_outside_range_or_not_whole_is_refused(text: str) -> None:
    s = spec(FieldKind.INTEGER, min_value=0, max_value=500)
    assert refused(s, text) == "Please enter a whole number between 0 and 500."


@pytest.mark.parametrize("text,value", [
    ("120,5", 120.5), ("120.5", 120.5), ("120", 120), ("1.200,5", 1200.5),
    ("1,200.5", 1200.5), ("1.200", 1200), ("0,25 triệu", 0.3), ("12,0", 12),
])
def test_number_accepts_a_decimal_comma(text: str, value: float) -> None:
    money = spec(FieldKind.NUMBER, min_value=0, max_value=100000, decimals=1)
    assert parse_text(money, text, {}) == value


@pytest.mark.parametrize("text", ["abc", "-3", "100001", "1,2,3,4"])
def test_number_outside_range_or_unreadable_is_refused(text: str) -> None:
    money = spec(FieldKind.NUMBER, min_value=0, max_value=100000, decimals=1)
    assert refused(money, text).startswith("Please enter a number between 0 and 100,000")


def test_a_number_is_shown_with_the_decimal_comma_in_vietnamese() -> None:
    money = spec(FieldKind.NUMBER, min_value=0, max_value=100000, decimals=1)
    with language("vi"):
        assert display(money, 120.5) == "120,5"
    with language("en"):
        assert display(money, 120.5) == "120.5"


@pytest.mark.parametrize("text,key", [
    ("1", "ldtt"), ("2", "cstd_cs"), ("Lao động tiên tiến", "ldtt"),
    ("lao dong tien tien", "ldtt"), ("LĐTT", "ldtt"), ("ldtt", "ldtt"),
    ("Advanced Worker", "ldtt"), ("chien si thi dua", "cstd_cs"),
    ("tap the lao dong tien tien", "tt_ldtt"), ("3", "tt_ldtt"),
])
def test_choice_by_number_name_without_diacritics_or_alias(text: str, key: str) -> None:
    assert parse_text(TITLES, text, {}) == key


@pytest.mark.parametrize("text", ["4", "0", "tien tien", "xyz", "lao"])
def test_choice_unknown_or_ambiguous_is_refused(text: str) -> None:
    assert "choose one of the options" in refused(TITLES, text)


@pytest.mark.parametrize("text,value", [
    ("có", True), ("Co", True), ("yes", True), ("1", True), ("không", False), ("khong", False),
    ("ko", False), ("No", False), ("2", False),
])
def test_yes_no(text: str, value: bool) -> None:
    assert parse_text(spec(FieldKind.YES_NO), text, {}) is value


def test_yes_no_refuses_other_words() -> None:
    assert "yes or no" in refused(spec(FieldKind.YES_NO), "có lẽ")


@pytest.mark.parametrize("text", [
    "31/5/2027", "31-05-2027", "2027-05-31", "31.05.2027", "31 / 5 / 2027",
    "ngày 31 tháng 5 năm 2027", "31 thang 5 nam 2027",
])
def test_date_forms(text: str) -> None:
    assert parse_text(spec(FieldKind.DATE), text, {}) == "2027-05-31"


def test_date_impossible_or_malformed_is_refused() -> None:
    d = spec(FieldKind.DATE)
    assert refused(d, "31/2/2027") == (
        "31/2/2027 is not a real date. Please check the day and the month.")
    assert "not a real date" in refused(d, "29/2/2027")
    assert parse_text(d, "29/2/2028", {}) == "2028-02-29"
    assert "not a real date" in refused(d, "1/13/2027")
    assert refused(d, "hôm qua") == "Please enter a date as day/month/year, for example 31/5/2027."
    assert "day/month/year" in refused(d, "31/5/27")
    assert "day/month/year" in refused(d, "<b>/5/2027")


def test_text_where_a_file_is_expected_is_refused_with_the_limits() -> None:
    f = spec(FieldKind.FILE, accept=("pdf", "docx"))
    assert refused(f, "đây là file") == (
        "Please send a file here, not text: PDF, DOCX, up to 20 MB.")


def doc(name: str | None, mime: str | None, size: int = 1000, kind: str = "document"):
    return IncomingFile("fid", kind, name, mime, size, "uid")


def file_refused(s: FieldSpec, f: IncomingFile) -> str:
    with language("en"), pytest.raises(Invalid) as exc:
        file_record(s, f, "telegram")
    return exc.value.message


def test_file_accepted_by_extension_and_mime() -> None:
    s = spec(FieldKind.FILE, accept=("pdf", "docx"))
    rec = file_record(s, doc("BaoCao.PDF", "application/pdf"), "telegram")
    assert rec["file_id"] == "fid" and rec["name"] == "BaoCao.PDF"
    assert rec["channel"] == "telegram" and rec["size"] == 1000
    assert file_record(s, doc("a.docx", None), "telegram")["name"] == "a.docx"
    assert file_record(s, doc("a.pdf", "application/octet-stream"), "console")


def test_file_of_other_type_is_refused_with_the_accepted_list() -> None:
    s = spec(FieldKind.FILE, accept=("pdf", "docx"))
    message = "This kind of file is not accepted here. Please send PDF, DOCX (up to 20 MB)."
    assert file_refused(s, doc("virus.exe", "application/x-msdownload")) == message
    assert file_refused(s, doc("a.pdf", "application/x-msdownload")) == message
    assert file_refused(s, doc(None, None)) == message


def test_oversize_file_is_refused_with_the_limit() -> None:
    s = spec(FieldKind.FILE, accept=("pdf",))
    big = doc("a.pdf", "application/pdf", size=21 * 2**20)
    assert file_refused(s, big) == (
        "This file is 21.0 MB, over the 20 MB limit. Please send a smaller file.")
    assert file_record(s, doc("a.pdf", "application/pdf", size=20 * 2**20), "telegram")


def test_photo_where_a_document_is_expected_and_vice_versa() -> None:
    docs = spec(FieldKind.FILE, accept=("pdf",))
    photo = doc(None, None, kind="photo")
    assert "not as a photo" in file_refused(docs, photo)
    photos = spec(FieldKind.FILE, file_kind=FileKind.PHOTO)
    assert file_record(photos, photo, "telegram")["name"] == "photo.jpg"
    assert file_record(photos, doc("anh.png", "image/png"), "telegram")
    assert "not accepted" in file_refused(photos, doc("a.pdf", "application/pdf"))


def test_done_words() -> None:
    assert is_done_word("Xong") and is_done_word("done") and not is_done_word("xong rồi nhé")


def test_display_per_kind_in_both_languages() -> None:
    with language("vi"):
        assert display(TITLES, "ldtt") == "Lao động tiên tiến"
    with language("en"):
        assert display(TITLES, "ldtt") == "Advanced Worker"
        assert display(spec(FieldKind.YES_NO), False) == "No"
        assert display(spec(FieldKind.DATE), "2027-05-31") == "31 May 2027"
        assert display(spec(FieldKind.INTEGER), 1200) == "1,200"
        shown = display(spec(FieldKind.SHORT_TEXT), "<b>x</b> & y")
        assert shown == "&lt;b&gt;x&lt;/b&gt; &amp; y"
        assert display(spec(FieldKind.FILE), [{"name": "a<.pdf"}, {"name": "b.pdf"}]) == (
            "a&lt;.pdf, b.pdf")
        assert display(TITLES, "gone") == "gone"
        assert display(TITLES, None) == "—"
