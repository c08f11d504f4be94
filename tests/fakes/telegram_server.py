"""A fake Telegram Bot API server for end-to-end tests.

The real python-telegram-bot ``Application`` talks to it over HTTP on 127.0.0.1::

    async with FakeTelegramServer() as server:
        app = (ApplicationBuilder().token(server.token)
               .base_url(server.base_url).base_file_url(server.base_file_url).build())
        async with polling(app):
            lan = server.user(id=1001, first_name="Lan", language_code="vi")
            await lan.send("/start")
            await lan.expect("Xin chào")

What it models: long polling with offsets, the sending/editing methods a chat bot uses, file
upload and download, bot commands, and Telegram's own error replies (texts checked against the
Bot API documentation and tdlib). What it adds for tests: a record of every request, the
messages the bot sent per chat (kept current through edits), ways to wait for them without
sleeping, scripted users (``server.user(...)``) and fault injection (``fail_next``, ``block``,
``rate_limit``, ``hold``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import math
import re
import struct
import time
import zlib
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from telegram.ext import Application

    from .telegram_user import FakeUser

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

# Update types Telegram sends when allowed_updates was never given (or given as []).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

ERR_UNAUTHORIZED = "Unauthorized"
ERR_NOT_FOUND = "Not Found"
ERR_TOO_LONG = "Bad Request: message is too long"
ERR_CAPTION_TOO_LONG = "Bad Request: message caption is too long"
ERR_TEXT_EMPTY = "Bad Request: message text is empty"
ERR_PARSE = "Bad Request: can't parse entities: "
ERR_BLOCKED = "Forbidden: bot was blocked by the user"
ERR_BUTTON_DATA = "Bad Request: BUTTON_DATA_INVALID"
ERR_BUTTON_URL = "Bad Request: BUTTON_URL_INVALID"
ERR_TEXT_BUTTON = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)
ERR_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
ERR_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
ERR_CANT_EDIT = "Bad Request: message can't be edited"
ERR_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
ERR_REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
ERR_CHAT_NOT_FOUND = "Bad Request: chat not found"
ERR_QUERY_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
ERR_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"
ERR_INVALID_FILE_ID = "Bad Request: invalid file_id"
ERR_FILE_TOO_BIG = "Bad Request: file is too big"
ERR_URL_FETCH = "Bad Request: failed to get HTTP URL content"
ERR_CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
ERR_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
ERR_COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
ERR_ACTION = "Bad Request: wrong parameter action in request"

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
# Methods counted by rate_limit(): the ones that put a message into a chat.
RATE_LIMITED = frozenset({
    "sendmessage", "senddocument", "sendphoto", "sendaudio", "sendvoice", "sendvideo",
    "sendanimation", "sendsticker", "sendmediagroup", "sendlocation", "sendcontact", "sendpoll",
    "copymessage", "forwardmessage", "editmessagetext", "editmessagereplymarkup",
    "editmessagecaption",
})
INLINE_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)


class ApiError(Exception):
    """An error reply of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict:
        body: dict[str, Any] = {
            "ok": False, "error_code": self.code, "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, description)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# Entity parsing: HTML, MarkdownV2 and legacy Markdown, following tdlib's parsers and messages.
# --------------------------------------------------------------------------------------------


class EntityParseError(Exception):
    pass


class _TextBuilder:
    """Accumulates plain text and tracks its length in UTF-16 code units (entity offsets)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.u16 = 0

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.u16 += utf16_len(s)

    def text(self) -> str:
        return "".join(self.parts)


def _byte_offset(text: str, pos: int) -> int:
    return len(text[:pos].encode("utf-8"))


_HTML_TAGS = {
    "a": "text_link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "code": "code", "pre": "pre", "tg-spoiler": "spoiler",
    "span": "spoiler", "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}
_HTML_ENTITY_RE = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|(lt|gt|amp|quot));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPECIAL_RE = re.compile(r"[<&]")


def _decode_html_entity(text: str, pos: int) -> tuple[str | None, int]:
    m = _HTML_ENTITY_RE.match(text, pos)
    if not m:
        return None, pos
    if m.group(3):
        return _NAMED_ENTITIES[m.group(3)], m.end()
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, pos
    return chr(code), m.end()


def _html_unescape_lenient(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "&":
            decoded, end = _decode_html_entity(value, i)
            if decoded is not None:
                out.append(decoded)
                i = end
                continue
        out.append(value[i])
        i += 1
    return "".join(out)


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram's HTML subset into (plain text, entities), or raise EntityParseError.

    Error messages are tdlib's. Real Telegram keeps a '&' that starts no entity literally;
    with ``strict_ampersand`` the fake rejects it, since it means the text was not escaped.
    """
    out = _TextBuilder()
    stack: list[tuple[str, dict[str, str], int]] = []  # tag, attributes, start offset
    attrs: dict[str, str]
    entities: list[dict] = []
    i, n = 0, len(text)

    def unclosed_start(begin: int) -> EntityParseError:
        return EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")

    while i < n:
        c = text[i]
        if c == "&":
            decoded, end = _decode_html_entity(text, i)
            if decoded is not None:
                out.add(decoded)
                i = end
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f"Character '&' at byte offset {_byte_offset(text, i)} is not part of an "
                    "HTML entity and must be escaped as &amp; (strict check of the fake server; "
                    "real Telegram would show it literally)"
                )
        if c != "<":
            special = _HTML_SPECIAL_RE.search(text, i + 1)  # the plain run, added at once
            end = special.start() if special else n
            out.add(text[i:end])
            i = end
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":  # end tag
            i += 1
            j = i
            while j < n and text[j] != ">" and not text[j].isspace():
                j += 1
            name = text[i:j].lower()
            while j < n and text[j].isspace():
                j += 1
            if j >= n or text[j] != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(text, begin)}"
                )
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(text, begin)}"
                )
            tag, attrs, start = stack.pop()
            if name != tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{tag}>", found "</{name}>"'
                )
            i = j + 1
            _close_html_entity(tag, attrs, start, out.u16, stack, entities)
            continue
        # start tag
        j = i
        while j < n and not text[j].isspace() and text[j] != ">":
            j += 1
        if j >= n:
            raise unclosed_start(begin)
        tag = text[i:j].lower()
        if tag not in _HTML_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        attrs = {}
        i = j
        while True:
            while i < n and text[i].isspace():
                i += 1
            if i >= n:
                raise unclosed_start(begin)
            if text[i] == ">":
                i += 1
                break
            j = i
            while j < n and not text[j].isspace() and text[j] not in "=>":
                j += 1
            attr = text[i:j].lower()
            if not attr:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{_byte_offset(text, begin)}"
                )
            i = j
            while i < n and text[i].isspace():
                i += 1
            value = ""
            if i < n and text[i] == "=":
                i += 1
                while i < n and text[i].isspace():
                    i += 1
                if i >= n:
                    raise unclosed_start(begin)
                if text[i] in "\"'":
                    end = text.find(text[i], i + 1)
                    if end < 0:
                        raise unclosed_start(begin)
                    value = text[i + 1:end]
                    i = end + 1
                else:
                    j = i
                    while j < n and not text[j].isspace() and text[j] != ">":
                        j += 1
                    value = text[i:j]
                    i = j
            attrs[attr] = _html_unescape_lenient(value)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        stack.append((tag, attrs, out.u16))
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"'
        )
    return out.text(), _sorted_entities(entities)


