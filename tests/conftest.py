from __future__ import annotations

import dataclasses
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram.warnings import PTBUserWarning

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


_PTB_WARNINGS: list[str] = []


def pytest_warning_recorded(warning_message: warnings.WarningMessage, when: str,
                            nodeid: str) -> None:
    """A python-telegram-bot warning means we use it wrongly (say, a task created while the
    Application stops, which nobody awaits): it fails the run. Its deprecations do not."""
    category = warning_message.category
    if issubclass(category, PTBUserWarning) and not issubclass(category, DeprecationWarning):
        _PTB_WARNINGS.append(f"{nodeid or when}: {warning_message.message} "
                             f"({warning_message.filename}:{warning_message.lineno})")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _PTB_WARNINGS and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not pg.reachable():
        terminalreporter.write_line(pg.skip_reason())
    for line in _PTB_WARNINGS:
        terminalreporter.write_line(f"python-telegram-bot warned (the run fails): {line}",
                                    red=True)


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
