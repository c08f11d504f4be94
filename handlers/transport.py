"""Telegram as a transport for the outbox sender, and as a file source for the core."""

from __future__ import annotations

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.port import Reply
from bot.sender import PermanentFailure, RecipientBlocked, RetryLater, TransientFailure
from handlers.render import send_reply


class TelegramTransport:
    name = "telegram"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def deliver(self, external_id: str, reply: Reply) -> None:
        try:
            await send_reply(self.bot, int(external_id), reply)
        except RetryAfter as exc:
            delay = exc.retry_after
            seconds = delay if isinstance(delay, int | float) else delay.total_seconds()
            raise RetryLater(float(seconds)) from exc
        except Forbidden as exc:
            raise RecipientBlocked(str(exc)) from exc
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                raise RecipientBlocked(str(exc)) from exc
            raise PermanentFailure(str(exc)) from exc
        except (TimedOut, NetworkError) as exc:
            raise TransientFailure(str(exc)) from exc

    async def download(self, file_id: str) -> bytes:
        file = await self.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())
