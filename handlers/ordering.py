"""PTB's concurrent updates, ordered per chat by the core's ``OrderedPool``.

PTB hands every update to ``do_process_update`` as it arrives; the pool runs updates of
different chats at the same time (at most its limit) and one chat's updates in arrival order.
PTB's own bound is set far above the pool's, so updates queue in the pool (where a busy chat
cannot hold every slot), not in PTB's semaphore.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.concurrency import OrderedPool

PTB_BOUND = 100_000


def chat_key(update: object) -> str:
    """Updates of one chat share a key (one person, in a private chat); others are alone."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return f"chat:{update.effective_chat.id}"
        if update.effective_user is not None:
            return f"user:{update.effective_user.id}"
        return f"update:{update.update_id}"
    return f"object:{id(update)}"


class PerChatProcessor(BaseUpdateProcessor):
    def __init__(self, pool: OrderedPool) -> None:
        super().__init__(max_concurrent_updates=PTB_BOUND)
        self.pool = pool

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await self.pool.run(chat_key(update), lambda: coroutine)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        await self.pool.join()
