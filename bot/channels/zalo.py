"""Zalo: the same bot in the messenger Vietnamese schools already use (Zalo Bot API, aiohttp).

The Zalo Bot API is modelled on Telegram's: ``POST {api_base_url}{token}/{method}`` with a JSON
body, answered by ``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": N, …}``. It has
no buttons and plain text only, at most 2,000 characters a message. So replies are rendered by
``bot.channels.text`` exactly as on the console: HTML becomes plain text, buttons become
numbered choices answered with the number or the option's text (kept per chat in
``text_menus``, so "2" still means the same after a restart), and long replies are split at
paragraph boundaries.

Receiving: long polling (``getUpdates``, one update per call, 408 when idle) after
``deleteWebhook``; or, with ``[zalo] mode = "webhook"``, an aiohttp server that checks the
``X-Bot-Api-Secret-Token`` header in constant time and accepts the event wrapped
(``{"ok": true, "result": {event}}``) or flat (``{event}``). Updates are deduplicated by
``message_id`` (``Incoming.update_key = "zalo:<id>"``, which the core records in
``processed_updates``, so repeats are dropped across restarts too); the bot's own messages and
group chats are ignored.

Nothing a user typed is lost across a restart:

* The core keeps every user's state (onboarding step, report draft, menus) in SQLite, written
  while the update is handled.
* Polling: ``getUpdates`` has no offset to acknowledge — Zalo counts an update as taken when it
  returns it. So the channel asks for the next update only after the current one has been
  handled completely (state written, replies sent or queued): updates are never buffered in
  memory, and a crash loses at most the one update whose HTTP response was in flight. Stopping
  (``stop`` set) never cancels a poll: it waits for the poll under way to end (at most
  ``poll_timeout`` seconds), handles what it brought, and only then returns.
* Webhook: the HTTP answer is given only after handling, so Zalo may retry a call that failed;
  the retry is dropped by ``message_id``.
* A reply that still cannot be sent after the retries (429, 403, 5xx, network) is queued in
  the outbox and sent later, like a reminder.

Sending on its own (reminders, broadcasts): ``ZaloTransport`` for ``bot.sender.OutboxSender``
maps 429 to ``RetryLater`` (the whole channel pauses), 403/5xx/network errors to
``TransientFailure`` (retried with backoff) and 400/404 to ``PermanentFailure``.

``run_zalo(services, stop)`` runs it all on Services someone else built and closes (Telegram
may run in the same process against the same database); ``download`` fetches a photo a user
sent (its ``file_id`` is the photo's URL).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.channels.text import TextMenus, parse_command, render, split_text
from bot.config import ZaloSettings
from bot.dispatcher import Dispatcher
from bot.i18n import _, current_language, language
from bot.port import Incoming, IncomingFile, InKind, Reply
from bot.sender import (
    DeliveryError,
    OutboxSender,
    PermanentFailure,
    RetryLater,
    TransientFailure,
)
from bot.services import Services
from bot.users import UserRepo

log = logging.getLogger(__name__)

CHANNEL = "zalo"
MAX_TEXT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
UNSUPPORTED_EVENT = "message.unsupported.received"

T = TypeVar("T")


class ZaloConfigError(Exception):
    """The Zalo settings cannot work (no token, a webhook without URL or secret)."""


class ZaloApiError(Exception):
    """A failed call. ``code`` is Zalo's error_code or the HTTP status; 0 for the network."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description

    @property
    def retryable(self) -> bool:
        """429 quota, 403 (a server error, per the docs), 408, 5xx and the network."""
        return self.code in (0, 403, 408, 429) or self.code >= 500


@dataclass(frozen=True)
class Backoff:
    """Waits between retries: ``base`` doubling up to ``cap``; at least ``quota_pause`` after a
    429 (Zalo publishes no rate, only "slow down")."""

    base: float = 1.0
    cap: float = 60.0
    quota_pause: float = 10.0
    attempts: int = 5  # tries for a reply before it goes to the outbox

    def delay(self, attempt: int, code: int = 0) -> float:
        wait = min(self.cap, self.base * 2 ** min(attempt, 20))
        if code == 429:
            wait = max(wait, self.quota_pause)
        return wait * (0.8 + 0.2 * random.random())


