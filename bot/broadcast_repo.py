"""The repository of broadcasts: each announcement and, through the outbox, its deliveries.

A broadcast and all its outbox rows are written in one transaction, so an announcement is
never stored half-queued; the same token (one confirmed draft) is stored once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.outbox import Outbox
from bot.port import Reply
from bot.storage.db import Database, Row


@dataclass(frozen=True)
class NewBroadcast:
    token: str
    created_by: int
    created_at: dt.datetime
    text: str
    document: str | None
    document_name: str | None
    photo: str | None
    audience: str  # the audience spec, as JSON
    audience_label: str


class BroadcastRepo:
    def __init__(self, db: Database, outbox: Outbox) -> None:
        self.db, self.outbox = db, outbox

    async def by_token(self, token: str) -> int | None:
        found = await self.db.fetchval("SELECT id FROM broadcasts WHERE token = ?", (token,))
        return None if found is None else int(found)

    async def store(self, new: NewBroadcast, people: list[int], reply: Reply) -> tuple[int, int]:
        """Store the broadcast and queue one delivery per recipient and channel; returns its
        id and the number of deliveries queued."""
        async with self.db.transaction():
            broadcast_id = int(await self.db.fetchval(
                "INSERT INTO broadcasts (created_by, created_at, text, document, document_name,"
                " photo, audience, audience_label, total, token) VALUES (?,?,?,?,?,?,?,?,?,?)"
                " RETURNING id",
                (new.created_by, new.created_at.isoformat(), new.text, new.document,
                 new.document_name, new.photo, new.audience, new.audience_label, len(people),
                 new.token),
            ))
            await self.outbox.enqueue_many(people, reply, kind="broadcast",
                                           dedupe_key=f"bc:{broadcast_id}",
                                           broadcast_id=broadcast_id)
            total = sum((await self.outbox.broadcast_counts(broadcast_id)).values())
            await self.db.execute("UPDATE broadcasts SET total = ? WHERE id = ?",
                                  (total, broadcast_id))
        return broadcast_id, total

    async def get(self, broadcast_id: int) -> Row | None:
        return await self.db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))

    async def recent_ids(self, limit: int) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT id FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,))
        return [int(r["id"]) for r in rows]
