"""Reading one ``[[fields]]`` table of a report type into a ``FieldSpec``: its kind's keys,
the conditions on earlier fields, examples, options and accepted files."""

from __future__ import annotations

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
from bot.forms.table import KEY, TableReader
from bot.forms.text import Text
from bot.models import UnitType

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

def read_field(r: TableReader, earlier: list[FieldSpec]) -> FieldSpec:
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


def _integer(r: TableReader, earlier: list[FieldSpec]) -> dict[str, Any]:
    lo, hi = r.int("min", -10**9, 10**9), r.int("max", -10**9, 10**9)
    if lo > hi:
        raise r.fail("max", f"at least min ({lo})")
    not_above = r.key("not_above", KEY, None)
    if not_above and not any(f.key == not_above and f.is_number for f in earlier):
        raise r.fail("not_above", "the key of an earlier integer field")
    return {"min_value": lo, "max_value": hi, "not_above": not_above}


def _date(r: TableReader) -> dict[str, Any]:
    lo = r.int("min", -36500, 36500, None) if "min" in r.data else None
    hi = r.int("max", -36500, 36500, None) if "max" in r.data else None
    if lo is not None and hi is not None and lo > hi:
        raise r.fail("max", f"at least min ({lo})")
    return {"min_days": lo, "max_days": hi,
            "not_after_today": r.get("not_after_today", bool, "true or false", False)}


def _condition(r: TableReader, earlier: list[FieldSpec]) -> Condition | None:
    """``required_if = { field = "…", in = [answers] }`` about an earlier choice or yes/no."""
    if "required_if" not in r.data:
        return None
    c = TableReader(r.data["required_if"], f"{r.where}required_if.")
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


def _examples(r: TableReader) -> tuple[tuple[str, Text], ...]:
    """``examples.MN = { vi, en }``: the example shown to units of that type instead."""
    raw = r.get("examples", dict, "a table of unit types", {})
    found = {}
    for unit_type in raw:
        if unit_type not in {t.value for t in UnitType}:
            raise r.fail("examples", f"a table keyed by unit type ({', '.join(UnitType)})")
        found[unit_type] = TableReader(raw, f"{r.where}examples.").text(unit_type)
    return tuple(found.items())


def _options(r: TableReader) -> tuple[Option, ...]:
    raw = r.get("options", list, "a list of { key, vi, en } tables")
    if not 2 <= len(raw) <= 20:
        raise r.fail("options", "2 to 20 options")
    options: list[Option] = []
    for i, table in enumerate(raw):
        o = TableReader(table, f"{r.where}options[{i}].")
        o.only({"key", "vi", "en", "aliases"})
        key = o.key("key")
        if any(x.key == key for x in options):
            raise o.fail("key", "unique among the options")
        vi, en = (o.get(lang, str, "the option's text").strip() for lang in ("vi", "en"))
        if not vi or not en:
            raise o.fail("vi" if not vi else "en", "the option's text")
        options.append(Option(key, Text(vi, en), tuple(o.strings("aliases", []))))
    return tuple(options)


def _file(r: TableReader) -> dict[str, Any]:
    accept = [a.lower().lstrip(".") for a in r.strings("accept", [])]
    unknown = [a for a in accept if a not in MIME_TYPES]
    if unknown:
        raise r.fail("accept", f"extensions among {', '.join(MIME_TYPES)}")
    return {
        "file_kind": r.enum("file_kind", FileKind, "document"), "accept": tuple(accept),
        "max_files": r.int("max_files", 1, 10, 1),
        "max_bytes": r.int("max_mb", 1, MAX_FILE_BYTES // 2**20, 20) * 2**20,
    }