def _close_html_entity(
    tag: str, attrs: dict[str, str], start: int, end: int,
    stack: list[tuple[str, dict[str, str], int]], entities: list[dict],
) -> None:
    length = end - start
    cls = attrs.get("class", "")
    if tag == "code" and stack and stack[-1][0] == "pre" and cls.startswith("language-"):
        stack[-1][1]["_language"] = cls[len("language-"):]
        return
    if length <= 0:
        return
    kind = _HTML_TAGS[tag]
    entity: dict[str, Any] = {"type": kind, "offset": start, "length": length}
    if tag == "a":
        href = attrs.get("href")
        if not href:
            return
        entity["url"] = href
    elif tag == "pre" and attrs.get("_language"):
        entity["language"] = attrs["_language"]
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    entities.append(entity)


def _sorted_entities(entities: list[dict]) -> list[dict]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline",
    "strikethrough": "Strikethrough", "spoiler": "Spoiler", "code": "Code", "pre": "Pre",
    "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
}


def parse_markdown_v2(text: str) -> tuple[str, list[dict]]:
    """Parse MarkdownV2 like tdlib does (block quotes are accepted but not turned into
    entities)."""
    out = _TextBuilder()
    stack: list[list[Any]] = []  # [type, start offset, byte offset of the opening, argument]
    entities: list[dict] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "\\" and nxt and 0 < ord(nxt) <= 126:
            out.add(nxt)
            i += 2
            continue
        top = stack[-1][0] if stack else None
        reserved = "`" if top in ("code", "pre") else _MDV2_RESERVED
        if c not in reserved:
            out.add(c)
            i += 1
            continue
        if c == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # block quote marker
            continue
        is_end = {
            "bold": c == "*",
            "italic": c == "_" and nxt != "_",
            "code": c == "`",
            "pre": text.startswith("```", i),
            "text_link": c == "]",
            "custom_emoji": c == "]",
            "underline": text.startswith("__", i),
            "strikethrough": c == "~",
            "spoiler": text.startswith("||", i),
        }.get(top or "", False)
        if not is_end:
            begin = i
            argument = None
            if c == "_" and nxt == "_":
                kind, i = "underline", i + 2
            elif c == "_":
                kind, i = "italic", i + 1
            elif c == "*":
                kind, i = "bold", i + 1
            elif c == "~":
                kind, i = "strikethrough", i + 1
            elif c == "|" and nxt == "|":
                kind, i = "spoiler", i + 2
            elif c == "[":
                kind, i = "text_link", i + 1
            elif c == "`" and text.startswith("```", i):
                kind, i = "pre", i + 3
                newline, closing = text.find("\n", i), text.find("```", i)
                if newline >= 0 and (closing < 0 or newline < closing):
                    argument = text[i:newline] or None
                    i = newline + 1
            elif c == "`":
                kind, i = "code", i + 1
            elif c == "!" and nxt == "[":
                kind, i = "custom_emoji", i + 2
            else:
                raise EntityParseError(
                    f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
                )
            stack.append([kind, out.u16, _byte_offset(text, begin), argument])
            continue
        kind, start, _, argument = stack.pop()
        if kind in ("underline", "spoiler"):
            i += 2
        elif kind == "pre":
            i += 3
        elif kind in ("text_link", "custom_emoji"):
            i += 1
            if i < n and text[i] == "(":
                url_begin = i
                i += 1
                url: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
                        url.append(text[i + 1])
                        i += 2
                        continue
                    url.append(text[i])
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, url_begin)}"
                    )
                i += 1
                argument = "".join(url)
        else:
            i += 1
        if out.u16 > start:
            entity: dict[str, Any] = {"type": kind, "offset": start, "length": out.u16 - start}
            if kind == "text_link" and argument:
                entity["url"] = argument
            elif kind == "custom_emoji":
                entity["custom_emoji_id"] = (argument or "").rpartition("id=")[2]
            elif kind == "pre" and argument:
                entity["language"] = argument
            if kind != "text_link" or argument:
                entities.append(entity)
    if stack:
        kind, _, byte_pos, _ = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {byte_pos}"
        )
    return out.text(), _sorted_entities(entities)


def parse_markdown(text: str) -> tuple[str, list[dict]]:
    """Parse legacy Markdown (parse_mode "Markdown") like tdlib does."""
    out = _TextBuilder()
    entities: list[dict] = []
    i, n = 0, len(text)
    kinds = {"*": "bold", "_": "italic", "`": "code", "[": "text_link"}
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "\\" and nxt and nxt in "_*`[":
            out.add(nxt)
            i += 2
            continue
        if c not in kinds:
            out.add(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        kind = kinds[c]
        i += 1
        language = None
        if c == "`" and text.startswith("``", i):
            i += 2
            kind = "pre"
            newline, closing = text.find("\n", i), text.find("```", i)
            if newline >= 0 and (closing < 0 or newline < closing):
                language = text[i:newline] or None
                i = newline + 1
        start = out.u16
        j = i
        while j < n and not (
            text[j] == end_char and (kind != "pre" or text.startswith("```", j))
        ):
            j += 1
        if j >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset "
                f"{_byte_offset(text, begin)}"
            )
        out.add(text[i:j])
        i = j + (3 if kind == "pre" else 1)
        entity: dict[str, Any] = {"type": kind, "offset": start, "length": out.u16 - start}
        if kind == "text_link":
            if i < n and text[i] == "(":
                close = text.find(")", i)
                if close < 0:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, i)}"
                    )
                entity["url"] = text[i + 1:close]
                i = close + 1
            else:
                continue
        if kind == "pre" and language:
            entity["language"] = language
        if entity["length"] > 0:
            entities.append(entity)
    return out.text(), _sorted_entities(entities)


