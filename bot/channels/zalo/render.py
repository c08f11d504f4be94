"""Replies as Zalo messages: plain text with numbered choices, in parts Zalo accepts.

Zalo counts its 2,000-character limit in UTF-16 code units, as JavaScript does, so an emoji or
any character outside the Basic Multilingual Plane counts twice; parts are measured that way.
"""

from __future__ import annotations

from bot.channels.text import render, split_text
from bot.i18n import _
from bot.port import Reply

MAX_TEXT = 2000  # UTF-16 code units


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_utf16(text: str, limit: int = MAX_TEXT) -> list[str]:
    return split_text(text, limit, utf16_len)


def render_parts(reply: Reply, start: int = 1) -> list[str]:
    """The messages ``reply`` becomes on Zalo, its choices numbered from ``start``. Files cannot
    be sent, so they are explained instead."""
    text, _actions = render(reply, start=start)
    notes = []
    if reply.document is not None:
        notes.append(_("📎 This message comes with a file ({name}), but the bot cannot send "
                       "files on Zalo. Please get it on Telegram, or ask the office.").format(
                           name=reply.document_name or reply.document.name))
    if reply.photo is not None:
        notes.append(_("🖼 This message comes with a picture, which the bot cannot send on Zalo "
                       "yet."))
    full = "\n\n".join(part for part in [text, *notes] if part.strip())
    return split_utf16(full)


def halves(text: str) -> list[str]:
    """``text`` in two parts at a boundary near its middle, for a part Zalo found too long."""
    return split_utf16(text, max(1, (utf16_len(text) + 1) // 2))
