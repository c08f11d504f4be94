"""Helpers shared by the reminder tests (no tests here): people, submissions and the outbox."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot import app
from bot.core import Core
from bot.models import Role
from bot.reminders.planner import Policy
from bot.reminders.service import ReminderService
from tests.helpers import CoreUser

UserFactory = Callable[..., CoreUser]


async def reminder_service(core: Core) -> ReminderService:
    """The core's reminder service."""
    return core.reminders


def fresh_service(core: Core, policy: Policy | None = None) -> ReminderService:
    """A second ReminderService on the same database, as after a restart."""
    return app.reminder_service(core.config, core.db, core.users, core.outbox, core.clock,
                                policy)


async def person(core: Core, name: str, unit_id: str | None = None,
                 role: Role = Role.LEADER, *, lang: str = "vi") -> int:
    """An onboarded person on the console; ``admin`` is an admin in the test config."""
    now = core.now()
    user, _created = await core.users.resolve("console", name, name, lang, now)
    await core.users.set_name(user.id, name.title())
    if unit_id is None:
        await core.users.mark_onboarded(user.id, now)
    else:
        await core.users.join(user.id, unit_id, role, now)
    return user.id


async def submit(core: Core, unit_id: str, report_type: str, period: int, *,
                 on_time: bool = True, user_id: int | None = None,
                 status: str = "submitted") -> None:
    """A submissions row, written directly (as the report service would)."""
    n = int(await core.db.fetchval("SELECT COUNT(*) FROM submissions")) + 1
    await core.db.execute(
        "INSERT INTO submissions (receipt, report_type, period, scope_key, version, unit_id,"
        " user_id, answers, submitted_at, on_time, status)"
        " VALUES (?, ?, ?, ?, 1, ?, ?, '{}', ?, ?, ?)",
        (f"BC-{period}-{n:06d}", report_type, str(period), f"unit:{unit_id}", unit_id, user_id,
         core.now().isoformat(), int(on_time), status))


async def queued(core: Core, kind: str | None = None) -> list[dict[str, Any]]:
    """Outbox rows (oldest first) with the payload decoded."""
    sql, params = "SELECT * FROM outbox", []
    if kind:
        sql, params = sql + " WHERE kind = ?", [kind]
    rows = await core.db.fetchall(sql + " ORDER BY id", params)
    return [{**dict(r), "reply": json.loads(r["payload"])} for r in rows]


def recipients(rows: list[dict[str, Any]]) -> list[int]:
    return sorted(r["user_id"] for r in rows)


def buttons(row: dict[str, Any]) -> list[tuple[str, str]]:
    return [(label, action) for line in row["reply"]["buttons"] for label, action in line]


async def log_rows(core: Core) -> list[tuple[int, str, int, int, str]]:
    rows = await core.db.fetchall(
        "SELECT deadline_id, occurrence, offset_days, user_id, status FROM reminder_log"
        " ORDER BY id")
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


async def deadline_id(core: Core, key: str) -> int:
    return int(await core.db.fetchval("SELECT id FROM deadlines WHERE key = ?", (key,)))

