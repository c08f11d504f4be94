"""Two ``school-bot`` workers on one PostgreSQL, against the fake Bot API: a broadcast reaches
everyone once, within the rate limits, even when the worker sending it is SIGKILLed; an update
that reaches both workers is handled once."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.config import Config, StorageSettings
from bot.storage.connect import open_database
from tests import pg
from tests.fakes import FakeTelegramServer
from tests.telegram_env import running_bot, telegram_config
from tests.workers import (
    delivery,
    seed_broadcast,
    sending_worker,
    sent_count,
    start_worker,
    write_worker_config,
)

pytestmark = pytest.mark.skipif(not pg.reachable(), reason=pg.skip_reason())

TEXT = "Thông báo: họp giao ban thứ Hai lúc 8 giờ."
PEOPLE = 80
RATE = 10.0  # slow enough that the kill lands mid-broadcast


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def wait_for(what: str, check, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_a_broadcast_survives_the_sending_worker_being_killed(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    with pg.fresh_schema() as url:
        await seed_broadcast(url, PEOPLE, TEXT)
        first = await start_worker(write_worker_config(tmp_path / "first", url, rate=RATE),
                                   server, tmp_path / "first.log")
        second = None
        try:
            await wait_for("the first sends", lambda: sent_count(server, TEXT) >= 5, 60)
            second = await start_worker(
                write_worker_config(tmp_path / "second", url, rate=RATE), server,
                tmp_path / "second.log")
            await wait_for("the second worker", lambda: sum(
                1 for r in server.requests if r.method == "getMe") >= 2, 60)
            await asyncio.sleep(0.5)  # the second is waiting for the lead
            before = sent_count(server, TEXT)
            assert before < PEOPLE, "the broadcast ended before the kill: slow the rate"
            assert await sending_worker(url) == "first"
            await first.kill()
            db = await open_database(url, migrate=False)
            try:
                in_flight = int(await db.fetchval(
                    "SELECT COUNT(*) FROM outbox WHERE status = 'sending'"))
            finally:
                await db.close()
            await wait_for("the second worker to finish the broadcast",
                           lambda: len({r.params["chat_id"] for r in server.requests
                                        if r.method == "sendMessage" and r.ok
                                        and r.params.get("text") == TEXT}) >= PEOPLE, 90)
            await asyncio.sleep(1.0)  # anything sent twice would arrive now
        finally:
            for worker in (first, second):
                if worker is not None:
                    await worker.stop(20)
        report = delivery(server, PEOPLE, TEXT)
        assert report.lost == 0 and report.delivered == PEOPLE
        # A row whose HTTP request was under way when the worker died is sent again (as with
        # one process): the only duplicates possible, and usually none.
        assert report.duplicates <= in_flight
        assert report.max_per_chat_second == 1
        # one sender at a time: two would send about twice the rate (one more is the jitter of
        # an HTTP request's arrival within a one-second window)
        assert report.max_per_second <= RATE + 1
        db = await open_database(url, migrate=False)
        try:
            statuses = await db.fetchall("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        finally:
            await db.close()
        assert {r[0]: r[1] for r in statuses} == {"sent": PEOPLE}


def _webhook_worker(tmp_path: Path, server: FakeTelegramServer, url: str) -> Config:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    tmp_path.mkdir()
    base = telegram_config(tmp_path, server)
    return dataclasses.replace(
        base, storage=StorageSettings(url=url), telegram=dataclasses.replace(
            base.telegram, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/telegram",
            webhook_port=port, webhook_secret=SECRET))


def _start(update_id: int, chat: int) -> dict[str, object]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
        "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


SECRET = "two-workers-secret"


async def test_an_update_delivered_to_both_workers_is_handled_once(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    """Telegram sends an update again when its first call timed out, and the load balancer
    may pass it to the other worker while the first still handles it."""
    with pg.fresh_schema() as url:
        first = _webhook_worker(tmp_path / "first", server, url)
        second = _webhook_worker(tmp_path / "second", server, url)
        hooks = [c.telegram.webhook_url for c in (first, second)]
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with running_bot(server, first) as a, running_bot(server, second), \
                aiohttp.ClientSession() as http:
            once = await http.post(hooks[0], json=_start(500, 8001), headers=headers)
            assert once.status == 200
            await server.wait_for_message(8001)
            answers = await asyncio.gather(*(http.post(h, json=_start(501, 8002),
                                                       headers=headers) for h in hooks))
            assert [r.status for r in answers] == [200, 200]
            await server.wait_for_message(8002)
            await asyncio.sleep(1.5)  # a second handling would have answered by now
            assert len(server.sent_to(8002)) == len(server.sent_to(8001)) >= 1
            assert await a.core.db.fetchval(
                "SELECT COUNT(*) FROM identities WHERE external_id IN ('8001', '8002')") == 2
            assert await a.core.db.fetchval(
                "SELECT COUNT(*) FROM processed_updates WHERE update_key = '501'") == 1
