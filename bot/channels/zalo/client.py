"""The Zalo Bot API over HTTP: ``POST {root}{token}/{method}`` with a JSON body.

Written against what the real API does, as two third-party clients handle it (PyPI
``python-zalo-bot``, npm ``@openclaw/zalo``), not only what its docs say:

* an error may come with HTTP 200 and the code in the body (``{"ok": false, "error_code": …}``),
  and ``error_code`` may be a string (``"408"``);
* an idle ``getUpdates`` ends as HTTP 408, as ``{"ok": false, "error_code": 408}`` with either
  status, or as ``{"ok": true, "result": {}}`` — all of them mean "nothing new";
* ``getWebhookInfo`` and ``deleteWebhook`` answer 404 on a bot that never had a webhook;
* 401 is a bad token and 403 a refusal (both clients raise them as auth/permission errors):
  neither is worth retrying.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

DEFAULT_HOST = "https://bot-api.zaloplatforms.com"
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
IDLE = 408


class ZaloConfigError(Exception):
    """The Zalo settings cannot work (no token, a webhook without an HTTPS URL or secret, a
    token Zalo refuses)."""


class ZaloApiError(Exception):
    """A failed call. ``code`` is Zalo's error_code (or the HTTP status); 0 for the network."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description

    @property
    def retryable(self) -> bool:
        """The network, 408, 429 (quota) and 5xx; never 401/403/400/404."""
        return self.code in (0, IDLE, 429) or self.code >= 500

    @property
    def unauthorized(self) -> bool:
        return self.code == 401

    @property
    def forbidden(self) -> bool:
        return self.code == 403


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


def api_root(base_url: str) -> str:
    """``{root}{token}/{method}`` is a method's URL. Takes the host alone
    (``https://bot-api.zaloplatforms.com``), as the other clients do, or a URL already ending
    in ``/bot``."""
    base = (base_url or DEFAULT_HOST).strip().rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ZaloConfigError(f"[zalo] api_base_url must be an http(s) URL, not {base_url!r}")
    return base if base.endswith("/bot") else base + "/bot"


def error_code(value: Any) -> int | None:
    """Zalo's ``error_code`` as a number: ints, and strings of digits (``"408"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _seconds(value: float) -> str:
    return f"{value:g}"


class ZaloApi:
    """The few Bot API methods the channel uses. Never puts the token in an error or a log."""

    def __init__(self, token: str, base_url: str = DEFAULT_HOST, *,
                 request_timeout: float = 30.0) -> None:
        self._token = token
        self._root = api_root(base_url)
        self.request_timeout = request_timeout
        self._session: aiohttp.ClientSession | None = None

    def redact(self, text: str) -> str:
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
        url = f"{self._root}{self._token}/{method}"
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
            raise ZaloApiError(0, self.redact(f"{type(exc).__name__}: {exc}")) from None
        body = data if isinstance(data, dict) else {}
        if body.get("ok") is True and status < 400:
            return body.get("result")
        code = error_code(body.get("error_code"))
        if code is None or code < 100:
            code = status if status >= 400 else 500
        described = body.get("description") or body.get("message") or f"HTTP {status}"
        raise ZaloApiError(code, self.redact(str(described))[:300])

    async def get_me(self) -> dict[str, Any]:
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, timeout: float) -> list[dict[str, Any]]:
        """The next update (``result`` is one object), or none when the poll ended idle (408
        in any of its shapes, or an empty result). A list is accepted too."""
        try:
            result = await self.call("getUpdates", {"timeout": _seconds(timeout)},
                                     timeout=timeout + 15)
        except ZaloApiError as exc:
            if exc.code == IDLE:
                return []
            raise
        items = result if isinstance(result, list) else [result]
        return [item for item in items if isinstance(item, dict) and item]

    async def webhook_url(self) -> str:
        """The webhook now set, or "" — a 404 means the bot never had one."""
        try:
            result = await self.call("getWebhookInfo")
        except ZaloApiError as exc:
            if exc.code == 404:
                return ""
            raise
        url = result.get("url") if isinstance(result, dict) else None
        return url.strip() if isinstance(url, str) else ""

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

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
    """The bytes of a photo a Zalo user sent (``file_id`` is its URL): the ``zalo`` entry of
    ``Core.downloads``. Raises ``ZaloApiError`` on failure."""
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
