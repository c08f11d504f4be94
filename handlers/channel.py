"""Telegram as a ``bot.channels.runtime.Channel``: the PTB Application receives (long polling
or a webhook, both through the durable inbox) and ``handlers.updates`` converts and renders;
``run_channels`` registers the file downloader and starts the outbox sender."""

from __future__ import annotations

import asyncio

from bot.channels.runtime import sole_poller
from bot.config import Config
from bot.core import Core
from bot.port import Reply
from handlers.app import start_telegram, stop_telegram
from handlers.context import BotApplication
from handlers.convert import CHANNEL
from handlers.polling import DurablePolling
from handlers.transport import TelegramTransport
from handlers.webhook import WebhookReceiver


class TelegramChannel:
    name = CHANNEL
    recipient: str | None = None

    def __init__(self, app: BotApplication, config: Config, *, poll_timeout: int = 10) -> None:
        self.app, self.config, self.poll_timeout = app, config, poll_timeout
        self.transport = TelegramTransport(app.bot)
        self.ready = asyncio.Event()  # set once updates are being received

    async def download(self, file_id: str) -> bytes:
        return await self.transport.download(file_id)

    async def deliver(self, external_id: str, reply: Reply) -> None:
        await self.transport.deliver(external_id, reply)

    async def run(self, stop: asyncio.Event) -> None:
        """Receive until ``stop`` is set; raises when Telegram refuses the token, at start or
        while polling."""
        if self.config.telegram.mode == "polling":
            core: Core = self.app.bot_data["core"]
            async with sole_poller(core.db, CHANNEL):
                await self._receive(stop)
        else:
            await self._receive(stop)

    async def _receive(self, stop: asyncio.Event) -> None:
        receiver: DurablePolling | WebhookReceiver | None = None
        try:
            receiver = await start_telegram(self.app, self.config,
                                            poll_timeout=self.poll_timeout)
            self.ready.set()
            polling = receiver.task if isinstance(receiver, DurablePolling) else None
            waiters: set[asyncio.Future[object]] = {asyncio.ensure_future(stop.wait())}
            if polling is not None:
                waiters.add(polling)  # type: ignore[arg-type]
            done, _pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters - {polling}:
                waiter.cancel()
            if polling is not None and polling in done and not polling.cancelled():
                error = polling.exception()
                if error is not None:
                    raise error
        finally:
            self.ready.clear()
            await stop_telegram(self.app, receiver)

    async def started(self, running: asyncio.Task[None], timeout: float = 30.0) -> None:
        """Wait until updates are being received, or raise what stopped ``running``."""
        ready = asyncio.ensure_future(self.ready.wait())
        await asyncio.wait({ready, running}, timeout=timeout,
                           return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            if running.done():
                running.result()
            raise TimeoutError("Telegram did not start")