# --- the HTTP API --------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:g}"


class ZaloApi:
    """The few Bot API methods the channel uses. Never puts the token in an error or a log."""

    def __init__(self, token: str, base_url: str, *, request_timeout: float = 30.0) -> None:
        self._token = token
        self._base = base_url
        self.request_timeout = request_timeout
        self._session: aiohttp.ClientSession | None = None

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "<token>") if self._token else text

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(
        self, method: str, params: Mapping[str, Any] | None = None, *,
        timeout: float | None = None,
    ) -> Any:
        session = await self._client()
        url = f"{self._base}{self._token}/{method}"
        limit = aiohttp.ClientTimeout(total=timeout or self.request_timeout)
        try:
            async with session.post(url, json=dict(params or {}), timeout=limit) as resp:
                status = resp.status
                try:
                    data = await resp.json(content_type=None)
                except ValueError:
                    data = None
        except TimeoutError:
            raise ZaloApiError(0, f"{method} timed out") from None
        except aiohttp.ClientError as exc:
            raise ZaloApiError(0, self._redact(f"{type(exc).__name__}: {exc}")) from None
        if isinstance(data, dict) and data.get("ok") is True and status < 400:
            return data.get("result")
        code = data.get("error_code") if isinstance(data, dict) else None
        if not isinstance(code, int) or isinstance(code, bool) or code < 100:
            code = status if status >= 400 else 500
        described = data.get("description") if isinstance(data, dict) else None
        raise ZaloApiError(code, self._redact(str(described or f"HTTP {status}"))[:300])

    async def get_me(self) -> dict[str, Any]:
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, timeout: float) -> list[dict[str, Any]]:
        """The next update (``result`` is one object), or none when the poll ended idle (408).
        A list is accepted too, in case the API ever sends several."""
        try:
            result = await self.call("getUpdates", {"timeout": _seconds(timeout)},
                                     timeout=timeout + 15)
        except ZaloApiError as exc:
            if exc.code == 408:
                return []
            raise
        items = result if isinstance(result, list) else [result]
        return [item for item in items if isinstance(item, dict) and item]

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def get_webhook_info(self) -> Any:
        return await self.call("getWebhookInfo")

    async def send_message(self, chat_id: str, text: str) -> Any:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> Any:
        params = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption
        return await self.call("sendPhoto", params)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": chat_id, "action": action})


