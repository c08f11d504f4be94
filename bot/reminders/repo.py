"""All SQL of the reminders: deadlines, the reminder log, its state, recipients, submissions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.collation import sort_key
from bot.models import Role, Unit
from bot.reminders.audience import Audience, Progress, Recipient
from bot.reminders.model import Deadline, ReminderStatus
from bot.storage.db import Database, Row
from bot.units import unit_from_row

_DEADLINE_SQL = ("SELECT d.*, p.title AS plan_title FROM deadlines d"
                 " LEFT JOIN plans p ON p.id = d.plan_id")
EDITABLE = ("kind", "due_date", "month", "day", "precision", "what", "what_en", "report_type",
            "audience")


def _deadline(row: Row) -> Deadline:
    due = row["due_date"]
    return Deadline(
        id=row["id"], kind=row["kind"], what=row["what"],
        due_date=dt.date.fromisoformat(due) if due else None,
        month=row["month"], day=row["day"], precision=row["precision"] or "day",
        what_en=row["what_en"], report_type=row["report_type"] or None,
        audience=row["audience"] or "leaders", plan_id=row["plan_id"],
        plan_title=row["plan_title"], key=row["key"], active=bool(row["active"]),
    )


@dataclass(frozen=True)
class DefaultDeadline:
    """A yearly default from data/deadlines.toml."""

    key: str
    day: int
    month: int
    what: str
    what_en: str
    report_type: str | None
    audience: str


class DeadlineRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def active(self) -> list[Deadline]:
        rows = await self.db.fetchall(_DEADLINE_SQL + " WHERE d.active = 1 ORDER BY d.id")
        return [_deadline(r) for r in rows]

    async def for_report_type(self, type_id: str, key: str | None) -> list[Deadline]:
        """The office's deadlines for a report type: its yearly default (``key``) and any an
        admin made for it, as /managedeadlines left them. Deadlines read from plan documents
        are for questions and reminders only, and do not set when a report is due."""
        rows = await self.db.fetchall(
            _DEADLINE_SQL + " WHERE d.active = 1 AND d.report_type = ?"
            " AND (d.key = ? OR d.plan_id IS NULL) ORDER BY d.key = ? DESC, d.id",
            (type_id, key or "", key or ""))
        return [_deadline(r) for r in rows]

    async def get(self, deadline_id: int) -> Deadline | None:
        row = await self.db.fetchone(_DEADLINE_SQL + " WHERE d.id = ?", (deadline_id,))
        return _deadline(row) if row else None

    async def add(self, values: dict[str, Any], now: dt.datetime) -> int:
        """An admin-made deadline (no plan)."""
        cols = [c for c in EDITABLE if c in values]
        return int(await self.db.fetchval(
            f"INSERT INTO deadlines ({', '.join(cols)}, created_at, edited_at)"
            f" VALUES ({', '.join('?' * len(cols))}, ?, ?) RETURNING id",
            [*(values[c] for c in cols), now.isoformat(), now.isoformat()],
        ))

    async def update(self, deadline_id: int, values: dict[str, Any], now: dt.datetime) -> None:
        cols = [c for c in EDITABLE if c in values]
        sets = ", ".join(f"{c} = ?" for c in cols)
        await self.db.execute(
            f"UPDATE deadlines SET {sets}, edited_at = ? WHERE id = ?",
            [*(values[c] for c in cols), now.isoformat(), deadline_id],
        )

    async def deactivate(self, deadline_id: int, now: dt.datetime) -> None:
        await self.db.execute("UPDATE deadlines SET active = 0, edited_at = ? WHERE id = ?",
                              (now.isoformat(), deadline_id))

    async def load_defaults(self, defaults: Iterable[DefaultDeadline], now: dt.datetime) -> int:
        """Insert missing defaults by key; refresh the ones no admin has touched (edited or
        deleted). Idempotent: loading the same file again changes nothing. Returns the count
        of rows added or refreshed."""
        changed = 0
        async with self.db.transaction():
            for d in defaults:
                values = (d.month, d.day, d.what, d.what_en, d.report_type, d.audience)
                row = await self.db.fetchone(
                    "SELECT month, day, what, what_en, report_type, audience, edited_at"
                    " FROM deadlines WHERE key = ?", (d.key,))
                if row is None:
                    await self.db.execute(
                        "INSERT INTO deadlines (key, kind, month, day, precision, what, what_en,"
                        " report_type, audience, created_at)"
                        " VALUES (?, 'yearly', ?, ?, 'day', ?, ?, ?, ?, ?)",
                        (d.key, *values, now.isoformat()))
                elif row["edited_at"] is None and tuple(row)[:6] != values:
                    await self.db.execute(
                        "UPDATE deadlines SET month = ?, day = ?, what = ?, what_en = ?,"
                        " report_type = ?, audience = ? WHERE key = ?", (*values, d.key))
                else:
                    continue
                changed += 1
        return changed


class ReminderRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def state(self, name: str) -> str | None:
        value = await self.db.fetchval("SELECT value FROM reminder_state WHERE name = ?", (name,))
        return None if value is None else str(value)

    async def set_state(self, name: str, value: str) -> None:
        await self.db.execute(
            "INSERT INTO reminder_state (name, value) VALUES (?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    async def record(self, slot_key: tuple[int, str, int], user_id: int, unit_id: str | None,
                     status: ReminderStatus, fire_at: dt.datetime, now: dt.datetime) -> bool:
        """Write one log row; False when that person already has one for the slot."""
        deadline_id, occurrence, offset = slot_key
        added = await self.db.execute(
            "INSERT INTO reminder_log (deadline_id, occurrence, offset_days, user_id,"
            " unit_id, status, fire_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (deadline_id, occurrence, offset, user_id, unit_id, status, fire_at.isoformat(),
             now.isoformat()))
        return bool(added)

    async def logged(self, slot_key: tuple[int, str, int]) -> set[int]:
        rows = await self.db.fetchall(
            "SELECT user_id FROM reminder_log WHERE deadline_id = ? AND occurrence = ?"
            " AND offset_days = ?", slot_key)
        return {r["user_id"] for r in rows}

    async def snooze(self, slot_key: tuple[int, str, int], user_id: int,
                     until: dt.datetime) -> None:
        await self.db.execute(
            "UPDATE reminder_log SET status = 'snoozed', snoozed_until = ? WHERE deadline_id = ?"
            " AND occurrence = ? AND offset_days = ? AND user_id = ?",
            (until.isoformat(), *slot_key, user_id))

    async def entries(self, deadline_id: int | None = None) -> list[Row]:
        sql = "SELECT * FROM reminder_log"
        params: tuple[Any, ...] = ()
        if deadline_id is not None:
            sql, params = sql + " WHERE deadline_id = ?", (deadline_id,)
        return await self.db.fetchall(sql + " ORDER BY id", params)

    async def recipients(self, audience: Audience) -> list[Recipient]:
        """The onboarded, active people the audience names, in active units."""
        sql = ("SELECT u.id, m.unit_id, m.role FROM users u JOIN memberships m"
               " ON m.user_id = u.id JOIN units un ON un.id = m.unit_id"
               " WHERE u.onboarded_at IS NOT NULL AND u.active = 1 AND un.active = 1")
        roles = [r.value for r in audience.roles]
        params: list[object] = [*roles]
        sql += f" AND m.role IN ({', '.join('?' * len(roles)) or 'NULL'})"
        if audience.unit_types:
            sql += f" AND un.type IN ({', '.join('?' * len(audience.unit_types))})"
            params += audience.unit_types
        rows = await self.db.fetchall(sql + " ORDER BY u.id", params)
        return [Recipient(r["id"], r["unit_id"], Role(r["role"])) for r in rows]

    async def units(self, audience: Audience) -> list[Unit]:
        """The active units the audience covers (none for the office's own deadlines)."""
        if not audience.units:
            return []
        sql, params = "SELECT * FROM units WHERE active = 1", list(audience.unit_types)
        if params:
            sql += f" AND type IN ({', '.join('?' * len(params))})"
        units = [unit_from_row(r) for r in await self.db.fetchall(sql, params)]
        return sorted(units, key=lambda u: sort_key(u.name))

    async def units_with_people(self, audience: Audience) -> set[str]:
        return {r.unit_id for r in await self.recipients(audience) if r.unit_id}

    async def progress(self, report_type: str, period: int) -> Progress:
        """Who has sent ``report_type`` for ``period`` (returned submissions don't count)."""
        rows = await self.db.fetchall(
            "SELECT unit_id, user_id, on_time FROM submissions WHERE report_type = ?"
            " AND CAST(period AS TEXT) = ? AND status IN ('submitted', 'accepted')",
            (report_type, str(period)))
        units: dict[str, bool] = {}
        for r in rows:
            units[r["unit_id"]] = units.get(r["unit_id"], False) or bool(r["on_time"])
        return Progress(units, {r["user_id"] for r in rows if r["user_id"] is not None})
