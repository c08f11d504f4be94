"""Telegram updates into the core's ``Incoming`` (and nothing else)."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update

from bot.channels.text import parse_command
from bot.port import Incoming, IncomingFile, InKind

CHANNEL = "telegram"


def to_incoming(update: Update) -> Incoming | None:
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    base: dict[str, Any] = dict(
        channel=CHANNEL, external_id=str(user.id), display_name=user.full_name,
        language_code=user.language_code, update_key=str(update.update_id),
        inbox_key=str(update.update_id),
    )
    if update.callback_query is not None:
        return Incoming(kind=InKind.ACTION, action=update.callback_query.data or "",
                        **base)
    if update.message is not None:
        return _from_message(update.message, base)
    return None


def _from_message(msg: Message, base: dict[str, Any]) -> Incoming:
    if msg.text is not None:
        command = parse_command(msg.text)
        if command is not None:
            return Incoming(kind=InKind.COMMAND, command=command[0], text=command[1], **base)
        return Incoming(kind=InKind.TEXT, text=msg.text, html=msg.text_html, **base)
    if msg.document is not None:
        d = msg.document
        file = IncomingFile(d.file_id, "document", d.file_name, d.mime_type, d.file_size,
                            d.file_unique_id)
        return Incoming(kind=InKind.FILE, file=file, text=msg.caption or "",
                        html=msg.caption_html or "", **base)
    if msg.photo:
        p = msg.photo[-1]  # the largest size
        file = IncomingFile(p.file_id, "photo", f"photo_{p.file_unique_id}.jpg", "image/jpeg",
                            p.file_size, p.file_unique_id)
        return Incoming(kind=InKind.FILE, file=file, text=msg.caption or "",
                        html=msg.caption_html or "", **base)
    return Incoming(kind=InKind.UNSUPPORTED, **base)
