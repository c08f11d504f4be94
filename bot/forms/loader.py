"""Reading report types and deadlines from TOML, with errors naming the file and the key.

A report type (``data/report_types/<id>.toml``; the file name is the id)::

    title = { vi = "…", en = "…" }          # required; description = {…} optional
    roles = ["leader"]                       # who may send it: "staff", "leader"
    scope = "unit"                           # "unit", "person" or "entry"
    deadline = "interim_report"              # optional, a key in data/deadlines.toml
    period = { vi = "Sơ kết 6 tháng đầu năm {year}", en = "… {year}" }   # optional; the
                                             # period's name (default "Năm {year}")
    late_policy = "accept"                   # or "refuse"
    receipt_prefix = "BC"                    # receipts read BC-2027-000123
    order = 10                               # position in the list of types

    [[fields]]
    key = "staff_total"                      # a–z, 0–9, _; at most 20 characters
    kind = "integer"                         # short_text long_text integer choice yes_no date file
    label = {…}; prompt = {…}; example = {…} # example optional
    required = true                          # default true
    min = 0; max = 500                       # integer; not_above = "an earlier integer field"
    kind = "number"; decimals = 1            # a decimal ("120,5"); min, max, not_above as above
    required_if = { field = "title", in = ["cstd_cs"] }   # required when an earlier choice or
                                             # yes/no has one of these answers (yes/no: "yes")
    not_after_today = true; min = -730; max = 0   # date: days from today (checked at confirm)
    max_length = 2000                        # short_text (default 200), long_text (default 2000)
    options = [{ key = "ldtt", vi = "…", en = "…", aliases = ["lđtt"] }]   # choice
    file_kind = "document"; accept = ["pdf", "docx"]; max_files = 1; max_mb = 20   # file
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from bot.forms.fields import (
    MAX_FILE_BYTES,
    MIME_TYPES,
    Condition,
    FieldKind,
    FieldSpec,
    FileKind,
    Option,
)
from bot.forms.schema import (
    DEADLINES_FILE,
    TYPES_DIR,
    Audience,
    Deadline,
    LatePolicy,
    ReportType,
    ReportTypeRegistry,
    SchemaError,
    Scope,
)
from bot.forms.text import Text
from bot.models import Role, UnitType

KEY = re.compile(r"[a-z][a-z0-9_]{0,19}")
_TYPE_KEYS = {"title", "description", "roles", "scope", "deadline", "late_policy",
              "receipt_prefix", "order", "fields", "period"}
_FIELD_COMMON = {"key", "kind", "label", "prompt", "example", "examples", "required",
                 "required_if"}
_FIELD_KEYS = {
    FieldKind.SHORT_TEXT: {"max_length"},
    FieldKind.LONG_TEXT: {"max_length"},
    FieldKind.INTEGER: {"min", "max", "not_above"},
    FieldKind.NUMBER: {"min", "max", "not_above", "decimals"},
    FieldKind.CHOICE: {"options"},
    FieldKind.YES_NO: set(),
    FieldKind.DATE: {"min", "max", "not_after_today"},
    FieldKind.FILE: {"file_kind", "accept", "max_files", "max_mb"},
}
_MISSING: Any = object()


class _Reader:
    """Typed look-ups in one TOML table; every failure names ``where`` and the key."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise SchemaError(f"{where}: must be a table")
        self.data, self.where = data, where

    def fail(self, key: str, expected: str) -> SchemaError:
        got = self.data.get(key, "nothing")
        return SchemaError(f"{self.where}{key}: must be {expected} (got {got!r})")

    def only(self, known: set[str]) -> None:
        for key in self.data:
            if key not in known:
                raise SchemaError(f"{self.where}{key}: unknown key (known: "
                                  f"{', '.join(sorted(known))})")

    def get(self, key: str, kind: type, expected: str, default: Any = _MISSING) -> Any:
        if key not in self.data and default is not _MISSING:
            return default
        value = self.data.get(key, default)
        if value is _MISSING or not isinstance(value, kind) or (
                kind is int and isinstance(value, bool)):
            raise self.fail(key, expected)
        return value

    def key(self, key: str, pattern: re.Pattern[str] = KEY, default: Any = _MISSING) -> Any:
        value = self.get(key, str, f"a name matching {pattern.pattern}", default)
        if value is not None and not pattern.fullmatch(value):
            raise self.fail(key, f"a name matching {pattern.pattern}")
        return value

    def int(self, key: str, lo: int, hi: int, default: Any = _MISSING) -> int:
        value = self.get(key, int, f"a whole number from {lo} to {hi}", default)
        if not lo <= value <= hi:
            raise self.fail(key, f"a whole number from {lo} to {hi}")
        return int(value)

    def enum(self, key: str, enum: Any, default: Any = _MISSING) -> Any:
        names = " or ".join(f'"{e.value}"' for e in enum)
        value = self.get(key, str, names, default)
        if value not in {e.value for e in enum}:
            raise self.fail(key, names)
        return enum(value)

    def text_opt(self, key: str) -> Text | None:
        return None if self.data.get(key) is None else self.text(key)

    def text(self, key: str) -> Text:
        value = self.data.get(key)
        ok = isinstance(value, dict) and set(value) == {"vi", "en"} and all(
            isinstance(v, str) and v.strip() for v in value.values())
        if not ok or not isinstance(value, dict):
            raise self.fail(key, 'a table { vi = "…", en = "…" } with both texts')
        return Text(value["vi"].strip(), value["en"].strip())

    def strings(self, key: str, default: Any = _MISSING) -> list[str]:
        value = self.get(key, list, "a list of texts", default)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of texts")
        return list(value)


