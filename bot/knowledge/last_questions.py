"""The repository of each person's last question, kept so "More results" can page on."""

from __future__ import annotations

import datetime as dt

from bot.storage.db import Database


class LastQuestions:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def remember(self, user_id: int, question: str, page: int, now: dt.datetime) -> None:
        """Kept with the writes that end the update (read by a later one)."""
        await self.db.write_soon(
            "INSERT INTO last_questions (user_id, question, page, asked_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET question = excluded.question,"
            " page = excluded.page, asked_at = excluded.asked_at",
            (user_id, question, page, now.isoformat()),
        )

    async def question(self, user_id: int) -> str | None:
        found = await self.db.fetchval(
            "SELECT question FROM last_questions WHERE user_id = ?", (user_id,))
        return None if found is None else str(found)
