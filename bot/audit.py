"""The audit log: who did what, when. Admin actions and refused attempts are written here."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor_user_id: int | None
    actor_name: str | None
    action: str
    details: dict[str, Any]


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self, actor_user_id: int | None, action: str, details: dict[str, Any], now: dt.datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO audit_log (at, actor_user_id, action, details) VALUES (?, ?, ?, ?)",
            (now.isoformat(), actor_user_id, action, json.dumps(details, ensure_ascii=False)),
        )

    async def latest(self, limit: int = 20) -> list[AuditEntry]:
        rows = await self.db.fetchall(
            "SELECT a.*, u.full_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id"
            " ORDER BY a.id DESC LIMIT ?",
            (limit,),
        )
        return [
            AuditEntry(r["id"], r["at"], r["actor_user_id"], r["full_name"], r["action"],
                       json.loads(r["details"]))
            for r in rows
        ]
