"""The Telegram webhook receiver: our own small aiohttp server instead of PTB's, so that the
secret is compared in constant time before anything is parsed, and each update is written to
the inbox before Telegram is told it arrived (a 200)."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from datetime import datetime

from aiohttp import web
from telegram import Update

from bot.config import TelegramSettings
from bot.inbox import Inbox
from handlers.context import BotApplication
from handlers.convert import CHANNEL

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/telegram"
MAX_BODY = 1024 * 1024


class WebhookReceiver:
    def __init__(self, app: BotApplication, inbox: Inbox, settings: TelegramSettings,
                 now: Callable[[], datetime]) -> None:
        self.app, self.inbox, self.settings, self.now = app, inbox, settings, now
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._unlisten: Callable[[], None] = lambda: None

    async def start(self) -> None:
        server = web.Application(client_max_size=MAX_BODY)
        server.router.add_post(PATH, self._on_post)
        self._runner = web.AppRunner(server, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.webhook_listen, self.settings.webhook_port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        await self._take_over(await self.inbox.pending(CHANNEL))
        self._unlisten = self.inbox.receive_orphans(CHANNEL, self._take_over)
        await self.app.bot.set_webhook(self.settings.webhook_url,
                                       secret_token=self.settings.webhook_secret)
        log.info("Telegram webhook listening on %s:%s%s", self.settings.webhook_listen,
                 self.port, PATH)

    async def _take_over(self, left: list[tuple[str, str]]) -> None:
        """Handle updates a stopped run or worker left in the inbox."""
        for _key, payload in left:
            update = Update.de_json(json.loads(payload), self.app.bot)
            if update is not None:
                await self.app.update_queue.put(update)

    async def stop(self) -> None:
        self._unlisten()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.settings.webhook_secret.encode()):
            return web.Response(status=403, text="Forbidden")
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, self.app.bot)
        except Exception:
            return web.Response(status=400, text="Bad update")
        if update is None:
            return web.Response(status=400, text="Bad update")
        new = await self.inbox.keep(CHANNEL, [(str(update.update_id),
                                               json.dumps(data, ensure_ascii=False))], self.now())
        if new:  # else another worker received it first and handles it
            await self.app.update_queue.put(update)
        return web.Response(status=200, text="ok")
