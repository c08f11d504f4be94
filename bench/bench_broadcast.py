"""A broadcast to 5,000 recipients through the fake Bot API server capped at 30 messages/s:
the rate achieved as a fraction of the cap, duplicates and lost, with and without 429s.

``--quick`` sends to 600 recipients instead (each full run takes about three minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import show

CAP = 30.0
FIRST_CHAT = 100_000


async def _recipients(core, n: int) -> None:
    units = await core.units.all()
    now = core.now().isoformat()
    async with core.db.transaction():
        for i in range(n):
            uid = await core.db.fetchval(
                "INSERT INTO users (full_name, language, created_at, onboarded_at)"
                " VALUES (?, 'vi', ?, ?) RETURNING id", (f"Hiệu trưởng {i}", now, now))
            await core.db.execute(
                "INSERT INTO identities (channel, external_id, user_id, display_name,"
                " last_seen_at) VALUES ('telegram', ?, ?, '', ?)",
                (str(FIRST_CHAT + i), uid, now))
            await core.db.execute(
                "INSERT INTO memberships (user_id, unit_id, role, joined_at)"
                " VALUES (?, ?, 'leader', ?)", (uid, units[i % len(units)].id, now))


async def run(n: int, inject_429: bool) -> None:
    from bot.admin import broadcasts
    from bot.admin.audience import AudienceKind, AudienceSpec
    from bot.clock import SystemClock
    from bot.config import SendingSettings
    from bot.features.broadcast import audiences
    from tests.fakes import FakeTelegramServer
    from tests.helpers import TZ
    from tests.telegram_env import running_bot, telegram_config

    async with FakeTelegramServer() as server:
        with tempfile.TemporaryDirectory() as tmp:
            config = dataclasses.replace(
                telegram_config(Path(tmp), server),
                sending=SendingSettings(messages_per_second=CAP, per_chat_per_second=1.0))
            server.rate_limit(per_second=int(CAP))
            async with running_bot(server, config, SystemClock(TZ)) as bot:
                await _recipients(bot.core, n)
                draft = broadcasts.Draft("bench", "Thông báo: họp giao ban ngày 02/6",
                                         AudienceSpec(AudienceKind.LEADERS), "leaders")
                t0 = time.perf_counter()
                await broadcasts.create(bot.core.broadcasts, audiences(bot.core), bot.core.audit,
                                        draft, admin_id=1, now=bot.core.now())
                chats = range(FIRST_CHAT, FIRST_CHAT + n)
                injected = 0
                while True:
                    delivered = sum(1 for c in chats if server.sent_to(c))
                    if delivered >= n or time.perf_counter() - t0 > n / CAP * 3 + 60:
                        break
                    if inject_429 and delivered // 500 > injected:
                        injected += 1
                        server.fail_next("sendMessage", status=429, retry_after=1, count=3)
                    await asyncio.sleep(0.5)
                elapsed = time.perf_counter() - t0
            counts = Counter(len(server.sent_to(c)) for c in chats)
            label = "with injected 429s" if inject_429 else "without injected 429s"
            print(f" {label}")
            show("recipients", f"{n:,}")
            show("elapsed, from confirming to the last delivery", f"{elapsed:.1f} s")
            sends = [r.time for r in server.requests if r.method == "sendMessage"
                     and r.status == 200]
            span = max(sends) - min(sends) if len(sends) > 1 else float("nan")
            rate = (len(sends) - 1) / span
            show("achieved sending rate / cap",
                 f"{rate:.1f}/s of {CAP:.0f}/s = {rate / CAP:.3f}")
            show("duplicates (recipients with more than one)",
                 str(sum(v for k, v in counts.items() if k > 1)))
            show("lost (recipients with none)", str(counts.get(0, 0)))
            show("429 answers from the server",
                 str(sum(1 for r in server.requests
                         if r.method == "sendMessage" and r.status == 429)))


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="600 recipients instead of 5,000")
    n = 600 if p.parse_args().quick else 5000
    print(f"Broadcast through the fake Bot API capped at {CAP:.0f} messages/s")
    await run(n, inject_429=False)
    await run(n, inject_429=True)


if __name__ == "__main__":
    asyncio.run(main())
