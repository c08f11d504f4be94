from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import build_core
from bot.clock import ManualClock
from bot.config import Config, StorageSettings
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.i18n import set_language
from bot.storage.connect import open_database
from bot.storage.db import Database
from tests import pg
from tests.helpers import CoreUser, at, make_config


@pytest.fixture(autouse=True)
def _default_language() -> None:
    set_language("vi")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(at("2026-11-22 09:00"))


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not pg.reachable():
        terminalreporter.write_line(pg.skip_reason())


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """Every test that uses the database runs on both engines."""
    if request.param == "postgres" and not pg.reachable():
        pytest.skip(pg.skip_reason())
    return str(request.param)


@pytest.fixture
def db_target(backend: str, tmp_path: Path) -> Iterator[str | Path]:
    """A fresh database of the test's backend: a SQLite file, or an empty PostgreSQL schema."""
    if backend == "sqlite":
        yield tmp_path / "bot.sqlite3"
        return
    with pg.fresh_schema() as url:
        yield url


@pytest.fixture
async def db(db_target: str | Path) -> AsyncIterator[Database]:
    database = await open_database(db_target)
    yield database
    await database.close()


@pytest.fixture
def config(tmp_path: Path, backend: str, db_target: str | Path) -> Config:
    base = make_config(tmp_path)
    if backend == "sqlite":
        return base
    return dataclasses.replace(base, storage=StorageSettings(url=str(db_target)))


@pytest.fixture
async def core(config: Config, clock: ManualClock) -> AsyncIterator[Core]:
    s = await build_core(config, clock)
    yield s
    await s.close()


@pytest.fixture
def dispatcher(core: Core) -> Dispatcher:
    return Dispatcher(core)


@pytest.fixture
def user_factory(dispatcher: Dispatcher):  # type: ignore[no-untyped-def]
    def make(external_id: str, lang: str | None = "vi") -> CoreUser:
        return CoreUser(dispatcher, external_id, lang=lang)

    return make
