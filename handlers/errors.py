"""The error handler: log with context (ids, never text or names), apologise to the user."""

from __future__ import annotations

import logging

from telegram import Update

from bot.i18n import _
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
        if chat is not None:
            try:
                await context.bot.send_message(
                    chat.id,
                    _("Sorry, something went wrong on my side. What you sent is not lost: "
                      "please try again in a moment, or send /help."),
                )
            except Exception:  # the chat may be unreachable; the log has it
                log.warning("could not tell user %s about the error", user.id if user else "-")
    else:
        log.error("error outside an update: %s", type(error).__name__, exc_info=error)
