"""Every private-chat update goes to the core; its replies come back here to be sent."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from handlers.context import BotApplication, BotContext
from handlers.convert import to_incoming
from handlers.live import DEFAULT_INTERVAL, keep_fresh
from handlers.render import send_reply

log = logging.getLogger(__name__)


async def on_update(update: Update, context: BotContext) -> None:
    """Hand the update to the core, then send what it answers."""
    incoming = to_incoming(update)
    if incoming is None or update.effective_chat is None:
        return
    query = update.callback_query
    if query is not None:
        await query.answer()  # stop the button's spinner at once
    response = await context.dispatcher.handle(incoming)
    edit_target = query.message if query is not None and query.message else None
    for reply in response.replies:
        shown = await send_reply(context.bot, update.effective_chat.id, reply,
                                 edit_message=edit_target)  # type: ignore[arg-type]
        if reply.live and shown is not None:
            interval = context.application.bot_data.get("live_interval", DEFAULT_INTERVAL)
            context.application.create_task(
                keep_fresh(context.services, shown, reply.live, interval), update=update
            )
    if response.user is not None:
        await context.menus.refresh(context.bot, update.effective_chat.id, response.user)
    context.services.outbox_changed()


def register(app: BotApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, on_update))
    app.add_handler(CallbackQueryHandler(on_update))
