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

from bot.forms.field_loader import read_field
from bot.forms.fields import FieldSpec
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
from bot.forms.table import KEY, TableReader
from bot.forms.text import Text
from bot.models import Role

_TYPE_KEYS = {"title", "description", "roles", "scope", "deadline", "late_policy",
              "receipt_prefix", "order", "fields", "period"}

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
    r = TableReader(read_toml(path), f"{path}: ")
    r.only(_TYPE_KEYS)
    roles = r.strings("roles")
    if not roles or any(role not in (Role.STAFF, Role.LEADER) for role in roles):
        raise r.fail("roles", 'a list of "staff" and/or "leader"')
    tables = r.get("fields", list, "a list of [[fields]] tables")
    if not 1 <= len(tables) <= 30:
        raise r.fail("fields", "1 to 30 [[fields]] tables")
    fields: list[FieldSpec] = []
    for i, table in enumerate(tables):
        fields.append(read_field(TableReader(table, f"{path}: fields[{i}]."), fields))
    return ReportType(
        id=path.stem, title=r.text("title"), roles=frozenset(Role(x) for x in roles),
        scope=r.enum("scope", Scope), fields=tuple(fields),
        description=r.text_opt("description"),
        late_policy=r.enum("late_policy", LatePolicy, "accept"),
        deadline=r.key("deadline", KEY, None),
        receipt_prefix=r.key("receipt_prefix", re.compile(r"[A-Z]{2,4}"), "BC"),
        order=r.int("order", 0, 10_000, 100), source=path, period=_period(r),
    )


def _period(r: TableReader) -> Text | None:
    found = r.text_opt("period")
    if found is not None and not all("{year}" in t for t in (found.vi, found.en)):
        raise r.fail("period", 'a { vi = "…", en = "…" } table where both texts hold {year}')
    return found


def load_deadlines(path: Path) -> list[Deadline]:
    r = TableReader(read_toml(path), f"{path}: ")
    r.only({"deadlines"})
    found: list[Deadline] = []
    for i, table in enumerate(r.get("deadlines", list, "a list of [[deadlines]] tables")):
        d = TableReader(table, f"{path}: deadlines[{i}].")
        d.only({"key", "day", "month", "what", "report_type", "audience"})
        key = d.key("key")
        if any(x.key == key for x in found):
            raise d.fail("key", "unique in the file")
        month = d.int("month", 1, 12)
        day = d.int("day", 1, 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
        found.append(Deadline(key, day, month, d.text("what"),
                              d.key("report_type"), d.enum("audience", Audience)))
    return found
