"""Button data: one codec for every button the core sends, and the one reply to a button that no
longer works.

Data reads ``<prefix><version>:<verb>[:<field>…]``, at most 64 bytes (Telegram's limit), e.g.
``mem1:role:42:LEADER``. Each feature declares a ``Codec``: its prefix, its version, and for each
verb the typed fields it carries. A pressed button comes back from the channel untrusted, so
``Codec.parse`` is the one place that checks it: the version, the verb, the number of fields and
each field's shape, turning them into ints, dates and enum members. Anything else — forged,
oversized, or written by an older version of the bot before an upgrade — parses to None, and
the dispatcher answers ``stale()``. Parsing checks shape only: the handler still checks role,
ownership and state before acting.

Changing what a verb's fields mean calls for a new version, so buttons already sent stop
working with the stale reply rather than doing something else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from bot.i18n import LANGUAGES, _
from bot.port import Reply

MAX_BYTES = 64
Value = int | str | dt.date | Enum | None
_PREFIX = re.compile(r"[a-z]{1,6}")
_VERB = re.compile(r"[a-z]{1,8}")
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class Field:
    """The shape of one field, how it is read back, and how a value is written."""

    name: str
    pattern: re.Pattern[str]
    read: Callable[[str], Value]
    write: Callable[[object], str] = str
    optional: bool = False  # may be empty (or left off at the end); reads as None

    def encode(self, value: object) -> str:
        if value is None or value == "":
            if not self.optional:
                raise ValueError(f"{self.name} field needs a value")
            return ""
        text = self.write(value)
        if not self.pattern.fullmatch(text):
            raise ValueError(f"{text!r} is not a valid {self.name} field")
        return text

    def decode(self, text: str) -> Value:
        if text == "" and self.optional:
            return None
        if not self.pattern.fullmatch(text):
            raise ValueError(text)
        return self.read(text)


def _iso_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _date_text(value: object) -> str:
    if not isinstance(value, dt.date):
        raise ValueError(f"{value!r} is not a date")
    return value.isoformat()


INT = Field("int", re.compile(r"0|[1-9][0-9]{0,11}"), int)
WORD = Field("word", re.compile(r"[a-z0-9_]{1,24}"), str)  # report types, field keys, options
# an id the office chose (a unit's, a period's): anything but the separator and control characters
KEY = Field("key", re.compile(r"[^:\x00-\x1f\x7f]{1,40}"), str)
DATE = Field("date", re.compile(r"\d{4}-\d{2}-\d{2}"), _iso_date, _date_text)


def optional(kind: Field) -> Field:
    return Field(kind.name, kind.pattern, kind.read, kind.write, optional=True)


def choice(*values: str) -> Field:
    """One of a few fixed words."""
    return Field("choice", re.compile("|".join(re.escape(v) for v in values)), str)


def member(enum: type[Enum]) -> Field:
    """A member of ``enum``, written by its name (ASCII even where the value is not)."""
    def write(value: object) -> str:
        if not isinstance(value, enum):
            raise ValueError(f"{value!r} is not a {enum.__name__}")
        return value.name

    names = "|".join(re.escape(m.name) for m in enum)
    return Field(enum.__name__, re.compile(names), lambda text: enum[text], write)


@dataclass(frozen=True)
class Press:
    """A pressed button, checked: its verb and its fields' values, typed as declared.

    ``text``, ``integer`` and ``date`` read a field the verb declares as required (a mismatch is
    a bug in the declaration, and raises); ``arg``, ``number``, ``day`` and ``member`` read one
    that may be absent.
    """

    verb: str
    values: tuple[Value, ...]

    def _at(self, i: int) -> Value:
        return self.values[i] if i < len(self.values) else None

    def text(self, i: int = 0) -> str:
        return _required(self.arg(i), i)

    def integer(self, i: int = 0) -> int:
        return _required(self.number(i), i)

    def date(self, i: int = 0) -> dt.date:
        return _required(self.day(i), i)

    def number(self, i: int = 0) -> int | None:
        value = self._at(i)
        return value if isinstance(value, int) else None

    def arg(self, i: int) -> str | None:
        value = self._at(i)
        return value if isinstance(value, str) else None

    def day(self, i: int) -> dt.date | None:
        value = self._at(i)
        return value if isinstance(value, dt.date) else None

    def member(self, i: int, enum: type[E]) -> E | None:
        value = self._at(i)
        return value if isinstance(value, enum) else None


T = TypeVar("T")


def _required(value: T | None, i: int) -> T:
    if value is None:
        raise TypeError(f"field {i} is not declared with that type")
    return value


@dataclass(frozen=True)
class Codec:
    prefix: str
    version: int
    verbs: Mapping[str, tuple[Field, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _PREFIX.fullmatch(self.prefix) or not 0 < self.version < 100:
            raise ValueError(f"bad prefix or version: {self.prefix!r} {self.version}")
        bad = [v for v in self.verbs if not _VERB.fullmatch(v)]
        if bad:
            raise ValueError(f"bad verbs for {self.prefix}: {bad}")

    @property
    def head(self) -> str:
        return f"{self.prefix}{self.version}"

    def build(self, verb: str, *values: object) -> str:
        """The data of a button; ValueError if it does not fit its verb or 64 bytes."""
        fields = self.verbs.get(verb)
        if fields is None:
            raise ValueError(f"{self.prefix} has no verb {verb!r}")
        if len(values) > len(fields):
            raise ValueError(f"too many fields for {self.prefix}:{verb}: {values!r}")
        padded = [*values, *([None] * (len(fields) - len(values)))]
        parts = [f.encode(v) for f, v in zip(fields, padded, strict=True)]
        while parts and parts[-1] == "":
            parts.pop()
        data = ":".join([self.head, verb, *parts])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"button data longer than {MAX_BYTES} bytes: {data!r}")
        return data

    def parse(self, data: str) -> Press | None:
        """The press, or None when the data is not exactly what ``build`` writes."""
        if len(data.encode("utf-8", "replace")) > MAX_BYTES:
            return None
        head, _sep, rest = data.partition(":")
        if head != self.head or not rest:
            return None
        verb, *parts = rest.split(":")
        fields = self.verbs.get(verb)
        if fields is None or len(parts) > len(fields):
            return None
        if any(not f.optional for f in fields[len(parts):]):
            return None
        try:
            values = tuple(f.decode(p) for f, p in zip(fields, parts, strict=False))
        except (ValueError, KeyError):
            return None
        return Press(verb, values + (None,) * (len(fields) - len(parts)))


# The one codec the dispatcher itself knows: choosing a language is allowed before onboarding.
LANGUAGE = Codec("lang", 1, {"set": (choice(*LANGUAGES),)})


def stale(*, edit: bool = False) -> Reply:
    """The reply to a button that no longer works: unknown, forged, from an older version of
    the bot, or about something that has changed since it was sent. ``edit`` replaces the
    message the button was on."""
    return Reply(_("That button no longer works. Please start again from the menu: /help"),
                 edit=edit)
