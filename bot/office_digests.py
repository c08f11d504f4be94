"""The repository of the office's notices: each admin's choice (every report at once, or a
daily digest) and the digests sent, one a day, each covering the submissions up to an id."""

from __future__ import annotations

import datetime as dt

from bot.storage.db import Database


class OfficeDigestRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def notice_mode(self, user_id: int) -> str | None:
        """The admin's saved choice (``bot.admin.digest.NoticeMode``), None when unset."""
        value = await self.db.fetchval(
            "SELECT mode FROM office_notice_prefs WHERE user_id = ?", (user_id,))
        return None if value is None else str(value)

    async def set_notice_mode(self, user_id: int, mode: str) -> None:
        await self.db.execute(
            "INSERT INTO office_notice_prefs (user_id, mode) VALUES (?, ?) ON CONFLICT(user_id)"
            " DO UPDATE SET mode = excluded.mode", (user_id, mode))

    async def covered(self) -> tuple[int, str | None]:
        """The last submission id a digest covered, and when that digest was sent."""
        row = await self.db.fetchone(
            "SELECT until_id, sent_at FROM office_digests ORDER BY until_id DESC, day DESC"
            " LIMIT 1")
        return (int(row["until_id"]), str(row["sent_at"])) if row else (0, None)

    async def sent_on(self, day: dt.date) -> bool:
        return bool(await self.db.fetchval(
            "SELECT 1 FROM office_digests WHERE day = ?", (day.isoformat(),)))

    async def mark(self, day: dt.date, until_id: int, count: int, now: dt.datetime) -> bool:
        """Record today's digest; False when it was already recorded (sent once a day)."""
        return bool(await self.db.execute(
            "INSERT INTO office_digests (day, until_id, submissions, sent_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING", (day.isoformat(), until_id, count, now.isoformat())))
