"""The kinds of field a report form has, the files each accepts, and how a value is shown.

Answers are JSON values: text → str, integer → int, choice → the option's key, yes/no → bool,
date → ISO "2027-05-31", file → a list of file records (dicts, see ``file_record``); typed
answers are read by ``bot.forms.answers``. A value that does not fit raises ``Invalid`` with a
translated message saying what is expected.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.forms.text import Text
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
