"""The repository of the audit log: who did what, when. Admin actions and refused attempts are
written here."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database


@dataclass(frozen=True)
class AuditFilter:
    """Entries of one kind, by one person, or concerning one unit (its members' actions and
    entries naming it); empty fields filter nothing."""

    kind: str = ""
    person: int | None = None
    unit: str = ""

    def where(self, db: Database) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1 = 1"]
        params: list[Any] = []
        if self.kind:
            clauses.append("a.action = ?")
            params.append(self.kind)
        if self.person is not None:
            clauses.append("a.actor_user_id = ?")
            params.append(self.person)
        if self.unit:
            clauses.append("(a.actor_user_id IN (SELECT user_id FROM memberships WHERE"
                           f" unit_id = ?) OR {db.json_field('a.details', 'unit')} = ?)")
            params += [self.unit, self.unit]
        return " AND ".join(clauses), params


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

    async def recorded(self, action: str, details: dict[str, Any]) -> bool:
        """Whether an entry of ``action`` with exactly these details exists."""
        return bool(await self.db.fetchval(
            "SELECT 1 FROM audit_log WHERE action = ? AND details = ?",
            (action, json.dumps(details, ensure_ascii=False))))

    async def page(self, chosen: AuditFilter, offset: int, limit: int
                   ) -> tuple[list[AuditEntry], int]:
        """One page of entries, latest first, and how many match in all."""
        where, params = chosen.where(self.db)
        total = await self.db.fetchval(f"SELECT COUNT(*) FROM audit_log a WHERE {where}", params)
        rows = await self.db.fetchall(
            "SELECT a.*, u.full_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id"
            f" WHERE {where} ORDER BY a.id DESC LIMIT ? OFFSET ?", [*params, limit, offset])
        return [_entry(r) for r in rows], int(total or 0)

    async def kinds(self) -> list[str]:
        rows = await self.db.fetchall("SELECT DISTINCT action FROM audit_log ORDER BY action")
        return [r["action"] for r in rows]

    async def people(self, limit: int = 30) -> list[tuple[int, str]]:
        """People who appear in the log, most recent first."""
        rows = await self.db.fetchall(
            "SELECT a.actor_user_id AS id, COALESCE(u.full_name, '#' || a.actor_user_id) AS name,"
            " MAX(a.id) AS last FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id"
            " WHERE a.actor_user_id IS NOT NULL GROUP BY a.actor_user_id, u.full_name"
            " ORDER BY last DESC"
            " LIMIT ?", (limit,))
        return [(r["id"], r["name"]) for r in rows]

    async def latest(self, limit: int = 20) -> list[AuditEntry]:
        rows = await self.db.fetchall(
            "SELECT a.*, u.full_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id"
            " ORDER BY a.id DESC LIMIT ?",
            (limit,),
        )
        return [_entry(r) for r in rows]


def _entry(r: Any) -> AuditEntry:
    return AuditEntry(r["id"], r["at"], r["actor_user_id"], r["full_name"], r["action"],
                      json.loads(r["details"]))
