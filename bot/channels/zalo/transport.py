"""Sending on Zalo: one text part (split again if Zalo finds it too long), and Zalo as a
transport for ``bot.sender.OutboxSender`` (reminders, broadcasts, queued replies).

Faults as the real API means them: 429 asks to slow down (the whole channel pauses); 403 is a
refusal for this user (the Zalo identity is marked unreachable, as a block is); 401 means the
token was refused (the channel stops; the rows wait in the outbox); 400/404 refuse the message
itself; 408, 5xx and the network are tried again later.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.channels.menus import InputState, TextMenus, notice_batch
from bot.channels.text import numbering
from bot.channels.zalo.client import Backoff, ZaloApi, ZaloApiError
from bot.channels.zalo.render import halves, render_parts, utf16_len
from bot.channels.zalo.updates import CHANNEL
from bot.i18n import language
from bot.port import Reply
from bot.sender import (
    DeliveryError,
    PermanentFailure,
    RecipientBlocked,
    RetryLater,
    TransientFailure,
)
from bot.users import UserRepo

log = logging.getLogger(__name__)

RESPLIT_FROM = 600  # a refused part at least this long (UTF-16 units) is split and sent again


async def send_text(api: ZaloApi, chat: str, text: str) -> None:
    """Send one part. A 400 for a long part is taken as "too long" (Zalo may count differently
    than documented): it is split in two and each half sent, never dropped."""
    try:
        await api.send_message(chat, text)
    except ZaloApiError as exc:
        if exc.code != 400 or utf16_len(text) < RESPLIT_FROM:
            raise
        parts = halves(text)
        if len(parts) < 2:
            raise
        log.info("Zalo refused a part of %d units (%s); sending it in %d", utf16_len(text),
                 exc.code, len(parts))
        for part in parts:
            await send_text(api, chat, part)


def delivery_error(exc: ZaloApiError, backoff: Backoff) -> DeliveryError:
    if exc.code == 429:
        return RetryLater(backoff.quota_pause)
    if exc.forbidden:
        return RecipientBlocked(str(exc))
    if exc.unauthorized:
        return RetryLater(backoff.cap)  # the channel stops; the row waits for a good token
    if exc.code in (400, 404):
        return PermanentFailure(str(exc))
    return TransientFailure(str(exc))


class ZaloTransport:
    """Zalo as a transport for ``OutboxSender``: reminders and broadcasts as numbered text."""

    name = CHANNEL

    def __init__(self, api: ZaloApi, menus: TextMenus, users: UserRepo,
                 now: Callable[[], dt.datetime], backoff: Backoff | None = None, *,
                 state: InputState | None = None,
                 on_unauthorized: Callable[[ZaloApiError], None] | None = None) -> None:
        self.api = api
        self.menus = menus
        self.users = users
        self.now = now
        self.backoff = backoff or Backoff()
        self.state = state
        self.on_unauthorized = on_unauthorized

    async def deliver(self, external_id: str, reply: Reply) -> None:
        user = await self.users.by_identity(CHANNEL, external_id)
        batch, notice = [reply], True
        if self.state is not None:
            batch, notice = await notice_batch(self.state, CHANNEL, external_id, reply)
        with language(user.language if user else None):  # the "(Reply with 1 …)" hint
            parts = [part for r, start in zip(batch, numbering(batch), strict=True)
                     for part in render_parts(r, start)]
        try:
            for part in parts:
                await send_text(self.api, external_id, part)
        except ZaloApiError as exc:
            if exc.unauthorized and self.on_unauthorized is not None:
                self.on_unauthorized(exc)
            raise delivery_error(exc, self.backoff) from exc
        await self.menus.after(external_id, batch, self.now(), notice=notice)
