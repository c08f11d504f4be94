"""Broadcasts: written with all their deliveries in one transaction, then sent by the outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bot.admin.audience import Audiences, AudienceSpec
from bot.audit import AuditLog
from bot.broadcast_repo import BroadcastRepo, NewBroadcast
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


async def create(repo: BroadcastRepo, audiences: Audiences, audit: AuditLog, draft: Draft,
                 admin_id: int, now: dt.datetime) -> int:
    """Store the broadcast and queue one delivery per recipient; the same draft twice → once."""
    existing = await repo.by_token(draft.token)
    if existing is not None:
        return existing
    people = await audiences.recipients(draft.spec)
    broadcast_id, total = await repo.store(NewBroadcast(
        draft.token, admin_id, now, draft.text, _s(draft.document), draft.document_name,
        _s(draft.photo), draft.spec.to_json(), draft.label), people, draft.reply())
    await audit.record(admin_id, "broadcast", {
        "broadcast": broadcast_id, "audience": draft.label, "recipients": total,
    }, now)
    repo.outbox.changed()
    return broadcast_id


def _s(path: Path | None) -> str | None:
    return str(path) if path else None


async def progress(repo: BroadcastRepo, broadcast_id: int) -> Progress | None:
    row = await repo.get(broadcast_id)
    if row is None:
        return None
    counts = await repo.outbox.broadcast_counts(broadcast_id)
    return Progress(
        broadcast_id=broadcast_id, total=row["total"], sent=counts.get(OutboxStatus.SENT, 0),
        failed=counts.get(OutboxStatus.FAILED, 0), blocked=counts.get(OutboxStatus.BLOCKED, 0),
        pending=counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0),
        created_at=row["created_at"], label=row["audience_label"],
    )


async def recent(repo: BroadcastRepo, limit: int = 10) -> list[Progress]:
    found = [await progress(repo, i) for i in await repo.recent_ids(limit)]
    return [p for p in found if p is not None]
