"""Several ``school-bot`` workers on one PostgreSQL database, against the fake Bot API: the
two-worker end-to-end test and the broadcast benchmark (bench/bench_workers.py) share these."""

from __future__ import annotations

import datetime as dt
import resource
import socket
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.outbox import Outbox
from bot.port import Reply
from bot.storage.connect import open_database
from bot.users import UserRepo
from tests.fakes import FakeTelegramServer
from tests.process_rig import BotProcess, write_config

FIRST_CHAT = 7_000_000


def write_worker_config(tmp: Path, url: str, *, rate: float = 30.0) -> Path:
    """One worker's config: webhook mode (as several workers on one database run) on a free
    port of its own; one folder (``tmp``) per worker."""
    tmp.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    return write_config(tmp, database="unused.sqlite3", bot='log_level = "INFO"\n', sections=(
        f'[telegram]\nmode = "webhook"\nwebhook_url = "http://127.0.0.1:{port}/telegram"\n'
        f'webhook_port = {port}\nwebhook_secret = "worker-secret-0123"\n'
        f'[storage]\nurl = "{url}"\n[sending]\nmessages_per_second = {rate}\n'
        '[backup]\nnightly = false\n'))


async def seed_broadcast(url: str, count: int, text: str) -> None:
    """``count`` people with a Telegram chat each, and one broadcast to all of them queued
    (as the admin's confirmation queues it)."""
    db = await open_database(url)
    try:
        now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        stamp = now.isoformat()
        ids = []
        for i in range(count):
            uid = await db.fetchval(
                "INSERT INTO users (full_name, language, created_at, onboarded_at)"
                " VALUES (?, 'vi', ?, ?) RETURNING id", (f"Người {i}", stamp, stamp))
            ids.append(int(uid))
        await db.executemany(
            "INSERT INTO identities (channel, external_id, user_id, display_name, last_seen_at)"
            " VALUES ('telegram', ?, ?, '', ?)",
            [(str(FIRST_CHAT + i), uid, stamp) for i, uid in enumerate(ids)])
        outbox = Outbox(db, UserRepo(db, ()), lambda: now)
        queued = await outbox.enqueue_many(ids, Reply(text), kind="broadcast",
                                           dedupe_key="bc:workers")
        assert queued == count, (queued, count)
    finally:
        await db.close()


async def start_worker(config: Path, server: FakeTelegramServer, log: Path) -> BotProcess:
    """``school-bot`` with that config, on the real clock, started; its PostgreSQL sessions
    are named after ``log``."""
    worker = BotProcess.telegram(server, config, log, extra_env={"PGAPPNAME": log.stem})
    await worker.start()
    return worker


async def sending_worker(url: str) -> str | None:
    """The name (``PGAPPNAME``) of the worker holding the Telegram sender's lead."""
    db = await open_database(url, migrate=False)
    try:
        name = await db.fetchval(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a"
            " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
            " AND l.objid::bigint = (hashtext('outbox-sender:telegram')::bigint & 4294967295)"
            " LIMIT 1")
    finally:
        await db.close()
    return None if name is None else str(name)


@dataclass
class Delivery:
    wanted: int
    delivered: int  # distinct chats that got the text
    duplicates: int  # messages beyond the first per chat
    lost: int
    max_per_chat_second: int
    max_per_second: int  # the most sends in any one second, all chats
    seconds: float  # first send to last

    @property
    def rate(self) -> float:
        return (self.delivered + self.duplicates) / self.seconds if self.seconds else 0.0


def delivery(server: FakeTelegramServer, count: int, text: str) -> Delivery:
    sends = sorted((r.time, int(r.params["chat_id"])) for r in server.requests
                   if r.method == "sendMessage" and r.ok and r.params.get("text") == text)
    per_chat = Counter(chat for _, chat in sends)
    wanted = {FIRST_CHAT + i for i in range(count)}
    chat_second = Counter((chat, int(t)) for t, chat in sends)
    return Delivery(
        wanted=count, delivered=len(set(per_chat) & wanted),
        duplicates=sum(n - 1 for n in per_chat.values() if n > 1),
        lost=len(wanted - set(per_chat)),
        max_per_chat_second=max(chat_second.values(), default=0),
        max_per_second=_busiest_second([t for t, _ in sends]),
        seconds=(sends[-1][0] - sends[0][0]) if len(sends) > 1 else 0.0)


def _busiest_second(times: list[float]) -> int:
    """The most sends in any window of one second (sliding, not calendar seconds)."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while times[start] <= t - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def sent_count(server: FakeTelegramServer, text: str) -> int:
    return sum(1 for r in server.requests
               if r.method == "sendMessage" and r.ok and r.params.get("text") == text)


def peak_rss_kib(pid: int) -> int:
    """VmHWM of a running process (Linux), in KiB; 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def own_peak_rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
