"""/link and /channels: one person on Telegram and Zalo (and the console) is one user.

``/link`` on app A shows a short one-time code, valid ``CODE_TTL``; ``/link CODE`` on app B
joins B's account to A's: B's identities move to A's user, and B's user is deleted. If B was
still registering (or is registered but has done nothing yet), nothing is lost. If both
accounts hold work (reports, drafts …) or are registered in different units or roles, the link
is refused with a clear message rather than losing or silently overriding anything.

``/link CODE`` also works before registering: a new Zalo user who already uses the bot on
Telegram needs no join code. (The onboarding flow is wrapped for that; see ``register``.)

Codes are kept as hashes, used once, void after ``CODE_TTL`` or when a new one is asked for,
compared in constant time; wrong codes count like wrong join codes (``[onboarding]
max_code_attempts`` within ``lockout_minutes``).

``/channels`` sets where reminders and announcements reach a person with several apps: only
the app they used last (``users.deliver_to = 'last'``, the default) or every linked app
(``'all'``); ``Outbox.enqueue`` reads it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from bot.features.roles import describe_membership
from bot.i18n import N_, _, set_language
from bot.models import User
from bot.port import Button, InKind, Reply
from bot.registry import Ctx, Handler
from bot.services import Services
from bot.storage.db import Database

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: nothing to misread
CODE_LENGTH = 6
CODE_TTL = dt.timedelta(minutes=10)
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "Console"}

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


def register(services: Services) -> None:
    """Register after onboarding: ``/link CODE`` is let through the onboarding flow."""
    r = services.registry
    r.command("link", N_("Use the bot on both Telegram and Zalo: link your accounts"), link)
    r.command("channels", N_("Where reminders reach you: the app you used last, or all"),
              channels)
    r.action("chan:", choose_delivery)
    flow = r.flows.get("onboarding")
    if flow is not None:
        r.flow(flow.name, _let_link_through(flow.on_text), flow.on_file)


def _let_link_through(on_text: Handler) -> Handler:
    async def on_input(ctx: Ctx) -> list[Reply]:
        inc = ctx.incoming
        if inc.kind is InKind.COMMAND and inc.command == "link":
            if inc.text.strip():
                return await redeem(ctx)
            return [Reply(_("To link this app to the account you already have, send /link on "
                            "the app where you are registered, then send the code here: "
                            "<code>/link CODE</code>."))]
        return await on_text(ctx)

    return on_input


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
                 admins: frozenset[str] = frozenset()) -> None:
        self.db = db
        self.admins = admins  # "channel:external_id" of office admins (the config)
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

    async def deliver_to(self, user_id: int) -> str:
        value = await self.db.fetchval("SELECT deliver_to FROM users WHERE id = ?", (user_id,))
        return str(value or "last")

    async def set_deliver_to(self, user_id: int, value: str) -> None:
        if value not in ("last", "all"):
            raise ValueError(value)
        await self.db.execute("UPDATE users SET deliver_to = ? WHERE id = ?", (value, user_id))


def repo(services: Services) -> LinkRepo:
    settings = services.config.onboarding
    return LinkRepo(services.db, max_failures=settings.max_code_attempts,
                    lockout=dt.timedelta(minutes=settings.lockout_minutes),
                    admins=frozenset(services.config.bot.admins))


def channel_name(channel: str) -> str:
    return CHANNEL_NAMES.get(channel, channel.capitalize())


# --- /link ---------------------------------------------------------------------------------


async def link(ctx: Ctx) -> list[Reply]:
    if ctx.incoming.text.strip():
        return await redeem(ctx)
    code = await repo(ctx.services).issue(ctx.user.id, ctx.incoming.channel, ctx.now)
    minutes = int(CODE_TTL.total_seconds() // 60)
    return [Reply("\n".join([
        _("Your link code: <b>{code}</b> (valid for {minutes} minutes, once).").format(
            code=code, minutes=minutes),
        _("On your other app (Telegram or Zalo), send this to the bot:"),
        f"<code>/link {code}</code>",
        _("Your reports, reminders and role then belong to one account on both apps."),
    ]))]


async def redeem(ctx: Ctx) -> list[Reply]:
    links = repo(ctx.services)
    result = await links.redeem(ctx.incoming.text, ctx.user, ctx.incoming.channel, ctx.now)
    if result.outcome is Outcome.LINKED and result.user_id is not None:
        await ctx.services.audit.record(
            result.user_id, "linked",
            {"channel": ctx.incoming.channel, "merged_user": ctx.user.id}, ctx.now,
        )
        user = await ctx.services.users.get(result.user_id)
        assert user is not None
        set_language(user.language)
        idents = await ctx.services.users.identities(user.id)
        apps = ", ".join(sorted({channel_name(i["channel"]) for i in idents}))
        return [Reply("\n".join([
            _("Linked. {apps} now reach the same account: {name}, {membership}.").format(
                apps=escape(apps), name=escape(user.full_name or "—"),
                membership=describe_membership(user)),
            _("Reminders and announcements reach you once, on the app you used last. To get "
              "them on every app, send /channels."),
        ]))]
    if result.outcome is Outcome.SAME:
        return [Reply(_("This code belongs to this same account. Send it on your other app."))]
    if result.outcome is Outcome.LOCKED:
        minutes = max(1, int(((result.retry_after or ctx.now) - ctx.now).total_seconds()
                             // 60) + 1)
        return [Reply(_("Too many wrong link codes. Please wait {minutes} minutes, then ask "
                        "for a new code with /link on your other app.").format(minutes=minutes))]
    if result.outcome is Outcome.DIFFERENT_ROLES:
        return [Reply(_("These two accounts are registered in different units or roles, so I "
                        "can't join them. Please ask the office to help."))]
    if result.outcome is Outcome.ADMIN:
        await ctx.services.audit.record(ctx.user.id, "link_refused", {"reason": "admin"},
                                        ctx.now)
        return [Reply(_("An office admin's account cannot be linked with another account, so "
                        "nothing was changed. To use the bot as an admin on another app too, "
                        "add that app's id to the admin list (BOT_ADMIN_IDS)."))]
    if result.outcome is Outcome.BOTH_HAVE_DATA:
        return [Reply(_("Both accounts already hold reports or other work, so I can't join "
                        "them without losing something. Nothing was changed. Please ask the "
                        "office to help."))]
    return [Reply(_("That link code is not right, or it has expired. Send /link on your other "
                    "app to get a new code, then send it here within {minutes} minutes.").format(
                        minutes=int(CODE_TTL.total_seconds() // 60)))]


# --- /channels -----------------------------------------------------------------------------


def delivery_buttons(current: str) -> list[list[Button]]:
    mark = {"last": "", "all": ""}
    mark[current] = "✓ "
    return [
        [Button(mark["last"] + _("Only the app I used last"), "chan:last")],
        [Button(mark["all"] + _("Every linked app"), "chan:all")],
    ]


async def channels(ctx: Ctx) -> list[Reply]:
    links = repo(ctx.services)
    current = await links.deliver_to(ctx.user.id)
    idents = await ctx.services.users.identities(ctx.user.id)
    apps = sorted({channel_name(i["channel"]) for i in idents})
    lines = [
        _("<b>Where reminders and announcements reach you</b>"),
        _("Your apps: {apps}").format(apps=escape(", ".join(apps))),
    ]
    if len(apps) < 2:
        lines.append(_("To use the bot on another app too, send /link here and the code "
                       "there."))
    return [Reply("\n".join(lines), buttons=delivery_buttons(current))]


async def choose_delivery(ctx: Ctx) -> list[Reply]:
    wanted = ctx.incoming.action.removeprefix("chan:")
    if wanted not in ("last", "all"):
        return [Reply(_("That button no longer works. Please start again from the menu: "
                        "/help"))]
    await repo(ctx.services).set_deliver_to(ctx.user.id, wanted)
    if wanted == "all":
        text = _("Saved: reminders and announcements reach you on every linked app.")
    else:
        text = _("Saved: reminders and announcements reach you once, on the app you used "
                 "last.")
    return [Reply(text, edit=True)]
