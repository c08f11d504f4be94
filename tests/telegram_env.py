"""The real Telegram Application of the bot, running against the fake Bot API server."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock, ManualClock
from bot.config import Config, TelegramSettings
from bot.services import Services, build_services
from handlers.app import build_application, start_telegram, stop_telegram
from handlers.context import BotApplication
from tests.fakes import FakeTelegramServer
from tests.helpers import at, make_config


@dataclass
class RunningBot:
    server: FakeTelegramServer
    services: Services
    app: BotApplication
    config: Config


def telegram_config(tmp_path: Path, server: FakeTelegramServer) -> Config:
    base = make_config(tmp_path)
    tg = TelegramSettings(token=server.token, api_base_url=server.base_url)
    return dataclasses.replace(base, telegram=tg)


@asynccontextmanager
async def running_bot(
    server: FakeTelegramServer, config: Config, clock: Clock | None = None
) -> AsyncIterator[RunningBot]:
    """Build the services and the Application the way ``school-bot`` does, and poll."""
    services = await build_services(config, clock or ManualClock(at("2026-11-22 09:00")))
    app = build_application(config, services)
    app.bot_data["live_interval"] = 0.2
    await start_telegram(app, config, poll_timeout=1)
    await services.start()
    try:
        yield RunningBot(server, services, app, config)
    finally:
        await stop_telegram(app)
        await services.stop()
        await services.close()
