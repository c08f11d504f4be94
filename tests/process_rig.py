"""The real ``school-bot`` process for end-to-end tests that kill and restart it: its config
file, its environment (pointed at the fake Bot API or fake Zalo server), starting it, waiting
until it polls, SIGKILL, a graceful stop, starting it again on the same database, and its log.

Every start appends to the same log, so a failure shows what each run said."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Literal

from tests.fakes import FakeTelegramServer
from tests.fakes.zalo_server import FakeZaloServer
from tests.helpers import ROOT

# What the caller's environment may hold that would point the process elsewhere.
_FOREIGN = ("BOT_TOKEN", "TELEGRAM_API_BASE_URL", "ZALO_BOT_TOKEN", "ZALO_API_BASE_URL",
            "BOT_ADMIN_IDS", "DATABASE_URL", "BOT_NOW")


def write_config(folder: Path, *, admins: Sequence[str] = (), bot: str = "",
                 sections: str = "", database: str = "bot.sqlite3") -> Path:
    """``folder/config.toml``: a database and files of the test's own, the shipped units and
    plans; ``bot`` adds lines to ``[bot]``, ``sections`` adds whole sections."""
    listed = ", ".join(f'"{a}"' for a in admins)
    path = folder / "config.toml"
    path.write_text(
        f'[bot]\ndatabase = "{folder / database}"\n'
        f'units_csv = "{ROOT / "data" / "units.csv"}"\nfiles_dir = "{folder / "files"}"\n'
        f'data_dir = "{ROOT / "data"}"\nadmins = [{listed}]\n{bot}{sections}',
        encoding="utf-8")
    return path


class BotProcess:
    """One bot, started as many times as a test needs, each time with the same config,
    environment and log. ``ready`` (if given) is called just before each start and gives
    what to await after it, until the process is ready."""

    def __init__(self, config: Path, env: dict[str, str], log: Path,
                 ready: Callable[[], Callable[[], Awaitable[object]]] | None = None) -> None:
        self.config = config
        self.env = env
        self.log_path = log
        self._ready = ready
        self._process: asyncio.subprocess.Process | None = None

    @classmethod
    def telegram(cls, server: FakeTelegramServer, config: Path, log: Path, *,
                 now: str | None = None, extra_env: dict[str, str] | None = None,
                 ) -> BotProcess:
        """Against the fake Bot API. Not waited for: a polling bot gets what was sent before
        it started, and a webhook worker's first call is the test's own to wait for."""
        env = _environment(config, now, {"BOT_TOKEN": server.token,
                                         "TELEGRAM_API_BASE_URL": server.base_url,
                                         **(extra_env or {})})
        return cls(config, env, log)

    @classmethod
    def zalo(cls, server: FakeZaloServer, config: Path, log: Path, *,
             now: str | None = None) -> BotProcess:
        """Against the fake Zalo server; ready once it has polled (Zalo hands an update out
        once, so the test must not send before the bot asks)."""
        env = _environment(config, now, {"ZALO_BOT_TOKEN": server.token,
                                         "ZALO_API_BASE_URL": server.base_url})

        def next_poll() -> Callable[[], Awaitable[object]]:
            polls = len(server.calls_of("getUpdates"))
            return lambda: server.wait_for_call("getUpdates", timeout=30, count=polls + 1)

        return cls(config, env, log, next_poll)

    @property
    def process(self) -> asyncio.subprocess.Process:
        assert self._process is not None, "the bot was never started"
        return self._process

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def start(self) -> None:
        """Start the process (again, after a kill or stop) and wait until it is ready; if it
        ends first, fail with its log."""
        assert not self.running, "the bot is running already"
        wait_until_ready = self._ready() if self._ready is not None else None
        with open(self.log_path, "ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=str(ROOT), env=self.env,
                stdout=asyncio.subprocess.DEVNULL, stderr=log)
        if wait_until_ready is None:
            return
        try:
            await self._until_ready(wait_until_ready())
        except BaseException:
            await self.kill()
            raise

    async def _until_ready(self, waiting: Awaitable[object]) -> None:
        ready = asyncio.ensure_future(waiting)
        ended = asyncio.ensure_future(self.process.wait())
        try:
            await asyncio.wait({ready, ended}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (ready, ended):
                if not task.done():
                    task.cancel()
            await asyncio.gather(ready, ended, return_exceptions=True)
        if ready.cancelled():
            raise AssertionError(f"the bot ended ({self.process.returncode}) before it was "
                                 f"ready:\n{self.log_tail()}")
        ready.result()

    async def kill(self) -> None:
        """SIGKILL, as a crash would end it: nothing of its own shutdown runs."""
        if self.running:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM and wait for its own shutdown; a process that does not end in ``timeout``
        is killed and the test fails."""
        if not self.running:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            await self.kill()
            raise AssertionError(f"the bot did not stop within {timeout}s after SIGTERM:\n"
                                 f"{self.log_tail()}") from None

    @asynccontextmanager
    async def run(self, *, end: Literal["stop", "kill"] = "stop") -> AsyncIterator[BotProcess]:
        """Started for the block; at its end (or on a failure, whose report then ends with
        the log) stopped (``end="stop"``) or killed (``end="kill"``)."""
        await self.start()
        try:
            yield self
        except Exception as exc:
            exc.add_note(f"the bot's log ({self.log_path}), last lines:\n{self.log_tail()}")
            raise
        finally:
            await (self.kill() if end == "kill" else self.stop())

    def log(self) -> str:
        """All the process has written to stderr, every run."""
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


def _environment(config: Path, now: str | None, channel: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
    env.update(channel, BOT_CONFIG=str(config))
    if now is not None:
        env["BOT_NOW"] = now
    return env
