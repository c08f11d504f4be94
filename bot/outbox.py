"""The durable outbox: every message the bot sends on its own is written here first.

Reminders, broadcasts and notifications all go through ``Outbox.enqueue``; each channel's
``OutboxSender`` drains the rows for that channel. A dedupe key makes enqueueing idempotent, so a
job that runs twice (a restart, a retry) never queues the same message twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from bot.i18n import language
from bot.models import DeliverTo
from bot.port import Button, Reply
from bot.storage.db import Database
from bot.users import UserRepo


def reply_to_payload(reply: Reply) -> str:
    data: dict[str, Any] = {
        "text": reply.text,
        "buttons": [[_button(b) for b in row] for row in reply.buttons],
    }
    if reply.document:
        data["document"] = str(reply.document)
        data["document_name"] = reply.document_name
    if reply.photo:
        data["photo"] = str(reply.photo)
    return json.dumps(data, ensure_ascii=False)


def _button(b: Button) -> list[str]:
    return [b.label, b.action, b.command] if b.command else [b.label, b.action]


def payload_to_reply(payload: str) -> Reply:
    data = json.loads(payload)
    return Reply(
        text=data["text"],
        buttons=[[Button(*b) for b in row] for row in data["buttons"]],
        document=Path(data["document"]) if data.get("document") else None,
        document_name=data.get("document_name"),
        photo=Path(data["photo"]) if data.get("photo") else None,
    )


class OutboxStatus(StrEnum):
    """Where a queued message is, as ``outbox.status`` saves it."""

    PENDING = "pending"  # waiting for its turn (or for a retry time)
    SENDING = "sending"  # handed to the channel; back to pending if a crash cuts it short
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts
    BLOCKED = "blocked"  # the person has blocked the bot on that channel


@dataclass(frozen=True)
class OutboxRow:
    id: int
    user_id: int
    channel: str
    external_id: str
    reply: Reply
    kind: str
    attempts: int
    broadcast_id: int | None


class Outbox:
    def __init__(self, db: Database, users: UserRepo, now: Callable[[], dt.datetime]) -> None:
        self.db = db
        self.users = users
        self.now = now
        self._listeners: list[Callable[[], None]] = []
        self.added = 0  # rows queued since start: a channel wakes its sender when this moved

    def listen(self, wake: Callable[[], None]) -> Callable[[], None]:
        """Call ``wake`` whenever something was queued (a channel's sender); returns the
        function that stops it."""
        self._listeners.append(wake)
        return lambda: self._listeners.remove(wake) if wake in self._listeners else None

    @property
    def listening(self) -> int:
        """How many senders are listening."""
        return len(self._listeners)

    def changed(self) -> None:
        """Wake the channel senders: something was queued."""
        for wake in list(self._listeners):
            wake()

    async def enqueue(
        self, user_id: int, reply: Reply, *, kind: str, dedupe_key: str | None = None,
        broadcast_id: int | None = None, not_before: dt.datetime | None = None,
    ) -> int:
        """Queue ``reply`` for the user's channel(s); return how many rows were added.

        The same ``dedupe_key`` for the same user is queued once, however often it is asked.
        """
        added = 0
        for sql, params in await self._inserts(user_id, reply, kind, dedupe_key, broadcast_id,
                                               not_before):
            added += 1 if await self.db.execute(sql, params) else 0
        self.added += added
        return added

    async def _inserts(self, user_id: int, reply: Reply, kind: str, dedupe_key: str | None,
                       broadcast_id: int | None = None, not_before: dt.datetime | None = None,
                       ) -> list[tuple[str, tuple[object, ...]]]:
        """The rows ``enqueue`` writes, as statements."""
        now = self.now()
        out: list[tuple[str, tuple[object, ...]]] = []
        for channel in await self._channels_for(user_id):
            key = None if dedupe_key is None else f"{dedupe_key}:u{user_id}@{channel}"
            out.append((
                "INSERT INTO outbox (user_id, kind, payload, dedupe_key, broadcast_id,"
                " not_before, channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (user_id, kind, reply_to_payload(reply), key, broadcast_id,
                 (not_before or now).isoformat(), channel, now.isoformat())))
        return out

    async def enqueue_many(
        self, user_ids: list[int], reply: Reply, *, kind: str, dedupe_key: str,
        broadcast_id: int | None = None,
    ) -> int:
        """``enqueue`` for many people at once (a broadcast): two queries, not three per person."""
        rows = await self.db.fetchall(
            "SELECT i.user_id, i.channel, u.deliver_to FROM identities i"
            " JOIN users u ON u.id = i.user_id WHERE i.blocked = 0"
            " ORDER BY i.user_id, i.last_seen_at DESC"
        )
        wanted = set(user_ids)
        channels: dict[int, list[str]] = {}
        for r in rows:
            uid = r["user_id"]
            if uid in wanted and (r["deliver_to"] == DeliverTo.ALL or uid not in channels):
                channels.setdefault(uid, []).append(r["channel"])
        now = self.now().isoformat()
        payload = reply_to_payload(reply)
        before = await self.db.fetchval("SELECT COUNT(*) FROM outbox")
        await self.db.executemany(
            "INSERT INTO outbox (user_id, kind, payload, dedupe_key, broadcast_id,"
            " not_before, channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(uid, kind, payload, f"{dedupe_key}:u{uid}@{ch}", broadcast_id, now, ch, now)
             for uid in user_ids for ch in channels.get(uid, [])],
        )
        added = int(await self.db.fetchval("SELECT COUNT(*) FROM outbox")) - int(before)
        self.added += added
        return added

    async def broadcast_counts(self, broadcast_id: int) -> dict[str, int]:
        """Status → number of the broadcast's deliveries."""
        rows = await self.db.fetchall(
            "SELECT status, COUNT(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY status",
            (broadcast_id,))
        return {r["status"]: int(r["n"]) for r in rows}

    async def _channels_for(self, user_id: int) -> list[str]:
        """The channel the user used last, or all of them if they asked for that."""
        pref = await self.db.fetchval("SELECT deliver_to FROM users WHERE id = ?", (user_id,))
        idents = await self.users.identities(user_id)
        channels = [i["channel"] for i in idents if not i["blocked"]]
        return channels if pref == DeliverTo.ALL else channels[:1]

    async def notify_users(
        self, user_ids: Iterable[int], build: Callable[[], Reply], *, kind: str, dedupe_key: str
    ) -> None:
        """Queue one message per user, built in that user's language. While an update is
        handled, the rows are written with the writes that end it (``Database.deferring``):
        queued if and only if the update is marked handled."""
        for uid in dict.fromkeys(user_ids):
            user = await self.users.get(uid)
            if user is None or not user.active:
                continue
            with language(user.language):
                reply = build()
            deferred = self.db.deferred()
            if deferred is None:
                await self.enqueue(uid, reply, kind=kind, dedupe_key=dedupe_key)
                continue
            rows = await self._inserts(uid, reply, kind, dedupe_key)
            deferred.statements += rows
            self.added += len(rows)  # the channel wakes its sender once they are written

    async def notify_admins(
        self, build: Callable[[], Reply], *, kind: str, dedupe_key: str
    ) -> None:
        await self.notify_users(
            await self.users.admin_ids(), build, kind=kind, dedupe_key=dedupe_key
        )

    async def due(
        self, channel: str, limit: int = 200, *, recipient: str | None = None
    ) -> list[OutboxRow]:
        sql = (
            "SELECT o.*, i.external_id FROM outbox o JOIN identities i"
            " ON i.user_id = o.user_id AND i.channel = o.channel"
            " WHERE o.status = 'pending' AND o.channel = ? AND o.not_before <= ?"
        )
        params: list[object] = [channel, self.now().isoformat()]
        if recipient is not None:
            sql += " AND i.external_id = ?"
            params.append(recipient)
        rows = await self.db.fetchall(sql + " ORDER BY o.id LIMIT ?", [*params, limit])
        return [
            OutboxRow(r["id"], r["user_id"], r["channel"], r["external_id"],
                      payload_to_reply(r["payload"]), r["kind"], r["attempts"], r["broadcast_id"])
            for r in rows
        ]

    async def claim(self, row_id: int) -> bool:
        """Take a pending row for sending ('sending'); False if another worker has it, or it
        is no longer pending. On PostgreSQL a row another worker is claiming is skipped, not
        waited for."""
        return bool(await self.db.execute(
            "UPDATE outbox SET status = 'sending' WHERE id = (SELECT id FROM outbox"
            " WHERE id = ? AND status = 'pending'" + self.db.skip_locked + ")", (row_id,)))

    async def mark(self, row_id: int, status: OutboxStatus, *, error: str | None = None) -> None:
        sent_at = self.now().isoformat() if status is OutboxStatus.SENT else None
        await self.db.execute(
            "UPDATE outbox SET status = ?, last_error = ?, sent_at = COALESCE(?, sent_at)"
            " WHERE id = ?",
            (status, error, sent_at, row_id),
        )

    async def retry_at(self, row_id: int, when: dt.datetime, *, error: str, count: bool) -> None:
        await self.db.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ?,"
            " attempts = attempts + ? WHERE id = ?",
            (when.isoformat(), error, int(count), row_id),
        )

    async def recover_interrupted(self, channel: str) -> int:
        """Rows left 'sending' by a crash go out again: a lost announcement is worse than a
        rare repeat, and the window is one HTTP request. Called by the channel's one sender
        (``OutboxSender.run``) when it starts or takes over from a sender that died."""
        return await self.db.execute(
            "UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND channel = ?",
            (channel,),
        )

    async def has_due(self, channel: str) -> bool:
        return bool(
            await self.db.fetchval(
                "SELECT 1 FROM outbox WHERE status = 'pending' AND channel = ?"
                " AND not_before <= ? LIMIT 1",
                (channel, self.now().isoformat()),
            )
        )
