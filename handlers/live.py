"""Messages that keep themselves up to date (a broadcast's progress), on Telegram: edited by
``bot.channels.live.follow`` until the core says they are finished."""

from __future__ import annotations

import logging

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.channels.live import DEFAULT_INTERVAL, Gone, follow
from bot.core import Core
from bot.port import Reply
from handlers.render import keyboard

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_INTERVAL", "keep_fresh"]


async def keep_fresh(core: Core, message: Message, key: str,
                     interval: float = DEFAULT_INTERVAL) -> None:
    async def edit(reply: Reply) -> bool:
        try:
            await message.edit_text(reply.text, parse_mode=ParseMode.HTML,
                                    reply_markup=keyboard(reply))
            return True
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return False
            log.warning("live message %s stopped: %s", key, exc)
            raise Gone from exc
        except TelegramError as exc:
            log.warning("live message %s: %s", key, exc)
            return False

    await follow(core.registry, key, message.text_html if message.text else "", edit, interval)
