"""``school-bot`` (also ``python -m bot``): run the bot, or one of its admin subcommands.

With no subcommand it runs on Telegram when a token is configured, otherwise in the terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import db_commands
from bot.clock import Clock, clock_from_env
from bot.config import Config, ConfigError
from bot.config_file import find_config_file, load_config
from bot.logsafe import redact, setup_logging
from bot.storage.backup import RunLock

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("bot")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="school-bot", description=__doc__)
    p.add_argument("--config", help="TOML file (default: $BOT_CONFIG, then config.toml)")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (Telegram with a token, else the console)")
    con = sub.add_parser("console", help="talk to the bot in this terminal")
    con.add_argument("--user", default=os.environ.get("USER") or "demo",
                     help="who you are in the console (one name = one person)")
    con.add_argument("--lang", choices=["vi", "en"], default=None)
    _add_knowledge_commands(sub)
    bak = sub.add_parser("backup", help="copy the database consistently, even while the bot runs")
    bak.add_argument("file", help="where to write the copy (e.g. var/backups/before-test.sqlite3)")
    bak.add_argument("--force", action="store_true", help="replace FILE if it exists")
    res = sub.add_parser("restore", help="put a backup in place of the database (bot stopped)")
    res.add_argument("file", help="a file made by school-bot backup")
    mig = sub.add_parser("migrate-to-postgres",
                         help="copy the SQLite database into an empty PostgreSQL database")
    mig.add_argument("url", help="postgresql://user:password@host:port/database")
    mig.add_argument("--from", dest="source", default=None,
                     help="the SQLite file (default: [bot] database)")
    return p


def _add_knowledge_commands(sub: Any) -> None:
    ask = sub.add_parser("ask", help="print the answer the bot would give to a question")
    ask.add_argument("question")
    ask.add_argument("--lang", choices=["vi", "en"], default="vi")
    imp = sub.add_parser("import-plan",
                         help="import a plan document (.txt, .md, .docx, .doc, .pdf)")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="extract and show, store nothing")
    imp.add_argument("--json", action="store_true", help="print what was extracted as JSON")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        config = load_config(find_config_file(args.config))
        clock = clock_from_env(os.environ.get("BOT_NOW"), config.bot.tz)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    setup_logging(config.bot.log_level if args.command in (None, "run") else "WARNING",
                  config.bot.tz)
    command = args.command or "run"
    runner = COMMANDS[command]
    try:
        return asyncio.run(runner(args, config, clock))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return _fatal(exc, config)


def _fatal(exc: BaseException, config: Config) -> int:
    """One clear line on stderr (never the token), the details in the log, exit code 1."""
    text = redact(_fatal_text(exc), secrets=(config.telegram.token, config.zalo.token))
    log.debug("start-up failed", exc_info=exc)
    print(f"Cannot run: {text}", file=sys.stderr)
    return 1


def _fatal_text(exc: BaseException) -> str:
    from bot.channels.runtime import ChannelRefused
    from bot.channels.zalo import ZaloConfigError
    from bot.storage.connect import PostgresUnavailable
    from bot.storage.db import DatabaseDamaged
    from bot.units import UnitListError

    if isinstance(exc, DatabaseDamaged | UnitListError | ZaloConfigError | PostgresUnavailable
                  | ChannelRefused):
        return str(exc)
    name = type(exc).__name__
    if name == "InvalidToken":
        return ("Telegram refused the bot token (check BOT_TOKEN and TELEGRAM_API_BASE_URL): "
                f"{exc}")
    if isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("psycopg"):
        return "the database cannot be used: " + " ".join(str(exc).split())
    return f"{name}: {exc}"


async def _run(args: argparse.Namespace, config: Config, clock: Clock) -> int:
    if not (config.telegram.token or config.zalo.token):
        print("No Telegram or Zalo token is configured (set BOT_TOKEN or [telegram] token), so "
              "the bot runs in this terminal. To play someone else: school-bot console --user "
              "NAME", file=sys.stderr)
        args.user = os.environ.get("USER") or "demo"
        args.lang = None
        return await _console(args, config, clock)
    return await _run_channels(config, clock)


class _SharedDatabase:
    """On PostgreSQL several workers share the database by design: no run lock."""

    def release(self) -> None:
        return None


def _lock(config: Config) -> RunLock | _SharedDatabase | None:
    """Hold the database's run lock (so ``restore`` refuses meanwhile); None if taken."""
    if config.on_postgres:
        return _SharedDatabase()
    lock = RunLock(Path(config.bot.database))
    if lock.acquire():
        return lock
    print(f"The bot is already running on {config.bot.database} (process "
          f"{lock.holder() or '?'}).", file=sys.stderr)
    return None


