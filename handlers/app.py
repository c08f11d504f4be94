"""The Telegram composition root: build the PTB Application around the core and run it."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot.config import Config
from bot.dispatcher import Dispatcher
from bot.sender import OutboxSender
from bot.services import Services, need
from handlers import errors, updates
from handlers.context import BotApplication, BotContext
from handlers.menu import CommandMenus
from handlers.ordering import PerChatProcessor
from handlers.polling import DurablePolling
from handlers.transport import TelegramTransport
from handlers.webhook import WebhookReceiver

log = logging.getLogger(__name__)


def build_application(config: Config, services: Services, *,
                      rate_limited: bool = True) -> BotApplication:
    """``rate_limited=False`` only for benchmarks that measure the bot's own cost."""
    tg = config.telegram
    builder = (
        Application.builder()
        .token(tg.token)
        .base_url(tg.api_base_url)
        .base_file_url(tg.file_base_url)
        .read_timeout(tg.read_timeout)
        .concurrent_updates(PerChatProcessor(services.updates))
        .context_types(ContextTypes(context=BotContext))
    )
    if rate_limited:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=0))  # type: ignore[arg-type]
    app: BotApplication = builder.build()
    app.bot_data["services"] = services
    app.bot_data["reply_budget"] = config.sending.reply_budget
    app.bot_data["dispatcher"] = Dispatcher(services)
    app.bot_data["menus"] = CommandMenus(services.registry)
    register(app)
    return app


def register(app: BotApplication) -> None:
    """All Telegram handlers, in order: updates into the core; then the error handler."""
    updates.register(app)
    app.add_error_handler(errors.on_error)


async def _after_initialize(app: Any) -> None:
    """Menus, the file downloader and the outbox sender: what runs beside the handlers."""
    services: Services = app.bot_data["services"]
    transport = TelegramTransport(app.bot)
    services.downloaders["telegram"] = transport.download
    await app.bot_data["menus"].set_defaults(app.bot)
    sender = OutboxSender(services.outbox, services.users, transport, services.config.sending,
                          services.now)
    services.outbox_listeners.append(sender.wakeup.set)
    stop = asyncio.Event()
    app.bot_data["outbox_stop"] = stop
    app.bot_data["outbox_task"] = asyncio.create_task(sender.run(stop))


async def _before_shutdown(app: Any) -> None:
    stop: asyncio.Event | None = app.bot_data.get("outbox_stop")
    if stop is not None:
        stop.set()
        await app.bot_data["outbox_task"]


async def start_telegram(app: BotApplication, config: Config, *, poll_timeout: int = 10) -> None:
    """Initialise, start and begin receiving updates (long polling or webhook), both through
    the durable inbox."""
    tg = config.telegram
    services: Services = app.bot_data["services"]
    await app.initialize()
    await _after_initialize(app)
    await app.start()
    inbox = need(services.inbox, "inbox")
    receiver: DurablePolling | WebhookReceiver
    if tg.mode == "webhook":
        receiver = WebhookReceiver(app, inbox, tg, services.now)
    else:
        receiver = DurablePolling(app, inbox, services.now, timeout=poll_timeout)
    app.bot_data["receiver"] = receiver
    await receiver.start()


async def stop_telegram(app: BotApplication) -> None:
    receiver = app.bot_data.pop("receiver", None)
    if receiver is not None:
        await receiver.stop()
    if app.running:
        await app.stop()
    await _before_shutdown(app)
    await app.shutdown()
