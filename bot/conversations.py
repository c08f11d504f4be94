"""The repository of conversations: where each user is in a multi-step flow, kept in the
database so a restart resumes it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from bot.storage.db import Database


@dataclass
class Conversation:
    flow: str
    state: str
    data: dict[str, Any] = field(default_factory=dict)


class ConversationRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> Conversation | None:
        row = await self.db.fetchone(
            "SELECT flow, state, data FROM conversations WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return Conversation(row["flow"], row["state"], json.loads(row["data"]))

    async def set(self, user_id: int, conv: Conversation, now: dt.datetime) -> None:
        await self.db.execute(
            "INSERT INTO conversations (user_id, flow, state, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET flow = excluded.flow,"
            " state = excluded.state, data = excluded.data, updated_at = excluded.updated_at",
            (user_id, conv.flow, conv.state, json.dumps(conv.data, ensure_ascii=False),
             now.isoformat()),
        )

    async def clear(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM conversations WHERE user_id = ?", (user_id,))

    async def leave(self, user_id: int, flow: str) -> None:
        """End ``flow`` for the user, if that is the flow they are in."""
        await self.db.execute(
            "DELETE FROM conversations WHERE user_id = ? AND flow = ?", (user_id, flow))

    async def data_in(self, flow: str) -> list[str]:
        """The saved data (JSON, as stored) of everyone in ``flow``."""
        rows = await self.db.fetchall("SELECT data FROM conversations WHERE flow = ?", (flow,))
        return [str(r["data"]) for r in rows]
