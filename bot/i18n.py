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


def format_day(value: dt.date, *, weekday: bool = False) -> str:
    """The one way a date is written to users.

    Vietnamese: "31/5/2027", or "Thứ Hai, 31/5/2027" where the weekday helps. English:
    "31 May 2027", or "Mon 31 May 2027". Never ISO.
    """
    locale = Locale.parse(_current.get())
    if _current.get() == "vi":
        day = f"{value.day}/{value.month}/{value.year}"
        return f"{_babel_format_date(value, 'EEEE', locale=locale)}, {day}" if weekday else day
    return _babel_format_date(value, "EEE d MMM y" if weekday else "d MMM y", locale=locale)


def format_date(value: dt.date, fmt: str = "full") -> str:
    """``format_day`` with the weekday ("full", "long") or without ("medium", "short"); any
    other ``fmt`` is a Babel pattern ("EEEE": the weekday's name alone)."""
    if fmt in ("full", "long"):
        return format_day(value, weekday=True)
    if fmt in ("medium", "short"):
        return format_day(value)
    return _babel_format_date(value, format=fmt, locale=Locale.parse(_current.get()))


def format_short_date(value: dt.date) -> str:
    """The date without the weekday: "31/5/2027" (en "31 May 2027")."""
    return format_day(value)


def format_datetime(value: dt.datetime, fmt: str = "medium") -> str:
    """Date and time of day: "31/5/2027 14:05" (en "31 May 2027 14:05"); "full" adds the
    weekday. The value is shown as given: convert it to the bot's time zone first."""
    return f"{format_day(value.date(), weekday=fmt in ('full', 'long'))} {value:%H:%M}"


def format_moment(iso: str, tz: dt.tzinfo) -> str:
    """A stored ISO timestamp shown in the bot's time zone ("31/5/2027 14:05")."""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return format_datetime(moment)


def format_stored_date(text: str | None) -> str | None:
    """A stored ISO date, as precise as its source ("2024-01-02", "2022-03", "2024"), for users:
    "2/1/2024", "3/2022", "2024"; anything else is returned as it is."""
    if not text:
        return text
    parts = text.split("-")
    if not all(p.isdigit() for p in parts):
        return text
    if len(parts) == 3:
        try:
            return format_day(dt.date.fromisoformat(text))
        except ValueError:
            return text
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return text


def format_number(value: float | int) -> str:
    return format_decimal(value, locale=Locale.parse(_current.get()))
