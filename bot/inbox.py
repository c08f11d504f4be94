"""The durable inbox: updates are written here before the channel is told they arrived, and
removed once handled, so a crash between the two loses nothing (at-least-once; the
dispatcher's ``processed_updates`` then drops a repeat, which makes it exactly-once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.storage.db import Database


class Inbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def keep(self, channel: str, updates: Iterable[tuple[str, str]],
                   now: dt.datetime) -> None:
        """Store ``(update_key, payload)`` pairs in one transaction."""
        async with self.db.transaction():
            await self.db.executemany(
                "INSERT INTO inbox (channel, update_key, payload, received_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(channel, key, payload, now.isoformat()) for key, payload in updates],
            )

    async def done(self, channel: str, update_key: str) -> None:
        await self.db.execute(
            "DELETE FROM inbox WHERE channel = ? AND update_key = ?", (channel, update_key)
        )

    async def pending(self, channel: str) -> list[tuple[str, str]]:
        """Updates received but not yet handled (left by a crash), oldest first."""
        rows = await self.db.fetchall(
            "SELECT update_key, payload FROM inbox WHERE channel = ?"
            " ORDER BY LENGTH(update_key), update_key", (channel,),
        )
        return [(str(r["update_key"]), str(r["payload"])) for r in rows]
