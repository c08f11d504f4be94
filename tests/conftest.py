from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_core
from bot.clock import ManualClock
from bot.config import Config
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.i18n import set_language
from tests.helpers import CoreUser, at, make_config


@pytest.fixture(autouse=True)
def _default_language() -> None:
    set_language("vi")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(at("2026-11-22 09:00"))


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


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
