"""People, their identities on each channel and their unit memberships.

Linking one person's accounts across channels (merging two users, the delivery choice) writes
these tables too, from ``bot.features.linking.LinkRepo``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.collation import sort_key
from bot.conversations import Conversation
from bot.i18n import normalize_language
from bot.models import Role, User
from bot.storage.db import Database, Params, Row
from bot.textsafe import clean_name
from bot.units import unit_from_row

_USER_SQL = """
SELECT u.*, m.role AS m_role, un.id AS un_id, un.name AS un_name, un.type AS un_type,
       un.staff_join_code AS un_staff, un.leader_join_code AS un_leader, un.active AS un_active
FROM users u
LEFT JOIN memberships m ON m.user_id = u.id
LEFT JOIN units un ON un.id = m.unit_id
"""


# One query for an update: the sender's identity, user, unit, role, every identity (for the
# admin check), the flow they are in, and whether the update was handled already.
_RESOLVE_SQL = """
SELECT u.*, m.role AS m_role, un.id AS un_id, un.name AS un_name, un.type AS un_type,
       un.staff_join_code AS un_staff, un.leader_join_code AS un_leader, un.active AS un_active,
       (SELECT {identities} FROM identities i2 WHERE i2.user_id = u.id) AS i_all,
       c.flow AS c_flow, c.state AS c_state, c.data AS c_data,
       EXISTS (SELECT 1 FROM processed_updates p WHERE p.channel = ? AND p.update_key = ?)
         AS seen
