"""End to end with the real process on Zalo: a SIGKILL in the middle of handling a polled update
loses nothing, and the update is handled exactly once (issue 12, item 12, for Zalo).

Zalo counts an update as taken once ``getUpdates`` returned it, so without the durable inbox an
update being handled when the process dies is gone."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.zalo_server import FakeZaloServer
from tests.process_rig import BotProcess, write_config
from tests.zalo_env import to_the_evidence_question


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


def _inbox_rows(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM inbox WHERE channel = 'zalo'")
                   .fetchone()[0])


async def test_a_zalo_update_cut_short_by_sigkill_is_handled_once_after_the_restart(
        server: FakeZaloServer, tmp_path: Path) -> None:
    bot = BotProcess.zalo(server, write_config(tmp_path, sections="[backup]\nnightly = false\n"),
                          tmp_path / "bot.log", now="2027-05-20T09:00:00+07:00")
    photo = b"\xff\xd8\xff\xe0" + b"evidence" * 200
    url = server.add_file("viec-tot.jpg", photo)
    mai = server.user("zalo-mai", "Mai")
    async with bot.run(end="kill"):
        await to_the_evidence_question(mai)
        gate = server.hold("file")  # the photo is being fetched when the process dies
        update = await mai.send_image(url)
        await server.wait_for_call("file", timeout=10)
        assert server.pending == 0  # Zalo has handed the update out: it will not come again
        await bot.kill()
    gate.set()
    assert not any("xin kiểm tra lại" in t for t in mai.received())
    assert _inbox_rows(tmp_path / "bot.sqlite3") == 1

    async with bot.run(end="kill"):  # the same database: a restart
        summary = await mai.expect(contains="xin kiểm tra lại", timeout=30)
        assert "photo.jpg" in summary
        server.push(update)  # the same message again (a redelivery): handled once only
        await mai.send("/help")
        await mai.expect(contains="/report", timeout=10)
        for _ in range(100):  # the reply is out; the update leaves the inbox just after
            if _inbox_rows(tmp_path / "bot.sqlite3") == 0:
                break
            await asyncio.sleep(0.05)
    assert sum("xin kiểm tra lại" in t for t in mai.received()) == 1, mai.received()
    stored = list((tmp_path / "files").rglob("*.jpg"))
    assert [p.read_bytes() for p in stored] == [photo]
    assert _inbox_rows(tmp_path / "bot.sqlite3") == 0
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM processed_updates WHERE channel = 'zalo'"
                            " AND update_key = ?",
                            (f"zalo:{update['message']['message_id']}",)).fetchone()[0] == 1
