"""Polled Zalo updates through the durable inbox and the core's pool.

Zalo counts an update as taken once ``getUpdates`` returned it, so each one is written to the
inbox (``bot.inbox``) before it is handled and removed once handled; what a crash left there is
handled first at the next start (the dispatcher's dedupe drops what had been handled to the
end). Kept updates go to the core's ``OrderedPool``: different chats at once, one chat's in
order, and polling runs ahead of handling by at most twice the pool's bound.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.channels.zalo.updates import CHANNEL
from bot.concurrency import OrderedPool
from bot.inbox import Inbox

log = logging.getLogger(__name__)

Handle = Callable[[Mapping[str, Any]], Awaitable[object]]


class PolledUpdates:
    def __init__(self, inbox: Inbox, pool: OrderedPool, handle: Handle,
                 now: Callable[[], dt.datetime]) -> None:
        self.inbox, self.pool, self.handle, self.now = inbox, pool, handle, now
        # updates handed to the pool and not yet handled, at most twice its bound
        self._room = asyncio.Semaphore(2 * pool.limit)
        self._in_flight: set[asyncio.Future[Any]] = set()

    async def take(self, update: Mapping[str, Any]) -> None:
        """Keep ``update`` in the inbox, then hand it to the pool; it leaves the inbox once
        handled. Returns when the pool has room. Should the inbox fail, the update is handled
        anyway: Zalo will not send it again."""
        key = inbox_key(update)
        kept = False
        try:
            await self.inbox.keep(CHANNEL, [(key, json.dumps(update, ensure_ascii=False))],
                                  self.now())
            kept = True
        except Exception as exc:
            log.error("Zalo update not kept in the inbox (%s): handling it anyway",
                      type(exc).__name__)
        await self._room.acquire()

        async def job() -> None:
            try:
                await self.handle(update)
                if kept:
                    try:
                        await self.inbox.done(CHANNEL, key)
                    except Exception as exc:  # handled again at the next start, deduplicated
                        log.warning("Zalo update stays in the inbox: %s", type(exc).__name__)
            finally:
                self._room.release()

        future = self.pool.submit(f"{CHANNEL}:{chat_of(update) or key}", job)
        self._in_flight.add(future)
        future.add_done_callback(self._in_flight.discard)

    async def finish(self) -> None:
        """Wait for the updates still being handled."""
        if self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)

    async def replay(self) -> int:
        """Handle, oldest first, what a crash left in the inbox; return how many."""
        left = await self.inbox.pending(CHANNEL)
        if left:
            log.info("Zalo: handling %d update(s) left unhandled by the last run", len(left))
        await self.take_over(left)
        return len(left)

    async def take_over(self, left: list[tuple[str, str]]) -> None:
        """Handle, oldest first, updates a stopped run or worker left in the inbox."""
        for key, payload in left:
            try:
                update = json.loads(payload)
            except ValueError:
                update = None
            if isinstance(update, dict):
                await self.handle(update)
            await self.inbox.done(CHANNEL, key)


def chat_of(update: Mapping[str, Any]) -> str | None:
    """The chat an update belongs to (its chat id, else its sender's), if it says."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    for part in ("chat", "from"):
        value = message.get(part)
        if isinstance(value, dict) and value.get("id"):
            return str(value["id"])
    return None


def inbox_key(update: Mapping[str, Any]) -> str:
    """The inbox key of a polled update: its message id (Zalo has no update id), else a digest
    of the update itself."""
    message = update.get("message")
    message_id = message.get("message_id") if isinstance(message, dict) else None
    if isinstance(message_id, str | int) and str(message_id):
        return f"m:{message_id}"
    body = json.dumps(update, sort_keys=True, ensure_ascii=False, default=str)
    return "h:" + hashlib.sha256(body.encode()).hexdigest()[:32]
