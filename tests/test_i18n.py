from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot import catalogs
from bot.i18n import _, format_date, language, normalize_language


def test_every_message_has_vietnamese_and_english() -> None:
    """The catalogs are the one source of both languages: nothing untranslated, nothing fuzzy
    (gettext ignores a fuzzy text and shows the English msgid)."""
    for lang in ("vi", "en"):
        assert catalogs.missing(lang) == [], lang
        assert catalogs.fuzzy(lang) == [], lang


def test_a_fuzzy_or_empty_entry_is_reported(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    vi = tmp_path / "vi" / "LC_MESSAGES"
    vi.mkdir(parents=True)
    (vi / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        'msgid "Yes"\nmsgstr "Có"\n\n'
        '#, fuzzy\nmsgid "No"\nmsgstr "Có"\n\n'
        'msgid "Cancel"\nmsgstr ""\n', encoding="utf-8")
    monkeypatch.setattr(catalogs, "LOCALES_DIR", tmp_path)
    assert catalogs.missing("vi") == ["Cancel"]
    assert catalogs.fuzzy("vi") == ["No"]


def test_translations_keep_placeholders_and_markup() -> None:
    """Every text in either catalog has its msgid's {placeholders} and HTML tags (a plural's
    forms may drop the number where the msgid's singular does)."""
    def fields(text: str) -> set[str]:
        return set(re.findall(r"\{\w*\}", text))

    def tags(text: str) -> list[str]:
        return sorted(re.findall(r"</?\w+", text))

    for lang in ("vi", "en"):
        for m in catalogs.read(catalogs.catalog_path(lang), lang):
            if not m.id:
                continue
            if isinstance(m.id, str):
                assert fields(m.string) == fields(m.id), (lang, m.id)
                assert tags(m.string) == tags(m.id), (lang, m.id)
                continue
            allowed = set().union(*(fields(i) for i in m.id))
            for text in m.string:
                assert fields(text) <= allowed and tags(text) == tags(m.id[-1]), (lang, m.id)


def test_catalogs_cover_every_message_in_the_code() -> None:
    """Nothing marked with _() in bot/ or handlers/ is missing from the catalogs."""
    from babel.messages.extract import extract_from_dir

    from tests.helpers import ROOT

    in_code: set[str] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, keywords={"_": None, "N_": None, "ngettext": (1, 2)},
            method_map=[("**.py", "python")],
        ):
            in_code.add(message if isinstance(message, str) else message[0])
    vi = {str(m.id if isinstance(m.id, str) else m.id[0])
          for m in catalogs.read(catalogs.catalog_path("vi"), "vi") if m.id}
    assert sorted(in_code - vi) == []


def test_dates_in_each_language() -> None:
    day = dt.date(2024, 5, 31)
    with language("vi"):
        assert format_date(day) == "Thứ Sáu, 31/5/2024"
    with language("en"):
        assert format_date(day) == "Fri 31 May 2024"


def test_language_codes() -> None:
    assert normalize_language("en-GB") == "en"
    assert normalize_language("vi") == "vi"
    assert normalize_language("fr") == "vi"
    assert normalize_language(None) == "vi"


def test_translation_switches_with_the_context() -> None:
    with language("en"):
        assert _("Cancelled.") == "Cancelled."
    with language("vi"):
        assert _("Cancelled.") == "Đã hủy."


def test_one_date_format_everywhere() -> None:
    from bot.i18n import format_datetime, format_day, format_moment, format_stored_date

    day = dt.date(2027, 5, 31)
    with language("vi"):
        assert format_day(day) == "31/5/2027"
        assert format_day(day, weekday=True) == "Thứ Hai, 31/5/2027"
        assert format_datetime(dt.datetime(2027, 5, 31, 14, 5)) == "31/5/2027 14:05"
        tz = dt.timezone(dt.timedelta(hours=7))
        assert format_moment("2027-05-31T07:05:00+00:00", tz) == "31/5/2027 14:05"
        assert format_stored_date("2024-01-02") == "2/1/2024"
        assert format_stored_date("2022-03") == "3/2022"
    with language("en"):
        assert format_day(day) == "31 May 2027"
        assert format_day(day, weekday=True) == "Mon 31 May 2027"


def test_period_names_are_not_prefixed_with_nam() -> None:
    """{period} is a period's name ("Sơ kết 6 tháng đầu năm 2027"): "năm {period}" would read
    "năm Sơ kết …" in receipts, notices and the review list."""
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[1]
    with (root / "locales" / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    for msgid in ("Report: {title}, {period}", "No reports of this kind for {period}."):
        assert "năm {period}" not in str(catalog[msgid].string)
    notice = next(m for m in catalog if isinstance(m.id, str) and m.id.startswith("📥 New report"))
    assert "năm {period}" not in str(notice.string)
