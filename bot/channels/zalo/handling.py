"""A Zalo update into the core and its replies back: one update at a time per chat; a typed
number picks a choice of the numbered menu shown last (``bot.channels.menus``); after a failure
in the core, an honest apology and the question the user was answering."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from bot.channels.menus import InputState, TextMenus, read_typed
from bot.channels.zalo.client import ZaloApi, ZaloApiError
from bot.channels.zalo.replies import ZaloReplies
from bot.channels.zalo.updates import UNSUPPORTED_EVENT, event_of, incoming
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.i18n import _, current_language
from bot.port import Incoming, InKind, Reply

log = logging.getLogger(__name__)


class _ChatLock:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class UpdateHandler:
    def __init__(self, core: Core, api: ZaloApi, menus: TextMenus, state: InputState,
                 replies: ZaloReplies) -> None:
        self.core, self.api, self.menus, self.state, self.replies = (
            core, api, menus, state, replies)
        self.dispatcher = Dispatcher(core)
        self.bot_id: str | None = None  # the bot's own messages are dropped
        self._chat_locks: dict[str, _ChatLock] = {}
        self._background: set[asyncio.Task[Any]] = set()

    def incoming(self, update: Mapping[str, Any]) -> Incoming | None:
        return incoming(update, self.bot_id)

    async def handle_update(self, update: Mapping[str, Any]) -> list[Reply]:
        """Handle one update completely: the core, then the replies. Never raises."""
        try:
            inc = self.incoming(update)
        except Exception:
            log.exception("malformed Zalo update")
            return []
        if inc is None:
            return []
        chat = self._chat_locks.setdefault(inc.external_id, _ChatLock())
        chat.users += 1
        try:
            async with chat.lock:  # one update at a time per chat
                return await self._handle(inc, event_of(update))
        except Exception:
            log.exception("error handling Zalo update %s", inc.update_key)
            return []
        finally:
            chat.users -= 1
            if chat.users == 0:
                self._chat_locks.pop(inc.external_id, None)

    async def _handle(self, inc: Incoming, event: str) -> list[Reply]:
        chat = inc.external_id
        if inc.kind is InKind.TEXT:
            typed = await read_typed(self.state, self.menus, inc, self.core.now())
            if typed.stale:
                await self.menus.after(chat, typed.stale, self.core.now())
                await self.replies.send(chat, typed.stale, typed.language)
                return typed.stale
            inc = typed.incoming
            if inc.kind is InKind.TEXT:
                self._typing(chat)
        try:
            response = await self.dispatcher.handle(inc)
            replies = list(response.replies)
            onboarded = bool(response.user and response.user.onboarded)
        except Exception:
            log.exception("error handling Zalo update %s", inc.update_key)
            replies = await self._apology(inc)
            onboarded = False
        if replies and event == UNSUPPORTED_EVENT and onboarded:
            replies.append(Reply(_("On Zalo I can read text and photos. Please send evidence "
                                   "as a photo; for documents (PDF, Word, Excel) please use "
                                   "Telegram.")))
        lang = current_language()  # the dispatcher set the user's language
        await self.menus.after(chat, replies, self.core.now())
        await self.replies.send(chat, replies, lang, update_key=inc.update_key)
        return replies

    async def _apology(self, inc: Incoming) -> list[Reply]:
        """After a failure in the core: honest (the message may not have been saved), in the
        sender's language, then the question they were answering, so that sending it again
        fills the same field."""
        try:
            again = await self.dispatcher.current_step(inc)  # sets the sender's language
        except Exception as exc:  # the database may be what failed
            log.warning("no current step for Zalo update %s: %s", inc.update_key,
                        type(exc).__name__)
            again = []
        apology = Reply(_("Sorry, something went wrong on my side, and what you just sent may "
                          "not have been saved. Please send it again in a moment, or send "
                          "/help."))
        return [apology, *again]

    def _typing(self, chat: str) -> None:
        async def typing() -> None:
            with contextlib.suppress(ZaloApiError):
                await self.api.send_chat_action(chat, "typing")

        task = asyncio.create_task(typing())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
