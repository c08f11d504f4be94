"""All SQL for plans, campaigns, sections and deadlines."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.knowledge.model import ParsedPlan, Period
from bot.storage.db import Database


@dataclass(frozen=True)
class PlanRow:
    id: int
    source_name: str
    source_path: str | None
    title: str
    doc_type: str
    issuer: str | None
    number: str | None
    issued_date: str | None
    signer: str | None
    signer_title: str | None
    awards: list[str]
    dossier: list[str]


@dataclass(frozen=True)
class CampaignRow:
    id: int
    plan_id: int
    name: str
    role: str
    period: Period | None
    section_number: str
    issued: dt.date | None = None  # the plan's date: a campaign without a period ages with it


@dataclass(frozen=True)
class SectionRow:
    id: int
    plan_id: int
    ordinal: int
    number: str
    heading: str
    heading_path: str
    body: str


@dataclass(frozen=True)
class DeadlineRow:
    id: int
    plan_id: int | None
    campaign_id: int | None
    kind: str
    due_date: dt.date | None
    month: int | None
    day: int | None
    precision: str
    what: str
    who: str | None
    to_whom: str | None
    report_type: str | None
    audience: str
    section_number: str | None
    recurs_yearly: bool
    what_en: str | None = None
    raw: str | None = None
    key: str | None = None


def _period(label: str | None, start: str | None, end: str | None) -> Period | None:
    if not start or not end:
        return None
    return Period(label or "", dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def _plan(r: Any) -> PlanRow:
    return PlanRow(r["id"], r["source_name"], r["source_path"], r["title"], r["doc_type"],
                   r["issuer"], r["number"], r["issued_date"], r["signer"], r["signer_title"],
                   json.loads(r["awards"]), json.loads(r["dossier"]))


_CAMPAIGN_SQL = ("SELECT c.*, p.issued_date FROM campaigns c"
                 " JOIN plans p ON p.id = c.plan_id")


def _campaign(r: Any) -> CampaignRow:
    return CampaignRow(r["id"], r["plan_id"], r["name"], r["role"],
                       _period(r["period_label"], r["period_start"], r["period_end"]),
                       r["section_number"], _date(r["issued_date"]))


def _date(value: str | None) -> dt.date | None:
    """A plan's stored date ("2024-01-02", or "2024-01" / "2024" when the day is unknown)."""
    parts = (value or "").split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                       int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return None


def _section(r: Any) -> SectionRow:
    return SectionRow(r["id"], r["plan_id"], r["ordinal"], r["number"], r["heading"],
                      r["heading_path"], r["body"])


def _deadline(r: Any) -> DeadlineRow:
    due = dt.date.fromisoformat(r["due_date"]) if r["due_date"] else None
    return DeadlineRow(r["id"], r["plan_id"], r["campaign_id"], r["kind"], due, r["month"],
                       r["day"], r["precision"], r["what"], r["who"], r["to_whom"],
                       r["report_type"], r["audience"], r["section_number"],
                       bool(r["recurs_yearly"]), r["what_en"], r["raw"], r["key"])


class KnowledgeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def plan_hash(self, source_name: str) -> tuple[int, str] | None:
        row = await self.db.fetchone(
            "SELECT id, content_sha256 FROM plans WHERE source_name = ?", (source_name,))
        return (row["id"], row["content_sha256"]) if row else None

    async def save_plan(self, plan: ParsedPlan, sha: str, source_path: str | None,
                        imported_at: str | None) -> int:
        """Insert the plan, or replace an earlier version's rows, in one transaction."""
        async with self.db.transaction():
            existing = await self.plan_hash(plan.source_name)
            values = _plan_values(plan, sha, source_path, imported_at)
            if existing:
                plan_id = existing[0]
                await self.db.execute(
                    f"UPDATE plans SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                    (*values.values(), plan_id))
                for table in ("deadlines", "campaigns", "sections"):
                    await self.db.execute(f"DELETE FROM {table} WHERE plan_id = ?", (plan_id,))
            else:
                plan_id = await self.db.fetchval(
                    f"INSERT INTO plans ({', '.join(values)}) "
                    f"VALUES ({', '.join('?' for _ in values)}) RETURNING id",
                    tuple(values.values()))
            main_id = await self._insert_children(plan_id, plan)
            await self._insert_deadlines(plan_id, main_id, plan, imported_at)
        return plan_id

    async def _insert_children(self, plan_id: int, plan: ParsedPlan) -> int | None:
        main_id = None
        for i, c in enumerate(plan.campaigns):
            p = c.period
            cid = await self.db.fetchval(
                "INSERT INTO campaigns (plan_id, ordinal, name, role, period_label, "
                "period_start, period_end, section_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (plan_id, i, c.name, c.role, p.label if p else None,
                 p.start.isoformat() if p else None, p.end.isoformat() if p else None,
                 c.section_number))
            if c.role == "main" and main_id is None:
                main_id = cid
        await self.db.executemany(
            "INSERT INTO sections (plan_id, ordinal, number, heading, heading_path, level, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(plan_id, s.ordinal, s.number, s.heading, s.heading_path, s.level, s.body)
             for s in plan.sections])
        return main_id

    async def _insert_deadlines(self, plan_id: int, campaign_id: int | None, plan: ParsedPlan,
                                created_at: str | None) -> None:
        await self.db.executemany(
            "INSERT INTO deadlines (plan_id, campaign_id, kind, due_date, month, day, precision,"
            " what, who, to_whom, report_type, audience, section_number, raw, recurs_yearly,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(plan_id, campaign_id, d.kind, d.due_date.isoformat() if d.due_date else None,
              d.month, d.day, d.precision, d.what, d.who, d.to_whom, d.report_type, d.audience,
              d.section_number, d.raw, int(d.recurs_yearly), created_at)
             for d in plan.deadlines])

    async def plans(self) -> list[PlanRow]:
        return [_plan(r) for r in await self.db.fetchall("SELECT * FROM plans ORDER BY id")]

    async def plan(self, plan_id: int) -> PlanRow | None:
        row = await self.db.fetchone("SELECT * FROM plans WHERE id = ?", (plan_id,))
        return _plan(row) if row else None

    async def campaigns(self, role: str | None = None) -> list[CampaignRow]:
        sql = _CAMPAIGN_SQL + (" WHERE c.role = ?" if role else "")
        rows = await self.db.fetchall(sql + " ORDER BY c.plan_id, c.ordinal",
                                      (role,) if role else ())
        return [_campaign(r) for r in rows]

    async def campaign(self, campaign_id: int) -> CampaignRow | None:
        row = await self.db.fetchone(_CAMPAIGN_SQL + " WHERE c.id = ?", (campaign_id,))
        return _campaign(row) if row else None

    async def campaigns_of(self, plan_id: int) -> list[CampaignRow]:
        rows = await self.db.fetchall(
            _CAMPAIGN_SQL + " WHERE c.plan_id = ? ORDER BY c.ordinal", (plan_id,))
        return [_campaign(r) for r in rows]

    async def sections(self, plan_id: int | None = None) -> list[SectionRow]:
        if plan_id is None:
            rows = await self.db.fetchall("SELECT * FROM sections ORDER BY plan_id, ordinal")
        else:
            rows = await self.db.fetchall(
                "SELECT * FROM sections WHERE plan_id = ? ORDER BY ordinal", (plan_id,))
        return [_section(r) for r in rows]

    async def section(self, section_id: int) -> SectionRow | None:
        row = await self.db.fetchone("SELECT * FROM sections WHERE id = ?", (section_id,))
        return _section(row) if row else None

    async def deadlines(self, plan_id: int | None = None) -> list[DeadlineRow]:
        sql = "SELECT * FROM deadlines WHERE active = 1"
        params: tuple[Any, ...] = ()
        if plan_id is not None:
            sql, params = sql + " AND plan_id = ?", (plan_id,)
        rows = await self.db.fetchall(sql + " ORDER BY COALESCE(due_date, '') , id", params)
        return [_deadline(r) for r in rows]


def _plan_values(plan: ParsedPlan, sha: str, source_path: str | None,
                 imported_at: str | None) -> dict[str, Any]:
    p = plan.period
    return {
        "source_name": plan.source_name, "source_path": source_path, "content_sha256": sha,
        "doc_type": plan.doc_type, "title": plan.title, "issuer": plan.issuer,
        "number": plan.number, "issued_date": plan.issued_date, "place": plan.place,
        "signer": plan.signer, "signer_title": plan.signer_title,
        "period_label": p.label if p else None,
        "period_start": p.start.isoformat() if p else None,
        "period_end": p.end.isoformat() if p else None,
        "awards": json.dumps(plan.awards, ensure_ascii=False),
        "dossier": json.dumps(plan.dossier, ensure_ascii=False),
        "imported_at": imported_at, "text": plan.text,
    }
