"""The office's own plans answer first ([knowledge] home): a teacher of Quận 7 asking for "the"
interim report deadline gets Quận 7's, not another district's, unless she names the other."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from bot.app import build_core
from bot.clock import ManualClock
from bot.config import Config
from bot.config_file import load_config
from bot.knowledge import KnowledgeBase
from bot.storage.db import Database

TODAY = dt.date(2031, 4, 1)


def plan(district: str, day: int) -> str:
    return (f"KẾ HOẠCH\nPhong trào thi đua năm học 2030-2031\nPhòng Giáo dục và Đào tạo "
            f"{district} triển khai phong trào thi đua như sau:\nI. TIẾN ĐỘ\n- Các trường gửi "
            f"báo cáo sơ kết học kỳ II về Phòng Giáo dục trước ngày {day}/5/2031.\n")


async def answers(tmp_path: Path, home: tuple[str, ...], question: str) -> str:
    db = await Database.open(tmp_path / f"k{len(home)}.sqlite3")
    try:
        kb = await KnowledgeBase.load(db, home=home)
        for name, district, day in (("q3.txt", "Quận 3", 20), ("q7.txt", "Quận 7", 25)):
            (tmp_path / name).write_text(plan(district, day), encoding="utf-8")
            await kb.import_file(tmp_path / name)
        return kb.answer(question, today=TODAY).text
    finally:
        await db.close()


async def test_the_office_s_own_deadline_comes_alone(tmp_path: Path) -> None:
    own = await answers(tmp_path, ("Quận 7",), "hạn nộp báo cáo sơ kết học kỳ II là khi nào")
    assert "25/5/2031" in own and "20/5/2031" not in own
    every = await answers(tmp_path, (), "hạn nộp báo cáo sơ kết học kỳ II là khi nào")
    assert "25/5/2031" in every and "20/5/2031" in every


async def test_naming_another_place_still_gets_its_plan(tmp_path: Path) -> None:
    other = await answers(tmp_path, ("Quận 7",), "hạn nộp báo cáo sơ kết học kỳ II của quận 3")
    assert "20/5/2031" in other and "25/5/2031" not in other


@pytest.mark.parametrize(("toml", "home"), [("", ()),
                                            ('[knowledge]\nhome = ["Quận 7"]\n', ("Quận 7",))])
def test_home_is_read_from_the_config(tmp_path: Path, toml: str, home: tuple[str, ...]) -> None:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    assert load_config(path, env={}).knowledge.home == home


@pytest.mark.parametrize(("home", "warned"), [(("Quận 11",), False), (("Quận 99",), True)])
async def test_a_home_no_document_names_is_warned_about_at_start(
        config: Config, clock: ManualClock, caplog: pytest.LogCaptureFixture,
        home: tuple[str, ...], warned: bool) -> None:
    settings = dataclasses.replace(config.knowledge, home=home)
    core = await build_core(dataclasses.replace(config, knowledge=settings), clock)
    try:
        assert bool(core.knowledge.answerer.home) is not warned
    finally:
        await core.close()
    assert ("names no place of the loaded documents" in caplog.text) is warned
