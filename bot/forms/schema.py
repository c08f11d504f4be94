"""Report types: what a form asks, who may send it, which deadline it answers.

Report types are data: one TOML file per type in ``data/report_types/`` (see ``loader``). The
yearly deadlines of ``data/deadlines.toml`` are checked against them here and seed the
``deadlines`` table at start; when a report is due is read from that table (``periods``), so an
admin's change in /managedeadlines holds for reminders and forms alike. Adding a type needs no
Python change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bot.forms.fields import FieldSpec
from bot.forms.text import Text
from bot.i18n import _
from bot.models import Role, User

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
TYPES_DIR = DATA_DIR / "report_types"
DEADLINES_FILE = DATA_DIR / "deadlines.toml"


class SchemaError(Exception):
    """A report-type or deadline file is wrong; the message names the file and the key."""


class Scope(StrEnum):
    UNIT = "unit"  # one report per unit and period; sending again makes a new version
    PERSON = "person"  # one per person and period; sending again makes a new version
    ENTRY = "entry"  # every submission stands alone (e.g. nominations)


class LatePolicy(StrEnum):
    ACCEPT = "accept"  # accepted after the deadline and marked late
    REFUSE = "refuse"  # not accepted after the deadline


class Audience(StrEnum):
    LEADERS = "leaders"
    STAFF = "staff"
    ALL = "all"
    ADMINS = "admins"


@dataclass(frozen=True)
class Deadline:
    key: str
    day: int
    month: int
    what: Text
    report_type: str
    audience: Audience

    def due(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


@dataclass(frozen=True)
class ReportType:
    id: str
    title: Text
    roles: frozenset[Role]
    scope: Scope
    fields: tuple[FieldSpec, ...]
    description: Text | None = None
    late_policy: LatePolicy = LatePolicy.ACCEPT
    deadline: str | None = None
    receipt_prefix: str = "BC"
    order: int = 100
    source: Path | None = None
    period: Text | None = None  # the period's name, with {year}: "Sơ kết 6 tháng đầu năm {year}"

    def field(self, key: str | None) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def index(self, key: str) -> int:
        return next(i for i, f in enumerate(self.fields) if f.key == key)

    def period_name(self, key: str) -> str:
        """"Sơ kết 6 tháng đầu năm 2026" for the period "2026" (default: "Năm 2026")."""
        if self.period is not None:
            return self.period.get().replace("{year}", key)
        return _("Year {year}").format(year=key)

    def allows(self, user: User) -> bool:
        """Whether ``user`` may send this type: a role it names, and a unit to send for."""
        return user.unit is not None and user.role is not None and user.role in self.roles

    def scope_key(self, unit_id: str, user_id: int, entry: int) -> str:
        if self.scope is Scope.UNIT:
            return f"unit:{unit_id}"
        if self.scope is Scope.PERSON:
            return f"user:{user_id}"
        return f"entry:{entry}"


class ReportTypeRegistry:
    """The loaded report types and deadlines, checked against each other."""

    def __init__(self, types: Iterable[ReportType], deadlines: Iterable[Deadline]) -> None:
        self._types = {t.id: t for t in sorted(types, key=lambda t: (t.order, t.id))}
        self._deadlines = {d.key: d for d in deadlines}
        self._check()

    def _check(self) -> None:
        for rt in self._types.values():
            if rt.deadline is None:
                continue
            found = self._deadlines.get(rt.deadline)
            if found is None:
                raise SchemaError(f"{rt.source}: deadline: no deadline '{rt.deadline}' in "
                                  f"deadlines.toml (known: {', '.join(self._deadlines)})")
            if found.report_type != rt.id:
                raise SchemaError(f"{rt.source}: deadline: '{rt.deadline}' answers report type "
                                  f"'{found.report_type}' in deadlines.toml, not '{rt.id}'")
        for d in self._deadlines.values():
            if d.report_type not in self._types:
                raise SchemaError(f"deadlines.toml: [{d.key}] report_type: no report type "
                                  f"'{d.report_type}' (known: {', '.join(self._types)})")

    def get(self, type_id: str | None) -> ReportType | None:
        return self._types.get(type_id or "")

    def all(self) -> list[ReportType]:
        return list(self._types.values())

    def for_user(self, user: User) -> list[ReportType]:
        return [t for t in self._types.values() if t.allows(user)]

    @property
    def deadlines(self) -> list[Deadline]:
        return list(self._deadlines.values())
