"""The Zalo channel: updates into the core, replies back as numbered plain text.

Replies are rendered by ``bot.channels.text`` as on the console, and typed numbers go through
``bot.channels.menus`` (numbered on across one answer's messages; a stale number is refused and
the menu shown again). Receiving is long polling (``poller``) or a webhook (``webhook``).

Nothing a user typed is lost across a restart: the core keeps every user's state in SQLite,
written while the update is handled; polling keeps each update in the durable inbox until it
was handled; the webhook spools events to disk before answering. Polled updates are handled in
the core's pool: different chats at once, one chat's in order. A reply that still cannot be
sent after the retries (429, 5xx, the network) is queued in the outbox and sent later, like a
reminder. A 403 marks the user unreachable on Zalo. A 401 (the token refused) stops the channel
with one line in the log; what could not be sent waits in the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.menus import InputState, TextMenus
from bot.channels.text import numbering
from bot.channels.zalo.client import Backoff, ZaloApi, ZaloApiError, ZaloConfigError, download
from bot.channels.zalo.poller import Unauthorized, poll, sleep_unless
from bot.channels.zalo.render import render_parts
from bot.channels.zalo.transport import ZaloTransport, send_text
from bot.channels.zalo.updates import CHANNEL, UNSUPPORTED_EVENT, event_of, incoming
from bot.channels.zalo.webhook import Spool, WebhookReceiver
from bot.config import ZaloSettings
from bot.dispatcher import Dispatcher
from bot.i18n import _, current_language, language
from bot.port import Incoming, InKind, Reply
from bot.sender import OutboxSender
from bot.services import Services

log = logging.getLogger(__name__)

T = TypeVar("T")


class _ChatLock:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


def spool_folder(services: Services) -> Path:
    return Path(services.config.bot.database).parent / "zalo-webhook-spool"


class ZaloChannel:
    def __init__(
        self, services: Services, settings: ZaloSettings | None = None, *,
        api: ZaloApi | None = None, poll_timeout: float = 10.0, backoff: Backoff | None = None,
        sender_idle: float = 1.0,
    ) -> None:
        self.services = services
        self.settings = settings or services.config.zalo
        self.api = api or ZaloApi(self.settings.token, self.settings.api_base_url)
        self.poll_timeout = poll_timeout
        self.backoff = backoff or Backoff()
        self.sender_idle = sender_idle
        self.dispatcher = Dispatcher(services)
        self.menus = TextMenus(services.db, CHANNEL)
        self.state = InputState(services)
        self.transport = ZaloTransport(self.api, self.menus, services.users, services.now,
                                       self.backoff, state=self.state,
                                       on_unauthorized=self._refused)
        self.bot_id: str | None = None
        self.ready = asyncio.Event()  # set once updates are being received
        self.webhook_port: int | None = None  # the port actually bound in webhook mode
        self.refused: ZaloApiError | None = None  # the 401 that stopped the channel
        self._halt = asyncio.Event()
        self._chat_locks: dict[str, _ChatLock] = {}
        # polled updates handed to the pool and not yet handled, at most twice its bound
        self._room = asyncio.Semaphore(2 * services.updates.limit)
        self._in_flight: set[asyncio.Future[Any]] = set()
        self._background: set[asyncio.Task[Any]] = set()

    @property
    def webhook_path(self) -> str:
        return urlsplit(self.settings.webhook_url).path or "/zalo"

    # Updates into the core ---------------------------------------------------------------

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

    async def handle_polled(self, update: Mapping[str, Any]) -> None:
        """A polled update: kept in the durable inbox (Zalo counts it as taken once
        ``getUpdates`` returned it), then handed to the core's pool, which handles chats
        concurrently and each chat's updates in order, and removed from the inbox once handled.
        Returns when the pool has room, so polling runs ahead of handling by a bounded amount.
        Should the inbox fail, the update is handled anyway: Zalo will not send it again."""
        inbox = self.services.inbox
        key = inbox_key(update)
        kept = False
        if inbox is not None:
            try:
                await inbox.keep(CHANNEL, [(key, json.dumps(update, ensure_ascii=False))],
                                 self.services.now())
                kept = True
            except Exception as exc:
                log.error("Zalo update not kept in the inbox (%s): handling it anyway",
                          type(exc).__name__)
        await self._room.acquire()

        async def job() -> None:
            try:
                await self.handle_update(update)
                if inbox is not None and kept:
                    try:
                        await inbox.done(CHANNEL, key)
                    except Exception as exc:  # handled again at the next start, deduplicated
                        log.warning("Zalo update stays in the inbox: %s", type(exc).__name__)
            finally:
                self._room.release()

        future = self.services.updates.submit(f"{CHANNEL}:{chat_of(update) or key}", job)
        self._in_flight.add(future)
        future.add_done_callback(self._in_flight.discard)

    async def finish_in_flight(self) -> None:
        """Wait for the polled updates still being handled."""
        if self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)

    async def replay_inbox(self) -> int:
        """Handle, oldest first, what a crash left in the inbox; return how many."""
        inbox = self.services.inbox
        if inbox is None:
            return 0
        left = await inbox.pending(CHANNEL)
        if left:
            log.info("Zalo: handling %d update(s) left unhandled by the last run", len(left))
        for key, payload in left:
            try:
                update = json.loads(payload)
            except ValueError:
                update = None
            if isinstance(update, dict):
                await self.handle_update(update)
            await inbox.done(CHANNEL, key)
        return len(left)

    async def _handle(self, inc: Incoming, event: str) -> list[Reply]:
        chat = inc.external_id
        if inc.kind is InKind.TEXT:
            user = await self.state.user(CHANNEL, chat)
            with language(user.language if user else None):
                choice = await self.menus.interpret(chat, inc.text, self.services.now(),
                                                    busy=await self.state.busy(user))
                lang = current_language()
            if choice.replies:  # a stale number: the menu again, and nothing for the core
                await self.menus.after(chat, choice.replies, self.services.now())
                await self.send_replies(chat, choice.replies, lang)
                return choice.replies
            if choice.action is not None:
                inc = replace(inc, kind=InKind.ACTION, action=choice.action, text="")
            else:
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
        await self.menus.after(chat, replies, self.services.now())
        await self.send_replies(chat, replies, lang)
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

    # Replies -----------------------------------------------------------------------------

    async def send_replies(self, chat: str, replies: list[Reply], lang: str) -> None:
        """Send each reply in order, its choices numbered on from the reply before; what still
        fails after the retries is queued in the outbox rather than lost."""
        for index, (reply, start) in enumerate(zip(replies, numbering(replies), strict=True)):
            with language(lang):
                parts = render_parts(reply, start)
            for part in parts:
                outcome = await self._send_part(chat, part)
                if outcome == "later":
                    await self._queue(chat, replies[index:])
                    return
                if outcome == "unreachable":
                    return
                # "sent", or "refused" (a 400 even in smaller parts: the log has it)

    async def _send_part(self, chat: str, text: str) -> str:
        attempts = max(1, self.backoff.attempts)
        for attempt in range(attempts):
            try:
                await send_text(self.api, chat, text)
                return "sent"
            except ZaloApiError as exc:
                if exc.unauthorized:
                    self._refused(exc)
                    return "later"
                if exc.forbidden:
                    log.warning("Zalo refused to deliver to a user (403): marked unreachable")
                    await self.services.users.block_identity(CHANNEL, chat)
                    return "unreachable"
                if not exc.retryable:
                    log.warning("Zalo refused a reply (%s)", exc.code)
                    return "refused"
                if attempt == attempts - 1:
                    log.warning("Zalo reply not sent after %d tries (%s): queued", attempts,
                                exc.code)
                    return "later"
                await sleep_unless(self._halt, self.backoff.delay(attempt, exc.code))
        return "later"

    async def _queue(self, chat: str, replies: list[Reply]) -> None:
        user = await self.services.users.by_identity(CHANNEL, chat)
        if user is None:
            return
        for reply in replies:
            await self.services.outbox.enqueue(user.id, reply, kind="reply")
        self.services.outbox_changed()

    def _refused(self, exc: ZaloApiError) -> None:
        """The token was refused (401): stop the channel, saying so once."""
        if self.refused is None:
            self.refused = exc
            log.error("Zalo refused the bot token (401: %s); the Zalo channel stops. Check "
                      "ZALO_BOT_TOKEN or [zalo] token.", self.api.redact(exc.description))
        self._halt.set()

    # Running -----------------------------------------------------------------------------

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
        """Receive and send until ``stop`` is set (then finish the update in hand), or until
        Zalo refuses the token. Registers the ``zalo`` photo downloader."""
        self.check_settings()
        self.services.downloaders[CHANNEL] = download
        self._halt = asyncio.Event()
        relay = asyncio.create_task(self._relay(stop))
        sender_stop = asyncio.Event()
        sender = OutboxSender(self.services.outbox, self.services.users, self.transport,
                              self.services.config.sending, self.services.now)
        sending: asyncio.Task[None] | None = None
        try:
            if not await self._identify():
                return
            self.services.outbox_listeners.append(sender.wakeup.set)
            sending = asyncio.create_task(sender.run(sender_stop, idle_seconds=self.sender_idle))
            if self.settings.mode == "webhook":
                await self._serve_webhook()
            else:
                await self.replay_inbox()
                try:
                    await poll(self.api, self.handle_polled, self._halt,
                               timeout=self.poll_timeout, backoff=self.backoff,
                               ready=self.ready)
                finally:
                    await self.finish_in_flight()
        except Unauthorized as exc:
            self._refused(exc.error)
        finally:
            sender_stop.set()
            if sending is not None:
                await sending
            relay.cancel()
            with contextlib.suppress(ValueError):
                self.services.outbox_listeners.remove(sender.wakeup.set)
            for task in list(self._background):
                task.cancel()
            await asyncio.gather(relay, *self._background, return_exceptions=True)
            await self.api.close()
            self.ready.clear()

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
            self.bot_id = str(me.get("id") or "") or None
            log.info("Zalo bot %s is connected", me.get("account_name") or self.bot_id)
        return ok

    async def _serve_webhook(self) -> None:
        s = self.settings
        receiver = WebhookReceiver(Spool(spool_folder(self.services)), s.webhook_secret,
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


def chat_of(update: Mapping[str, Any]) -> str | None:
    """The chat an update belongs to (its chat id, else its sender's), if it says."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    for part in ("chat", "from"):
        value = message.get(part)
        if isinstance(value, dict) and value.get("id"):
            return str(value["id"])
    return None


def inbox_key(update: Mapping[str, Any]) -> str:
    """The inbox key of a polled update: its message id (Zalo has no update id), else a digest
    of the update itself."""
    message = update.get("message")
    message_id = message.get("message_id") if isinstance(message, dict) else None
    if isinstance(message_id, str | int) and str(message_id):
        return f"m:{message_id}"
    body = json.dumps(update, sort_keys=True, ensure_ascii=False, default=str)
    return "h:" + hashlib.sha256(body.encode()).hexdigest()[:32]


async def run_zalo(
    services: Services, stop: asyncio.Event | None = None, *,
    settings: ZaloSettings | None = None, poll_timeout: float = 10.0,
) -> None:
    """Run the Zalo channel on ``services`` (built and closed by the caller) until ``stop``
    is set (without ``stop``, until cancelled) or Zalo refuses the token."""
    channel = ZaloChannel(services, settings, poll_timeout=poll_timeout)
    await channel.run(stop or asyncio.Event())
