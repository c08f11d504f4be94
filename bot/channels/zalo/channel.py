"""The Zalo channel (``bot.channels.runtime.Channel``): receiving by long polling (``poller``)
or a webhook (``webhook``), updates handled by ``handling``, replies sent by ``replies``, queued
messages delivered by ``transport``. ``bot.channels.runtime.run_channels`` starts it with its
outbox sender and photo downloader.

Nothing a user typed is lost across a restart: the core keeps every user's state in SQLite,
written while the update is handled; polling keeps each update in the durable inbox until it
was handled (``polled``); the webhook spools events to disk before answering. Polled updates
are handled in the core's pool: different chats at once, one chat's in order. A reply that
still cannot be sent after the retries (429, 5xx, the network) is queued in the outbox and
sent later, like a reminder. A 403 marks the user unreachable on Zalo. A 401 (the token
refused) stops the channel with one line in the log; what could not be sent waits in the
outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.menus import InputState, TextMenus
from bot.channels.runtime import run_channels, sole_poller
from bot.channels.zalo.client import Backoff, ZaloApi, ZaloApiError, ZaloConfigError, download
from bot.channels.zalo.handling import UpdateHandler
from bot.channels.zalo.polled import PolledUpdates
from bot.channels.zalo.poller import Unauthorized, poll, sleep_unless
from bot.channels.zalo.replies import ZaloReplies
from bot.channels.zalo.transport import ZaloTransport
from bot.channels.zalo.updates import CHANNEL
from bot.channels.zalo.webhook import Spool, WebhookReceiver
from bot.config import ZaloSettings
from bot.core import Core
from bot.port import Incoming, Reply

log = logging.getLogger(__name__)

T = TypeVar("T")


def spool_folder(core: Core) -> Path:
    return Path(core.config.bot.database).parent / "zalo-webhook-spool"


class ZaloChannel:
    name = CHANNEL
    recipient: str | None = None
    download = staticmethod(download)  # a photo's URL, fetched (``client``)

    def __init__(
        self, core: Core, settings: ZaloSettings | None = None, *,
        api: ZaloApi | None = None, poll_timeout: float = 10.0, backoff: Backoff | None = None,
    ) -> None:
        self.core = core
        self.settings = settings or core.config.zalo
        self.api = api or ZaloApi(self.settings.token, self.settings.api_base_url)
        self.poll_timeout = poll_timeout
        self.backoff = backoff or Backoff()
        self.menus = TextMenus(core.db, CHANNEL)
        self.state = InputState(core)
        self.transport = ZaloTransport(self.api, self.menus, core.users, core.now,
                                       self.backoff, state=self.state,
                                       on_unauthorized=self._refused)
        self._halt = asyncio.Event()
        self.replies = ZaloReplies(self.api, core.outbox, core.users, self.backoff, self._halt,
                                   self._refused)
        self.handler = UpdateHandler(core, self.api, self.menus, self.state, self.replies)
        self.polled = PolledUpdates(core.inbox, core.updates, self.handle_update, core.now)
        self.ready = asyncio.Event()  # set once updates are being received
        self.webhook_port: int | None = None  # the port actually bound in webhook mode
        self.refused: ZaloApiError | None = None  # the 401 that stopped the channel

    @property
    def webhook_path(self) -> str:
        return urlsplit(self.settings.webhook_url).path or "/zalo"

    @property
    def bot_id(self) -> str | None:
        return self.handler.bot_id

    @bot_id.setter
    def bot_id(self, value: str | None) -> None:
        self.handler.bot_id = value

    async def deliver(self, external_id: str, reply: Reply) -> None:
        await self.transport.deliver(external_id, reply)

    def incoming(self, update: Mapping[str, Any]) -> Incoming | None:
        return self.handler.incoming(update)

    async def handle_update(self, update: Mapping[str, Any]) -> list[Reply]:
        return await self.handler.handle_update(update)

    async def send_replies(self, chat: str, replies: list[Reply], lang: str) -> None:
        await self.replies.send(chat, replies, lang)

    def _refused(self, exc: ZaloApiError) -> None:
        """The token was refused (401): stop the channel, saying so once."""
        if self.refused is None:
            self.refused = exc
            log.error("Zalo refused the bot token (401: %s); the Zalo channel stops. Check "
                      "ZALO_BOT_TOKEN or [zalo] token.", self.api.redact(exc.description))
        self._halt.set()

    def check_settings(self) -> None:
        s = self.settings
        if not s.token:
            raise ZaloConfigError("no Zalo token: set ZALO_BOT_TOKEN or [zalo] token")
        if s.mode == "webhook":
            url = urlsplit(s.webhook_url)
            if url.scheme != "https" or not url.netloc:
                raise ZaloConfigError('[zalo] webhook_url must be an https:// URL when mode = '
                                      '"webhook" (Zalo only calls HTTPS webhooks)')
            if not 8 <= len(s.webhook_secret) <= 256:
                raise ZaloConfigError("[zalo] webhook mode needs a webhook_secret of 8-256 "
                                      "characters (ZALO_WEBHOOK_SECRET)")

    async def run(self, stop: asyncio.Event) -> None:
        """Receive until ``stop`` is set (then finish the update in hand), or until Zalo
        refuses the token."""
        self.check_settings()
        self._halt.clear()
        relay = asyncio.create_task(self._relay(stop))
        try:
            if not await self._identify():
                return
            if self.settings.mode == "webhook":
                await self._serve_webhook()
            else:
                async with sole_poller(self.core.db, CHANNEL):
                    await self._poll()
        except Unauthorized as exc:
            self._refused(exc.error)
        finally:
            relay.cancel()
            await asyncio.gather(relay, return_exceptions=True)
            await self.handler.close()
            await self.api.close()
            self.ready.clear()

    async def _poll(self) -> None:
        await self.polled.replay()
        unlisten = self.polled.inbox.receive_orphans(CHANNEL, self.polled.take_over)
        try:
            await poll(self.api, self.polled.take, self._halt, timeout=self.poll_timeout,
                       backoff=self.backoff, ready=self.ready)
        finally:
            unlisten()
            await self.polled.finish()

    async def _relay(self, stop: asyncio.Event) -> None:
        await stop.wait()
        self._halt.set()

    async def _retrying(self, what: str,
                        call: Callable[[], Awaitable[T]]) -> tuple[bool, T | None]:
        """``call()`` until it succeeds (True, result) or the channel halts (False, None).
        A 401 raises ``Unauthorized``: retrying cannot help."""
        attempt = 0
        while not self._halt.is_set():
            try:
                return True, await call()
            except ZaloApiError as exc:
                if exc.unauthorized:
                    raise Unauthorized(exc) from None
                level = logging.ERROR if exc.code in (403, 404) else logging.WARNING
                log.log(level, "Zalo %s failed (%s); retrying", what, exc)
                await sleep_unless(self._halt, self.backoff.delay(attempt, exc.code))
                attempt += 1
        return False, None

    async def _identify(self) -> bool:
        ok, me = await self._retrying("getMe", self.api.get_me)
        if ok and me:
            self.handler.bot_id = str(me.get("id") or "") or None
            log.info("Zalo bot %s is connected", me.get("account_name") or self.handler.bot_id)
        return ok

    async def _serve_webhook(self) -> None:
        s = self.settings
        receiver = WebhookReceiver(Spool(spool_folder(self.core)), s.webhook_secret,
                                   self.handle_update)
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post(self.webhook_path, receiver.on_request)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=5.0)
        await runner.setup()
        worker = asyncio.create_task(receiver.work(self._halt))  # what a crash left, first
        try:
            site = web.TCPSite(runner, s.webhook_listen, s.webhook_port)
            await site.start()
            self.webhook_port = int(runner.addresses[0][1])
            ok, _result = await self._retrying(
                "setWebhook", lambda: self.api.set_webhook(s.webhook_url, s.webhook_secret))
            if ok:
                log.info("Zalo webhook listening on %s:%s%s", s.webhook_listen,
                         self.webhook_port, self.webhook_path)
                self.ready.set()
                await self._halt.wait()
        finally:
            await runner.cleanup()
            self._halt.set()
            await worker


async def run_zalo(
    core: Core, stop: asyncio.Event | None = None, *,
    settings: ZaloSettings | None = None, poll_timeout: float = 10.0,
) -> None:
    """Run the Zalo channel alone on ``core`` (built and closed by the caller) until ``stop``
    is set (without ``stop``, until cancelled) or Zalo refuses the token."""
    channel = ZaloChannel(core, settings, poll_timeout=poll_timeout)
    await run_channels(core, [channel], stop or asyncio.Event())
