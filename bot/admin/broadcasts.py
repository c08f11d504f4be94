"""Broadcasts: written with all their deliveries in one transaction, then sent by the outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bot.admin.audience import AudienceSpec, recipients
from bot.core import Core
from bot.outbox import OutboxStatus
from bot.port import Reply


@dataclass(frozen=True)
class Draft:
    token: str
    text: str  # already safe HTML
    spec: AudienceSpec
    label: str
    document: Path | None = None
    document_name: str | None = None
    photo: Path | None = None

    def reply(self) -> Reply:
        return Reply(self.text, document=self.document, document_name=self.document_name,
                     photo=self.photo)


@dataclass(frozen=True)
class Progress:
    broadcast_id: int
    total: int
    sent: int
    failed: int
    blocked: int
    pending: int
    created_at: str
    label: str

    @property
    def finished(self) -> bool:
        return self.pending == 0


async def create(core: Core, draft: Draft, admin_id: int, now: dt.datetime) -> int:
    """Store the broadcast and queue one delivery per recipient; the same draft twice → once."""
    existing = await core.db.fetchval(
        "SELECT id FROM broadcasts WHERE token = ?", (draft.token,)
    )
    if existing is not None:
        return int(existing)
    people = await recipients(core, draft.spec)
    async with core.db.transaction():
        broadcast_id = await core.db.fetchval(
            "INSERT INTO broadcasts (created_by, created_at, text, document, document_name, photo,"
            " audience, audience_label, total, token) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
            (admin_id, now.isoformat(), draft.text, _s(draft.document), draft.document_name,
             _s(draft.photo), draft.spec.to_json(), draft.label, len(people), draft.token),
        )
        await core.outbox.enqueue_many(people, draft.reply(), kind="broadcast",
                                           dedupe_key=f"bc:{broadcast_id}",
                                           broadcast_id=broadcast_id)
        total = await core.db.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ?", (broadcast_id,)
        )
        await core.db.execute("UPDATE broadcasts SET total = ? WHERE id = ?",
                                  (total, broadcast_id))
    await core.audit.record(admin_id, "broadcast", {
        "broadcast": broadcast_id, "audience": draft.label, "recipients": total,
    }, now)
    core.outbox.changed()
    return broadcast_id


def _s(path: Path | None) -> str | None:
    return str(path) if path else None


async def progress(core: Core, broadcast_id: int) -> Progress | None:
    row = await core.db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
    if row is None:
        return None
    counts = {r["status"]: r["n"] for r in await core.db.fetchall(
        "SELECT status, COUNT(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY status",
        (broadcast_id,),
    )}
    return Progress(
        broadcast_id=broadcast_id, total=row["total"], sent=counts.get(OutboxStatus.SENT, 0),
        failed=counts.get(OutboxStatus.FAILED, 0), blocked=counts.get(OutboxStatus.BLOCKED, 0),
        pending=counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0),
        created_at=row["created_at"], label=row["audience_label"],
    )


async def recent(core: Core, limit: int = 10) -> list[Progress]:
    rows = await core.db.fetchall(
        "SELECT id FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,)
    )
    found = [await progress(core, r["id"]) for r in rows]
    return [p for p in found if p is not None]
