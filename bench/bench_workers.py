"""A broadcast to 5,000 through the fake Bot API (capped at 30 messages/s) by two
``school-bot`` workers sharing one PostgreSQL database; the worker sending is SIGKILLed
part-way and the other takes over. Prints the rate as a fraction of the cap, duplicates, lost,
the most messages a chat got in one second, and the peak RSS of each worker.

Needs a PostgreSQL server: DATABASE_URL (``bash .ci/run`` starts a throwaway one for the
tests). Without it, says so in one line and exits 0. ``--quick``: 600 recipients.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from _common import quiet_logs, show

CAP = 30.0
TEXT = "Thông báo: tập huấn thi đua khen thưởng ngày 02/6 (bench)"


async def run(n: int) -> None:
    from tests import pg
    from tests.fakes import FakeTelegramServer
    from tests.workers import (
        delivery,
        peak_rss_kib,
        seed_broadcast,
        sending_worker,
        sent_count,
        start_worker,
        write_worker_config,
    )

    if not pg.reachable():
        print(f"  skipped: {pg.skip_reason()}")
        return
    async with FakeTelegramServer() as server:
        server.rate_limit(per_second=int(CAP))
        with tempfile.TemporaryDirectory() as tmp, pg.fresh_schema() as url:
            await seed_broadcast(url, n, TEXT)
            first = await start_worker(write_worker_config(Path(tmp) / "first", url, rate=CAP),
                                       server, Path(tmp) / "first.log")
            second = await start_worker(
                write_worker_config(Path(tmp) / "second", url, rate=CAP), server,
                Path(tmp) / "second.log")
            t0 = time.perf_counter()
            rss: dict[str, int] = {}
            killed_at = 0
            try:
                while sent_count(server, TEXT) < n * 0.4:
                    await asyncio.sleep(0.2)
                rss = {"first": peak_rss_kib(first.pid), "second": peak_rss_kib(second.pid)}
                name = await sending_worker(url)
                leader, other = (second, first) if name == "second" else (first, second)
                killed_at = sent_count(server, TEXT)
                await leader.kill()
                while len({r.params["chat_id"] for r in server.requests
                           if r.method == "sendMessage" and r.ok
                           and r.params.get("text") == TEXT}) < n:
                    if time.perf_counter() - t0 > n / CAP * 3 + 120:
                        break
                    await asyncio.sleep(0.5)
                await asyncio.sleep(2)
                rss["second"] = max(rss["second"], peak_rss_kib(other.pid))
            finally:
                for worker in (first, second):
                    await worker.stop(30)
            report = delivery(server, n, TEXT)
    show("recipients", f"{n:,}")
    show("killed the sending worker after", f"{killed_at:,} sends")
    show("achieved rate / cap (whole broadcast)",
         f"{report.rate:.1f}/s of {CAP:.0f}/s = {report.rate / CAP:.3f}")
    show("duplicates", str(report.duplicates))
    show("lost", str(report.lost))
    show("most messages to one chat in a second", str(report.max_per_chat_second))
    show("most messages in any one second (all chats)", str(report.max_per_second))
    show("429 answers from the server", str(sum(
        1 for r in server.requests if r.method == "sendMessage" and r.status == 429)))
    for name, kib in rss.items():
        show(f"peak RSS, {name} worker", f"{kib / 1024:.0f} MiB")


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="600 recipients instead of 5,000")
    n = 600 if p.parse_args().quick else 5000
    print(f"Broadcast by two workers on PostgreSQL, fake Bot API capped at {CAP:.0f} messages/s")
    quiet_logs()
    await run(n)


if __name__ == "__main__":
    asyncio.run(main())
