"""Who a broadcast goes to: everyone, leaders, staff, a unit type, chosen units, or the units
still missing a report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from html import escape

from bot.channels.text import fold
from bot.forms.submissions import SubmissionRepo
from bot.i18n import _
from bot.models import Role, Unit, UnitType
from bot.units import UnitRepo
from bot.users import UserRepo


class AudienceKind(StrEnum):
    ALL = "all"
    LEADERS = "leaders"
    STAFF = "staff"
    UNIT_TYPE = "type"
    UNITS = "units"
    MISSING = "missing"


@dataclass
class AudienceSpec:
    kind: AudienceKind
    unit_type: str | None = None
    unit_ids: list[str] = field(default_factory=list)
    report_type: str | None = None
    period: int | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> AudienceSpec:
        data = json.loads(text)
        data["kind"] = AudienceKind(data["kind"])
        return cls(**data)


class Audiences:
    """Who an audience spec names, from the people, units and reports repositories."""

    def __init__(self, users: UserRepo, units: UnitRepo, submissions: SubmissionRepo) -> None:
        self.users, self.units, self.submissions = users, units, submissions

    async def recipients(self, spec: AudienceSpec) -> list[int]:
        return await recipients(self, spec)


async def recipients(audiences: Audiences, spec: AudienceSpec) -> list[int]:
    users = audiences.users
    if spec.kind is AudienceKind.ALL:
        return sorted(set(await users.all_ids()) | set(await users.admin_ids()))
    if spec.kind is AudienceKind.LEADERS:
        return await users.members(roles=[Role.LEADER])
    if spec.kind is AudienceKind.STAFF:
        return await users.members(roles=[Role.STAFF])
    if spec.kind is AudienceKind.UNIT_TYPE:
        return await users.members(unit_types=[spec.unit_type or ""])
    if spec.kind is AudienceKind.UNITS:
        return await users.members(unit_ids=spec.unit_ids)
    missing = await missing_units(audiences, spec.report_type or "", spec.period or 0)
    return await users.members(unit_ids=[u.id for u in missing], roles=[Role.LEADER])


async def missing_units(audiences: Audiences, report_type: str, period: int) -> list[Unit]:
    """Active units with no submission of ``report_type`` for ``period``."""
    sent = await audiences.submissions.sent_units(report_type)
    done = {unit_id for p, unit_id in sent if p == str(period)}
    return [u for u in await audiences.units.all() if u.id not in done]


async def match_units(unit_repo: UnitRepo, typed: str) -> tuple[list[Unit], list[str]]:
    """Units named in a comma-separated list, by id or by a part of the name (no diacritics
    needed); returns the matches and the parts that matched nothing or too many."""
    units = await unit_repo.all()
    found: dict[str, Unit] = {}
    unknown: list[str] = []
    for part in (p.strip() for p in typed.replace(";", ",").split(",")):
        if not part:
            continue
        wanted = fold(part)
        hits = [u for u in units if fold(u.id) == wanted] or [
            u for u in units if wanted in fold(u.name)
        ]
        if len(hits) == 1:
            found[hits[0].id] = hits[0]
        else:
            unknown.append(part)
    return list(found.values()), unknown


def describe(spec: AudienceSpec, unit_names: list[str] | None = None,
             report_title: str | None = None) -> str:
    if spec.kind is AudienceKind.ALL:
        return _("everyone")
    if spec.kind is AudienceKind.LEADERS:
        return _("the leaders of all units")
    if spec.kind is AudienceKind.STAFF:
        return _("all staff")
    if spec.kind is AudienceKind.UNIT_TYPE:
        return _("everyone in {type} units").format(type=escape(spec.unit_type or ""))
    if spec.kind is AudienceKind.UNITS:
        return _("everyone in: {units}").format(units=escape(", ".join(unit_names or [])))
    return _("the leaders of units that have not sent “{report}” for {period}").format(
        report=escape(report_title or spec.report_type or ""), period=spec.period)


UNIT_TYPES = [t.value for t in UnitType]
