"""End to end with the real process: a SIGKILL in the middle of handling an update loses
nothing (issue 12, item 12)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeTelegramServer
from tests.helpers import ADMIN_TG_ID, ROOT
from tests.process_rig import BotProcess, write_config
from tests.telegram_env import Chat


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_an_import_cut_short_by_sigkill_is_done_after_the_restart(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    bot = BotProcess.telegram(
        server, write_config(tmp_path, admins=[f"telegram:{ADMIN_TG_ID}"]),
        tmp_path / "bot.log", now="2027-03-01T09:00:00+07:00")
    plan = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text(encoding="utf-8")
    admin = Chat(server, ADMIN_TG_ID, "Admin")
    async with bot.run(end="kill"):
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
        await bot.kill()
    server.drop_held("answerCallbackQuery")
    assert not any("Đã nhập" in m.text for m in server.sent_to(ADMIN_TG_ID))

    async with bot.run():  # the same database: a restart
        await admin.sees("Đã nhập", timeout=30)
        await admin.send("/campaigns")
        await admin.sees("2027")
    texts = [m.text for m in server.sent_to(ADMIN_TG_ID)]
    assert not any("đã được nhập hoặc đã hủy" in t for t in texts)
    assert sum("Đã nhập" in t for t in texts) == 1

