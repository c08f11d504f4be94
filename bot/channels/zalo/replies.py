"""Sending the replies to a Zalo update: numbered plain text, each part tried as the API asks
(``Backoff``), then the shared policy of ``bot.channels.replies`` (what cannot get through is
queued in the outbox; a 403 marks the user unreachable; a refused part is logged)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.channels.replies import send_in_order
from bot.channels.text import numbering
from bot.channels.zalo.client import Backoff, ZaloApi, ZaloApiError
from bot.channels.zalo.poller import sleep_unless
from bot.channels.zalo.render import render_parts
from bot.channels.zalo.transport import send_text
from bot.channels.zalo.updates import CHANNEL
from bot.i18n import language
from bot.outbox import Outbox
from bot.port import Reply
from bot.sender import PermanentFailure, RecipientBlocked, RetryLater, TransientFailure
from bot.users import UserRepo

log = logging.getLogger(__name__)


class ZaloReplies:
    def __init__(self, api: ZaloApi, outbox: Outbox, users: UserRepo, backoff: Backoff,
                 halt: asyncio.Event, on_unauthorized: Callable[[ZaloApiError], None]) -> None:
        self.api, self.outbox, self.users, self.backoff = api, outbox, users, backoff
        self.halt = halt  # set when the channel stops: no more waiting between tries
        self.on_unauthorized = on_unauthorized

    async def send(self, chat: str, replies: list[Reply], lang: str, *,
                   update_key: str | None = None) -> None:
        """Send each reply in order, its choices numbered on from the reply before."""
        starts = numbering(replies)

        async def send_one(index: int, reply: Reply) -> None:
            with language(lang):
                parts = render_parts(reply, starts[index])
            for part in parts:
                await self._send_part(chat, part)

        await send_in_order(self.outbox, self.users, CHANNEL, chat, replies, send_one,
                            update_key=update_key)

    async def _send_part(self, chat: str, text: str) -> None:
        attempts = max(1, self.backoff.attempts)
        for attempt in range(attempts):
            try:
                await send_text(self.api, chat, text)
                return
            except ZaloApiError as exc:
                if exc.unauthorized:
                    self.on_unauthorized(exc)
                    raise RetryLater(self.backoff.cap) from exc
                if exc.forbidden:
                    raise RecipientBlocked(str(exc)) from exc
                if not exc.retryable:
                    raise PermanentFailure(str(exc.code)) from exc
                if attempt == attempts - 1:
                    raise TransientFailure(f"not sent after {attempts} tries ({exc.code})") \
                        from exc
                await sleep_unless(self.halt, self.backoff.delay(attempt, exc.code))
