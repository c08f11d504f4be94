"""Translations with Babel/gettext; the locale lives in a ContextVar, set once per update.

Message ids are English; Vietnamese is the default locale. Strings are formatted after
translation: ``_("Hello, {name}!").format(name=...)`` — never an f-string inside ``_()``.
Catalogs are ``locales/<lang>/LC_MESSAGES/messages.po``; the ``.mo`` files are compiled by the
build, and compiled here in memory when missing or older than their ``.po``.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("locale", default=DEFAULT_LANGUAGE)
_catalogs: dict[str, gettext.NullTranslations] = {}


def normalize_language(code: str | None) -> str:
    """Map a client's language code ("en-US", "vi", None) to a supported language."""
    if code:
        base = code.replace("_", "-").split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def _load(lang: str) -> gettext.NullTranslations:
    folder = LOCALES_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    return gettext.NullTranslations()


def translations(lang: str) -> gettext.NullTranslations:
    lang = normalize_language(lang)
    if lang not in _catalogs:
        _catalogs[lang] = _load(lang)
    return _catalogs[lang]


def reload_catalogs() -> None:
    _catalogs.clear()


def current_language() -> str:
    return _current.get()


def set_language(lang: str | None) -> None:
    _current.set(normalize_language(lang))


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Use ``lang`` inside the block (for messages to someone other than the sender)."""
    token = _current.set(normalize_language(lang))
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate with ``_`` later)."""
    return message


def format_date(value: dt.date, fmt: str = "full") -> str:
    """A date in the current locale: vi "Thứ Sáu, 31 tháng 5, 2024", en "Friday, May 31, 2024"."""
    return _babel_format_date(value, format=fmt, locale=Locale.parse(_current.get()))


def format_short_date(value: dt.date) -> str:
    """Day/month/year as Vietnamese documents write it ("31/05/2024"), in either language."""
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime, fmt: str = "medium") -> str:
    return _babel_format_datetime(value, format=fmt, locale=Locale.parse(_current.get()))


def format_number(value: float | int) -> str:
    return format_decimal(value, locale=Locale.parse(_current.get()))