def _strip_text(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Telegram trims leading and trailing whitespace; entities follow the trimmed text."""
    stripped = text.strip(" \t\r\n")
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip(" \t\r\n"))])
    total = utf16_len(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


_BOT_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![^\s])")


def command_entities(text: str) -> list[dict]:
    """The bot_command entities Telegram attaches to a user's text."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]),
         "length": utf16_len(m.group())}
        for m in _BOT_COMMAND_RE.finditer(text)
    ]


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    """One request the bot made. ``params`` are decoded (JSON-looking values parsed)."""

    method: str
    params: dict[str, Any]
    time: float
    files: dict[str, str] = field(default_factory=dict)  # field name -> uploaded file name
    status: int | None = None
    response: dict | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    kind: str
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(eq=False)
class BotMessage:
    """A message the bot sent, kept current: edits update ``raw`` and push the old version to
    ``history``; ``deleted`` is set by deleteMessage."""

    chat_id: int
    message_id: int
    method: str
    raw: dict  # the Message object as Telegram would return it now
    markup: dict | None = None  # reply_markup as sent (inline keyboard or reply keyboard)
    source: str | None = None  # text or caption exactly as sent (before parse_mode)
    parse_mode: str | None = None
    history: list[dict] = field(default_factory=list)
    deleted: bool = False

    @property
    def text(self) -> str:
        """The visible text (entities parsed out), or the caption of a media message."""
        return self.raw.get("text", self.raw.get("caption", ""))

    @property
    def entities(self) -> list[dict]:
        return self.raw.get("entities", self.raw.get("caption_entities", []))

    @property
    def inline_keyboard(self) -> list[list[dict]]:
        return (self.raw.get("reply_markup") or {}).get("inline_keyboard", [])

    @property
    def buttons(self) -> list[dict]:
        """The inline buttons, row by row, flattened."""
        return [button for row in self.inline_keyboard for button in row]

    @property
    def reply_keyboard(self) -> list[list[dict]]:
        return (self.markup or {}).get("keyboard", [])

    @property
    def labels(self) -> list[str]:
        """Labels of the inline buttons, then of the reply keyboard buttons."""
        return [b["text"] for b in self.buttons] + [
            b["text"] for row in self.reply_keyboard for b in row
        ]

    def find_button(self, label: str) -> dict | None:
        """The inline button whose label is ``label``, else the only one containing it."""
        exact = [b for b in self.buttons if b["text"] == label]
        if exact:
            return exact[0]
        partial = [b for b in self.buttons if label in b["text"]]
        if len(partial) > 1:
            raise AssertionError(
                f"{label!r} matches several buttons of message #{self.message_id}: "
                f"{[b['text'] for b in partial]}"
            )
        return partial[0] if partial else None

    @property
    def document(self) -> dict | None:
        return self.raw.get("document")

    @property
    def photo(self) -> list[dict] | None:
        return self.raw.get("photo")

    @property
    def file_id(self) -> str | None:
        """file_id of the document/photo (largest size)/other media of the message."""
        for kind in ("document", "audio", "voice", "video", "animation", "sticker"):
            if kind in self.raw:
                return self.raw[kind]["file_id"]
        if self.photo:
            return self.photo[-1]["file_id"]
        return None

    def describe(self) -> str:
        parts = [f"#{self.message_id} {self.method}"]
        if self.file_id:
            name = (self.document or {}).get("file_name")
            parts.append(f"[file {name or self.file_id}]")
        text = self.text if len(self.text) <= 300 else self.text[:300] + "…"
        parts.append(repr(text))
        if self.labels:
            parts.append(f"buttons={self.labels}")
        if self.history:
            parts.append(f"(edited {len(self.history)}x)")
        if self.deleted:
            parts.append("(deleted)")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.describe()


@dataclass
class _Chat:
    id: int
    info: dict
    next_message_id: int = 1
    messages: dict[int, dict] = field(default_factory=dict)  # every message, user or bot
    bot_messages: list[BotMessage] = field(default_factory=list)
    edits: list[BotMessage] = field(default_factory=list)  # one entry per edit
    actions: list[str] = field(default_factory=list)
    reply_keyboard: dict | None = None  # the reply keyboard currently shown
    seen: int = 0  # cursor of wait_for_message into bot_messages
    edits_seen: int = 0  # cursor of wait_for_edit into edits


@dataclass
class _Fault:
    method: str  # lower case, or "*"
    status: int
    count: int
    retry_after: int | None
    description: str | None
    after_processing: bool


