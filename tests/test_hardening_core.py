"""Core-level checks of issue 12's fixes that need a failure injected at one exact point."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.features.knowledge as knowledge_feature
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.port import IncomingFile
from tests.helpers import ROOT, CoreUser


async def test_a_press_cut_short_during_an_import_imports_when_handled_again(
        core: Core, dispatcher: Dispatcher, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash mid-import (here: the worker dies) leaves the confirmation in place, so the
    same press, delivered again after the restart, imports the plan."""
    plan = (ROOT / "data" / "plans" / "003_4969b40fad21c702.txt").read_text("utf-8")
    source = tmp_path / "ke-hoach-2027.txt"
    source.write_text(plan.replace("2024", "2027"), encoding="utf-8")
    admin = CoreUser(dispatcher, "admin")
    await admin.send("/start")
    await admin.send("Quản Trị")
    await admin.send_file(IncomingFile(str(source), "document", source.name, "text/plain",
                                       source.stat().st_size))
    assert "Xem trước" in admin.text()
    real = knowledge_feature.parse_in_worker
    calls = 0

    async def dies_once(path: Path, lang: str):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("the process was killed")
        return await real(path, lang)

    monkeypatch.setattr(knowledge_feature, "parse_in_worker", dies_once)
    shipped = await core.db.fetchval("SELECT COUNT(*) FROM plans")
    with pytest.raises(RuntimeError):
        await admin.press_data("imp1:ok", update_key="77")
    await admin.press_data("imp1:ok", update_key="77")  # redelivered after the restart
    assert "Đã nhập" in admin.text(), admin.text()
    assert await core.db.fetchval("SELECT COUNT(*) FROM plans") == shipped + 1
