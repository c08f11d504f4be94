"""Start-up that cannot succeed ends at once: one clear line on stderr, never the token, and
a non-zero exit within seconds (issue 12, items 8, 9 and 17)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.db import Database
from tests.fakes import FakeTelegramServer
from tests.helpers import ROOT

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
OTHER_TOKEN = "987654321:AAnotherTokenThatTelegramRefuses_xyz"


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(TOKEN) as fake:
        yield fake


def write_config(tmp_path: Path, *, units: Path | None = None, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.sqlite3"}"\ndata_dir = "{ROOT / "data"}"\n'
        f'units_csv = "{units or ROOT / "data" / "units.csv"}"\n'
        f'files_dir = "{tmp_path / "files"}"\n{extra}', encoding="utf-8")
    return path


async def run_bot(config: Path, env: dict[str, str], timeout: float = 20.0
                  ) -> tuple[int, str, float]:
    """Run ``school-bot``; return its exit code, stderr and how long it ran."""
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), cwd=str(ROOT),
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    try:
        _out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"the bot was still running after {timeout}s") from None
    return int(proc.returncode or 0), err.decode(), time.monotonic() - started


def last_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def assert_one_clear_line(stderr: str, *needles: str) -> None:
    assert "Traceback" not in stderr, stderr
    line = last_line(stderr)
    assert line.startswith("Cannot run: "), stderr
    for needle in needles:
        assert needle in line, stderr


async def test_a_file_that_is_not_a_database(server: FakeTelegramServer,
                                              tmp_path: Path) -> None:
    (tmp_path / "bot.sqlite3").write_bytes(b"this is not a database, just text" * 200)
    code, err, _took = await run_bot(write_config(tmp_path), {
        "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url})
    assert code != 0
    assert_one_clear_line(err, "damaged", "school-bot restore")


async def test_a_damaged_page_is_found_at_start(server: FakeTelegramServer,
                                                tmp_path: Path) -> None:
    db_path = tmp_path / "bot.sqlite3"
    db = await Database.open(db_path)
    await db.executemany("INSERT INTO audit_log (at, action) VALUES (?, ?)",
                         [("2027-01-01", "x" * 200)] * 2000)
    await db.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db_path.read_bytes())
    page = pages - 3  # a data page of audit_log, well past the schema
    data[page * size: page * size + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    code, err, took = await run_bot(write_config(tmp_path), {
        "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url})
    assert code != 0 and took < 15
    assert_one_clear_line(err, "damaged", "school-bot restore FILE")
    assert not server.calls("getUpdates")  # it never started on a damaged database


async def test_a_malformed_unit_list(server: FakeTelegramServer, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("id,name,type,staff_join_code,leader_join_code\nA,Trường A,XX,AAAAAA,"
                     "BBBBBB\n", encoding="utf-8")
    code, err, took = await run_bot(write_config(tmp_path, units=units), {
        "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url})
    assert code != 0 and took < 15
    assert_one_clear_line(err, "units.csv, line 2")


async def test_a_zalo_webhook_without_its_secret(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra='[zalo]\nmode = "webhook"\n'
                          'webhook_url = "https://bot.example/zalo"\n')
    code, err, took = await run_bot(config, {
        "ZALO_BOT_TOKEN": "1234567890:zalo-token-for-tests",
        "ZALO_API_BASE_URL": "http://127.0.0.1:9/bot"})
    assert code != 0 and took < 15
    assert_one_clear_line(err, "webhook_secret")


@pytest.mark.parametrize("kind", ["401", "404"])
async def test_a_refused_token_is_never_printed(server: FakeTelegramServer, tmp_path: Path,
                                                kind: str) -> None:
    env = {"BOT_TOKEN": OTHER_TOKEN, "TELEGRAM_API_BASE_URL": server.base_url}
    if kind == "404":
        env = {"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.url + "/wrong/bot"}
    code, err, took = await run_bot(write_config(tmp_path), env)
    assert code != 0 and took < 15
    assert OTHER_TOKEN not in err and TOKEN not in err
    assert OTHER_TOKEN.split(":")[1] not in err and TOKEN.split(":")[1] not in err
    assert_one_clear_line(err, "Telegram refused the bot token")


async def test_a_token_revoked_while_running_stops_the_bot(server: FakeTelegramServer,
                                                           tmp_path: Path) -> None:
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(write_config(tmp_path)), cwd=str(ROOT),
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "BOT_TOKEN": TOKEN,
             "TELEGRAM_API_BASE_URL": server.base_url},
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    try:
        await server.wait_until(lambda: server.calls("getUpdates"), timeout=30,
                                what="polling")
        server.fail_next("getUpdates", 401)
        await server.user(id=5501, first_name="Lan").send("/start")  # ends the long poll
        _out, err = await asyncio.wait_for(proc.communicate(), 20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 1 and time.monotonic() - started < 30
    stderr = err.decode()
    assert TOKEN not in stderr and TOKEN.split(":")[1] not in stderr
    assert_one_clear_line(stderr, "Telegram refused the bot token")