def load_registry(types_dir: Path = TYPES_DIR,
                  deadlines_file: Path = DEADLINES_FILE) -> ReportTypeRegistry:
    """The report types and deadlines on disk, checked against each other."""
    return ReportTypeRegistry(load_types(types_dir), load_deadlines(deadlines_file))


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise SchemaError(f"{path}: cannot be read ({exc.strerror})") from None


def load_types(folder: Path) -> list[ReportType]:
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise SchemaError(f"{folder}: no report types (*.toml) found")
    return [load_type(path) for path in paths]


def load_type(path: Path) -> ReportType:
    if not KEY.fullmatch(path.stem):
        raise SchemaError(f"{path}: the file name must be the type's id, matching {KEY.pattern}")
    r = _Reader(read_toml(path), f"{path}: ")
    r.only(_TYPE_KEYS)
    roles = r.strings("roles")
    if not roles or any(role not in (Role.STAFF, Role.LEADER) for role in roles):
        raise r.fail("roles", 'a list of "staff" and/or "leader"')
    tables = r.get("fields", list, "a list of [[fields]] tables")
    if not 1 <= len(tables) <= 30:
        raise r.fail("fields", "1 to 30 [[fields]] tables")
    fields: list[FieldSpec] = []
    for i, table in enumerate(tables):
        fields.append(_field(_Reader(table, f"{path}: fields[{i}]."), fields))
    return ReportType(
        id=path.stem, title=r.text("title"), roles=frozenset(Role(x) for x in roles),
        scope=r.enum("scope", Scope), fields=tuple(fields),
        description=r.text_opt("description"),
        late_policy=r.enum("late_policy", LatePolicy, "accept"),
        deadline=r.key("deadline", KEY, None),
        receipt_prefix=r.key("receipt_prefix", re.compile(r"[A-Z]{2,4}"), "BC"),
        order=r.int("order", 0, 10_000, 100), source=path, period=_period(r),
    )


def _period(r: _Reader) -> Text | None:
    found = r.text_opt("period")
    if found is not None and not all("{year}" in t for t in (found.vi, found.en)):
        raise r.fail("period", 'a { vi = "…", en = "…" } table where both texts hold {year}')
    return found


def _field(r: _Reader, earlier: list[FieldSpec]) -> FieldSpec:
    key = r.key("key")
    r.where = f"{r.where[:-1]} ({key})."
    if any(f.key == key for f in earlier):
        raise r.fail("key", "unique within the type")
    kind = r.enum("kind", FieldKind)
    r.only(_FIELD_COMMON | _FIELD_KEYS[kind])
    spec: dict[str, Any] = {
        "key": key, "kind": kind, "label": r.text("label"), "prompt": r.text("prompt"),
        "example": r.text_opt("example"),
        "required": r.get("required", bool, "true or false", True),
        "examples": _examples(r), "required_if": _condition(r, earlier),
    }
    if kind in (FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT):
        short = kind is FieldKind.SHORT_TEXT
        spec["max_length"] = r.int("max_length", 1, 500 if short else 3500, 200 if short else 2000)
    elif kind is FieldKind.INTEGER:
        spec.update(_integer(r, earlier))
    elif kind is FieldKind.NUMBER:
        spec.update(_integer(r, earlier), decimals=r.int("decimals", 0, 6, 2))
    elif kind is FieldKind.DATE:
        spec.update(_date(r))
    elif kind is FieldKind.CHOICE:
        spec["options"] = _options(r)
    elif kind is FieldKind.FILE:
        spec.update(_file(r))
    return FieldSpec(**spec)


