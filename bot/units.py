"""The repository of units and their leaders (``UnitRepo``), and the office's unit list: a CSV
an admin can keep in Excel, loaded into the database."""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.collation import sort_key
from bot.models import Role, Unit, UnitType
from bot.storage.db import Database, Row
from bot.textsafe import strip_invisible

HEADER = ("id", "name", "type", "staff_join_code", "leader_join_code")


class UnitListError(Exception):
    """The CSV is malformed; the message names the line and the problem."""


def normalize_code(code: str) -> str:
    """Join codes compare without case, spaces, invisible characters or Unicode variants."""
    return "".join(strip_invisible(unicodedata.normalize("NFC", code)).split()).upper()


def compact_code(code: str) -> str:
    """A code as people type or paste it on a phone: "hoasen gv 4821", "HOASEN-GV-4821" and
    the same with zero-width characters inside are one."""
    return re.sub(r"[\W_]+", "", strip_invisible(unicodedata.normalize("NFC", code))).upper()


def parse_units_csv(text: str, source: str = "units.csv") -> list[Unit]:
    text = text.lstrip("\ufeff")  # Excel writes a BOM
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","  # Excel in vi-VN
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows or tuple(h.strip().lower() for h in rows[0]) != HEADER:
        raise UnitListError(f"{source}: the first line must be: {','.join(HEADER)}")
    units: list[Unit] = []
    seen_ids: set[str] = set()
    seen_codes: set[str] = set()
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        units.append(_unit(row, f"{source}, line {lineno}", seen_ids, seen_codes))
    return units


def _unit(row: list[str], where: str, seen_ids: set[str], seen_codes: set[str]) -> Unit:
    if len(row) != len(HEADER):
        raise UnitListError(f"{where}: expected {len(HEADER)} columns, found {len(row)}")
    uid, name, utype, staff, leader = (cell.strip() for cell in row)
    utype = unicodedata.normalize("NFC", utype).upper().replace("DVTT", "ĐVTT")
    if utype not in {t.value for t in UnitType}:
        raise UnitListError(f"{where}: type must be MN, TH, THCS, THPT or ĐVTT (got {utype!r})")
    if not uid or not name:
        raise UnitListError(f"{where}: id and name must not be empty")
    if uid in seen_ids:
        raise UnitListError(f"{where}: the id {uid} appears twice")
    codes = (normalize_code(staff), normalize_code(leader))
    for code in codes:
        if len(code) < 6:
            raise UnitListError(f"{where}: join codes need at least 6 characters")
        if code in seen_codes:
            raise UnitListError(f"{where}: the join code {code} is used twice")
        seen_codes.add(code)
    seen_ids.add(uid)
    return Unit(uid, unicodedata.normalize("NFC", name), UnitType(utype), *codes)


def rewrite_codes(path: Path, unit_id: str, staff: str, leader: str) -> None:
    """Put a unit's new join codes into the CSV (atomically, same delimiter), so the next start
    keeps them."""
    text = path.read_text(encoding="utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    found = False
    for row in rows[1:]:
        if len(row) == len(HEADER) and row[0].strip() == unit_id:
            row[3], row[4] = staff, leader
            found = True
    if not found:
        raise UnitListError(f"{path.name}: no unit {unit_id}")
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    parse_units_csv(out.getvalue(), path.name)  # still a valid list
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class CodeMatch:
    unit: Unit
    leader: bool


class UnitRepo:
    """Units are read on every join and in many admin views and change only at start (the
    CSV) and when codes are rotated: they are kept in memory, read again after a change made
    here. (Several processes on one database would need to share the invalidation.)"""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, Unit] | None = None  # every unit, retired ones too, by id

    async def _units(self) -> dict[str, Unit]:
        cache = self._cache
        if cache is None:
            rows = await self.db.fetchall("SELECT * FROM units ORDER BY id")
            cache = self._cache = {str(r["id"]): unit_from_row(r) for r in rows}
        return cache

    def forget(self) -> None:
        """Read the units again at the next use (they were changed)."""
        self._cache = None

    async def sync(self, units: list[Unit]) -> None:
        """Make the table match the list: new and changed units upserted, missing ones retired."""
        self.forget()
        async with self.db.transaction():
            await self.db.execute("UPDATE units SET active = 0")
            for u in units:
                await self.db.execute(
                    "INSERT INTO units (id, name, type, staff_join_code, leader_join_code, active)"
                    " VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO UPDATE SET name=excluded.name,"
                    " type=excluded.type, staff_join_code=excluded.staff_join_code,"
                    " leader_join_code=excluded.leader_join_code, active=1",
                    (u.id, u.name, u.type.value, u.staff_join_code, u.leader_join_code),
                )
        self.forget()  # a read made meanwhile may hold the old list

    async def load_csv(self, path: Path) -> list[Unit]:
        units = parse_units_csv(path.read_text(encoding="utf-8-sig"), path.name)
        await self.sync(units)
        return units

    async def by_code(self, code: str) -> CodeMatch | None:
        """The unit and role a join code gives, ignoring case, spaces and dashes."""
        wanted = compact_code(code)
        if not wanted:
            return None
        for unit in (await self._units()).values():
            if not unit.active:
                continue
            if compact_code(unit.leader_join_code) == wanted:
                return CodeMatch(unit, leader=True)
            if compact_code(unit.staff_join_code) == wanted:
                return CodeMatch(unit, leader=False)
        return None

    async def set_codes(self, unit_id: str, staff: str, leader: str) -> None:
        self.forget()
        await self.db.execute(
            "UPDATE units SET staff_join_code = ?, leader_join_code = ? WHERE id = ?",
            (normalize_code(staff), normalize_code(leader), unit_id))
        self.forget()

    async def get(self, unit_id: str) -> Unit | None:
        return (await self._units()).get(unit_id)

    async def all(self, *, active_only: bool = True) -> list[Unit]:
        units = [u for u in (await self._units()).values() if u.active or not active_only]
        return sorted(units, key=unit_order)

    async def leader_contacts(self) -> list[Row]:
        """Each active leader of a unit with each unblocked identity (one row per identity,
        channel and display name empty when none): unit_id, id, full_name, channel,
        display_name; in no particular order."""
        return await self.db.fetchall(
            "SELECT m.unit_id, u.id, u.full_name, i.channel, i.display_name FROM memberships m"
            " JOIN users u ON u.id = m.user_id LEFT JOIN identities i ON i.user_id = u.id"
            " AND i.blocked = 0 WHERE m.role = ? AND u.active = 1", (Role.LEADER.value,))


def unit_order(unit: Unit) -> tuple[int, Any]:
    """By type (MN, TH, THCS, THPT, ĐVTT), then by name in Vietnamese order."""
    return list(UnitType).index(unit.type), sort_key(unit.name)


def unit_from_row(r: Row | dict[str, Any]) -> Unit:
    return Unit(
        id=str(r["id"]),
        name=str(r["name"]),
        type=UnitType(r["type"]),
        staff_join_code=str(r["staff_join_code"]),
        leader_join_code=str(r["leader_join_code"]),
        active=bool(r["active"]),
    )
