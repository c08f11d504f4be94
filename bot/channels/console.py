"""The terminal console: the same core, with buttons shown as numbered choices.

``school-bot console --user NAME``: each NAME is one person, so several terminals (or runs) on
one database can play staff, leader and admin. ``/file PATH`` sends a file where a report asks
for one. Messages the bot sends on its own (reminders, notices) are printed as they fall due.
"""

from __future__ import annotations

import asyncio
import mimetypes
import sys
from html import escape
from pathlib import Path
from typing import Any, TextIO

from bot.channels.menus import InputState, TextMenus, notice_batch
from bot.channels.text import numbering, render
from bot.dispatcher import Dispatcher
from bot.i18n import _, language
from bot.port import Incoming, IncomingFile, InKind, Reply
from bot.sender import OutboxSender, PermanentFailure
from bot.services import Services

CHANNEL = "console"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


class ConsoleTransport:
    """Prints queued messages for the console user; others wait for their own console."""

    channel = CHANNEL

    def __init__(self, console: Console) -> None:
        self.console = console

    async def deliver(self, external_id: str, reply: Reply) -> None:
        if external_id != self.console.user_name:
            raise PermanentFailure("not this console's user")
        batch, notice = await notice_batch(self.console.state, CHANNEL, external_id, reply)
        await self.console.show(batch, notice=notice, bell=True)


class Console:
    def __init__(
        self, services: Services, user_name: str, *, lang: str | None = None,
        stdin: TextIO | None = None, stdout: TextIO | None = None,
    ) -> None:
        self.services = services
        self.dispatcher = Dispatcher(services)
        self.user_name = user_name
        self.lang = lang
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.menus = TextMenus(services.db, CHANNEL)
        self.state = InputState(services)
        self._live: list[asyncio.Task[None]] = []
        self.live_interval = 2.0

    async def _follow(self, key: str, shown: str) -> None:
        """Print a live message again whenever it changes, until it is finished."""
        view = next((v for p, v in self.services.live_views.items() if key.startswith(p)), None)
        while view is not None:
            await asyncio.sleep(self.live_interval)
            reply, finished = await view(key)
            if reply.text != shown:
                shown = reply.text
                self.stdout.write(render(reply)[0] + "\n\n")
                self.stdout.flush()
            if finished:
                return

    def _make(self, kind: InKind, **fields: Any) -> Incoming:
        return Incoming(channel=CHANNEL, external_id=self.user_name, kind=kind,
                        display_name=self.user_name, language_code=self.lang, **fields)

    def incoming(self, line: str) -> Incoming:
        """Turn a typed line into what the core understands."""
        text = line.strip()
        if text.startswith("/file"):
            return self._file(text[len("/file"):].strip())
        if text.startswith("/") and len(text) > 1:
            name, _sep, args = text[1:].partition(" ")
            return self._make(InKind.COMMAND, command=name.split("@")[0].lower(),
                              text=args.strip())
        return self._make(InKind.TEXT, text=line.rstrip("\n"))

    def _file(self, path_text: str) -> Incoming:
        path = Path(path_text).expanduser()
        if not path.is_file():
            return self._make(InKind.UNSUPPORTED)
        kind = "photo" if path.suffix.lower() in PHOTO_SUFFIXES else "document"
        file = IncomingFile(
            file_id=str(path.resolve()), kind=kind, name=path.name,
            mime_type=mimetypes.guess_type(path.name)[0], size=path.stat().st_size,
        )
        return self._make(InKind.FILE, file=file)

    async def handle_line(self, line: str) -> list[Reply]:
        """One typed line, handled in the core's pool like every channel's updates (one person
        here, so in order; the pool's bound is shared with the other channels)."""
        return list(await self.services.updates.run(f"{CHANNEL}:{self.user_name}",
                                                    lambda: self._handle_line(line)))

    async def _handle_line(self, line: str) -> list[Reply]:
        path = line.strip()[len("/file"):].strip() if line.strip().startswith("/file") else None
        if path is not None and not Path(path).expanduser().is_file():
            user = await self.services.users.by_identity(CHANNEL, self.user_name)
            with language(user.language if user else self.lang):
                missing = [Reply(_("File not found: {path}. Type /file and the path of a file "
                                   "on this computer.").format(path=escape(path or "…")))]
            await self.show(missing)
            return missing
        inc = self.incoming(line)
        if inc.kind is InKind.TEXT:
            user = await self.state.user(CHANNEL, self.user_name)
            with language(user.language if user else self.lang):
                choice = await self.menus.interpret(self.user_name, inc.text,
                                                    self.services.now(),
                                                    busy=await self.state.busy(user))
                if choice.replies:  # a stale number: the menu again, nothing for the core
                    await self.show(choice.replies)
                    return choice.replies
            if choice.action is not None:
                inc = self._make(InKind.ACTION, action=choice.action)
        response = await self.dispatcher.handle(inc)
        await self.show(response.replies)
        return response.replies

    async def show(self, replies: list[Reply], *, notice: bool = False,
                   bell: bool = False) -> None:
        """Print ``replies``, their choices numbered on from one message to the next."""
        for reply, start in zip(replies, numbering(replies), strict=True):
            text, _actions = render(reply, start=start)
            if bell and reply is replies[0]:
                text = "📬 " + text
            self.stdout.write(text + "\n")
            if reply.document:
                self.stdout.write(f"📎 {reply.document}\n")
            if reply.photo:
                self.stdout.write(f"🖼 {reply.photo}\n")
            self.stdout.write("\n")
            if reply.live:
                self._live.append(asyncio.create_task(self._follow(reply.live, reply.text)))
        self.stdout.flush()
        await self.menus.after(self.user_name, replies, self.services.now(), notice=notice)

    async def run(self) -> None:
        """Read lines until end of input or /quit, printing replies and due messages."""
        stop = asyncio.Event()
        sender = OutboxSender(
            self.services.outbox, self.services.users, ConsoleTransport(self),
            self.services.config.sending, self.services.now, recipient=self.user_name,
        )
        self.services.outbox_listeners.append(sender.wakeup.set)
        sending = asyncio.create_task(sender.run(stop, idle_seconds=1.0))
        with language(self.lang):
            self.stdout.write(_("Console mode. Type /quit to leave.") + "\n\n")
        await self.handle_line("/start")
        loop = asyncio.get_running_loop()
        try:
            while True:
                self.stdout.write("> ")
                self.stdout.flush()
                line = await loop.run_in_executor(None, self.stdin.readline)
                if not line or line.strip() in ("/quit", "/exit"):
                    break
                await self.handle_line(line)
                sender.wakeup.set()
        finally:
            for task in self._live:
                task.cancel()
            stop.set()
            await sending
