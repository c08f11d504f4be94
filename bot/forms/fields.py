"""The kinds of field a report form has, and how each parses, checks and shows a value.

Answers are JSON values: text → str, integer → int, choice → the option's key, yes/no → bool,
date → ISO "2027-05-31", file → a list of file records (dicts, see ``file_record``).
A value that does not fit raises ``Invalid`` with a translated message saying what is expected.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from bot.forms.text import Text, fold
from bot.i18n import N_, _, format_number, format_short_date
from bot.port import IncomingFile

MAX_FILE_BYTES = 20 * 1024 * 1024  # what the Telegram Bot API lets a bot download


class FieldKind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    NUMBER = "number"  # a decimal, e.g. money in millions: "120,5"
    CHOICE = "choice"
    YES_NO = "yes_no"
    DATE = "date"
    FILE = "file"


class FileKind(StrEnum):
    DOCUMENT = "document"
    PHOTO = "photo"


MIME_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "doc": ("application/msword",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "xls": ("application/vnd.ms-excel",),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "odt": ("application/vnd.oasis.opendocument.text",),
    "ppt": ("application/vnd.ms-powerpoint",),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    "zip": ("application/zip", "application/x-zip-compressed"),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "heic": ("image/heic",),
}
DEFAULT_ACCEPT = {
    FileKind.DOCUMENT: ("pdf", "doc", "docx"),
    FileKind.PHOTO: ("jpg", "jpeg", "png"),
}
_YES = {"co", "c", "yes", "y", "ok", "dong y", "dung", "1", "co a", "vang", "u"}
_NO = {"khong", "k", "ko", "kg", "no", "n", "sai", "2", "chua", "hong"}
_DONE_WORDS = {"xong", "done", "het", "da xong", "hoan tat", "finish"}


class Invalid(Exception):
    """The value was refused; ``message`` (translated) says what is expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Option:
    key: str
    label: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """``field``'s answer is one of ``values`` (option keys, or true/false for a yes/no)."""

    field: str
    values: tuple[Any, ...]

    def holds(self, answers: dict[str, Any]) -> bool:
        return answers.get(self.field) in self.values


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: FieldKind
    label: Text
    prompt: Text
    example: Text | None = None
    examples: tuple[tuple[str, Text], ...] = ()  # (unit type, example) in place of ``example``
    required: bool = True
    max_length: int = 200
    min_value: int = 0
    max_value: int = 0
    not_above: str | None = None  # key of a number field this one may not exceed
    decimals: int = 0  # number: digits kept after the decimal comma
    required_if: Condition | None = None  # required when this holds (a yes/no: must be yes)
    min_days: int | None = None  # date: no earlier than today + min_days
    max_days: int | None = None  # date: no later than today + max_days
    not_after_today: bool = False  # date: today at the latest
    options: tuple[Option, ...] = ()
    file_kind: FileKind = FileKind.DOCUMENT
    accept: tuple[str, ...] = ()  # extensions, without the dot
    max_files: int = 1
    max_bytes: int = MAX_FILE_BYTES

    @property
    def is_file(self) -> bool:
        return self.kind is FieldKind.FILE

    @property
    def is_number(self) -> bool:
        return self.kind in (FieldKind.INTEGER, FieldKind.NUMBER)

    def example_for(self, unit_type: str | None) -> Text | None:
        """The example that fits the unit: a kindergarten is not shown "lớp 4A"."""
        return next((t for u, t in self.examples if u == unit_type), self.example)

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


def parse_text(spec: FieldSpec, text: str, answers: dict[str, Any]) -> Any:
    """The value for ``text`` typed into ``spec``; raises ``Invalid``."""
    text = text.strip()
    if spec.is_file:
        raise Invalid(_("Please send a file here, not text: {accepted}, up to {limit} MB.")
                      .format(accepted=accept_list(spec), limit=spec.max_bytes // 2**20))
    if not text:
        raise Invalid(_("Please type an answer."))
    parser = _PARSERS[spec.kind]
    return parser(spec, text, answers)


def _text(spec: FieldSpec, text: str, answers: dict[str, Any]) -> str:
    if len(text) > spec.max_length:
        raise Invalid(_("Please keep it within {limit} characters (yours has {count}).")
                      .format(limit=spec.max_length, count=len(text)))
    return text


def _integer(spec: FieldSpec, text: str, answers: dict[str, Any]) -> int:
    match = re.fullmatch(r"([+-]?\d{1,3}(?:[., ]\d{3})+|[+-]?\d+)\s*(?:[^\W\d_]+|%)?", text)
    value = int(re.sub(r"[., ]", "", match.group(1))) if match else None
    if value is None or not spec.min_value <= value <= spec.max_value:
        raise Invalid(_("Please enter a whole number between {min} and {max}.")
                      .format(min=spec.min_value, max=spec.max_value))
    return value


def _number(spec: FieldSpec, text: str, answers: dict[str, Any]) -> int | float:
    """A decimal as offices type it: "120,5" and "1.200,5" (Vietnamese), or "120.5"."""
    match = re.fullmatch(r"([+-]?\d[\d.,\s]*)\s*(?:[^\W\d_]+\.?\s*)*%?", text)
    value = _decimal(match.group(1).replace(" ", "")) if match else None
    if value is not None:
        step = Decimal(1).scaleb(-spec.decimals)
        value = float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))
        value = int(value) if value == int(value) else value
    if value is None or not spec.min_value <= value <= spec.max_value:
        raise Invalid(_("Please enter a number between {min} and {max}, for example "
                        "{example}.").format(min=format_number(spec.min_value),
                                             max=format_number(spec.max_value),
                                             example=format_number(12.5)))
    return value


