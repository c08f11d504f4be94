"""What a dead worker left in the inbox is taken over by a running worker, on a schedule of the
bot's clock, once (issue 15: several workers on one PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.app import build_core
from bot.clock import ManualClock
from bot.config import Config
from bot.inbox import Inbox, OrphanSweep
from bot.storage.connect import open_database

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


async def test_a_dead_workers_updates_are_taken_over_once(backend: str,
                                                          db_target: str | Path) -> None:
    if backend == "sqlite":
        pytest.skip("one process on SQLite: it takes over what the last run left when it starts")
    first = await open_database(db_target)
    second = await open_database(db_target)
    alive = [first]
    try:
        await Inbox(first).keep("telegram", [("8", '{"n": 8}'), ("7", '{"n": 7}')], NOW)
        await Inbox(first).keep("zalo", [("z1", '{"z": 1}')], NOW)
        inbox = Inbox(second)
        got: list[tuple[str, str]] = []

        async def receive(left: list[tuple[str, str]]) -> None:
            got.extend(left)

        stop = inbox.receive_orphans("telegram", receive)
        clock = ManualClock(NOW)
        sweep = OrphanSweep(inbox, clock.now, every=dt.timedelta(minutes=1))
        assert await sweep.run_due() == 0  # the first worker runs: its updates are its own
        await alive.pop().close()  # it dies: its session, and the lock that says it lives, end
        clock.advance(seconds=30)
        assert await sweep.run_due() == 0 and got == []  # not yet time
        clock.advance(seconds=31)
        assert await sweep.run_due() == 2
        assert got == [("7", '{"n": 7}'), ("8", '{"n": 8}')]  # oldest first
        clock.advance(minutes=5)
        assert await sweep.run_due() == 0 and len(got) == 2  # taken over once
        owners = await second.fetchall("SELECT channel, worker FROM inbox ORDER BY channel")
        assert [(r[0], r[1]) for r in owners] == [
            ("telegram", second.worker_id), ("telegram", second.worker_id),
            ("zalo", first.worker_id)]  # no Zalo receiver here: left for one that has
        stop()
        clock.advance(minutes=5)
        await Inbox(second).keep("telegram", [("9", "{}")], NOW)
        assert await sweep.run_due() == 0  # nobody receives: nothing taken
    finally:
        for db in (second, *alive):
            await db.close()


async def test_the_sweep_runs_only_on_a_shared_database(config: Config, backend: str) -> None:
    core = await build_core(config, ManualClock(NOW))
    try:
        assert (core.background.orphans is not None) == (backend == "postgres")
    finally:
        await core.close()


async def test_a_second_polling_worker_on_one_database_is_refused(
        backend: str, db_target: str | Path, tmp_path: Path) -> None:
    """Two workers polling one bot on one database would share its updates by chance: the
    second is refused at start with a clear line (the README: use webhooks)."""
    import dataclasses

    from bot.channels.runtime import ChannelRefused
    from bot.cli import _fatal_text
    from bot.config import StorageSettings
    from tests.fakes import FakeTelegramServer
    from tests.telegram_env import Chat, running_bot, telegram_config

    if backend == "sqlite":
        pytest.skip("on SQLite the run lock already keeps a second process out")
    async with FakeTelegramServer() as server:
        config = dataclasses.replace(telegram_config(tmp_path, server),
                                     storage=StorageSettings(url=str(db_target)))
        async with running_bot(server, config):
            with pytest.raises(ChannelRefused) as refused:
                async with running_bot(server, config):
                    pass
            text = _fatal_text(refused.value)
            assert "another worker already polls Telegram" in text and "webhook" in text
            lan = Chat(server, 7101, "Lan")  # the first one still serves
            await lan.join("Nguyễn Thị Lan", "HOASEN-GV-4821")