class _Changes:
    """Wakes waiters whenever the server's state changes (an Event swapped on every notify)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Return predicate()'s first truthy value, or None after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._event
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


def image_size(data: bytes, default: tuple[int, int] = (800, 600)) -> tuple[int, int]:
    return _png_size(data) or _jpeg_size(data) or default


def make_png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG (grey pixels), for tests that need an image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------

Handler = Callable[[dict[str, Any], dict[str, Any]], Awaitable[Any]]


class FakeTelegramServer:
    """A Bot API server on 127.0.0.1 (OS-assigned port) for one bot token.

    Use as ``async with FakeTelegramServer() as server:``; point PTB at ``server.base_url`` and
    ``server.base_file_url``.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "fake_school_bot",
        bot_first_name: str = "Fake School Bot",
        strict_ampersand: bool = True,
        require_known_chats: bool = False,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id, "is_bot": True, "first_name": bot_first_name,
            "username": bot_username, "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False,
        }
        # strict_ampersand: reject a raw '&' in HTML (real Telegram keeps it literally).
        self.strict_ampersand = strict_ampersand
        # require_known_chats: sending to a chat no user/group was created for -> chat not found
        self.require_known_chats = require_known_chats
        self.clock = clock  # wall time for Message.date
        self.monotonic = monotonic  # for rate limits
        self.requests: list[RecordedRequest] = []
        self.webhook: dict[str, Any] = {"url": ""}
        self.users: dict[int, FakeUser] = {}
        self.callback_answers: dict[str, dict] = {}  # callback_query_id -> answer params
        self.port: int | None = None

        self._chats: dict[int, _Chat] = {}
        self._updates: list[dict] = []  # queued, not yet confirmed
        self._redeliveries: list[dict] = []  # returned once by the next getUpdates
        self._next_update_id = 1
        self._confirmed_below = 0  # every update_id below it is confirmed
        self._delivery_counts: dict[int, int] = {}
        self._delivered_log: dict[int, dict] = {}  # update_id -> update, once returned
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._callback_counter = itertools.count(1)
        self._callbacks: dict[str, dict] = {}  # callback_query_id -> {"answered": bool, ...}
        self._commands: dict[tuple[str, str], list[dict]] = {}
        self._settings: dict[str, dict] = {}  # record-only methods: last params
        self._faults: list[_Fault] = []
        self._blocked: dict[int, str] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self._parked: set[int] = set()
        self._dropped: set[int] = set()
        self._rate_global: float | None = None
        self._rate_per_chat: float | None = None
        self._rate_window: deque[float] = deque()
        self._rate_chat_windows: dict[int, deque[float]] = {}
        self._changes = _Changes()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._methods: dict[str, tuple[str, Handler]] = {}
        for name in (
            "getMe", "logOut", "close", "getUpdates", "setWebhook", "deleteWebhook",
            "getWebhookInfo", "sendMessage", "editMessageText", "editMessageReplyMarkup",
            "editMessageCaption", "deleteMessage", "answerCallbackQuery", "setMyCommands",
            "getMyCommands", "deleteMyCommands", "sendDocument", "sendPhoto", "sendVoice",
            "sendAudio", "sendVideo", "sendAnimation", "sendSticker", "sendChatAction",
            "getFile",
        ):
            self._methods[name.lower()] = (name, getattr(self, f"_api_{name}"))
        for name in (  # accepted and recorded, nothing else
            "setMyDescription", "setMyShortDescription", "setMyName", "setChatMenuButton",
            "setMyDefaultAdministratorRights",
        ):
            self._methods[name.lower()] = (name, self._record_only(name))

    # ---------------------------------------------------------------- lifecycle

    async def start(self) -> FakeTelegramServer:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None,
                                     shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._closing = False
        return self

    async def stop(self) -> None:
        self._closing = True
        for gate in self._holds.values():
            gate.set()
        self._changes.notify()  # long polls return at once
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the fake Telegram server is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` (PTB appends the token)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    # ---------------------------------------------------------------- users, chats, updates

    def user(
        self, id: int, first_name: str = "User", *, last_name: str | None = None,
        username: str | None = None, language_code: str | None = "vi",
    ) -> FakeUser:
        """A scripted user talking to the bot in a private chat (chat id = user id)."""
        from .telegram_user import FakeUser

        user = FakeUser(self, id, first_name, last_name=last_name, username=username,
                        language_code=language_code)
        self.users[id] = user
        info = {"id": id, "type": "private", "first_name": first_name}
        if last_name:
            info["last_name"] = last_name
        if username:
            info["username"] = username
        self._chat(id, create=True).info = info
        return user

    def group(self, chat_id: int, title: str = "Group", *, type: str = "group") -> dict:
        """Create a group/supergroup chat; users can post there with queue_message(chat_id=)."""
        info = {"id": chat_id, "type": type, "title": title}
        self._chat(chat_id, create=True).info = info
        return info

    def _chat(self, chat_id: int, *, create: bool = False) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            if not create and self.require_known_chats:
                raise bad_request(ERR_CHAT_NOT_FOUND)
            info: dict[str, Any] = (
                {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
                if chat_id > 0 else {"id": chat_id, "type": "group", "title": f"Chat {chat_id}"}
            )
            chat = self._chats[chat_id] = _Chat(chat_id, info)
        return chat

    def _new_message(self, chat: _Chat, sender: dict, content: dict) -> dict:
        message = {
            "message_id": chat.next_message_id, "from": sender, "chat": dict(chat.info),
            "date": int(self.clock()), **content,
        }
        chat.next_message_id += 1
        chat.messages[message["message_id"]] = message
        return message

    def queue_update(self, update: dict) -> dict:
        """Queue a raw update; ``update_id`` is assigned when missing. Returns the update."""
        if "update_id" not in update:
            update = {"update_id": self._next_update_id, **update}
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        self._updates.append(update)
        self._changes.notify()
        return update

    def queue_message(
        self, user: dict, text: str | None = None, *, chat_id: int | None = None,
        reply_to_message_id: int | None = None, **content: Any,
    ) -> dict:
        """Queue a ``message`` update from ``user`` (a User dict); commands get bot_command
        entities. ``content`` adds fields such as document=..., photo=..., caption=...."""
        chat = self._chat(user["id"] if chat_id is None else chat_id, create=True)
        if text is not None:
            content["text"] = text
            entities = command_entities(text)
            if entities:
                content["entities"] = entities
        if reply_to_message_id is not None:
            replied = chat.messages.get(reply_to_message_id)
            if replied is not None:
                content["reply_to_message"] = replied
        message = self._new_message(chat, user, content)
        return self.queue_update({"message": message})

    def queue_callback_query(self, user: dict, message: BotMessage, data: str) -> dict:
        """Queue a ``callback_query`` update as if ``user`` pressed a button of ``message``."""
        query_id = f"{self.bot_id}{next(self._callback_counter):08d}"
        self._callbacks[query_id] = {"answered": False, "data": data, "user_id": user["id"]}
        return self.queue_update({"callback_query": {
            "id": query_id, "from": user, "message": json.loads(json.dumps(message.raw)),
            "chat_instance": str(abs(hash((self.bot_id, message.chat_id))) % 10**18),
            "data": data,
        }})

    def redeliver(self, update: dict | int, *, new_update_id: bool = False) -> dict:
        """Deliver an update again (duplicate-delivery tests).

        With the same update_id (default) it is returned by the next getUpdates even if its id
        was already confirmed (as after a crash before confirming); with ``new_update_id`` it is
        queued again as a new update with identical content.
        """
        if isinstance(update, int):
            found = [u for u in self._all_known_updates() if u["update_id"] == update]
            if not found:
                raise KeyError(f"unknown update_id {update}")
            update = found[0]
        if new_update_id:
            copy = {k: v for k, v in update.items() if k != "update_id"}
            return self.queue_update(copy)
        self._redeliveries.append(update)
        self._changes.notify()
        return update

    def _all_known_updates(self) -> list[dict]:
        return [*self._updates, *self._delivered_log.values()]

    def pending_updates(self) -> list[dict]:
        """Queued updates not yet confirmed by an offset."""
        return list(self._updates)

    def store_file(
        self, data: bytes, *, kind: str = "document", file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Store bytes as a Telegram file (as if uploaded); getFile and download work."""
        n = next(self._file_counter)
        prefix = {"document": "BQAC", "photo": "AgAC", "sticker": "CAAC", "voice": "AwAC",
                  "audio": "CQAC", "video": "BAAC", "animation": "CgAC"}.get(kind, "BQAC")
        digest = hashlib.sha1(data).hexdigest()
        ext = (file_name.rpartition(".")[2] if file_name and "." in file_name
               else {"photo": "jpg", "voice": "oga", "sticker": "webp"}.get(kind, "bin"))
        folder = {"photo": "photos", "voice": "voice", "sticker": "stickers"}.get(
            kind, f"{kind}s")
        stored = StoredFile(
            file_id=f"{prefix}AgADfake{n:06d}{digest[:20]}",
            file_unique_id=f"AQAD{digest[:12]}{kind[:2]}",
            data=data, file_path=f"{folder}/file_{n}.{ext}", kind=kind,
            file_name=file_name, mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        return self._files[file_id]

    def file_bytes(self, file_id: str) -> bytes:
        return self._files[file_id].data

    def photo_sizes(self, stored: StoredFile) -> list[dict]:
        width, height = image_size(stored.data)
        scale = min(1.0, 90 / max(width, height, 1))
        thumb = self.store_file(stored.data, kind="photo", mime_type=stored.mime_type)
        return [
            {"file_id": thumb.file_id, "file_unique_id": thumb.file_unique_id + "t",
             "file_size": thumb.size, "width": max(1, int(width * scale)),
             "height": max(1, int(height * scale))},
            {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
             "file_size": stored.size, "width": width, "height": height},
        ]

    # ---------------------------------------------------------------- fault injection

    def fail_next(
        self, method: str, status: int = 429, *, retry_after: int | None = None,
        count: int = 1, description: str | None = None, after_processing: bool = False,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` ("*" = any method) with an error.

        429 replies carry ``parameters.retry_after`` (default 1) and "Too Many Requests: retry
        after N"; 500 is a JSON "Internal Server Error"; 502/503/504 are nginx-like HTML pages.
        With ``after_processing`` the call takes effect first (the message IS sent) and only
        the reply is an error, as when a response is lost.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        self._faults.append(_Fault(method.lower(), status, count, retry_after, description,
                                   after_processing))

    def clear_faults(self) -> None:
        self._faults.clear()

    def block(self, chat_id: int, description: str = ERR_BLOCKED) -> None:
        """The user blocked the bot: sends to the chat get 403 (or ``description``, e.g.
        "Forbidden: user is deactivated")."""
        self._blocked[chat_id] = description

    def unblock(self, chat_id: int) -> None:
        self._blocked.pop(chat_id, None)

    def rate_limit(
        self, per_second: float | None = 30, *, per_chat_per_second: float | None = None,
    ) -> None:
        """Answer 429 once more than ``per_second`` sends (all chats) or
        ``per_chat_per_second`` sends to one chat happen within one second; None disables."""
        self._rate_global = per_second
        self._rate_per_chat = per_chat_per_second
        self._rate_window.clear()
        self._rate_chat_windows.clear()

    def hold(self, method: str) -> None:
        """Park calls of ``method`` (after recording them) until ``release(method)``."""
        self._holds.setdefault(method.lower(), asyncio.Event())

    def release(self, method: str) -> None:
        gate = self._holds.pop(method.lower(), None)
        if gate is not None:
            gate.set()

    def parked(self) -> int:
        """How many calls are parked by ``hold`` right now."""
        return len(self._parked)

    def drop_held(self, method: str) -> int:
        """Release the parked calls of ``method`` without carrying them out, as if they had
        never reached Telegram (the client that sent them was killed, or the network lost
        them: a client still waiting sees its connection break); returns how many."""
        parked = [r for r in self.requests if r.method.lower() == method.lower()
                  and id(r) in self._parked]
        self._dropped.update(id(r) for r in parked)
        self.release(method)
        return len(parked)

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method in (method, "*") and fault.count > 0:
                fault.count -= 1
                if fault.count == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _check_rate(self, method: str, params: dict) -> None:
        if method not in RATE_LIMITED or (self._rate_global is None
                                          and self._rate_per_chat is None):
            return
        now = self.monotonic()
        windows: list[tuple[deque[float], float]] = []
        if self._rate_global is not None:
            windows.append((self._rate_window, self._rate_global))
        chat_id = params.get("chat_id")
        if self._rate_per_chat is not None and chat_id is not None:
            window = self._rate_chat_windows.setdefault(_as_chat_id(chat_id), deque())
            windows.append((window, self._rate_per_chat))
        for window, _ in windows:
            while window and window[0] <= now - 1.0:
                window.popleft()
        for window, limit in windows:
            if len(window) >= limit:
                retry = max(1, math.ceil(window[0] + 1.0 - now))
                raise ApiError(429, f"Too Many Requests: retry after {retry}",
                               {"retry_after": retry})
        for window, _ in windows:
            window.append(now)

    # ---------------------------------------------------------------- inspection & waiting

    def sent_to(self, chat_id: int) -> list[BotMessage]:
        """Every message the bot sent to the chat, in order, in its current state."""
        chat = self._chats.get(chat_id)
        return list(chat.bot_messages) if chat else []

    def chat_actions(self, chat_id: int) -> list[str]:
        chat = self._chats.get(chat_id)
        return list(chat.actions) if chat else []

    def reply_keyboard(self, chat_id: int) -> dict | None:
        """The ReplyKeyboardMarkup currently shown in the chat, if any."""
        chat = self._chats.get(chat_id)
        return chat.reply_keyboard if chat else None

    def calls(self, method: str, *, ok_only: bool = False) -> list[dict[str, Any]]:
        """Parameters of every request to ``method`` (case-insensitive), in order."""
        return [r.params for r in self.requests
                if r.method.lower() == method.lower() and (r.ok or not ok_only)]

    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict] | None:
        """Commands set by setMyCommands for exactly this scope and language (None if unset)."""
        return self._commands.get((_scope_key(scope), language_code))

    def settings(self, method: str) -> dict | None:
        """Last parameters of a record-only method such as setMyDescription."""
        return self._settings.get(method.lower())

    def delivery_count(self, update_id: int) -> int:
        """How many times getUpdates returned this update."""
        return self._delivery_counts.get(update_id, 0)

    async def wait_until(
        self, predicate: Callable[[], Any], timeout: float = 10.0, *, what: str = "condition",
    ) -> Any:
        """Wait until ``predicate()`` is truthy (checked whenever the server's state changes);
        return its value or fail with AssertionError after ``timeout`` seconds."""
        result = await self._changes.wait_until(predicate, timeout)
        if not result:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        return result

    async def wait_for_message(
        self, chat_id: int, predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 10.0,
    ) -> BotMessage:
        """Return the next bot message in the chat not returned before. With ``predicate``,
        unseen messages not matching it are skipped (and consumed)."""
        chat = self._chat(chat_id, create=True)

        def find() -> BotMessage | None:
            while chat.seen < len(chat.bot_messages):
                message = chat.bot_messages[chat.seen]
                chat.seen += 1
                if predicate is None or predicate(message):
                    return message
            return None

        found = await self._changes.wait_until(find, timeout)
        if found is None:
            raise AssertionError(
                f"timed out after {timeout}s waiting for a bot message in chat {chat_id}; "
                f"{self.describe_chat(chat_id)}"
            )
        return found

    async def wait_for_edit(
        self, chat_id: int, predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 10.0,
    ) -> BotMessage:
        """Return the message of the next edit in the chat not returned before."""
        chat = self._chat(chat_id, create=True)

        def find() -> BotMessage | None:
            while chat.edits_seen < len(chat.edits):
                message = chat.edits[chat.edits_seen]
                chat.edits_seen += 1
                if predicate is None or predicate(message):
                    return message
            return None

        found = await self._changes.wait_until(find, timeout)
        if found is None:
            raise AssertionError(
                f"timed out after {timeout}s waiting for an edited message in chat {chat_id}; "
                f"{self.describe_chat(chat_id)}"
            )
        return found

    async def wait_for_callback_answer(
        self, callback_query_id: str, timeout: float = 10.0,
    ) -> dict:
        """The parameters of answerCallbackQuery for this query, once the bot answered."""
        answer = await self._changes.wait_until(
            lambda: self.callback_answers.get(callback_query_id), timeout)
        if answer is None:
            raise AssertionError(
                f"timed out after {timeout}s: callback query {callback_query_id} not answered"
            )
        return answer

    async def wait_confirmed(self, update_id: int, timeout: float = 10.0) -> None:
        """Wait until getUpdates was called with an offset above ``update_id``."""
        await self.wait_until(lambda: self._confirmed_below > update_id, timeout,
                              what=f"update {update_id} to be confirmed")

    def describe_chat(self, chat_id: int) -> str:
        messages = self.sent_to(chat_id)
        if not messages:
            return "the bot sent nothing to this chat"
        lines = "\n".join(f"  {m.describe()}" for m in messages)
        return f"the bot sent to this chat:\n{lines}"

    # ---------------------------------------------------------------- HTTP

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        method_name = request.match_info["method"]
        if token != self.token:
            return _json_response(ApiError(401, ERR_UNAUTHORIZED).body(), 401)
        entry = self._methods.get(method_name.lower())
        if entry is None:
            return _json_response(ApiError(404, ERR_NOT_FOUND).body(), 404)
        name, handler = entry
        try:
            params, files = await _read_params(request)
        except ValueError as exc:
            return _json_response(bad_request(f"Bad Request: {exc}").body(), 400)
        record = RecordedRequest(
            name, params, self.clock(),
            files={k: getattr(v, "filename", "") or "" for k, v in files.items()},
        )
        self.requests.append(record)
        self._changes.notify()
        gate = self._holds.get(name.lower())
        if gate is not None:
            self._parked.add(id(record))
            self._changes.notify()
            await gate.wait()
            self._parked.discard(id(record))
            if id(record) in self._dropped:  # the connection breaks, as on a lost network
                if request.transport is not None:
                    request.transport.close()
                return _json_response(bad_request("Bad Request: dropped").body(), 400)
        fault = self._take_fault(name.lower())
        try:
            if fault is not None and not fault.after_processing:
                return self._fault_response(record, fault)
            self._check_rate(name.lower(), params)
            result = await handler(params, files)
            if fault is not None:
                return self._fault_response(record, fault)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, body = exc.code, exc.body()
        record.status, record.response = status, body
        self._changes.notify()
        return _json_response(body, status)

    def _fault_response(self, record: RecordedRequest, fault: _Fault) -> web.Response:
        status = fault.status
        record.status = status
        self._changes.notify()
        if status == 429:
            error = ApiError(429, fault.description
                             or f"Too Many Requests: retry after {fault.retry_after}",
                             {"retry_after": fault.retry_after})
            record.response = error.body()
            return _json_response(error.body(), 429)
        if status in (502, 503, 504):
            phrase = {502: "Bad Gateway", 503: "Service Unavailable",
                      504: "Gateway Time-out"}[status]
            html = (f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
                    f"<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>"
                    "\r\n</body>\r\n</html>\r\n")
            return web.Response(status=status, text=html, content_type="text/html")
        description = fault.description or {
            400: "Bad Request", 401: ERR_UNAUTHORIZED, 403: ERR_BLOCKED, 404: ERR_NOT_FOUND,
            409: ERR_CONFLICT_POLL, 500: "Internal Server Error",
        }.get(status, "Internal Server Error")
        error = ApiError(status, description)
        record.response = error.body()
        return _json_response(error.body(), status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _json_response(ApiError(401, ERR_UNAUTHORIZED).body(), 401)
        stored = self._files_by_path.get(request.match_info["file_path"])
        if stored is None:
            return _json_response(ApiError(404, ERR_NOT_FOUND).body(), 404)
        return web.Response(body=stored.data,
                            content_type=stored.mime_type or "application/octet-stream")

    # ---------------------------------------------------------------- API methods

    def _record_only(self, name: str) -> Handler:
        async def handler(params: dict[str, Any], files: dict[str, Any]) -> Any:
            self._settings[name.lower()] = params
            return True

        return handler

    async def _api_getMe(self, p: dict, f: dict) -> Any:
        return self.bot_user

    async def _api_logOut(self, p: dict, f: dict) -> Any:
        return True

    async def _api_close(self, p: dict, f: dict) -> Any:
        return True

    async def _api_getUpdates(self, p: dict, f: dict) -> Any:
        if self.webhook.get("url"):
            raise ApiError(409, ERR_CONFLICT_WEBHOOK)
        offset = _int_param(p, "offset")
        limit = min(max(_int_param(p, "limit") or 100, 1), 100)
        timeout = max(_float_param(p, "timeout") or 0.0, 0.0)
        if "allowed_updates" in p:
            allowed = _json_param(p, "allowed_updates")
            self._allowed_updates = list(allowed) if allowed else None
        self._poll_generation += 1
        generation = self._poll_generation
        self._confirm(offset)
        self._changes.notify()  # a previous long poll is terminated (409)

        def ready() -> bool:
            return (generation != self._poll_generation or self._closing
                    or bool(self._redeliveries) or bool(self._deliverable()))

        if timeout > 0:
            await self._changes.wait_until(ready, timeout)
        if generation != self._poll_generation:
            raise ApiError(409, ERR_CONFLICT_POLL)
        batch = [*self._redeliveries, *self._deliverable()][:limit]
        self._redeliveries = self._redeliveries[len(batch):]
        for update in batch:
            self._delivery_counts[update["update_id"]] = (
                self._delivery_counts.get(update["update_id"], 0) + 1)
            self._delivered_log[update["update_id"]] = update
        return batch

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            keep = self._updates[offset:]
            dropped = self._updates[: len(self._updates) - len(keep)]
            self._updates = keep
        else:
            dropped = [u for u in self._updates if u["update_id"] < offset]
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        for update in dropped:
            self._confirmed_below = max(self._confirmed_below, update["update_id"] + 1)
        if offset > 0:
            self._confirmed_below = max(self._confirmed_below, offset)

    def _deliverable(self) -> list[dict]:
        allowed = self._allowed_updates
        keep = []
        for update in self._updates:
            kind = next((k for k in update if k != "update_id"), "")
            if (kind in allowed) if allowed else (kind not in DEFAULT_EXCLUDED_UPDATES):
                keep.append(update)
        if len(keep) != len(self._updates):  # not-allowed updates are dropped, as Telegram does
            self._updates = keep
        return keep

    async def _api_setWebhook(self, p: dict, f: dict) -> Any:
        url = str(p.get("url", ""))
        if _bool_param(p, "drop_pending_updates"):
            self._drop_pending()
        self.webhook = {"url": url, **{k: _maybe_json(v) for k, v in p.items() if k != "url"}}
        if "allowed_updates" in p:
            allowed = _json_param(p, "allowed_updates")
            self._allowed_updates = list(allowed) if allowed else None
        return True

    async def _api_deleteWebhook(self, p: dict, f: dict) -> Any:
        if _bool_param(p, "drop_pending_updates"):
            self._drop_pending()
        self.webhook = {"url": ""}
        return True

    def _drop_pending(self) -> None:
        for update in self._updates:
            self._confirmed_below = max(self._confirmed_below, update["update_id"] + 1)
        self._updates = []

    async def _api_getWebhookInfo(self, p: dict, f: dict) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", ""), "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if info["url"]:
            info["max_connections"] = int(self.webhook.get("max_connections") or 40)
            if self._allowed_updates:
                info["allowed_updates"] = self._allowed_updates
        return info

    def _target_chat(self, p: dict, *, sending: bool = True) -> _Chat:
        if "chat_id" not in p or p["chat_id"] in ("", None):
            raise bad_request("Bad Request: chat_id is empty")
        chat_id = _as_chat_id(p["chat_id"])
        if isinstance(chat_id, str):
            found = [c for c in self._chats.values() if c.info.get("username") == chat_id[1:]]
            if not found:
                raise bad_request(ERR_CHAT_NOT_FOUND)
            chat = found[0]
        else:
            chat = self._chat(chat_id)
        if sending and chat.id in self._blocked:
            raise ApiError(403, self._blocked[chat.id])
        return chat

    def _parse_text(self, text: Any, parse_mode: Any, entities: Any, *, caption: bool = False,
                    ) -> tuple[str, list[dict]]:
        text = "" if text is None else str(text)
        mode = str(parse_mode or "").lower()
        try:
            if entities:
                plain, parsed = text, list(entities)
            elif mode == "html":
                plain, parsed = parse_html(text, strict_ampersand=self.strict_ampersand)
            elif mode == "markdownv2":
                plain, parsed = parse_markdown_v2(text)
            elif mode == "markdown":
                plain, parsed = parse_markdown(text)
            elif mode:
                raise bad_request("Bad Request: unsupported parse_mode")
            else:
                plain, parsed = text, []
        except EntityParseError as exc:
            raise bad_request(ERR_PARSE + str(exc)) from None
        plain, parsed = _strip_text(plain, parsed)
        if caption:
            if len(plain) > MAX_CAPTION_LENGTH:
                raise bad_request(ERR_CAPTION_TOO_LONG)
        else:
            if not plain:
                raise bad_request(ERR_TEXT_EMPTY)
            if len(plain) > MAX_TEXT_LENGTH:
                raise bad_request(ERR_TOO_LONG)
        return plain, parsed

    def _check_markup(self, markup: Any) -> dict | None:
        if not markup:
            return None
        if not isinstance(markup, dict):
            raise bad_request("Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request("Bad Request: field \"inline_keyboard\" must be an Array")
            for row in rows:
                for button in row:
                    if not isinstance(button, dict) or "text" not in button:
                        raise bad_request(
                            "Bad Request: can't parse inline keyboard button: "
                            "Field \"text\" must be of type String")
                    if not any(k in button for k in INLINE_BUTTON_ACTIONS):
                        raise bad_request(ERR_TEXT_BUTTON)
                    if "callback_data" in button:
                        size = len(str(button["callback_data"]).encode("utf-8"))
                        if size == 0 or size > MAX_CALLBACK_DATA_BYTES:
                            raise bad_request(ERR_BUTTON_DATA)
                    if "url" in button and not re.match(r"(https?|tg)://\S", button["url"]):
                        raise bad_request(ERR_BUTTON_URL)
            return markup
        if "keyboard" in markup:
            rows = [[b if isinstance(b, dict) else {"text": str(b)} for b in row]
                    for row in markup["keyboard"]]
            return {**markup, "keyboard": rows}
        return markup

    def _reply_fields(self, chat: _Chat, p: dict) -> dict:
        reply = _json_param(p, "reply_parameters") or {}
        reply_id = reply.get("message_id") or _int_param(p, "reply_to_message_id")
        if not reply_id:
            return {}
        target_chat = chat
        if reply.get("chat_id") is not None:
            target_chat = self._chat(_as_chat_id(reply["chat_id"]))
        replied = target_chat.messages.get(int(reply_id))
        if replied is None:
            allow = reply.get("allow_sending_without_reply",
                              _bool_param(p, "allow_sending_without_reply"))
            if not allow:
                raise bad_request(ERR_REPLY_NOT_FOUND)
            return {}
        return {"reply_to_message": {k: v for k, v in replied.items()
                                     if k != "reply_to_message"}}

    def _deliver_bot_message(
        self, chat: _Chat, method: str, content: dict, markup: dict | None,
        source: str | None, parse_mode: str | None,
    ) -> dict:
        if markup and "inline_keyboard" in markup:
            content["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        elif markup and "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup and markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        message = self._new_message(chat, self.bot_user, content)
        chat.bot_messages.append(BotMessage(
            chat.id, message["message_id"], method, message, markup, source,
            str(parse_mode) if parse_mode else None,
        ))
        return message

    async def _api_sendMessage(self, p: dict, f: dict) -> Any:
        chat = self._target_chat(p)
        plain, entities = self._parse_text(p.get("text"), p.get("parse_mode"),
                                           _json_param(p, "entities"))
        markup = self._check_markup(_json_param(p, "reply_markup"))
        content: dict[str, Any] = {**self._reply_fields(chat, p), "text": plain}
        if entities:
            content["entities"] = entities
        link_preview = _json_param(p, "link_preview_options")
        if link_preview:
            content["link_preview_options"] = link_preview
        return self._deliver_bot_message(chat, "sendMessage", content, markup,
                                         str(p.get("text")), p.get("parse_mode"))

    def _editable(self, p: dict) -> tuple[_Chat, BotMessage]:
        if p.get("inline_message_id"):
            raise bad_request("Bad Request: MESSAGE_ID_INVALID")
        chat = self._target_chat(p, sending=False)
        message_id = _int_param(p, "message_id")
        if message_id is None:
            raise bad_request("Bad Request: message identifier is not specified")
        for message in chat.bot_messages:
            if message.message_id == message_id:
                if message.deleted:
                    raise bad_request(ERR_EDIT_NOT_FOUND)
                return chat, message
        if message_id in chat.messages:
            raise bad_request(ERR_CANT_EDIT)
        raise bad_request(ERR_EDIT_NOT_FOUND)

    def _apply_edit(self, chat: _Chat, message: BotMessage, changes: dict,
                    markup: dict | None) -> dict:
        inline = ({"inline_keyboard": markup["inline_keyboard"]}
                  if markup and "inline_keyboard" in markup else None)
        new_raw = {k: v for k, v in message.raw.items() if k not in ("reply_markup", "edit_date")}
        new_raw.update(changes)
        for key in ("entities", "caption_entities"):
            if key in new_raw and not new_raw[key]:
                del new_raw[key]
        if inline:
            new_raw["reply_markup"] = inline
        old_cmp = {k: v for k, v in message.raw.items() if k != "edit_date"}
        if new_raw == old_cmp:
            raise bad_request(ERR_NOT_MODIFIED)
        new_raw["edit_date"] = int(self.clock())
        message.history.append(message.raw)
        message.raw = new_raw
        message.markup = inline
        chat.messages[message.message_id] = new_raw
        chat.edits.append(message)
        return new_raw

    async def _api_editMessageText(self, p: dict, f: dict) -> Any:
        chat, message = self._editable(p)
        if "text" not in message.raw:
            raise bad_request("Bad Request: there is no text in the message to edit")
        plain, entities = self._parse_text(p.get("text"), p.get("parse_mode"),
                                           _json_param(p, "entities"))
        markup = self._check_markup(_json_param(p, "reply_markup"))
        raw = self._apply_edit(chat, message, {"text": plain, "entities": entities}, markup)
        message.source, message.parse_mode = str(p.get("text")), p.get("parse_mode")
        return raw

    async def _api_editMessageCaption(self, p: dict, f: dict) -> Any:
        chat, message = self._editable(p)
        plain, entities = self._parse_text(p.get("caption"), p.get("parse_mode"),
                                           _json_param(p, "caption_entities"), caption=True)
        markup = self._check_markup(_json_param(p, "reply_markup"))
        changes: dict[str, Any] = {"caption_entities": entities}
        if plain:
            changes["caption"] = plain
        raw = self._apply_edit(chat, message, changes, markup)
        if not plain:
            raw.pop("caption", None)
        return raw

    async def _api_editMessageReplyMarkup(self, p: dict, f: dict) -> Any:
        chat, message = self._editable(p)
        markup = self._check_markup(_json_param(p, "reply_markup"))
        return self._apply_edit(chat, message, {}, markup)

    async def _api_deleteMessage(self, p: dict, f: dict) -> Any:
        chat = self._target_chat(p, sending=False)
        message_id = _int_param(p, "message_id")
        if message_id not in chat.messages:
            raise bad_request(ERR_DELETE_NOT_FOUND)
        del chat.messages[message_id]
        for message in chat.bot_messages:
            if message.message_id == message_id:
                message.deleted = True
        return True

    async def _api_answerCallbackQuery(self, p: dict, f: dict) -> Any:
        query_id = str(p.get("callback_query_id", ""))
        query = self._callbacks.get(query_id)
        if query is None or query["answered"]:
            raise bad_request(ERR_QUERY_INVALID)
        text = p.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("Bad Request: MESSAGE_TOO_LONG")
        query["answered"] = True
        self.callback_answers[query_id] = {
            "callback_query_id": query_id, "text": text,
            "show_alert": _bool_param(p, "show_alert"), "url": p.get("url"),
        }
        return True

    async def _api_setMyCommands(self, p: dict, f: dict) -> Any:
        commands = _json_param(p, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("Bad Request: commands must be an array of at most 100 commands")
        for command in commands:
            name = str(command.get("command", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name.lstrip("/")):
                raise bad_request(ERR_COMMAND_INVALID)
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("Bad Request: command description is empty")
        key = (_scope_key(_json_param(p, "scope")), str(p.get("language_code") or ""))
        self._commands[key] = [
            {"command": str(c["command"]).lstrip("/"), "description": str(c["description"])}
            for c in commands
        ]
        return True

    async def _api_getMyCommands(self, p: dict, f: dict) -> Any:
        key = (_scope_key(_json_param(p, "scope")), str(p.get("language_code") or ""))
        return self._commands.get(key, [])

    async def _api_deleteMyCommands(self, p: dict, f: dict) -> Any:
        key = (_scope_key(_json_param(p, "scope")), str(p.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

    async def _api_sendChatAction(self, p: dict, f: dict) -> Any:
        chat = self._target_chat(p)
        action = str(p.get("action", ""))
        if action not in CHAT_ACTIONS:
            raise bad_request(ERR_ACTION)
        chat.actions.append(action)
        return True

    def _input_file(self, p: dict, files: dict, name: str, kind: str) -> StoredFile:
        """The file of a send* call: an upload (multipart, maybe via attach://) or a file_id."""
        value = p.get(name)
        upload = files.get(name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://"):])
        if upload is not None:
            data = upload.file.read()
            mime = upload.content_type or None
            if mime == "application/octet-stream" and kind == "photo":
                mime = "image/jpeg"
            return self.store_file(data, kind=kind, file_name=upload.filename or None,
                                   mime_type=mime)
        if not value or not isinstance(value, str):
            raise bad_request(f"Bad Request: there is no {name} in the request")
        if value.startswith(("http://", "https://")):
            raise bad_request(ERR_URL_FETCH)
        stored = self._files.get(value)
        if stored is None:
            raise bad_request(ERR_FILE_ID)
        return stored

    async def _send_media(self, method: str, kind: str, p: dict, f: dict) -> Any:
        chat = self._target_chat(p)
        stored = self._input_file(p, f, kind, kind)
        caption, entities = self._parse_text(p.get("caption"), p.get("parse_mode"),
                                             _json_param(p, "caption_entities"), caption=True)
        markup = self._check_markup(_json_param(p, "reply_markup"))
        content: dict[str, Any] = self._reply_fields(chat, p)
        base = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": stored.size}
        if kind == "photo":
            content["photo"] = self.photo_sizes(stored)
        elif kind == "document":
            content["document"] = {**base, **_drop_none(
                {"file_name": stored.file_name, "mime_type": stored.mime_type})}
        elif kind == "sticker":
            width, height = image_size(stored.data, (512, 512))
            content["sticker"] = {**base, "type": "regular", "width": width,
                                  "height": height, "is_animated": False, "is_video": False}
        elif kind in ("voice", "audio"):
            content[kind] = {**base, "duration": _int_param(p, "duration") or 1,
                             **_drop_none({"mime_type": stored.mime_type})}
        else:  # video, animation
            width, height = image_size(stored.data, (640, 360))
            content[kind] = {**base, "width": width, "height": height,
                             "duration": _int_param(p, "duration") or 1,
                             **_drop_none({"mime_type": stored.mime_type})}
        if caption:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return self._deliver_bot_message(chat, method, content, markup,
                                         p.get("caption"), p.get("parse_mode"))

    async def _api_sendDocument(self, p: dict, f: dict) -> Any:
        return await self._send_media("sendDocument", "document", p, f)

    async def _api_sendPhoto(self, p: dict, f: dict) -> Any:
        return await self._send_media("sendPhoto", "photo", p, f)

    async def _api_sendVoice(self, p: dict, f: dict) -> Any:
        return await self._send_media("sendVoice", "voice", p, f)

    async def _api_sendAudio(self, p: dict, f: dict) -> Any:
        return await self._send_media("sendAudio", "audio", p, f)

    async def _api_sendVideo(self, p: dict, f: dict) -> Any:
        return await self._send_media("sendVideo", "video", p, f)

    async def _api_sendAnimation(self, p: dict, f: dict) -> Any:
        return await self._send_media("sendAnimation", "animation", p, f)

    async def _api_sendSticker(self, p: dict, f: dict) -> Any:
        return await self._send_media("sendSticker", "sticker", p, f)

    async def _api_getFile(self, p: dict, f: dict) -> Any:
        stored = self._files.get(str(p.get("file_id", "")))
        if stored is None:
            raise bad_request(ERR_INVALID_FILE_ID)
        if stored.size > MAX_DOWNLOAD_SIZE:
            raise bad_request(ERR_FILE_TOO_BIG)
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": stored.size, "file_path": stored.file_path}



# --------------------------------------------------------------------------------------------
# Request decoding helpers
# --------------------------------------------------------------------------------------------

# Parameters whose form/query string values are JSON (numbers, booleans, objects, arrays).
_JSON_FIELDS = frozenset({
    "chat_id", "message_id", "offset", "limit", "timeout", "allowed_updates", "reply_markup",
    "entities", "caption_entities", "link_preview_options", "reply_parameters",
    "reply_to_message_id", "allow_sending_without_reply", "disable_notification",
    "protect_content", "message_thread_id", "drop_pending_updates", "max_connections",
    "show_alert", "cache_time", "commands", "scope", "duration", "width", "height",
    "has_spoiler", "disable_content_type_detection", "menu_button", "rights", "for_channels",
    "media", "show_caption_above_media", "allow_paid_broadcast",
})


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """Merge query string and body (form-urlencoded, multipart or JSON) into one dict;
    uploaded files are returned separately (aiohttp FileField objects)."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, Any] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ValueError("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise ValueError("JSON body must be an object")
            raw.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded",
                                      "multipart/form-data"):
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[key] = value
                else:
                    raw[key] = value
    params = {k: (_maybe_json(v) if k in _JSON_FIELDS else v) for k, v in raw.items()}
    return params, files


def _json_response(body: dict, status: int) -> web.Response:
    return web.json_response(body, status=status,
                             dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


def _json_param(p: dict, name: str) -> Any:
    return _maybe_json(p.get(name))


def _int_param(p: dict, name: str) -> int | None:
    value = p.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"Bad Request: invalid {name} specified") from None


def _float_param(p: dict, name: str) -> float | None:
    value = p.get(name)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise bad_request(f"Bad Request: invalid {name} specified") from None


def _bool_param(p: dict, name: str) -> bool:
    value = p.get(name)
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def _as_chat_id(value: Any) -> Any:
    """An int chat id, or an "@username" string."""
    if isinstance(value, int):
        return value
    text = str(value)
    if text.startswith("@"):
        return text
    try:
        return int(text)
    except ValueError:
        raise bad_request(ERR_CHAT_NOT_FOUND) from None


def _scope_key(scope: Any) -> str:
    scope = _maybe_json(scope) or {"type": "default"}
    return json.dumps(scope, sort_keys=True)


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


# --------------------------------------------------------------------------------------------
# Running a PTB Application against the server
# --------------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def polling(
    app: Application, *, timeout: int = 10, fail_on_handler_error: bool = True,
    allowed_updates: list[str] | None = None, drop_pending_updates: bool = False,
) -> AsyncIterator[list[BaseException]]:
    """Run ``app`` with long polling for the duration of the block, then shut it down cleanly
    (the last getUpdates confirms what was fetched, so a new Application does not see it again).

    Yields the list of exceptions raised by handlers; with ``fail_on_handler_error`` the block
    fails with the first of them on exit.
    """
    errors: list[BaseException] = []

    async def collect(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    try:
        await app.start()
        try:
            assert app.updater is not None, "the Application was built without an Updater"
            await app.updater.start_polling(
                poll_interval=0, timeout=timeout, allowed_updates=allowed_updates,
                drop_pending_updates=drop_pending_updates,
            )
            try:
                yield errors
            finally:
                await app.updater.stop()
        finally:
            await app.stop()
    finally:
        await app.shutdown()
        app.remove_error_handler(collect)
    if fail_on_handler_error and errors:
        raise AssertionError(f"a handler raised {errors[0]!r}") from errors[0]