def _decimal(raw: str) -> float | None:
    if "," in raw and "." in raw:  # the last separator is the decimal one
        point = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if point == "," else ",", "").replace(point, ".")
    elif raw.count(",") == 1:
        raw = raw.replace(",", ".")  # Vietnamese decimal comma
    elif re.fullmatch(r"[+-]?\d{1,3}([.,]\d{3})+", raw):
        raw = re.sub(r"[.,]", "", raw)  # thousands groups: 1.200 or 1,200,000
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", raw):
        return None
    return float(raw)


def _choice(spec: FieldSpec, text: str, answers: dict[str, Any]) -> str:
    if text.isdigit() and 1 <= int(text) <= len(spec.options):
        return spec.options[int(text) - 1].key
    wanted = fold(text)
    names = {o.key: {fold(o.label.vi), fold(o.label.en), fold(o.key), *map(fold, o.aliases)}
             for o in spec.options}
    exact = [key for key, found in names.items() if wanted in found]
    near = [key for key, found in names.items() if any(wanted in n for n in found)]
    for found in (exact, near if len(wanted) >= 3 else []):
        if len(found) == 1:
            return found[0]
    raise Invalid(_("Please choose one of the options: tap a button, or type its number or "
                    "its name."))


def _yes_no(spec: FieldSpec, text: str, answers: dict[str, Any]) -> bool:
    word = fold(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise Invalid(_("Please answer yes or no: tap a button, or type “có” or “không”."))


_DATE_FORMS = (
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})"), (3, 2, 1)),
)


def _date(spec: FieldSpec, text: str, answers: dict[str, Any]) -> str:
    compact = text.replace(" ", "") if re.fullmatch(r"[\d\s/.-]+", text) else fold(text)
    for pattern, (yi, mi, di) in _DATE_FORMS:
        match = pattern.fullmatch(compact)
        if match:
            year, month, day = (int(match.group(i)) for i in (yi, mi, di))
            try:
                if not 1900 <= year <= 2100:
                    raise ValueError
                return dt.date(year, month, day).isoformat()
            except ValueError:
                raise Invalid(_("{value} is not a real date. Please check the day and the "
                                "month.").format(value=html.escape(text))) from None
    raise Invalid(_("Please enter a date as day/month/year, for example 31/5/2027."))


_PARSERS = {
    FieldKind.SHORT_TEXT: _text,
    FieldKind.LONG_TEXT: _text,
    FieldKind.INTEGER: _integer,
    FieldKind.NUMBER: _number,
    FieldKind.CHOICE: _choice,
    FieldKind.YES_NO: _yes_no,
    FieldKind.DATE: _date,
}


def is_done_word(text: str) -> bool:
    """Whether ``text`` means "that's all my files" ("xong", "done")."""
    return fold(text) in _DONE_WORDS


def accepted(spec: FieldSpec) -> tuple[str, ...]:
    return spec.accept or DEFAULT_ACCEPT[spec.file_kind]


def accept_list(spec: FieldSpec) -> str:
    return ", ".join(ext.upper() for ext in accepted(spec))


def file_record(spec: FieldSpec, file: IncomingFile, channel: str) -> dict[str, Any]:
    """The stored record for ``file`` sent to ``spec``; raises ``Invalid`` if refused."""
    exts = accepted(spec)
    limit = spec.max_bytes // 2**20
    if file.size is not None and file.size > spec.max_bytes:
        raise Invalid(_("This file is {size} MB, over the {limit} MB limit. Please send a "
                        "smaller file.").format(size=f"{file.size / 2**20:.1f}", limit=limit))
    ext = _extension(file)
    if file.kind == "photo" and ext not in exts:
        raise Invalid(_("Please send it as a file (📎 → File), not as a photo. Accepted: "
                        "{accepted}.").format(accepted=accept_list(spec)))
    mimes = {m for e in exts for m in MIME_TYPES.get(e, ())}
    mime_ok = file.mime_type in (None, "", "application/octet-stream") or file.mime_type in mimes
    if ext not in exts or not mime_ok:
        raise Invalid(_("This kind of file is not accepted here. Please send {accepted} (up to "
                        "{limit} MB).").format(accepted=accept_list(spec), limit=limit))
    return {"channel": channel, "file_id": file.file_id, "unique_id": file.unique_id,
            "kind": file.kind, "name": file.name or f"photo.{ext}", "mime_type": file.mime_type,
            "size": file.size}


def _extension(file: IncomingFile) -> str:
    if file.kind == "photo" and not file.name:
        return "jpg"  # a compressed photo: channels send it as JPEG
    if file.name and "." in file.name:
        return file.name.rsplit(".", 1)[1].lower()
    by_mime = [e for e, mimes in MIME_TYPES.items() if file.mime_type in mimes]
    return by_mime[0] if by_mime else ""


YES_LABEL, NO_LABEL = N_("Yes"), N_("No")


def display(spec: FieldSpec, value: Any) -> str:
    """``value`` as the user reads it, escaped for the reply's HTML."""
    if value is None:
        return "—"
    if spec.is_number and isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    if spec.kind is FieldKind.CHOICE:
        option = spec.option(str(value))
        return html.escape(option.label.get() if option else str(value))
    if spec.kind is FieldKind.YES_NO:
        return _(YES_LABEL) if value else _(NO_LABEL)
    if spec.kind is FieldKind.DATE:
        try:
            return format_short_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return html.escape(str(value))
    if spec.is_file and isinstance(value, list):
        return ", ".join(html.escape(str(f.get("name") or "?")) for f in value) or "—"
    return html.escape(str(value))
