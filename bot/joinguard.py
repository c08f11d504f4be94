"""The repository of failed join codes (``JoinGuard``): limits on guessing join codes across
accounts.

The per-account lockout (``[onboarding] max_code_attempts``) stops one account; new accounts
are free, so wrong codes are also counted per unit (the unit whose code a guess most
resembles: ``HOASEN-HT-0000`` aims at Hoa Sen's leader code) and overall. Past either limit,
joining that unit (or any unit) pauses for the lockout window, even with a right code, and the
admins are alerted once per window. Fresh codes come from ``new_code``: 8 characters from 32
readable ones (no 0/O, 1/I) = 40 bits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from bot.models import Unit
from bot.storage.db import Database
from bot.units import compact_code

READABLE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
UNIT_LIMIT = 10  # wrong codes aimed at one unit per window, from anyone
GLOBAL_LIMIT = 40  # wrong codes overall per window
MIN_PREFIX = 4  # characters a guess must share with a unit's code to count against it


def new_code(prefix: str, role_tag: str) -> str:
    """E.g. ``HOASEN-HT-7KQM-X2PT``: a readable prefix, then 40 random bits."""
    body = "".join(secrets.choice(READABLE) for _ in range(8))
    return f"{prefix}-{role_tag}-{body[:4]}-{body[4:]}"


def code_prefix(code: str) -> str:
    return code.split("-", 1)[0] if "-" in code else code[:8]


def aimed_at(guess: str, units: list[Unit]) -> str | None:
    """The unit whose join code shares the longest beginning with ``guess``, if any; compared
    as codes are matched (``compact_code``: no case, spaces or dashes)."""
    guess = compact_code(guess)
    best, best_len = None, MIN_PREFIX - 1
    for unit in units:
        for code in (unit.staff_join_code, unit.leader_join_code):
            n = _common_prefix(guess, compact_code(code))
            if n > best_len:
                best, best_len = unit.id, n
    return best


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True)
class Pause:
    until: dt.datetime
    unit_id: str | None  # None: every unit


class JoinGuard:
    def __init__(self, db: Database, window: dt.timedelta, *, unit_limit: int = UNIT_LIMIT,
                 global_limit: int = GLOBAL_LIMIT) -> None:
        self.db = db
        self.window = window
        self.unit_limit = unit_limit
        self.global_limit = global_limit

    async def record(self, user_id: int, unit_id: str | None, now: dt.datetime) -> None:
        await self.db.execute(
            "INSERT INTO join_failures (at, user_id, unit_id) VALUES (?, ?, ?)",
            (_utc(now), user_id, unit_id))

    async def paused(self, unit_id: str | None, now: dt.datetime) -> Pause | None:
        """Whether joining ``unit_id`` (or any unit) is paused now."""
        since = _utc(now - self.window)
        everything = await self.db.fetchall(
            "SELECT at FROM join_failures WHERE at > ? ORDER BY at", (since,))
        if len(everything) >= self.global_limit:
            first = dt.datetime.fromisoformat(everything[-self.global_limit]["at"])
            return Pause((first + self.window).astimezone(now.tzinfo), None)
        if unit_id is None:
            return None
        aimed = await self.db.fetchall(
            "SELECT at FROM join_failures WHERE unit_id = ? AND at > ? ORDER BY at",
            (unit_id, since))
        if len(aimed) >= self.unit_limit:
            first = dt.datetime.fromisoformat(aimed[-self.unit_limit]["at"])
            return Pause((first + self.window).astimezone(now.tzinfo), unit_id)
        return None


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")
