"""A fake Zalo Bot API server for end-to-end tests (aiohttp.web on 127.0.0.1, any free port).

Routes ``POST /bot{token}/{method}`` with a JSON body, answering like the notes in
``shared/reference/zalo-bot-api.md``: ``getMe``; ``getUpdates`` (one update per call, ``result``
an object; idle after ``timeout`` seconds; refused while a webhook is set);
``setWebhook``/``deleteWebhook``/``getWebhookInfo``; ``sendMessage`` (400 for an empty text or
one over the limit); ``sendPhoto``; ``sendChatAction``. Faults: ``fail(method, status, times)``
answers the next calls with an error; ``forbid(chat)`` answers 403 to every send to one chat;
``hold(method)`` keeps calls waiting until released. Every message the bot sends is recorded per
chat; ``wait_for_message`` waits for one.

It is as unkind as the real API, as the clients ``python-zalo-bot`` and ``@openclaw/zalo``
handle it (``Variants``, all on by default; ``Variants.friendly()`` turns them off): a 404 from
``getWebhookInfo``/``deleteWebhook`` when no webhook is set; idle polls ending in turn as HTTP
408, as HTTP 200 with ``"error_code": "408"`` (a string), and as ``{"ok": true, "result": {}}``;
every other error as HTTP 200 with the code in the body; every other text update without
``event_name``; the sender's name under ``display_name``, ``name`` or ``first_name`` in turn;
pictures under ``photo_url``, ``photo`` (a string, an object, a list), ``url`` or
``attachments[]`` in turn; and the text limit counted in UTF-16 units. Scripted users::

    lan = server.user("zalo-user-1", "Lan")
    await lan.send("/start")
    reply = await lan.expect(contains="họ và tên")

``post_webhook`` plays Zalo calling the bot's webhook, with a secret and either body shape.
``add_file`` serves bytes at ``/files/NAME`` (for photo URLs); each download is recorded as a
call of ``"file"``, and ``hold("file")`` keeps downloads waiting too.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

DEFAULT_TOKEN = "1234567890:fakeZaloSecret_abcdefghijklmnop"
BOT_ID = "bot-4242"
MAX_TEXT = 2000
CODE = web.ResponseKey("code", int)  # what an answer meant, whatever its HTTP status
IMAGE_FIELDS = ("photo_url", "photo", "photo_object", "photo_list", "url", "attachments")


@dataclass
class Variants:
    """What the real API does that a friendly fake would not; see the module docstring."""

    webhook_404: bool = True
    idle: tuple[str, ...] = ("http408", "string408", "empty")
    errors_in_body: bool = True
    missing_event_name: bool = True
    name_fields: tuple[str, ...] = ("display_name", "name", "first_name")
    image_fields: tuple[str, ...] = IMAGE_FIELDS
    utf16: bool = True

    @classmethod
    def friendly(cls) -> Variants:
        return cls(webhook_404=False, idle=("http408",), errors_in_body=False,
                   missing_event_name=False, name_fields=("display_name",),
                   image_fields=("photo_url",), utf16=False)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class SentMessage:
    chat_id: str
    method: str  # "sendMessage" or "sendPhoto"
    text: str  # the text, or a photo's caption
    message_id: str
    photo: str | None = None


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int  # what the answer meant: the HTTP status, or the error code in an HTTP-200 body


@dataclass
class _Fault:
    status: int
    times: int
    description: str


@dataclass
class FakeZaloServer:
    token: str = DEFAULT_TOKEN
    bot_id: str = BOT_ID
    bot_name: str = "Bot Thi Đua"
    calls: list[Call] = field(default_factory=list)
    sent: dict[str, list[SentMessage]] = field(default_factory=dict)
    actions: list[tuple[str, str]] = field(default_factory=list)  # (chat_id, action)
    webhook: dict[str, Any] = field(default_factory=lambda: {"url": "", "secret_token": "",
                                                             "updated_at": 0})
    files: dict[str, bytes] = field(default_factory=dict)
    taken: int = 0  # updates handed out by getUpdates
    variants: Variants = field(default_factory=Variants)
    text_limit: int = MAX_TEXT
    forbidden: set[str] = field(default_factory=set)  # chats that answer 403 to every send

    def __post_init__(self) -> None:
        self._updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._changed = asyncio.Condition()
        self._faults: dict[str, list[_Fault]] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self._ids = itertools.count(1)
        self._turns: dict[str, itertools.count[int]] = {}
        self.idle_polls: list[str] = []  # how each idle poll was answered
        self._runner: web.AppRunner | None = None
        self.port = 0

    # Life cycle --------------------------------------------------------------------------

    async def start(self) -> FakeZaloServer:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/files/{name}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeZaloServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        """What goes in ``[zalo] api_base_url``: the bot calls ``{base_url}{token}/{method}``."""
        return f"http://127.0.0.1:{self.port}/bot"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    # Scripting ---------------------------------------------------------------------------

    def user(self, user_id: str, name: str) -> FakeZaloUser:
        return FakeZaloUser(self, user_id, name)

    def next_message_id(self) -> str:
        return f"msg-{next(self._ids)}"

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for the bot's next getUpdates."""
        self._updates.put_nowait(update)

    @property
    def pending(self) -> int:
        return self._updates.qsize()

    def fail(self, method: str, status: int, times: int = 1, description: str = "") -> None:
        """Answer the next ``times`` calls of ``method`` ("*" for any) with ``status``."""
        text = description or {429: "Quota exceeded", 403: "Server error",
                               500: "Internal server error", 502: "Bad gateway",
                               503: "Service unavailable"}.get(status, "Error")
        self._faults.setdefault(method, []).append(_Fault(status, times, text))

    def forbid(self, chat_id: str) -> None:
        """Every send to ``chat_id`` is refused with 403 (the user cannot be reached)."""
        self.forbidden.add(chat_id)

    def hold(self, method: str) -> asyncio.Event:
        """Keep calls of ``method`` waiting until the returned event is set."""
        gate = self._holds.setdefault(method, asyncio.Event())
        gate.clear()
        return gate

    def turn(self, key: str) -> int:
        """0, 1, 2 … per ``key``: which variant comes next."""
        return next(self._turns.setdefault(key, itertools.count()))

    def add_file(self, name: str, data: bytes) -> str:
        self.files[name] = data
        return self.url(f"/files/{name}")

    def messages(self, chat_id: str) -> list[SentMessage]:
        return list(self.sent.get(chat_id, []))

    def texts(self, chat_id: str) -> list[str]:
        return [m.text for m in self.sent.get(chat_id, [])]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for_message(
        self, chat_id: str, timeout: float = 5.0, *, contains: str | None = None,
        start: int = 0,
    ) -> SentMessage:
        """The first message to ``chat_id`` at index ``start`` or later (containing
        ``contains``), waiting up to ``timeout`` seconds for it."""
        found: list[SentMessage] = []

        def ready() -> bool:
            for message in self.sent.get(chat_id, [])[start:]:
                if contains is None or contains in message.text:
                    found.append(message)
                    return True
            return False

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(ready), timeout)
            except TimeoutError:
                got = "\n---\n".join(self.texts(chat_id)[start:]) or "(nothing)"
                raise AssertionError(
                    f"no message to {chat_id} containing {contains!r} within {timeout}s; "
                    f"got:\n{got}"
                ) from None
        return found[0]

    async def wait_for_call(self, method: str, timeout: float = 5.0, *, count: int = 1) -> Call:
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(self.calls_of(method)) >= count), timeout
                )
            except TimeoutError:
                raise AssertionError(f"{method} was not called {count} time(s)") from None
        return self.calls_of(method)[count - 1]

    async def post_webhook(
        self, url: str, update: dict[str, Any], *, secret: str | None, wrapped: bool = True,
    ) -> tuple[int, Any]:
        """Call the bot's webhook as Zalo would; returns (HTTP status, JSON body or None)."""
        body = {"ok": True, "result": update} if wrapped else update
        headers = {"X-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with aiohttp.ClientSession() as session, \
                session.post(url, json=body, headers=headers) as resp:
            try:
                data = await resp.json(content_type=None)
            except ValueError:
                data = None
            return resp.status, data

    # The API -----------------------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _fault(self, method: str) -> _Fault | None:
        for key in (method, "*"):
            queue = self._faults.get(key)
            if queue:
                fault = queue[0]
                fault.times -= 1
                if fault.times <= 0:
                    queue.pop(0)
                return fault
        return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            refused = self._error(401, "Unauthorized")
            self.calls.append(Call(method, {}, 401))
            await self._notify()
            return refused
        try:
            params = json.loads(await request.read() or b"{}")
        except ValueError:
            return _error(400, "Bad Request: body is not JSON")
        if not isinstance(params, dict):
            return _error(400, "Bad Request: body is not an object")
        response = await self._answer(method, params)
        self.calls.append(Call(method, params, response.get(CODE, response.status)))
        await self._notify()
        return response

    def _error(self, code: int, description: str) -> web.Response:
        """An error, every other one (with the variant on) as HTTP 200 with the code in the
        body as a string, as the real API sometimes answers."""
        if self.variants.errors_in_body and self.turn("error") % 2 == 1:
            response = web.json_response({"ok": False, "error_code": str(code),
                                          "description": description})
        else:
            response = _error(code, description)
        response[CODE] = code
        return response

    async def _answer(self, method: str, params: dict[str, Any]) -> web.Response:
        gate = self._holds.get(method)
        if gate is not None:
            await gate.wait()
        fault = self._fault(method)
        if fault is not None:
            return self._error(fault.status, fault.description)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(404, f"Method {method} not found")
        result = await handler(params)
        return result if isinstance(result, web.Response) else _ok(result)

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return {"id": self.bot_id, "account_name": self.bot_name, "account_type": "BASIC",
                "can_join_groups": False}

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook["url"]:
            return self._error(400, "Bad Request: a webhook is set; delete it to use getUpdates")
        try:
            timeout = float(params.get("timeout", "30"))
        except (TypeError, ValueError):
            return self._error(400, "Bad Request: timeout")
        try:
            update = await asyncio.wait_for(self._updates.get(), timeout)
        except TimeoutError:
            return self._idle()
        self.taken += 1
        return update

    def _idle(self) -> web.Response:
        styles = self.variants.idle or ("http408",)
        style = styles[self.turn("idle") % len(styles)]
        self.idle_polls.append(style)
        if style == "string408":
            response = web.json_response({"ok": False, "error_code": "408",
                                          "description": "Request timeout"})
        elif style == "empty":
            response = _ok({})
        else:
            response = _error(408, "Request timeout")
        response[CODE] = 408
        return response

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        url, secret = params.get("url"), params.get("secret_token", "")
        if not isinstance(url, str) or not url:
            return self._error(400, "Bad Request: url")
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            return self._error(400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook = {"url": url, "secret_token": secret, "updated_at": _ms()}
        return {"url": url, "updated_at": self.webhook["updated_at"]}

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        if not self.webhook["url"] and self.variants.webhook_404:
            return self._error(404, "Not Found: webhook")
        self.webhook = {"url": "", "secret_token": "", "updated_at": _ms()}
        return {"url": "", "updated_at": self.webhook["updated_at"]}

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        if not self.webhook["url"] and self.variants.webhook_404:
            return self._error(404, "Not Found: webhook")
        return {"url": self.webhook["url"], "updated_at": self.webhook["updated_at"]}

    def _too_long(self, text: str) -> bool:
        size = utf16_units(text) if self.variants.utf16 else len(text)
        return size > self.text_limit

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id, text = params.get("chat_id"), params.get("text")
        if not isinstance(chat_id, str) or not chat_id:
            return self._error(400, "Bad Request: chat_id")
        if chat_id in self.forbidden:
            return self._error(403, "Forbidden: the user cannot receive messages from the bot")
        if not isinstance(text, str) or not text.strip():
            return self._error(400, "Bad Request: text is empty")
        if self._too_long(text):
            return self._error(400, "Bad Request: text is too long")
        return self._record(SentMessage(chat_id, "sendMessage", text, self.next_message_id()))

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        chat_id, photo = params.get("chat_id"), params.get("photo")
        caption = params.get("caption", "")
        if not isinstance(chat_id, str) or not chat_id or not isinstance(photo, str):
            return self._error(400, "Bad Request: chat_id and photo are required")
        if not isinstance(caption, str) or self._too_long(caption):
            return self._error(400, "Bad Request: caption")
        message = SentMessage(chat_id, "sendPhoto", caption, self.next_message_id(), photo)
        return self._record(message)

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        chat_id, action = params.get("chat_id"), params.get("action")
        if not isinstance(chat_id, str) or action != "typing":
            return self._error(400, "Bad Request: action")
        self.actions.append((chat_id, action))
        return True

    def _record(self, message: SentMessage) -> dict[str, Any]:
        self.sent.setdefault(message.chat_id, []).append(message)
        return {"message_id": message.message_id, "date": _ms()}

    async def _file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.calls.append(Call("file", {"name": name}, 0))
        await self._notify()
        gate = self._holds.get("file")
        if gate is not None:
            await gate.wait()
        data = self.files.get(name)
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="image/jpeg")


class FakeZaloUser:
    """A person writing to the bot in a private chat; their chat id is their user id."""

    def __init__(self, server: FakeZaloServer, user_id: str, name: str) -> None:
        self.server = server
        self.id = user_id
        self.name = name
        self.cursor = 0  # messages before this index have been looked at by expect()

    def update(self, event: str = "message.text.received", *, message_id: str | None = None,
               is_bot: bool = False, sender_id: str | None = None,
               chat_type: str = "PRIVATE", **fields: Any) -> dict[str, Any]:
        """An update as Zalo would send it (``fields`` go into ``message``): the sender's name
        under the next of the variant's fields; no ``event_name`` on every other text update
        with that variant on; no ``update_id``; the date in milliseconds."""
        v = self.server.variants
        names = v.name_fields or ("display_name",)
        name_field = names[self.server.turn("name") % len(names)]
        message = {
            "message_id": message_id or self.server.next_message_id(),
            "chat": {"id": self.id, "chat_type": chat_type},
            "from": {"id": sender_id or self.id, name_field: self.name, "is_bot": is_bot},
            "date": _ms(),
            **fields,
        }
        update: dict[str, Any] = {"event_name": event, "message": message}
        if (event == "message.text.received" and v.missing_event_name
                and self.server.turn("event_name") % 2 == 1):
            del update["event_name"]
        return update

    async def send(self, text: str, *, message_id: str | None = None) -> dict[str, Any]:
        update = self.update(text=text, message_id=message_id)
        self.server.push(update)
        return update

    def image_update(self, url: str, caption: str = "", *,
                     field_name: str | None = None) -> dict[str, Any]:
        """A picture, under ``field_name`` or the next of the variant's image fields."""
        fields = self.server.variants.image_fields or ("photo_url",)
        where = field_name or fields[self.server.turn("image") % len(fields)]
        shapes: dict[str, dict[str, Any]] = {
            "photo_url": {"photo_url": url},
            "photo": {"photo": url},
            "photo_object": {"photo": {"url": url, "width": 1280, "height": 960}},
            "photo_list": {"photo": [{"url": url + "?size=small", "width": 320},
                                     {"url": url, "width": 1280}]},
            "url": {"url": url},
            "attachments": {"attachments": [{"type": "image", "payload": {"url": url}}]},
        }
        return self.update("message.image.received", caption=caption, **shapes[where])

    async def send_image(self, url: str, caption: str = "", *,
                         field_name: str | None = None) -> dict[str, Any]:
        update = self.image_update(url, caption, field_name=field_name)
        self.server.push(update)
        return update

    async def send_sticker(self) -> dict[str, Any]:
        update = self.update("message.sticker.received", sticker="sticker-123")
        self.server.push(update)
        return update

    async def send_to_webhook(self, url: str, secret: str, text: str) -> int:
        """Send ``text`` as Zalo would call the bot's webhook; returns the HTTP status."""
        status, _body = await self.server.post_webhook(url, self.update(text=text),
                                                       secret=secret)
        return status

    async def send_unsupported(self) -> dict[str, Any]:
        update = self.update("message.unsupported.received")
        self.server.push(update)
        return update

    async def expect(self, contains: str | None = None, timeout: float = 5.0) -> str:
        """The next message from the bot (containing ``contains``); earlier ones are skipped."""
        message = await self.server.wait_for_message(
            self.id, timeout, contains=contains, start=self.cursor
        )
        self.cursor = self.server.sent[self.id].index(message) + 1
        return message.text

    def received(self) -> list[str]:
        return self.server.texts(self.id)

    def unread(self) -> list[str]:
        return self.server.texts(self.id)[self.cursor:]


def _ms() -> int:
    return int(time.time() * 1000)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description},
                             status=code)
