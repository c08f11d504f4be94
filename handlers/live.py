"""Messages that keep themselves up to date (a broadcast's progress): edited every few
seconds until the core says they are finished."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.core import Core
from handlers.render import keyboard

log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 3.0


async def keep_fresh(services: Core, message: Message, key: str,
                     interval: float = DEFAULT_INTERVAL) -> None:
    view = services.registry.live_view(key)
    if view is None:
        return
    last_text = message.text_html if message.text else ""
    while True:
        await asyncio.sleep(interval)
        reply, finished = await view(key)
        if reply.text != last_text:
            try:
                await message.edit_text(reply.text, parse_mode=ParseMode.HTML,
                                        reply_markup=keyboard(reply))
                last_text = reply.text
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    log.warning("live message %s stopped: %s", key, exc)
                    return
            except TelegramError as exc:
                log.warning("live message %s: %s", key, exc)
        if finished:
            return
