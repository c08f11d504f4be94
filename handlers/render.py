"""The core's ``Reply`` on Telegram: HTML text, inline keyboards, edits, files."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.channels.text import split_text
from bot.port import Reply

MAX_TEXT = 4096


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.action) for b in row]
         for row in reply.buttons]
    )


async def send_reply(
    bot: Bot, chat_id: int | str, reply: Reply, *, edit_message: Message | None = None
) -> Message | None:
    """Send ``reply``; when it asks to edit and a button message is at hand, edit that one.
    Returns the (last) text message shown, for channels that refresh it later."""
    markup = keyboard(reply)
    parts = split_text(reply.text, MAX_TEXT) if reply.text else []
    shown: Message | None = None
    if edit_message is not None and reply.edit and len(parts) == 1 and not reply.document:
        try:
            edited = await edit_message.edit_text(parts[0], parse_mode=ParseMode.HTML,
                                                  reply_markup=markup)
            return edited if isinstance(edited, Message) else edit_message
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return edit_message
            # the message is too old or was deleted: fall through and send a new one
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        shown = await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML,
                                       reply_markup=markup if last else None)
    if reply.document is not None:
        with reply.document.open("rb") as fh:
            await bot.send_document(chat_id, fh, filename=reply.document_name or
                                    reply.document.name)
    if reply.photo is not None:
        with reply.photo.open("rb") as fh:
            await bot.send_photo(chat_id, fh)
    return shown
