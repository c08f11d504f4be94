"""The repository of conversations: where each user is in a multi-step flow, kept in the
database so a restart resumes it.

While an update is handled (``Database.deferring``), its conversation writes are kept for the
one transaction that ends the update, with its dedupe: the state and the "handled" mark are
written together or not at all. Reads in the same update see them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from bot.storage.db import Database, current_deferred


@dataclass
class Conversation:
    flow: str
    state: str
    data: dict[str, Any] = field(default_factory=dict)


_SET = ("INSERT INTO conversations (user_id, flow, state, data, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET flow = excluded.flow,"
        " state = excluded.state, data = excluded.data, updated_at = excluded.updated_at")
_CLEAR = "DELETE FROM conversations WHERE user_id = ?"
_LEAVE = "DELETE FROM conversations WHERE user_id = ? AND flow = ?"
_UNKNOWN = object()  # a deferred write whose outcome depends on the stored row


def _copy(conv: Conversation | None) -> Conversation | None:
    """What a read from the database would return: a fresh object."""
    if conv is None:
        return None
    return Conversation(conv.flow, conv.state, json.loads(json.dumps(conv.data)))


class ConversationRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> Conversation | None:
        deferred = self.db.deferred()
        if deferred is not None:
            known = deferred.notes.get(("conversation", user_id))
            if known is _UNKNOWN:
                await self.db.write_deferred()
                deferred.notes.clear()
            elif ("conversation", user_id) in deferred.notes:
                return _copy(known)
        row = await self.db.fetchone(
            "SELECT flow, state, data FROM conversations WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return Conversation(row["flow"], row["state"], json.loads(row["data"]))

    async def set(self, user_id: int, conv: Conversation, now: dt.datetime) -> None:
        params = (user_id, conv.flow, conv.state, json.dumps(conv.data, ensure_ascii=False),
                  now.isoformat())
        await self._write(user_id, _SET, params, _copy(conv))

    async def clear(self, user_id: int) -> None:
        await self._write(user_id, _CLEAR, (user_id,), None)

    async def leave(self, user_id: int, flow: str) -> None:
        """End ``flow`` for the user, if that is the flow they are in."""
        deferred = self.db.deferred()
        known = deferred.notes.get(("conversation", user_id), _UNKNOWN) if deferred else None
        if isinstance(known, Conversation) and known.flow != flow:
            return  # in another flow, as this update left it
        after = None if isinstance(known, Conversation) or known is None else _UNKNOWN
        await self._write(user_id, _LEAVE, (user_id, flow), after)

    async def _write(self, user_id: int, sql: str, params: tuple[object, ...],
                     after: object) -> None:
        """Deferred to the end of the update when one is being handled (``after``: the
        user's conversation once it is written), else written at once."""
        deferred = self.db.deferred()
        if deferred is not None:
            deferred.statements.append((sql, params))
            deferred.notes[("conversation", user_id)] = after
            return
        await self.db.execute(sql, params)
        found = current_deferred()
        if found is not None:  # written inside a transaction: what was noted is older
            found.notes.pop(("conversation", user_id), None)

    async def data_in(self, flow: str) -> list[str]:
        """The saved data (JSON, as stored) of everyone in ``flow``."""
        await self.db.write_deferred()
        rows = await self.db.fetchall("SELECT data FROM conversations WHERE flow = ?", (flow,))
        return [str(r["data"]) for r in rows]
