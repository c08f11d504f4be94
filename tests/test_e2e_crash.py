"""End to end with the real process: a SIGKILL in the middle of handling an update loses
nothing (issue 12, item 12)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeTelegramServer
from tests.helpers import ADMIN_TG_ID, ROOT
from tests.telegram_env import Chat


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


def write_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.sqlite3"}"\n'
        f'units_csv = "{ROOT / "data" / "units.csv"}"\nfiles_dir = "{tmp_path / "files"}"\n'
        f'data_dir = "{ROOT / "data"}"\nadmins = ["telegram:{ADMIN_TG_ID}"]\n',
        encoding="utf-8")
    return path


async def start_bot(config_path: Path, server: FakeTelegramServer,
                    tmp_path: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "BOT_TOKEN": server.token, "TELEGRAM_API_BASE_URL": server.base_url,
           "BOT_CONFIG": str(config_path), "BOT_NOW": "2027-03-01T09:00:00+07:00"}
    env.pop("BOT_ADMIN_IDS", None)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=str(ROOT), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=open(tmp_path / "bot.log", "ab"),
    )


async def kill(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGKILL)
    await process.wait()


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 15)


async def test_an_import_cut_short_by_sigkill_is_done_after_the_restart(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config_path = write_config(tmp_path)
    plan = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text(encoding="utf-8")
    admin = Chat(server, ADMIN_TG_ID, "Admin")
    first = await start_bot(config_path, server, tmp_path)
    try:
        await admin.join_as_admin()
        await admin.send_document("ke-hoach-2027.txt", plan.replace("2024", "2027").encode(),
                                  "text/plain")
        await admin.sees("Xem trước kế hoạch", timeout=30)
        server.hold("answerCallbackQuery")  # the press is being handled when the bot dies
        await admin.press("✅ Nhập")
        await server.wait_until(lambda: server.parked() >= 1, timeout=10, what="the press")
        press = admin.user.sent[-1]
        assert "callback_query" in press
        await server.wait_confirmed(press["update_id"])  # Telegram counts it as delivered
        await kill(first)
    finally:
        if first.returncode is None:
            first.kill()
    server.drop_held("answerCallbackQuery")
    assert not any("Đã nhập" in m.text for m in server.sent_to(ADMIN_TG_ID))

    second = await start_bot(config_path, server, tmp_path)
    try:
        await admin.sees("Đã nhập", timeout=30)
        await admin.send("/campaigns")
        await admin.sees("2027")
    finally:
        await stop(second)
    texts = [m.text for m in server.sent_to(ADMIN_TG_ID)]
    assert not any("đã được nhập hoặc đã hủy" in t for t in texts)
    assert sum("Đã nhập" in t for t in texts) == 1

