"""Linking one person's accounts on several apps: one-time link codes (kept as hashes, used
once, void after ``CODE_TTL`` or when a new one is asked for, compared in constant time), the
failures that lock a user out for a while, merging two users into one, and where a person with
several apps is reached (``users.deliver_to``). ``bot.features.linking`` holds the screens."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.models import DeliverTo, User
from bot.storage.db import Database

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: nothing to misread
CODE_LENGTH = 6
CODE_TTL = dt.timedelta(minutes=10)


# Tables that point at users but hold no one's work: repointed on a merge, duplicates dropped.
HISTORY_TABLES = frozenset({
    "audit_log", "outbox", "unanswered_questions", "broadcasts", "reminder_log",
    "join_failures",
})
# The other columns of a history table's unique key that includes the user: the drop's row
# that the keep already has is deleted rather than repointed.
HISTORY_UNIQUE = {("reminder_log", "user_id"): ("deadline_id", "occurrence", "offset_days")}
# Handled one by one in ``merge_users``.
SPECIAL_TABLES = frozenset({
    "identities", "memberships", "conversations", "link_codes", "link_failures",
})
# Every other table that points at users (drafts, submissions, and whatever comes later) is
# work: if both accounts have some, they are not merged.

# --- the codes -----------------------------------------------------------------------------


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Outcome(StrEnum):
    LINKED = "linked"
    SAME = "same"  # the code belongs to this very account
    WRONG = "wrong"  # unknown, used or expired
    LOCKED = "locked"  # too many wrong codes lately
    DIFFERENT_ROLES = "different_roles"
    BOTH_HAVE_DATA = "both_have_data"
    ADMIN = "admin"  # one account is an office admin and the other is not


@dataclass(frozen=True)
class LinkResult:
    outcome: Outcome
    user_id: int | None = None  # the account the identity now belongs to
    retry_after: dt.datetime | None = None


class LinkRepo:
    """Link codes, failures, and merging two users. (SQL on users/identities that UserRepo
    does not offer yet lives here.)"""

    def __init__(self, db: Database, *, max_failures: int = 5,
                 lockout: dt.timedelta = dt.timedelta(minutes=15),
                 admins: frozenset[str] = frozenset(),
                 on_change: Callable[[], None] | None = None) -> None:
        self.db = db
        self.admins = admins  # "channel:external_id" of office admins (the config)
        self.on_change = on_change  # told when accounts were merged (users read again)
        self.max_failures = max_failures
        self.lockout = lockout

    async def issue(self, user_id: int, channel: str, now: dt.datetime) -> str:
        """A fresh code for ``user_id``; any code they had before stops working."""
        code = new_code()
        async with self.db.transaction():
            await self.db.execute(
                "DELETE FROM link_codes WHERE (user_id = ? AND used_at IS NULL)"
                " OR expires_at < ?", (user_id, _utc(now - dt.timedelta(days=1))),
            )
            await self.db.execute(
                "INSERT INTO link_codes (user_id, channel, code_hash, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (user_id, channel, _digest(code), _utc(now), _utc(now + CODE_TTL)),
            )
        return code

    async def _find(self, code: str, now: dt.datetime) -> tuple[int, int] | None:
        """(code row id, owner) of a live code equal to ``code``, compared in constant time."""
        wanted = _digest(code)
        rows = await self.db.fetchall(
            "SELECT id, user_id, code_hash FROM link_codes"
            " WHERE used_at IS NULL AND expires_at > ?", (_utc(now),),
        )
        found = None
        for row in rows:  # no early exit: every live code is compared
            if hmac.compare_digest(str(row["code_hash"]), wanted) and found is None:
                found = (int(row["id"]), int(row["user_id"]))
        return found

    async def locked_until(self, user_id: int, now: dt.datetime) -> dt.datetime | None:
        rows = await self.db.fetchall(
            "SELECT at FROM link_failures WHERE user_id = ? AND at > ? ORDER BY at",
            (user_id, _utc(now - self.lockout)),
        )
        if len(rows) < self.max_failures:
            return None
        oldest = dt.datetime.fromisoformat(rows[-self.max_failures]["at"])
        return (oldest + self.lockout).astimezone(now.tzinfo)

    async def redeem(
        self, code: str, user: User, channel: str, now: dt.datetime
    ) -> LinkResult:
        """Join ``user`` (the one typing the code) into the account that asked for it."""
        until = await self.locked_until(user.id, now)
        if until is not None:
            return LinkResult(Outcome.LOCKED, retry_after=until)
        found = await self._find(code, now) if normalize_code(code) else None
        if found is None:
            await self.db.execute(
                "INSERT INTO link_failures (user_id, at) VALUES (?, ?)", (user.id, _utc(now))
            )
            return LinkResult(Outcome.WRONG)
        code_id, owner_id = found
        if owner_id == user.id:
            return LinkResult(Outcome.SAME, owner_id)
        return await self.merge_users(owner_id, user.id, now, code_id=code_id, channel=channel)

    async def merge_users(
        self, keep_id: int, drop_id: int, now: dt.datetime, *, code_id: int | None = None,
        channel: str = "",
    ) -> LinkResult:
        """Move everything of ``drop_id`` to ``keep_id`` and delete ``drop_id``, unless that
        would lose or override something (then nothing changes)."""
        if await self._is_admin(keep_id) != await self._is_admin(drop_id):
            return LinkResult(Outcome.ADMIN)  # linking never gives or takes admin rights
        refs = await self._references()
        keep = await self._membership(keep_id)
        drop = await self._membership(drop_id)
        drop_onboarded = bool(await self.db.fetchval(
            "SELECT onboarded_at IS NOT NULL FROM users WHERE id = ?", (drop_id,)))
        work = [(t, c) for t, c in refs if t not in HISTORY_TABLES | SPECIAL_TABLES]
        if drop_onboarded:
            if keep and drop and keep != drop:
                return LinkResult(Outcome.DIFFERENT_ROLES)
            if await self._has_rows(work, keep_id) and await self._has_rows(work, drop_id):
                return LinkResult(Outcome.BOTH_HAVE_DATA)
        try:
            async with self.db.transaction():
                if code_id is not None:
                    used = await self.db.execute(
                        "UPDATE link_codes SET used_at = ?, used_by_channel = ?"
                        " WHERE id = ? AND used_at IS NULL", (_utc(now), channel, code_id),
                    )
                    if not used:
                        return LinkResult(Outcome.WRONG)
                await self.db.execute(
                    "UPDATE identities SET user_id = ? WHERE user_id = ?", (keep_id, drop_id)
                )
                if drop_onboarded:
                    await self._move_owned(keep_id, drop_id, refs, work, bool(keep))
                await self.db.execute("DELETE FROM users WHERE id = ?", (drop_id,))
                await self.db.execute("DELETE FROM link_failures WHERE user_id = ?", (keep_id,))
        except Exception as exc:  # an unforeseen constraint: nothing was changed
            log.warning("merging user %s into %s refused: %s", drop_id, keep_id,
                        type(exc).__name__)
            return LinkResult(Outcome.BOTH_HAVE_DATA)
        if self.on_change is not None:
            self.on_change()
        return LinkResult(Outcome.LINKED, keep_id)

    async def _move_owned(
        self, keep_id: int, drop_id: int, refs: list[tuple[str, str]],
        work: list[tuple[str, str]], keep_has_membership: bool,
    ) -> None:
        if not keep_has_membership:
            await self.db.execute(
                "UPDATE memberships SET user_id = ? WHERE user_id = ?", (keep_id, drop_id)
            )
        if await self.db.fetchval("SELECT 1 FROM conversations WHERE user_id = ?", (keep_id,)):
            await self.db.execute("DELETE FROM conversations WHERE user_id = ?", (drop_id,))
        else:
            await self.db.execute(
                "UPDATE conversations SET user_id = ? WHERE user_id = ?", (keep_id, drop_id)
            )
        for table, column in work:  # only one of the two has rows here
            await self.db.execute(
                f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?', (keep_id, drop_id)
            )
        for table, column in refs:
            if table in HISTORY_TABLES:  # a row both already have (a reminder) stays once
                same = HISTORY_UNIQUE.get((table, column))
                if same:
                    match = " AND ".join(f'k."{c}" = "{table}"."{c}"' for c in same)
                    await self.db.execute(
                        f'DELETE FROM "{table}" WHERE "{column}" = ? AND EXISTS (SELECT 1'
                        f' FROM "{table}" k WHERE k."{column}" = ? AND {match})',
                        (drop_id, keep_id))
                await self.db.execute(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?',
                    (keep_id, drop_id),
                )
        await self.db.execute(
            "UPDATE users SET"
            " full_name = COALESCE(full_name, (SELECT full_name FROM users WHERE id = ?)),"
            " onboarded_at = COALESCE(onboarded_at, (SELECT onboarded_at FROM users"
            " WHERE id = ?)) WHERE id = ?",
            (drop_id, drop_id, keep_id),
        )

    async def _references(self) -> list[tuple[str, str]]:
        """Every (table, column) with a foreign key to users, read from the schema."""
        return await self.db.foreign_keys_to("users")

    async def _has_rows(self, refs: list[tuple[str, str]], user_id: int) -> bool:
        for table, column in refs:
            if await self.db.fetchval(
                f'SELECT 1 FROM "{table}" WHERE "{column}" = ? LIMIT 1', (user_id,)
            ):
                return True
        return False

    async def _is_admin(self, user_id: int) -> bool:
        rows = await self.db.fetchall(
            "SELECT channel, external_id FROM identities WHERE user_id = ?", (user_id,))
        return any(f"{r['channel']}:{r['external_id']}" in self.admins for r in rows)

    async def _membership(self, user_id: int) -> tuple[str, str] | None:
        row = await self.db.fetchone(
            "SELECT unit_id, role FROM memberships WHERE user_id = ?", (user_id,)
        )
        return None if row is None else (str(row["unit_id"]), str(row["role"]))

    async def deliver_to(self, user_id: int) -> DeliverTo:
        value = await self.db.fetchval("SELECT deliver_to FROM users WHERE id = ?", (user_id,))
        return DeliverTo.ALL if value == DeliverTo.ALL else DeliverTo.LAST

    async def set_deliver_to(self, user_id: int, value: DeliverTo) -> None:
        await self.db.execute("UPDATE users SET deliver_to = ? WHERE id = ?", (value, user_id))