FROM identities i JOIN users u ON u.id = i.user_id
LEFT JOIN memberships m ON m.user_id = u.id
LEFT JOIN units un ON un.id = m.unit_id
LEFT JOIN conversations c ON c.user_id = u.id
WHERE i.channel = ? AND i.external_id = ?
"""


@dataclass
class Resolved:
    """The sender of an update, read in one query, and the writes that record their visit
    (run with the other end-of-update writes)."""

    user: User
    created: bool
    seen: bool  # the update was handled to the end before (a redelivery)
    conversation: Conversation | None
    writes: list[tuple[str, Params]] = field(default_factory=list)


class UserRepo:
    def __init__(self, db: Database, admins: Iterable[str] = ()) -> None:
        self.db = db
        self.admins = frozenset(admins)  # "channel:external_id"
        self.changes = 0  # counts writes to people (name, language, unit, role, links …)
        self._resolve_sql = _RESOLVE_SQL.format(
            identities=db.joined("i2.channel || ':' || i2.external_id"))

    def note_change(self) -> None:
        """Someone's name, language, unit, role or identities changed (also called by the
        SQL that merges accounts): a user read before is read again."""
        self.changes += 1

    async def resolve(
        self, channel: str, external_id: str, display_name: str, language_code: str | None,
        now: dt.datetime,
    ) -> tuple[User, bool]:
        """The user behind this identity, created on first contact; True when just created."""
        found = await self.resolve_update(channel, external_id, display_name, language_code,
                                          now)
        await self.db.batch(found.writes)
        return found.user, found.created

    async def resolve_update(
        self, channel: str, external_id: str, display_name: str, language_code: str | None,
        now: dt.datetime, update_key: str | None = None,
    ) -> Resolved:
        """``resolve`` for an update, in one query for someone known: also whether the update
        was handled before and the flow they are in. Recording the visit (last seen, the name
        as now shown, unblocked) is left in ``writes`` for the caller to batch."""
        display_name = clean_name(display_name)[:200]
        row = await self.db.fetchone(self._resolve_sql,
                                     (channel, update_key, channel, external_id))
        if row is None:
            return await self._first_contact(channel, external_id, display_name, language_code,
                                             now, update_key)
        user = self._build(row, str(row["i_all"] or "").split("\n"))
        writes: list[tuple[str, Params]] = [(
            "UPDATE identities SET last_seen_at = ?, display_name = ?, blocked = 0"
            " WHERE channel = ? AND external_id = ?",
            (now.isoformat(), display_name, channel, external_id))]
        if not user.active:  # they wrote to us, so they unblocked the bot
            writes.append(("UPDATE users SET active = 1 WHERE id = ?", (user.id,)))
            user = dataclasses.replace(user, active=True)
        conversation = None
        if row["c_flow"] is not None:
            conversation = Conversation(row["c_flow"], row["c_state"], json.loads(row["c_data"]))
        return Resolved(user, False, bool(row["seen"]), conversation, writes)

    async def _first_contact(
        self, channel: str, external_id: str, display_name: str, language_code: str | None,
        now: dt.datetime, update_key: str | None,
    ) -> Resolved:
        async with self.db.transaction():
            user_id = await self.db.fetchval(
                "INSERT INTO users (language, created_at) VALUES (?, ?) RETURNING id",
                (normalize_language(language_code), now.isoformat()),
            )
            await self.db.execute(
                "INSERT INTO identities (channel, external_id, user_id, display_name,"
                " last_seen_at) VALUES (?, ?, ?, ?, ?)",
                (channel, external_id, user_id, display_name, now.isoformat()),
            )
            seen = update_key is not None and bool(await self.db.fetchval(
                "SELECT 1 FROM processed_updates WHERE channel = ? AND update_key = ?",
                (channel, update_key)))
        self.note_change()
        user = await self.get(user_id)
        assert user is not None
        return Resolved(user, True, seen, None)

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetchone(_USER_SQL + " WHERE u.id = ?", (user_id,))
        if row is None:
            return None
        return await self._user(row)

    async def _user(self, row: Row) -> User:
        idents = await self.db.fetchall(
            "SELECT channel, external_id FROM identities WHERE user_id = ?", (row["id"],)
        )
        return self._build(row, [f"{i['channel']}:{i['external_id']}" for i in idents])

    def _build(self, row: Any, identities: list[str]) -> User:
        is_admin = any(ident in self.admins for ident in identities)
        unit = None
        if row["un_id"] and row["un_active"]:  # a retired unit's members keep no role
            unit = unit_from_row(
                {
                    "id": row["un_id"], "name": row["un_name"], "type": row["un_type"],
                    "staff_join_code": row["un_staff"], "leader_join_code": row["un_leader"],
                    "active": row["un_active"],
                }
            )
        return User(
            id=row["id"],
            full_name=row["full_name"],
            language=row["language"],
            unit=unit,
            role=Role(row["m_role"]) if row["m_role"] and row["un_active"] else None,
            is_admin=is_admin,
            active=bool(row["active"]),
            # someone in no (active) unit and not an admin registers again: removed from their
            # unit, or their unit was retired
            onboarded=row["onboarded_at"] is not None and (is_admin or unit is not None),
        )

    async def set_name(self, user_id: int, name: str) -> None:
        await self.db.execute("UPDATE users SET full_name = ? WHERE id = ?",
                              (clean_name(name), user_id))
        self.note_change()

    async def set_language(self, user_id: int, lang: str) -> None:
        await self.db.execute(
            "UPDATE users SET language = ? WHERE id = ?", (normalize_language(lang), user_id)
        )
        self.note_change()

    async def set_active(self, user_id: int, active: bool) -> None:
        await self.db.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
        self.note_change()

    async def block_identity(self, channel: str, external_id: str) -> None:
        """The user blocked the bot on one channel: stop using it there; once every channel is
        blocked, the person counts as inactive."""
        self.note_change()
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE identities SET blocked = 1 WHERE channel = ? AND external_id = ?",
                (channel, external_id),
            )
            await self.db.execute(
                "UPDATE users SET active = 0 WHERE id = (SELECT user_id FROM identities"
                " WHERE channel = ? AND external_id = ?) AND NOT EXISTS (SELECT 1 FROM"
                " identities i2 WHERE i2.user_id = users.id AND i2.blocked = 0)",
                (channel, external_id),
            )

    async def join(self, user_id: int, unit_id: str, role: Role, now: dt.datetime) -> None:
        self.note_change()
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO memberships (user_id, unit_id, role, joined_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(user_id) DO UPDATE SET unit_id = excluded.unit_id,"
                " role = excluded.role, joined_at = excluded.joined_at",
                (user_id, unit_id, role.value, now.isoformat()),
            )
            await self.db.execute(
                "UPDATE users SET onboarded_at = COALESCE(onboarded_at, ?) WHERE id = ?",
                (now.isoformat(), user_id),
            )

    async def mark_onboarded(self, user_id: int, now: dt.datetime) -> None:
        await self.db.execute(
            "UPDATE users SET onboarded_at = COALESCE(onboarded_at, ?) WHERE id = ?",
            (now.isoformat(), user_id),
        )
        self.note_change()

    async def identities(self, user_id: int) -> list[Row]:
        return await self.db.fetchall(
            "SELECT * FROM identities WHERE user_id = ? ORDER BY last_seen_at DESC", (user_id,)
        )

    async def by_identity(self, channel: str, external_id: str) -> User | None:
        uid = await self.db.fetchval(
            "SELECT user_id FROM identities WHERE channel = ? AND external_id = ?",
            (channel, external_id),
        )
        return await self.get(uid) if uid is not None else None

    async def members(
        self, *, unit_ids: Iterable[str] | None = None, roles: Iterable[Role] | None = None,
        unit_types: Iterable[str] | None = None, active_only: bool = True,
    ) -> list[int]:
        """User ids of onboarded unit members matching every filter given."""
        sql = (
            "SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id"
            " JOIN units un ON un.id = m.unit_id WHERE u.onboarded_at IS NOT NULL"
            " AND un.active = 1"
        )
        params: list[object] = []
        for column, values in (
            ("m.unit_id", unit_ids), ("m.role", roles), ("un.type", unit_types)
        ):
            if values is not None:
                vals = [getattr(v, "value", v) for v in values]
                sql += f" AND {column} IN ({','.join('?' * len(vals)) or 'NULL'})"
                params += vals
        if active_only:
            sql += " AND u.active = 1"
        return [r["id"] for r in await self.db.fetchall(sql + " ORDER BY u.id", params)]

    async def leaders_of(self, unit_id: str) -> list[int]:
        return await self.members(unit_ids=[unit_id], roles=[Role.LEADER])

    async def admin_ids(self) -> list[int]:
        """Users whose identity is listed as an admin in the config."""
        rows = await self.db.fetchall("SELECT channel, external_id, user_id FROM identities")
        return sorted(
            {r["user_id"] for r in rows if f"{r['channel']}:{r['external_id']}" in self.admins}
        )

    async def all_ids(self, *, active_only: bool = True) -> list[int]:
        sql = ("SELECT id FROM users WHERE onboarded_at IS NOT NULL AND EXISTS (SELECT 1"
               " FROM memberships m JOIN units un ON un.id = m.unit_id"
               " WHERE m.user_id = users.id AND un.active = 1)")  # admins: ``admin_ids``
        if active_only:
            sql += " AND active = 1"
        return [r["id"] for r in await self.db.fetchall(sql + " ORDER BY id")]

    async def unit_members(self, unit_id: str) -> list[tuple[int, str, Role]]:
        """(user id, name, role) of everyone in the unit, active or not: leaders, then staff,
        each in Vietnamese name order, the unnamed last; the same on every engine."""
        rows = await self.db.fetchall(
            "SELECT u.id, u.full_name, m.role FROM memberships m JOIN users u"
            " ON u.id = m.user_id WHERE m.unit_id = ?", (unit_id,))
        people = [(int(r["id"]), (r["full_name"] or "").strip(), Role(r["role"])) for r in rows]
        people.sort(key=lambda p: (p[2] != Role.LEADER, not p[1], sort_key(p[1]), p[0]))
        return [(uid, name or "—", role) for uid, name, role in people]

    async def membership(self, user_id: int) -> tuple[str, Role] | None:
        row = await self.db.fetchone(
            "SELECT unit_id, role FROM memberships WHERE user_id = ?", (user_id,))
        return None if row is None else (str(row["unit_id"]), Role(row["role"]))

    async def set_role(self, user_id: int, role: Role) -> bool:
        self.note_change()
        return bool(await self.db.execute(
            "UPDATE memberships SET role = ? WHERE user_id = ?", (role.value, user_id)))

    async def leave_unit(self, user_id: int) -> bool:
        """The person keeps their account and history (reports carry their unit), but no
        longer belongs to a unit, so has no role."""
        self.note_change()
        return bool(await self.db.execute("DELETE FROM memberships WHERE user_id = ?",
                                          (user_id,)))
