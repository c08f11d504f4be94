"""``school-bot migrate-to-postgres``: an office's SQLite history, copied whole into PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.app import build_core
from bot.cli import main
from bot.clock import ManualClock
from bot.dispatcher import Dispatcher
from bot.storage.connect import open_database
from bot.storage.db import Database
from tests import pg
from tests.helpers import CoreUser, at, make_config

pytestmark = pytest.mark.skipif(not pg.reachable(), reason=pg.skip_reason())


async def _office_history(tmp_path: Path) -> Path:
    """A SQLite database with people, a unit membership, an audit trail and queued messages."""
    config = make_config(tmp_path)
    core = await build_core(config, ManualClock(at("2026-11-22 09:00")))
    try:
        dispatcher = Dispatcher(core)
        for name, code in (("Lan", "HOASEN-GV-4821"), ("Hùng", "HOASEN-HT-7390")):
            await CoreUser(dispatcher, name).onboard(f"Nguyễn {name}", code)
        await CoreUser(dispatcher, "admin").send("/start")
        await CoreUser(dispatcher, "Lan").send("hạn nộp báo cáo sơ kết là khi nào?")
    finally:
        await core.close()
    return config.bot.database


async def _migrate(url: str, source: Path) -> int:
    """The command as typed (it runs its own event loop, hence the thread)."""
    return await asyncio.to_thread(main, ["migrate-to-postgres", url, "--from", str(source)])


async def _contents(db: Database) -> dict[str, list[tuple[object, ...]]]:
    found = {}
    for table in await db.tables():
        rows = await db.fetchall(f'SELECT * FROM "{table}"')
        found[table] = sorted((tuple(r) for r in rows), key=repr)
    return found


async def test_every_row_is_copied_and_new_ids_follow(tmp_path: Path) -> None:
    source = await _office_history(tmp_path)
    with pg.fresh_schema() as url:
        assert await _migrate(url, source) == 0
        sqlite = await open_database(source)
        postgres = await open_database(url)
        try:
            before, after = await _contents(sqlite), await _contents(postgres)
            assert set(before) == set(after)
            assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
            assert after == before
            assert len(after["users"]) >= 3 and after["plans"] and after["memberships"]
            biggest = max(r[0] for r in after["users"])
            new_id = await postgres.fetchval(
                "INSERT INTO users (language, created_at) VALUES ('vi', 'now') RETURNING id")
            assert new_id == biggest + 1
        finally:
            await sqlite.close()
            await postgres.close()


async def test_a_database_that_holds_rows_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = await _office_history(tmp_path)
    with pg.fresh_schema() as url:
        assert await _migrate(url, source) == 0
        postgres = await open_database(url)
        try:
            users = await postgres.fetchval("SELECT COUNT(*) FROM users")
        finally:
            await postgres.close()
        capsys.readouterr()
        assert await _migrate(url, source) == 1
        err = capsys.readouterr().err
        assert "Copy refused" in err and "not empty" in err
        postgres = await open_database(url)
        try:
            assert await postgres.fetchval("SELECT COUNT(*) FROM users") == users
        finally:
            await postgres.close()


def test_no_source_and_a_wrong_url_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate-to-postgres", "sqlite:///x", "--from", str(tmp_path / "a")]) == 2
    assert "postgresql://" in capsys.readouterr().err
    with pg.fresh_schema() as url:
        assert main(["migrate-to-postgres", url, "--from", str(tmp_path / "none.sqlite3")]) == 1
    assert "no SQLite database" in capsys.readouterr().err
