"""The Telegram Application around the core: built, started and stopped here; run as a channel
by ``handlers.channel.TelegramChannel``."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot.config import Config
from bot.core import Core
from bot.dispatcher import Dispatcher
from handlers import errors, updates
from handlers.context import BotApplication, BotContext
from handlers.menu import CommandMenus
from handlers.ordering import PerChatProcessor
from handlers.polling import DurablePolling
from handlers.webhook import WebhookReceiver

log = logging.getLogger(__name__)


def build_application(config: Config, core: Core, *,
                      rate_limited: bool = True) -> BotApplication:
    """``rate_limited=False`` only for benchmarks that measure the bot's own cost."""
    tg = config.telegram
    builder = (
        Application.builder()
        .token(tg.token)
        .base_url(tg.api_base_url)
        .base_file_url(tg.file_base_url)
        .read_timeout(tg.read_timeout)
        .concurrent_updates(PerChatProcessor(core.updates))
        .context_types(ContextTypes(context=BotContext))
    )
    if rate_limited:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=0))  # type: ignore[arg-type]
    app: BotApplication = builder.build()
    app.bot_data["core"] = core
    app.bot_data["reply_budget"] = config.sending.reply_budget
    app.bot_data["dispatcher"] = Dispatcher(core)
    app.bot_data["menus"] = CommandMenus(core.registry)
    register(app)
    return app


def register(app: BotApplication) -> None:
    """All Telegram handlers, in order: updates into the core; then the error handler."""
    updates.register(app)
    app.add_error_handler(errors.on_error)


async def _after_initialize(app: Any) -> None:
    await app.bot_data["menus"].set_defaults(app.bot)


async def start_telegram(app: BotApplication, config: Config, *,
                         poll_timeout: int = 10) -> DurablePolling | WebhookReceiver:
    """Initialise, start and begin receiving updates (long polling or webhook), both through
    the durable inbox; returns what receives them."""
    tg = config.telegram
    core: Core = app.bot_data["core"]
    await app.initialize()
    await _after_initialize(app)
    await app.start()
    inbox = core.inbox
    receiver: DurablePolling | WebhookReceiver
    if tg.mode == "webhook":
        receiver = WebhookReceiver(app, inbox, tg, core.now)
    else:
        receiver = DurablePolling(app, inbox, core.now, timeout=poll_timeout)
    await receiver.start()
    return receiver


async def stop_telegram(app: BotApplication,
                        receiver: DurablePolling | WebhookReceiver | None) -> None:
    if receiver is not None:
        await receiver.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