async def _run_channels(config: Config, clock: Clock) -> int:
    """Telegram and/or Zalo in one process, on one core, until SIGINT/SIGTERM."""
    lock = _lock(config)
    if lock is None:
        return 1
    try:
        return await _serve(config, clock)
    finally:
        lock.release()


async def _serve(config: Config, clock: Clock) -> int:
    from bot.app import build_core
    from bot.channels.runtime import Channel, run_channels

    core = await build_core(config, clock)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    channels: list[Channel] = []
    try:
        if config.telegram.token:
            from handlers.app import build_application
            from handlers.channel import TelegramChannel

            log.info("Starting on Telegram (%s mode).", config.telegram.mode)
            channels.append(TelegramChannel(build_application(config, core), config))
        if config.zalo.token:
            from bot.channels.zalo import ZaloChannel

            log.info("Starting on Zalo (%s mode).", config.zalo.mode)
            channels.append(ZaloChannel(core))
        await core.start()
        log.info("The bot is running. Press Ctrl+C to stop.")
        await run_channels(core, channels, stop)
    finally:
        await _shut_down(core)
    return 0


async def _shut_down(core: Core) -> None:
    """Both steps run even when the first fails; the database is closed last, always, or its
    thread keeps the process alive."""
    steps: list[Callable[[], Coroutine[Any, Any, Any]]] = [core.stop, core.close]
    for step in steps:
        try:
            await step()
        except Exception as exc:
            log.warning("while stopping: %s", type(exc).__name__)


async def _console(args: argparse.Namespace, config: Config, clock: Clock) -> int:
    from bot.app import build_core
    from bot.channels.console import Console
    from bot.channels.runtime import run_channels

    lock = _lock(config)
    if lock is None:
        return 1
    try:
        core = await build_core(config, clock)
        console = Console(core, args.user, lang=args.lang)
        try:
            await core.start()
            await run_channels(core, [console], asyncio.Event())
        finally:
            await _shut_down(core)
    finally:
        lock.release()
    return 0


async def _ask(args: argparse.Namespace, config: Config, clock: Clock) -> int:
    """Print exactly what the bot would answer (the same code path, rendered as text)."""
    from bot.app import build_core
    from bot.channels.text import render
    from bot.features.knowledge import answer_reply
    from bot.i18n import language

    core = await build_core(config, clock)
    try:
        with language(args.lang):
            reply, found = await answer_reply(core.answers, args.question,
                                              clock.now().date())
            print(render(reply)[0])
    finally:
        await core.close()
    return 0 if found.confident else 1


async def _import_plan(args: argparse.Namespace, config: Config, clock: Clock) -> int:
    import json

    from bot.app import build_core
    from bot.knowledge.model import PlanReadError, parsed_plan_to_json

    path = Path(args.file)
    if not path.is_file():
        print(f"No such file: {path}", file=sys.stderr)
        return 2
    core = await build_core(config, clock)
    try:
        result = await core.knowledge.import_file(
            path, dry_run=args.dry_run, now=clock.now())
        if not args.dry_run:
            await core.audit.record(None, "plan_import", {
                "file": path.name, "changed": result.changed, "by": "command line"}, clock.now())
    except PlanReadError as exc:
        print(f"Cannot import {path.name}: {exc}", file=sys.stderr)
        return 1
    finally:
        await core.close()
    data = parsed_plan_to_json(result.plan)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        campaigns, deadlines = data.get("campaigns") or [], data.get("deadlines") or []
        print(f"{data.get('title')}\n  campaigns: {len(campaigns)}, "  # type: ignore[arg-type]
              f"deadlines: {len(deadlines)}")  # type: ignore[arg-type]
        state = "dry run: nothing stored" if args.dry_run else (
            "imported" if result.changed else "already imported: nothing changed")
        print(f"  {state}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Config, Clock], Coroutine[Any, Any, int]]] = {
    "run": _run,
    "console": _console,
    "ask": _ask,
    "import-plan": _import_plan,
    "backup": db_commands.backup_command,
    "restore": db_commands.restore_command,
    "migrate-to-postgres": db_commands.migrate_to_postgres,
}
