"""The terminal console: the same core, with buttons shown as numbered choices.

``school-bot console --user NAME``: each NAME is one person, so several terminals (or runs) on
one database can play staff, leader and admin. ``/file PATH`` sends a file where a report asks
for one. Messages the bot sends on its own (reminders, notices) are printed as they fall due:
the console is a ``bot.channels.runtime.Channel`` that delivers its one person's messages.
"""

from __future__ import annotations

import asyncio
import mimetypes
import sys
from html import escape
from pathlib import Path
from typing import Any, TextIO

from bot.channels.live import follow
from bot.channels.menus import InputState, TextMenus, notice_batch, read_typed
from bot.channels.text import numbering, parse_command, render
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.i18n import _, language
from bot.port import Incoming, IncomingFile, InKind, Reply
from bot.sender import PermanentFailure

CHANNEL = "console"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


async def read_local_file(file_id: str) -> bytes:
    """The console's files are paths on this machine."""
    return await asyncio.to_thread(Path(file_id).read_bytes)


class Console:
    name = CHANNEL
    download = staticmethod(read_local_file)

    def __init__(
        self, core: Core, user_name: str, *, lang: str | None = None,
        stdin: TextIO | None = None, stdout: TextIO | None = None,
    ) -> None:
        self.core = core
        self.dispatcher = Dispatcher(core)
        self.user_name = user_name
        self.recipient: str | None = user_name  # the outbox rows it prints: this person's
        self.lang = lang
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.menus = TextMenus(core.db, CHANNEL)
        self.state = InputState(core)
        self._live: list[asyncio.Task[None]] = []
        self.live_interval = 2.0

    async def _print_again(self, reply: Reply) -> bool:
        self.stdout.write(render(reply)[0] + "\n\n")
        self.stdout.flush()
        return True

    async def deliver(self, external_id: str, reply: Reply) -> None:
        """Print a queued message for the console's person; others wait for their own."""
        if external_id != self.user_name:
            raise PermanentFailure("not this console's user")
        batch, notice = await notice_batch(self.state, CHANNEL, external_id, reply)
        await self.show(batch, notice=notice, bell=True)

    def _make(self, kind: InKind, **fields: Any) -> Incoming:
        return Incoming(channel=CHANNEL, external_id=self.user_name, kind=kind,
                        display_name=self.user_name, language_code=self.lang, **fields)

    def incoming(self, line: str) -> Incoming:
        """Turn a typed line into what the core understands."""
        text = line.strip()
        if text.startswith("/file"):
            return self._file(text[len("/file"):].strip())
        command = parse_command(text)
        if command is not None:
            return self._make(InKind.COMMAND, command=command[0], text=command[1])
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
        return list(await self.core.updates.run(f"{CHANNEL}:{self.user_name}",
                                                lambda: self._handle_line(line)))

    async def _handle_line(self, line: str) -> list[Reply]:
        path = line.strip()[len("/file"):].strip() if line.strip().startswith("/file") else None
        if path is not None and not Path(path).expanduser().is_file():
            user = await self.core.users.by_identity(CHANNEL, self.user_name)
            with language(user.language if user else self.lang):
                missing = [Reply(_("File not found: {path}. Type /file and the path of a file "
                                   "on this computer.").format(path=escape(path or "…")))]
            await self.show(missing)
            return missing
        inc = self.incoming(line)
        if inc.kind is InKind.TEXT:
            typed = await read_typed(self.state, self.menus, inc, self.core.now(),
                                     self.lang)
            if typed.stale:
                with language(typed.language):
                    await self.show(typed.stale)
                return typed.stale
            inc = typed.incoming
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
                self._live.append(asyncio.create_task(follow(
                    self.core.registry, reply.live, reply.text, self._print_again,
                    self.live_interval)))
        self.stdout.flush()
        await self.menus.after(self.user_name, replies, self.core.now(), notice=notice)

    async def run(self, stop: asyncio.Event) -> None:
        """Read lines until end of input, /quit or ``stop``, printing replies (and, through
        ``run_channels``, due messages)."""
        with language(self.lang):
            self.stdout.write(_("Console mode. Type /quit to leave.") + "\n\n")
        await self.handle_line("/start")
        loop = asyncio.get_running_loop()
        try:
            while True:
                self.stdout.write("> ")
                self.stdout.flush()
                line = await loop.run_in_executor(None, self.stdin.readline)
                if not line or line.strip() in ("/quit", "/exit") or stop.is_set():
                    break
                await self.handle_line(line)
                self.core.outbox.changed()  # what the line queued is printed at once
        finally:
            for task in self._live:
                task.cancel()
