"""Units that have not sent a unit-wide report for a period, with whom to ask: their leaders
and the apps (Telegram, Zalo) those leaders can be reached on."""

from __future__ import annotations

from dataclasses import dataclass

from bot.collation import sort_key
from bot.forms.schema import ReportType
from bot.models import Unit
from bot.storage.db import Database
from bot.units import unit_from_row

CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "console"}


@dataclass(frozen=True)
class MissingUnit:
    report_title: str
    period: str
    unit: Unit
    leaders: list[str]
    contacts: list[str]  # "Trần Văn Hùng: Telegram (Hùng Trần)"


async def missing_units(db: Database, types: list[ReportType],
                        period: str | None) -> list[MissingUnit]:
    """For each report type and each period that has submissions (or the one asked for), the
    active units without any submission, in Vietnamese order."""
    units = sorted((unit_from_row(r) for r in await db.fetchall(
        "SELECT * FROM units WHERE active = 1")), key=lambda u: sort_key(u.name))
    leaders = await _leaders(db)
    found: list[MissingUnit] = []
    for rt in types:
        rows = await db.fetchall(
            "SELECT DISTINCT period, unit_id FROM submissions WHERE report_type = ?", (rt.id,))
        periods = [period] if period else sorted({r["period"] for r in rows})
        for p in periods:
            sent = {r["unit_id"] for r in rows if r["period"] == p}
            for unit in units:
                if unit.id not in sent:
                    people = leaders.get(unit.id, [])
                    found.append(MissingUnit(rt.title.get(), rt.period_name(p), unit,
                                             [name for name, _c in people],
                                             [c for _n, c in people if c]))
    return found


async def _leaders(db: Database) -> dict[str, list[tuple[str, str]]]:
    """unit id → [(leader's name, where to reach them)], in Vietnamese order of names."""
    rows = await db.fetchall(
        "SELECT m.unit_id, u.id, u.full_name, i.channel, i.display_name FROM memberships m"
        " JOIN users u ON u.id = m.user_id LEFT JOIN identities i ON i.user_id = u.id"
        " AND i.blocked = 0 WHERE m.role = 'leader' AND u.active = 1 ORDER BY i.channel")
    people: dict[tuple[str, int], tuple[str, list[str]]] = {}
    for r in rows:
        name = r["full_name"] or r["display_name"] or "?"
        entry = people.setdefault((r["unit_id"], r["id"]), (name, []))
        if r["channel"]:
            shown = CHANNEL_NAMES.get(r["channel"], r["channel"])
            entry[1].append(f"{shown} ({r['display_name']})" if r["display_name"] else shown)
    by_unit: dict[str, list[tuple[str, str]]] = {}
    for (unit_id, _uid), (name, channels) in people.items():
        contact = f"{name}: {', '.join(channels)}" if channels else ""
        by_unit.setdefault(unit_id, []).append((name, contact))
    return {k: sorted(v, key=lambda p: sort_key(p[0])) for k, v in by_unit.items()}