def _integer(r: _Reader, earlier: list[FieldSpec]) -> dict[str, Any]:
    lo, hi = r.int("min", -10**9, 10**9), r.int("max", -10**9, 10**9)
    if lo > hi:
        raise r.fail("max", f"at least min ({lo})")
    not_above = r.key("not_above", KEY, None)
    if not_above and not any(f.key == not_above and f.is_number for f in earlier):
        raise r.fail("not_above", "the key of an earlier integer field")
    return {"min_value": lo, "max_value": hi, "not_above": not_above}


def _date(r: _Reader) -> dict[str, Any]:
    lo = r.int("min", -36500, 36500, None) if "min" in r.data else None
    hi = r.int("max", -36500, 36500, None) if "max" in r.data else None
    if lo is not None and hi is not None and lo > hi:
        raise r.fail("max", f"at least min ({lo})")
    return {"min_days": lo, "max_days": hi,
            "not_after_today": r.get("not_after_today", bool, "true or false", False)}


def _condition(r: _Reader, earlier: list[FieldSpec]) -> Condition | None:
    """``required_if = { field = "…", in = [answers] }`` about an earlier choice or yes/no."""
    if "required_if" not in r.data:
        return None
    c = _Reader(r.data["required_if"], f"{r.where}required_if.")
    c.only({"field", "in"})
    key = c.key("field")
    other = next((f for f in earlier if f.key == key), None)
    if other is None or other.kind not in (FieldKind.CHOICE, FieldKind.YES_NO):
        raise c.fail("field", "the key of an earlier choice or yes/no field")
    values = c.get("in", list, "a non-empty list of answers")
    if not values:
        raise c.fail("in", "a non-empty list of answers")
    for value in values:
        ok = (isinstance(value, bool) if other.kind is FieldKind.YES_NO
              else isinstance(value, str) and other.option(value) is not None)
        if not ok:
            raise c.fail("in", f"answers of '{key}' (option keys, or true/false)")
    return Condition(key, tuple(values))


def _examples(r: _Reader) -> tuple[tuple[str, Text], ...]:
    """``examples.MN = { vi, en }``: the example shown to units of that type instead."""
    raw = r.get("examples", dict, "a table of unit types", {})
    found = {}
    for unit_type in raw:
        if unit_type not in {t.value for t in UnitType}:
            raise r.fail("examples", f"a table keyed by unit type ({', '.join(UnitType)})")
        found[unit_type] = _Reader(raw, f"{r.where}examples.").text(unit_type)
    return tuple(found.items())


def _options(r: _Reader) -> tuple[Option, ...]:
    raw = r.get("options", list, "a list of { key, vi, en } tables")
    if not 2 <= len(raw) <= 20:
        raise r.fail("options", "2 to 20 options")
    options: list[Option] = []
    for i, table in enumerate(raw):
        o = _Reader(table, f"{r.where}options[{i}].")
        o.only({"key", "vi", "en", "aliases"})
        key = o.key("key")
        if any(x.key == key for x in options):
            raise o.fail("key", "unique among the options")
        vi, en = (o.get(lang, str, "the option's text").strip() for lang in ("vi", "en"))
        if not vi or not en:
            raise o.fail("vi" if not vi else "en", "the option's text")
        options.append(Option(key, Text(vi, en), tuple(o.strings("aliases", []))))
    return tuple(options)


def _file(r: _Reader) -> dict[str, Any]:
    accept = [a.lower().lstrip(".") for a in r.strings("accept", [])]
    unknown = [a for a in accept if a not in MIME_TYPES]
    if unknown:
        raise r.fail("accept", f"extensions among {', '.join(MIME_TYPES)}")
    return {
        "file_kind": r.enum("file_kind", FileKind, "document"), "accept": tuple(accept),
        "max_files": r.int("max_files", 1, 10, 1),
        "max_bytes": r.int("max_mb", 1, MAX_FILE_BYTES // 2**20, 20) * 2**20,
    }


def load_deadlines(path: Path) -> list[Deadline]:
    r = _Reader(read_toml(path), f"{path}: ")
    r.only({"deadlines"})
    found: list[Deadline] = []
    for i, table in enumerate(r.get("deadlines", list, "a list of [[deadlines]] tables")):
        d = _Reader(table, f"{path}: deadlines[{i}].")
        d.only({"key", "day", "month", "what", "report_type", "audience"})
        key = d.key("key")
        if any(x.key == key for x in found):
            raise d.fail("key", "unique in the file")
        month = d.int("month", 1, 12)
        day = d.int("day", 1, 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
        found.append(Deadline(key, day, month, d.text("what"),
                              d.key("report_type"), d.enum("audience", Audience)))
    return found
