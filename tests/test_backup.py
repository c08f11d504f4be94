"""Backups: a consistent copy while the bot writes (the -wal included), a restore that refuses
while the bot runs, and the nightly backup with its retention."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import ManualClock
from bot.config_file import load_config
from bot.storage.backup import NightlyBackup, RunLock, next_run, prune
from bot.storage.common import MIGRATIONS_DIR
from bot.storage.db import Database
from tests.helpers import ROOT, at


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.sqlite3"}"\ndata_dir = "{ROOT / "data"}"\n'
        f'units_csv = "{ROOT / "data" / "units.csv"}"\nfiles_dir = "{tmp_path / "files"}"\n'
        f'[backup]\nfolder = "{tmp_path / "nightly"}"\nkeep = 2\nhour = 3\n',
        encoding="utf-8")
    return path


async def cli(argv: list[str]) -> int:
    """``school-bot …`` as the shell runs it (its own event loop, so off this one)."""
    return await asyncio.to_thread(main, argv)


def count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
    except sqlite3.OperationalError:
        return -1  # the table is not even there
    finally:
        conn.close()


async def test_backup_holds_what_is_still_in_the_wal(config_file: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")  # the running bot's connection
    try:
        for i in range(50):
            await db.execute("INSERT INTO audit_log (actor_user_id, action, details, at)"
                             " VALUES (NULL, 'test', ?, '2027-01-01')", (str(i),))
        assert (tmp_path / "bot.sqlite3-wal").stat().st_size > 0
        shutil.copy(tmp_path / "bot.sqlite3", tmp_path / "plain-copy.sqlite3")
        assert count(tmp_path / "plain-copy.sqlite3") != 50  # a file copy misses the -wal
        target = tmp_path / "copies" / "b.sqlite3"
        assert await cli(["--config", str(config_file), "backup", str(target)]) == 0
        assert "Backed up" in capsys.readouterr().out
        assert count(target) == 50 and not Path(f"{target}-wal").exists()
        assert await cli(["--config", str(config_file), "backup", str(target)]) == 1
        assert "--force" in capsys.readouterr().err  # an existing backup is not overwritten
        assert await cli(["--config", str(config_file), "backup", str(target), "--force"]) == 0
    finally:
        await db.close()


async def test_restore_puts_the_backup_back_and_keeps_the_current(
        config_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "bot.sqlite3"
    db = await Database.open(database)
    await db.execute("INSERT INTO audit_log (actor_user_id, action, details, at)"
                     " VALUES (NULL, 'before', '', '2027-01-01')")
    await db.close()
    assert await cli(["--config", str(config_file), "backup", str(tmp_path / "b.sqlite3")]) == 0
    db = await Database.open(database)
    await db.execute("INSERT INTO audit_log (actor_user_id, action, details, at)"
                     " VALUES (NULL, 'after', '', '2027-01-02')")
    await db.close()
    assert count(database) == 2
    assert await cli(["--config", str(config_file), "restore", str(tmp_path / "b.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "before-restore" in out
    assert count(database) == 1
    kept = next(tmp_path.glob("bot.sqlite3.before-restore-*"))
    assert count(kept) == 2
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert await cli(["--config", str(config_file), "restore", str(junk)]) == 1
    assert "not a SQLite database" in capsys.readouterr().err
    assert count(database) == 1


def _migrated(database: Path) -> bool:
    """Whether the bot has applied every migration to ``database``."""
    if not database.exists():
        return False
    latest = max(int(p.name[:4]) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0]) == latest
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def test_restore_refuses_while_the_bot_runs(config_file: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config_file), "backup", str(tmp_path / "b.sqlite3")]) == 1
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_TOKEN": "", "ZALO_BOT_TOKEN": ""}
    bot = subprocess.Popen(  # the real bot, in the terminal, waiting for input
        [sys.executable, "-m", "bot", "--config", str(config_file), "console", "--user", "hung"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        cwd=tmp_path)
    try:
        database = tmp_path / "bot.sqlite3"
        lock = RunLock(database)
        deadline = time.monotonic() + 60
        # the lock is taken before the database is opened: wait for both, or a backup made
        # in between finds no database yet
        while lock.holder() != str(bot.pid) or not _migrated(database):
            assert time.monotonic() < deadline, "the bot did not start"
            assert bot.poll() is None, "the bot stopped"
            time.sleep(0.05)
        assert main(["--config", str(config_file), "backup", str(tmp_path / "b.sqlite3")]) == 0
        capsys.readouterr()
        assert main(["--config", str(config_file), "restore", str(tmp_path / "b.sqlite3")]) == 1
        err = capsys.readouterr().err
        assert "the bot is running" in err and str(bot.pid) in err
        assert not list(tmp_path.glob("bot.sqlite3.before-restore-*"))
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=30)
    assert main(["--config", str(config_file), "restore", str(tmp_path / "b.sqlite3")]) == 0


async def test_nightly_backups_keep_the_newest(config_file: Path, tmp_path: Path) -> None:
    config = load_config(config_file)
    assert (config.backup.nightly, config.backup.keep, config.backup.hour) == (True, 2, 3)
    db = await Database.open(config.bot.database)
    try:
        clock = ManualClock(at("2027-05-01 03:00"))
        nightly = NightlyBackup(config.bot.database, config.backup.folder, config.backup.keep,
                                config.backup.hour, config.backup.minute, clock)
        for day in (1, 2, 3):
            made = await nightly.run(at(f"2027-05-0{day} 03:00"))
            assert made.exists() and count(made) == 0
        names = sorted(p.name for p in config.backup.folder.iterdir())
        assert names == ["bot-20270502-0300.sqlite3", "bot-20270503-0300.sqlite3"]
    finally:
        await db.close()
    assert prune(config.backup.folder, 1) == [config.backup.folder / names[0]]
    assert next_run(at("2027-05-01 02:00"), 3, 0) == at("2027-05-01 03:00")
    assert next_run(at("2027-05-01 03:00"), 3, 0) == at("2027-05-02 03:00")


async def test_the_running_bot_plans_its_nightly_backup(tmp_path: Path) -> None:
    import dataclasses
    import datetime as dt

    from bot.app import build_core
    from bot.config import BackupSettings
    from bot.storage.backup import JOB_ID
    from tests.helpers import make_config

    config = dataclasses.replace(make_config(tmp_path), backup=BackupSettings(
        folder=tmp_path / "nightly", hour=3, minute=15, keep=3))
    core = await build_core(config, ManualClock(at("2027-05-01 02:00")))
    try:
        await core.start()
        nightly = core.background.backup
        assert nightly is not None and nightly.scheduler is not None
        job = nightly.scheduler.get_job(JOB_ID)
        wait = job.next_run_time - dt.datetime.now(dt.UTC)
        assert dt.timedelta(minutes=74) < wait <= dt.timedelta(minutes=75)  # 03:15, bot clock
        made = await nightly.run(at("2027-05-01 03:15"))
        assert made.parent == tmp_path / "nightly" and count(made) == 0
    finally:
        await core.stop()
        await core.close()
    off = dataclasses.replace(config, backup=BackupSettings(nightly=False))
    core = await build_core(off, ManualClock(at("2027-05-01 02:00")))
    assert core.background.backup is None
    await core.close()


def test_backup_settings_are_checked(tmp_path: Path) -> None:
    from bot.config import ConfigError

    path = tmp_path / "c.toml"
    path.write_text("[backup]\nkeep = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path, env={})
    assert "[backup] keep must be a whole number from 1 to 3650" in str(exc.value)
    path.write_text("[backup]\nnightly = false\nhour = 23\n", encoding="utf-8")
    config = load_config(path, env={})
    assert not config.backup.nightly and config.backup.hour == 23
    example = load_config(ROOT / "config.example.toml", env={})
    assert example.backup.keep == 14 and example.backup.folder == Path("var/backups")
