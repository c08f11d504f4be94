"""Zalo updates as they really come, turned into what the core understands.

Real updates differ from the documented shape: ``event_name`` may be missing; the sender's
name is ``display_name``, ``name`` or ``first_name``; there is no ``update_id`` (deduplicate on
``message_id``); ``date`` is in milliseconds; and a picture's URL may be under ``photo_url``,
``photo`` (a string, an object or a list of sizes), ``url`` or ``attachments[]``. A
``message.link.received`` is text with a link in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.channels.text import parse_command
from bot.port import Incoming, IncomingFile, InKind

CHANNEL = "zalo"
TEXT_EVENT = "message.text.received"
LINK_EVENT = "message.link.received"
IMAGE_EVENT = "message.image.received"
UNSUPPORTED_EVENT = "message.unsupported.received"
_URL_KEYS = ("url", "photo_url", "src", "href", "payload_url")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def unwrap(body: Any) -> dict[str, Any] | None:
    """The event in a webhook body, wrapped (``{"ok": true, "result": {…}}``) or flat."""
    if not isinstance(body, dict):
        return None
    if not isinstance(body.get("message"), dict) and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body.get("message"), dict) else None


def sender_name(sender: Mapping[str, Any]) -> str:
    for key in ("display_name", "name", "first_name"):
        value = sender.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return ""


def _url_in(value: Any) -> str | None:
    """A web URL in a string, an object (``url``, ``photo_url`` …) or the last (largest) item
    of a list that has one."""
    if isinstance(value, str):
        text = value.strip()
        return text if text.startswith(("http://", "https://")) else None
    if isinstance(value, dict):
        for key in _URL_KEYS:
            found = _url_in(value.get(key))
            if found:
                return found
        return _url_in(value.get("payload"))
    if isinstance(value, list):
        for item in reversed(value):
            found = _url_in(item)
            if found:
                return found
    return None


def photo_url(message: Mapping[str, Any]) -> str | None:
    """Where the picture in ``message`` is, under any of the fields it has been seen in."""
    for key in ("photo_url", "photo", "image", "url", "attachments"):
        found = _url_in(message.get(key))
        if found:
            return found
    return None


def event_of(update: Mapping[str, Any]) -> str:
    """The event name, or one guessed from the message when Zalo left it out."""
    event = update.get("event_name")
    if isinstance(event, str) and event:
        return event
    message = _mapping(update.get("message"))
    if isinstance(message.get("text"), str) and message["text"].strip():
        return TEXT_EVENT
    if photo_url(message):
        return IMAGE_EVENT
    if message.get("sticker"):
        return "message.sticker.received"
    return UNSUPPORTED_EVENT


def incoming(update: Mapping[str, Any], bot_id: str | None) -> Incoming | None:
    """What the core should see for ``update``; None for what is not for it (the bot's own
    messages, group chats, reactions, malformed events)."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    event = event_of(update)
    sender = _mapping(message.get("from"))
    chat = _mapping(message.get("chat"))
    sender_id = str(sender.get("id") or "")
    if sender.get("is_bot") is True or (bot_id and sender_id == bot_id):
        return None
    if str(chat.get("chat_type") or "PRIVATE").upper() != "PRIVATE":
        return None  # the bot serves people one to one
    if "reaction" in event:
        return None
    external_id = str(chat.get("id") or sender_id)
    if not external_id:
        return None
    message_id = message.get("message_id")

    def make(kind: InKind, **fields: Any) -> Incoming:
        return Incoming(
            channel=CHANNEL, external_id=external_id, kind=kind,
            display_name=sender_name(sender), language_code=None,
            update_key=f"zalo:{message_id}" if message_id else None, **fields,
        )

    text = message.get("text")
    if event == LINK_EVENT and not (isinstance(text, str) and text.strip()):
        text = _url_in(message.get("url")) or _url_in(message.get("link"))
    if event == IMAGE_EVENT:
        url = photo_url(message)
        if url:
            caption = message.get("caption")
            return make(InKind.FILE, file=IncomingFile(file_id=url, kind="photo"),
                        text=caption if isinstance(caption, str) else "")
        return make(InKind.UNSUPPORTED)
    if isinstance(text, str) and event in (TEXT_EVENT, LINK_EVENT):
        command = parse_command(text)
        if command is not None:
            return make(InKind.COMMAND, command=command[0], text=command[1])
        return make(InKind.TEXT, text=text)
    return make(InKind.UNSUPPORTED)  # stickers, voice, documents, protected users …
