"""The error handler: log with context (ids, never text or names), apologise to the user in
their own language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType

from bot.i18n import _, language, normalize_language
from handlers.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(update, Update):
        user = update.effective_user
        log.error(
            "error handling update %s from user %s: %s", update.update_id,
            user.id if user else "-", type(error).__name__, exc_info=error,
        )
        chat = update.effective_chat
        if chat is not None and chat.type == ChatType.PRIVATE and user is not None:
            lang = normalize_language(user.language_code)
            try:
                known = await context.core.users.by_identity("telegram", str(user.id))
                lang = known.language if known is not None else lang
            except Exception:
                pass  # the database is what failed; the app's language will do
            with language(lang):
                text = _("Sorry, something went wrong on my side. Please try again in a "
                         "moment, or send /help.")
            try:
                await context.bot.send_message(chat.id, text)
            except Exception:  # the chat may be unreachable; the log has it
                log.warning("could not tell user %s about the error", user.id)
    else:
        log.error("error outside an update: %s", type(error).__name__, exc_info=error)
