"""Units that have not sent a unit-wide report for a period, with whom to ask: their leaders
and the apps (Telegram, Zalo) those leaders can be reached on."""

from __future__ import annotations

from dataclasses import dataclass

from bot.collation import sort_key
from bot.forms.schema import ReportType
from bot.forms.submissions import SubmissionRepo
from bot.models import Unit
from bot.storage.db import Row
from bot.units import UnitRepo

CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "console"}


@dataclass(frozen=True)
class MissingUnit:
    report_title: str
    period: str
    unit: Unit
    leaders: list[str]
    contacts: list[str]  # "Trần Văn Hùng: Telegram (Hùng Trần)"


async def missing_units(submissions: SubmissionRepo, unit_repo: UnitRepo,
                        types: list[ReportType], period: str | None) -> list[MissingUnit]:
    """For each report type and each period that has submissions (or the one asked for), the
    active units without any submission, in Vietnamese order."""
    units = sorted(await unit_repo.all(), key=lambda u: sort_key(u.name))
    leaders = _leaders(await unit_repo.leader_contacts())
    found: list[MissingUnit] = []
    for rt in types:
        rows = await submissions.sent_units(rt.id)
        periods = [period] if period else sorted({p for p, _u in rows})
        for p in periods:
            sent = {unit_id for sent_in, unit_id in rows if sent_in == p}
            for unit in units:
                if unit.id not in sent:
                    people = leaders.get(unit.id, [])
                    found.append(MissingUnit(rt.title.get(), rt.period_name(p), unit,
                                             [name for name, _c in people],
                                             [c for _n, c in people if c]))
    return found


def _leaders(rows: list[Row]) -> dict[str, list[tuple[str, str]]]:
    """unit id → [(leader's name, where to reach them)], in Vietnamese order of names (two of
    one name by account); each leader's channels by channel name, an unnamed leader called as
    the first of them shows them. Independent of the order the database returns rows in."""
    people: dict[tuple[str, int], tuple[str, list[str]]] = {}
    for r in sorted(rows, key=lambda r: (r["channel"] or "", r["display_name"] or "")):
        name = r["full_name"] or r["display_name"] or "?"
        entry = people.setdefault((r["unit_id"], r["id"]), (name, []))
        if r["channel"]:
            shown = CHANNEL_NAMES.get(r["channel"], r["channel"])
            entry[1].append(f"{shown} ({r['display_name']})" if r["display_name"] else shown)
    by_unit: dict[str, list[tuple[str, str]]] = {}
    for (unit_id, _uid), (name, channels) in sorted(
            people.items(), key=lambda item: (sort_key(item[1][0]), item[0][1])):
        contact = f"{name}: {', '.join(channels)}" if channels else ""
        by_unit.setdefault(unit_id, []).append((name, contact))
    return by_unit
