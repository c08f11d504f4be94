"""Questions answered per second through the fake Bot API server, with reply latency, for the
bot and for a minimal PTB echo bot on the same server in the same run.

Measured twice: without a rate limiter, where the ratio is the cost of our work on top of PTB,
and with the AIORateLimiter the bot uses in production, where Telegram's limit of about 30
messages a second is the ceiling for either.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from _common import ROOT, percentile, show

USERS = 10
PER_USER = 20


async def _load(server, send_and_wait: Callable[[int, str], Awaitable[None]],  # type: ignore[no-untyped-def]
                questions: list[str]) -> tuple[float, list[float]]:
    latencies: list[float] = []

    async def user(u: int) -> None:
        for i in range(PER_USER):
            t0 = time.perf_counter()
            await send_and_wait(u, questions[(u * PER_USER + i) % len(questions)])
            latencies.append(time.perf_counter() - t0)

    start = time.perf_counter()
    await asyncio.gather(*(user(u) for u in range(USERS)))
    return time.perf_counter() - start, latencies


def _waiter(server, chat_base: int):  # type: ignore[no-untyped-def]
    async def send_and_wait(u: int, text: str) -> None:
        chat = chat_base + u
        before = len(server.sent_to(chat))
        await server.user(id=chat, first_name=f"U{u}", language_code="vi").send(text)
        await server.wait_until(lambda: len(server.sent_to(chat)) > before, 30,
                                what=f"a reply to {chat}")
    return send_and_wait


async def bot_run(questions: list[str], limited: bool) -> tuple[float, list[float]]:
    from tests.fakes import FakeTelegramServer
    from tests.telegram_env import Chat, running_bot, telegram_config

    async with FakeTelegramServer() as server:
        with tempfile.TemporaryDirectory() as tmp:
            config = telegram_config(Path(tmp), server)
            async with running_bot(server, config, rate_limited=limited):
                for u in range(USERS):
                    await Chat(server, 1000 + u, f"U{u}").join(f"Giáo Viên {u}", "HOASEN-GV-4821")
                return await _load(server, _waiter(server, 1000), questions)


async def echo_run(questions: list[str], limited: bool) -> tuple[float, list[float]]:
    from telegram.ext import AIORateLimiter

    from tests.fakes import FakeTelegramServer, build_echo_app, polling

    async with FakeTelegramServer() as server:
        app = build_echo_app(server.token, server.base_url, server.base_file_url,
                             rate_limiter=AIORateLimiter(max_retries=0) if limited else None)
        async with polling(app, timeout=1):
            return await _load(server, _waiter(server, 2000), questions)


def load_questions_asked() -> list[str]:
    """The evaluation set's questions about the plans the bot ships (in their order)."""
    from bot.knowledge.evaluation import load_questions

    shipped = {p.stem for p in (ROOT / "data" / "plans").glob("*.txt")}
    return [item.question for item in load_questions() if item.doc in shipped]


def report(name: str, wall: float, latencies: list[float]) -> float:
    rate = len(latencies) / wall
    show(f"{name}: questions per second", f"{rate:.1f}")
    show(f"{name}: reply latency p50 / p95",
         f"{percentile(latencies, 50) * 1000:.1f} ms / {percentile(latencies, 95) * 1000:.1f} ms")
    return rate


async def main() -> None:
    questions = load_questions_asked()
    print(f"End to end over the fake Bot API: {USERS} users × {PER_USER} questions each")
    for limited, title in ((False, "without a rate limiter (the work itself)"),
                           (True, "with the production rate limiter (~30 messages/s)")):
        print(f" {title}")
        bot_rate = report("bot", *await bot_run(questions, limited))
        echo_rate = report("echo bot (the floor)", *await echo_run(questions, limited))
        show("bot throughput / echo throughput", f"{bot_rate / echo_rate:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
