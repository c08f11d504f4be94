"""End to end with the real process: a ``sendMessage`` that hangs (issue 12, item 15) does not
lose the reply. It is tried again within the reply budget, then queued in the outbox, and it
arrives once Telegram answers again; the next answer lands in the right field.

The timeouts are shortened through the config (``[telegram] read_timeout``, ``[sending]
reply_budget``) so that a hang longer than the budget takes a second, not twelve."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeTelegramServer
from tests.process_rig import BotProcess, write_config
from tests.telegram_env import Chat

READ_TIMEOUT = 0.5
BUDGET = 1.5


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


def _queued_replies(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'reply'")
                   .fetchone()[0])


async def test_a_reply_whose_send_message_hangs_is_retried_then_queued_and_arrives(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    config = write_config(tmp_path, sections=(
        f"[telegram]\nread_timeout = {READ_TIMEOUT}\n"
        f"[sending]\nreply_budget = {BUDGET}\n[backup]\nnightly = false\n"))
    bot = BotProcess.telegram(server, config, tmp_path / "bot.log",
                              now="2027-05-20T09:00:00+07:00")
    async with bot.run():
        hung = Chat(server, 3301, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        await hung.sees("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.sees("câu 1/9")

        server.hold("sendMessage")  # Telegram takes the reply and never answers
        await hung.send("45")
        # tried again within the budget: a second attempt after the first timed out
        await server.wait_until(lambda: server.parked() >= 2, timeout=10,
                                what="a second attempt")
        assert _queued_replies(database) == 0
        # then queued in the outbox, whose sender tries it too (and is kept waiting)
        await server.wait_until(lambda: server.parked() >= 3, timeout=10,
                                what="the outbox's attempt")
        assert _queued_replies(database) == 1
        # the hang ends: what was parked never reached the chat
        server.drop_held("sendMessage")
        await hung.sees("câu 2/9", timeout=15)
        tries = [c for c in server.calls("sendMessage") if "câu 2/9" in str(c.get("text"))]
        assert len(tries) >= 4, tries
        shown = [m.text for m in server.sent_to(3301) if "câu 2/9" in m.text]
        assert len(shown) == 1, shown  # once: no repeats, no apology
        assert all("Xin lỗi" not in m.text for m in server.sent_to(3301))

        await hung.send("40")  # the next answer lands in the next field
        await hung.sees("câu 3/9")
        with sqlite3.connect(database) as conn:
            row = conn.execute(
                "SELECT d.answers FROM drafts d JOIN identities i ON i.user_id = d.user_id"
                " WHERE i.external_id = '3301' ORDER BY d.id DESC LIMIT 1").fetchone()
        assert '"staff_total": 45' in row[0] and '"participants": 40' in row[0], row
