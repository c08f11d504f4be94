"""The real Telegram Application of the bot, running against the fake Bot API server."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.app import build_core
from bot.channels.runtime import run_channels
from bot.clock import Clock, ManualClock
from bot.config import Config, TelegramSettings
from bot.core import Core
from handlers.app import build_application
from handlers.channel import TelegramChannel
from handlers.context import BotApplication
from tests.fakes import BotMessage, FakeTelegramServer
from tests.helpers import at, make_config


@dataclass
class RunningBot:
    server: FakeTelegramServer
    core: Core
    app: BotApplication
    config: Config


def telegram_config(tmp_path: Path, server: FakeTelegramServer) -> Config:
    base = make_config(tmp_path)
    tg = TelegramSettings(token=server.token, api_base_url=server.base_url)
    return dataclasses.replace(base, telegram=tg)


@asynccontextmanager
async def running_bot(
    server: FakeTelegramServer, config: Config, clock: Clock | None = None, *,
    rate_limited: bool = True,
) -> AsyncIterator[RunningBot]:
    """Build the core and the Application the way ``school-bot`` does, and poll."""
    core = await build_core(config, clock or ManualClock(at("2026-11-22 09:00")))
    app = build_application(config, core, rate_limited=rate_limited)
    app.bot_data["live_interval"] = 0.2
    channel = TelegramChannel(app, config, poll_timeout=1)
    stop = asyncio.Event()
    running = asyncio.create_task(run_channels(core, [channel], stop))
    try:
        await channel.started(running)
        await core.start()
        yield RunningBot(server, core, app, config)
    finally:
        stop.set()
        await asyncio.gather(running, return_exceptions=True)
        await core.stop()
        await core.close()


class Chat:
    """A scripted Telegram user who waits for what the bot shows — a new message or an edit —
    rather than for the next message, so tests don't depend on which replies are edits."""

    def __init__(self, server: FakeTelegramServer, user_id: int, name: str,
                 lang: str = "vi") -> None:
        self.server = server
        self.user = server.user(id=user_id, first_name=name, language_code=lang)
        self.id = user_id
        self._seen: set[tuple[int, int]] = set()

    def _mark_all(self) -> None:
        self._seen |= {_version(m) for m in self.server.sent_to(self.id)}

    async def send(self, text: str) -> None:
        self._mark_all()
        await self.user.send(text)

    async def press(self, label: str) -> None:
        self._mark_all()
        await self.user.press(label)

    async def press_data(self, data: str) -> None:
        self._mark_all()
        await self.user.press_data(data)

    async def send_document(self, name: str, data: bytes, mime: str) -> None:
        self._mark_all()
        await self.user.send_document(name, data, mime)

    async def sees(self, text: str, timeout: float = 10.0) -> str:
        """Wait until a message shown after the last action contains ``text``."""
        def fresh() -> str | None:
            for m in self.server.sent_to(self.id):
                if _version(m) not in self._seen and text in m.text:
                    return m.text
            return None
        found = await self.server.wait_until(fresh, timeout, what=f"{text!r} for {self.id}")
        return str(found)

    async def join(self, full_name: str, code: str) -> None:
        await self.send("/start")
        await self.sees("?")  # the name question
        await self.send(full_name)
        await self.send(code)
        await self.sees(code_ok_marker(self.user.language_code or "vi"))

    async def join_as_admin(self, full_name: str = "Chuyên Viên Phòng") -> None:
        """Admins (listed in the config) give only their name."""
        await self.send("/start")
        await self.sees("?")
        await self.send(full_name)
        await self.sees("Chào mừng")


def _version(message: BotMessage) -> tuple[int, int]:
    """A message as shown at one moment: its id and how many times it was edited."""
    return message.message_id, len(message.history)


def code_ok_marker(lang: str) -> str:
    return "Welcome!" if lang == "en" else "Chào mừng thầy/cô!"
