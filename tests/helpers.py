"""Core-level test helpers: a config on a temporary database, and a scripted user."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.channels.text import html_to_text
from bot.config import BotSettings, Config
from bot.dispatcher import Dispatcher
from bot.port import Incoming, IncomingFile, InKind, Reply

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN_TG_ID = 9000


def at(text: str) -> dt.datetime:
    """``at("2027-05-30 07:59")`` in Vietnam time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def make_config(tmp: Path, **bot_overrides: object) -> Config:
    bot = BotSettings(
        database=tmp / "bot.sqlite3",
        data_dir=ROOT / "data",
        files_dir=tmp / "files",
        units_csv=ROOT / "data" / "units.csv",
        admins=("console:admin", f"telegram:{ADMIN_TG_ID}"),
    )
    return Config(bot=dataclasses.replace(bot, **bot_overrides))  # type: ignore[arg-type]


class CoreUser:
    """Talks to the core the way a channel would, and keeps what it was told."""

    def __init__(self, dispatcher: Dispatcher, external_id: str, *, lang: str | None = "vi",
                 channel: str = "console") -> None:
        self.dispatcher = dispatcher
        self.external_id = external_id
        self.lang = lang
        self.channel = channel
        self.last: list[Reply] = []
        self._update = 0

    def _incoming(self, kind: InKind, **fields: object) -> Incoming:
        return Incoming(channel=self.channel, external_id=self.external_id, kind=kind,
                        display_name=self.external_id, language_code=self.lang,
                        **fields)  # type: ignore[arg-type]

    async def _handle(self, inc: Incoming) -> list[Reply]:
        self.last = (await self.dispatcher.handle(inc)).replies
        return self.last

    async def send(self, text: str) -> list[Reply]:
        if text.startswith("/") and len(text) > 1:
            name, _sep, args = text[1:].partition(" ")
            return await self._handle(self._incoming(InKind.COMMAND, command=name.lower(),
                                                     text=args.strip()))
        return await self._handle(self._incoming(InKind.TEXT, text=text))

    async def press(self, label: str) -> list[Reply]:
        for reply in reversed(self.last):
            for button in reply.choices():
                if label in button.label:
                    return await self.press_data(button.action)
        raise AssertionError(f"no button {label!r} in: {self.buttons()}")

    async def press_data(self, action: str, update_key: str | None = None) -> list[Reply]:
        return await self._handle(self._incoming(InKind.ACTION, action=action,
                                                 update_key=update_key))

    async def send_file(self, file: IncomingFile) -> list[Reply]:
        return await self._handle(self._incoming(InKind.FILE, file=file))

    async def send_sticker(self) -> list[Reply]:
        return await self._handle(self._incoming(InKind.UNSUPPORTED))

    def text(self) -> str:
        return "\n".join(html_to_text(r.text) for r in self.last)

    def buttons(self) -> list[str]:
        return [b.label for r in self.last for b in r.choices()]

    async def onboard(self, name: str, code: str) -> None:
        await self.send("/start")
        await self.send(name)
        await self.send(code)