async def download(file_id: str, *, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
    """The bytes of a photo a Zalo user sent (``file_id`` is its URL): the ``zalo``
    downloader for the file store. Raises ``ZaloApiError`` on failure."""
    if urlsplit(file_id).scheme not in ("http", "https"):
        raise ZaloApiError(400, "not a photo URL")
    timeout = aiohttp.ClientTimeout(total=120)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, \
                session.get(file_id) as resp:
            if resp.status != 200:
                raise ZaloApiError(resp.status, "download failed")
            if (resp.content_length or 0) > max_bytes:
                raise ZaloApiError(413, f"over {max_bytes} bytes")
            data = bytearray()
            async for chunk in resp.content.iter_chunked(65536):
                data += chunk
                if len(data) > max_bytes:
                    raise ZaloApiError(413, f"over {max_bytes} bytes")
            return bytes(data)
    except TimeoutError:
        raise ZaloApiError(0, "download timed out") from None
    except aiohttp.ClientError as exc:
        raise ZaloApiError(0, f"download failed: {type(exc).__name__}") from None


# --- rendering -----------------------------------------------------------------------------


def render_parts(reply: Reply) -> list[str]:
    """The messages ``reply`` becomes on Zalo: plain text with numbered choices, each part at
    most ``MAX_TEXT`` characters. Files cannot be sent, so they are explained instead."""
    text, _actions = render(reply)
    notes = []
    if reply.document is not None:
        notes.append(_("📎 This message comes with a file ({name}), but the bot cannot send "
                       "files on Zalo. Please get it on Telegram, or ask the office.").format(
                           name=reply.document_name or reply.document.name))
    if reply.photo is not None:
        notes.append(_("🖼 This message comes with a picture, which the bot cannot send on Zalo "
                       "yet."))
    full = "\n\n".join(part for part in [text, *notes] if part.strip())
    return split_text(full, MAX_TEXT)


def _delivery_error(exc: ZaloApiError, backoff: Backoff) -> DeliveryError:
    if exc.code == 429:
        return RetryLater(backoff.quota_pause)
    if exc.code in (400, 404):
        return PermanentFailure(str(exc))
    # 401 (token), 403 (a server error on Zalo), 408, 5xx, the network: try again later.
    # Never RecipientBlocked: it would stop the person's other channels too.
    return TransientFailure(str(exc))


class ZaloTransport:
    """Zalo as a transport for ``OutboxSender``: reminders and broadcasts as numbered text."""

    channel = CHANNEL

    def __init__(self, api: ZaloApi, menus: TextMenus, users: UserRepo,
                 now: Callable[[], Any], backoff: Backoff | None = None) -> None:
        self.api = api
        self.menus = menus
        self.users = users
        self.now = now
        self.backoff = backoff or Backoff()

    async def deliver(self, external_id: str, reply: Reply) -> None:
        user = await self.users.by_identity(CHANNEL, external_id)
        with language(user.language if user else None):  # the "(Reply with 1 …)" hint
            parts = render_parts(reply)
        try:
            for part in parts:
                await self.api.send_message(external_id, part)
        except ZaloApiError as exc:
            raise _delivery_error(exc, self.backoff) from exc
        await self.menus.after(external_id, [reply], self.now(), notice=True)


# --- the channel ---------------------------------------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _ChatLock:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


def unwrap(body: Any) -> dict[str, Any] | None:
    """The event in a webhook body, wrapped (``{"ok": true, "result": {…}}``) or flat."""
    if not isinstance(body, dict):
        return None
    if "event_name" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body.get("message"), dict) else None


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
        self.transport = ZaloTransport(self.api, self.menus, services.users, services.now,
                                       self.backoff)
        self.bot_id: str | None = None
        self.ready = asyncio.Event()  # set once updates are being received
        self.webhook_port: int | None = None  # the port actually bound in webhook mode
        self._chat_locks: dict[str, _ChatLock] = {}
        self._background: set[asyncio.Task[Any]] = set()

    @property
    def webhook_path(self) -> str:
        return urlsplit(self.settings.webhook_url).path or "/zalo"

    # Updates into the core ---------------------------------------------------------------

    def incoming(self, update: Mapping[str, Any]) -> Incoming | None:
        """What the core should see for ``update``; None for what is not for it (the bot's
        own messages, group chats, reactions, malformed events)."""
        message = update.get("message")
        if not isinstance(message, dict):
            return None
        event = str(update.get("event_name") or "")
        sender = _mapping(message.get("from"))
        chat = _mapping(message.get("chat"))
        sender_id = str(sender.get("id") or "")
        if sender.get("is_bot") is True or (self.bot_id and sender_id == self.bot_id):
            return None
        if str(chat.get("chat_type") or "PRIVATE").upper() != "PRIVATE":
            return None  # the bot serves people one to one
        if "reaction" in event:
            return None
        external_id = str(chat.get("id") or sender_id)
        if not external_id:
            return None
        message_id = message.get("message_id")
        name = sender.get("display_name") or sender.get("first_name") or ""

        def make(kind: InKind, **fields: Any) -> Incoming:
            return Incoming(
                channel=CHANNEL, external_id=external_id, kind=kind,
                display_name=str(name)[:200], language_code=None,
                update_key=f"zalo:{message_id}" if message_id else None, **fields,
            )

        text = message.get("text")
        if event == "message.image.received" or (not event and message.get("photo_url")):
            url = message.get("photo_url")
            if isinstance(url, str) and url:
                return make(InKind.FILE, file=IncomingFile(file_id=url, kind="photo"))
            return make(InKind.UNSUPPORTED)
        if isinstance(text, str) and event in ("message.text.received", "message.link.received",
                                                ""):
            command = parse_command(text)
            if command is not None:
                return make(InKind.COMMAND, command=command[0], text=command[1])
            return make(InKind.TEXT, text=text)
        return make(InKind.UNSUPPORTED)  # stickers, voice, documents, protected users …

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
            async with chat.lock:  # one update at a time per chat (webhook calls overlap)
                return await self._handle(inc, str(update.get("event_name") or ""))
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
            action = await self.menus.resolve(chat, inc.text)
            if action is not None:
                inc = replace(inc, kind=InKind.ACTION, action=action, text="")
            else:
                self._typing(chat)
        try:
            response = await self.dispatcher.handle(inc)
            replies = list(response.replies)
            onboarded = bool(response.user and response.user.onboarded)
        except Exception:
            log.exception("error handling Zalo update %s", inc.update_key)
            replies = [Reply(_("Sorry, something went wrong on my side. What you sent is not "
                               "lost: please try again in a moment, or send /help."))]
            onboarded = False
        if replies and event == UNSUPPORTED_EVENT and onboarded:
            replies.append(Reply(_("On Zalo I can read text and photos. Please send evidence "
                                   "as a photo; for documents (PDF, Word, Excel) please use "
                                   "Telegram.")))
        lang = current_language()  # the dispatcher set the user's language
        await self.menus.after(chat, replies, self.services.now())
        await self.send_replies(chat, replies, lang)
        return replies

    def _typing(self, chat: str) -> None:
        async def typing() -> None:
            with contextlib.suppress(ZaloApiError):
                await self.api.send_chat_action(chat, "typing")

        task = asyncio.create_task(typing())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # Replies -----------------------------------------------------------------------------

    async def send_replies(self, chat: str, replies: list[Reply], lang: str) -> None:
        """Send each reply in order, retrying as the notes say; what still fails after the
        retries is queued in the outbox rather than lost."""
        for index, reply in enumerate(replies):
            with language(lang):
                parts = render_parts(reply)
            for part in parts:
                outcome = await self._send_text(chat, part)
                if outcome == "later":
                    await self._queue(chat, replies[index:])
                    return
                # "sent", or "refused" (a 400: retrying cannot help; the log has it)

    async def _send_text(self, chat: str, text: str) -> str:
        attempts = max(1, self.backoff.attempts)
        for attempt in range(attempts):
            try:
                await self.api.send_message(chat, text)
                return "sent"
            except ZaloApiError as exc:
                if not exc.retryable:
                    log.warning("Zalo refused a reply (%s)", exc.code)
                    return "refused"
                if attempt == attempts - 1:
                    log.warning("Zalo reply not sent after %d tries (%s): queued", attempts,
                                exc.code)
                    return "later"
                await asyncio.sleep(self.backoff.delay(attempt, exc.code))
        return "later"

    async def _queue(self, chat: str, replies: list[Reply]) -> None:
        user = await self.services.users.by_identity(CHANNEL, chat)
        if user is None:
            return
        for reply in replies:
            await self.services.outbox.enqueue(user.id, reply, kind="reply")
        self.services.outbox_changed()

    # Running -----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Receive and send until ``stop`` is set (then finish the update in hand)."""
        s = self.settings
        if not s.token:
            raise ZaloConfigError("no Zalo token: set ZALO_BOT_TOKEN or [zalo] token")
        if s.mode == "webhook" and not s.webhook_url:
            raise ZaloConfigError('[zalo] webhook_url is required when mode = "webhook"')
        if s.mode == "webhook" and not 8 <= len(s.webhook_secret) <= 256:
            raise ZaloConfigError("[zalo] webhook mode needs a webhook_secret of 8-256 "
                                  "characters (ZALO_WEBHOOK_SECRET)")
        sender_stop = asyncio.Event()
        sender = OutboxSender(self.services.outbox, self.services.users, self.transport,
                              self.services.config.sending, self.services.now)
        sending: asyncio.Task[None] | None = None
        try:
            if not await self._identify(stop):
                return
            self.services.outbox_listeners.append(sender.wakeup.set)
            sending = asyncio.create_task(sender.run(sender_stop, idle_seconds=self.sender_idle))
            if s.mode == "webhook":
                await self._serve_webhook(stop)
            else:
                await self._poll(stop)
        finally:
            sender_stop.set()
            if sending is not None:
                await sending
            with contextlib.suppress(ValueError):
                self.services.outbox_listeners.remove(sender.wakeup.set)
            for task in list(self._background):
                task.cancel()
            await asyncio.gather(*self._background, return_exceptions=True)
            await self.api.close()
            self.ready.clear()

    async def _retrying(self, what: str, call: Callable[[], Awaitable[T]],
                        stop: asyncio.Event) -> tuple[bool, T | None]:
        """``call()`` until it succeeds (True, result) or ``stop`` is set (False, None)."""
        attempt = 0
        while not stop.is_set():
            try:
                return True, await call()
            except ZaloApiError as exc:
                level = logging.ERROR if exc.code in (401, 404) else logging.WARNING
                log.log(level, "Zalo %s failed (%s); retrying", what, exc)
                await _sleep_unless(stop, self.backoff.delay(attempt, exc.code))
                attempt += 1
        return False, None

    async def _identify(self, stop: asyncio.Event) -> bool:
        ok, me = await self._retrying("getMe", self.api.get_me, stop)
        if ok and me:
            self.bot_id = str(me.get("id") or "") or None
            log.info("Zalo bot %s is connected", me.get("account_name") or self.bot_id)
        return ok

    async def _poll(self, stop: asyncio.Event) -> None:
        """Long polling; see the module docstring for why one update at a time."""
        ok, _result = await self._retrying("deleteWebhook", self.api.delete_webhook, stop)
        if not ok:
            return
        self.ready.set()
        failures = 0
        while not stop.is_set():
            try:
                updates = await self.api.get_updates(self.poll_timeout)
            except ZaloApiError as exc:
                log.warning("Zalo getUpdates failed (%s)", exc)
                await _sleep_unless(stop, self.backoff.delay(failures, exc.code))
                failures += 1
                continue
            failures = 0
            for update in updates:
                await self.handle_update(update)

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        s = self.settings
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post(self.webhook_path, self._on_webhook)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=10.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, s.webhook_listen, s.webhook_port)
            await site.start()
            self.webhook_port = int(runner.addresses[0][1])
            ok, _result = await self._retrying(
                "setWebhook", lambda: self.api.set_webhook(s.webhook_url, s.webhook_secret),
                stop,
            )
            if ok:
                log.info("Zalo webhook listening on %s:%s%s", s.webhook_listen,
                         self.webhook_port, self.webhook_path)
                self.ready.set()
                await stop.wait()
        finally:
            await runner.cleanup()

    async def _on_webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.settings.webhook_secret.encode()):
            return web.json_response({"ok": False, "description": "Unauthorized"}, status=401)
        try:
            body = json.loads(await request.read())
        except ValueError:
            return web.json_response({"ok": False, "description": "Bad JSON"}, status=400)
        event = unwrap(body)
        if event is None:
            return web.json_response({"ok": False, "description": "No event"}, status=400)
        await self.handle_update(event)
        return web.json_response({"ok": True})


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def run_zalo(
    services: Services, stop: asyncio.Event | None = None, *,
    settings: ZaloSettings | None = None, poll_timeout: float = 10.0,
) -> None:
    """Run the Zalo channel on ``services`` (built and closed by the caller) until ``stop``
    is set; without ``stop``, until cancelled. Registers the ``zalo`` photo downloader as
    ``services.extras["zalo_download"]``."""
    services.extras.setdefault("zalo_download", download)
    channel = ZaloChannel(services, settings, poll_timeout=poll_timeout)
    await channel.run(stop or asyncio.Event())
