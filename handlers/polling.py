"""Long polling that is at-least-once: each batch from ``getUpdates`` is written to the inbox
before the next call confirms it to Telegram (the offset), and what a crash left in the inbox is
handled again at start. (PTB's own updater confirms a batch as soon as it is queued, so an
update being handled when the process dies would be lost.)"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from datetime import datetime

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.inbox import Inbox
from handlers.context import BotApplication
from handlers.convert import CHANNEL

log = logging.getLogger(__name__)

MAX_PAUSE = 30.0
STORE_PAUSE = 0.5


class DurablePolling:
    def __init__(self, app: BotApplication, inbox: Inbox, now: Callable[[], datetime], *,
                 timeout: int = 10) -> None:
        self.app, self.inbox, self.now = app, inbox, now
        self.timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self._replayed: set[int] = set()
        self._unlisten: Callable[[], None] = lambda: None

    async def start(self) -> None:
        await self.app.bot.delete_webhook(drop_pending_updates=False)
        left = await self.inbox.pending(CHANNEL)
        if left:
            log.info("handling %d update(s) left unhandled by the last run", len(left))
        await self._take_over(left)
        self._unlisten = self.inbox.receive_orphans(CHANNEL, self._take_over)
        self._task = asyncio.create_task(self._loop())

    async def _take_over(self, left: list[tuple[str, str]]) -> None:
        """Handle updates a stopped run or worker left in the inbox."""
        for _key, payload in left:
            update = Update.de_json(json.loads(payload), self.app.bot)
            if update is not None:
                self._replayed.add(update.update_id)
                await self.app.update_queue.put(update)

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The polling loop; it ends only when stopped or when Telegram refuses the token."""
        return self._task

    async def stop(self) -> None:
        self._unlisten()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, InvalidToken):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        offset: int | None = None
        pause = 1.0
        while True:
            try:
                updates = await self.app.bot.get_updates(offset=offset, timeout=self.timeout)
            except InvalidToken:
                log.error("Telegram refused the bot token: polling stopped")
                raise
            except RetryAfter as exc:
                delay = exc.retry_after
                await asyncio.sleep(float(delay if isinstance(delay, int | float)
                                          else delay.total_seconds()))
                continue
            except TimedOut:
                continue
            except (Conflict, NetworkError) as exc:
                log.warning("getUpdates failed (%s): trying again in %.0fs",
                            type(exc).__name__, pause)
                await asyncio.sleep(pause)
                pause = min(MAX_PAUSE, pause * 2)
                continue
            pause = 1.0
            if not updates:
                continue
            try:
                await self.inbox.keep(
                    CHANNEL, [(str(u.update_id), json.dumps(u.to_dict(), ensure_ascii=False))
                              for u in updates], self.now())
            except Exception as exc:  # not stored, so not confirmed: Telegram sends them again
                log.error("could not store %d update(s): %s", len(updates), type(exc).__name__)
                await asyncio.sleep(STORE_PAUSE)
                continue
            offset = updates[-1].update_id + 1
            for update in updates:
                if update.update_id not in self._replayed:  # already queued from the inbox
                    await self.app.update_queue.put(update)
