"""Questions answered per second through the fake Bot API server, with reply latency, for the
bot and for a minimal PTB echo bot on the same server in the same run.

Measured twice: without a rate limiter, where the ratio to the echo bot (PTB's defaults: one
update at a time) is the cost of our work on top of PTB; and with the AIORateLimiter the bot
uses in production, where Telegram's limit of 30 messages a second is the ceiling, so the
figure is the share of it reached. The fake server, the simulated users and the bot share one
process (and its CPU), as in every run of this benchmark.
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from _common import ROOT, percentile, show

USERS = 10
PER_USER = 20


async def _load(server, send_and_wait: Callable[[int, str], Awaitable[None]],
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


def _waiter(server, chat_base: int):
    async def send_and_wait(u: int, text: str) -> None:
        chat = chat_base + u
        before = len(server.sent_to(chat))
        await server.user(id=chat, first_name=f"U{u}", language_code="vi").send(text)
        await server.wait_until(lambda: len(server.sent_to(chat)) > before, 30,
                                what=f"a reply to {chat}")
    return send_and_wait


async def bot_run(questions: list[str], limited: bool, processes: int | None = None
                  ) -> tuple[float, list[float]]:
    """``processes``: ``[knowledge] processes`` (None: the default, as shipped)."""
    from bot.config import KnowledgeSettings
    from tests.fakes import FakeTelegramServer
    from tests.telegram_env import Chat, running_bot, telegram_config

    async with FakeTelegramServer() as server:
        with tempfile.TemporaryDirectory() as tmp:
            config = dataclasses.replace(telegram_config(Path(tmp), server),
                                         knowledge=KnowledgeSettings(processes=processes))
            async with running_bot(server, config, rate_limited=limited) as bot:
                for u in range(USERS):
                    await Chat(server, 1000 + u, f"U{u}").join(f"Giáo Viên {u}", "HOASEN-GV-4821")
                await bot.core.answers.wait_ready()
                before = [(w.answered, w.cpu_seconds) for w in bot.core.answers.stats()]
                cpu = time.process_time()
                result = await _load(server, _waiter(server, 1000), questions)
                cpu = time.process_time() - cpu
                _workers(bot.core.answers, before, cpu)
                return result


def _workers(answers, before: list[tuple[int, float]], cpu: float) -> None:
    """Where the questions were answered (the worker processes, or the bot's own), and the CPU
    time of each process per question."""
    total = 0
    for n, (w, (answered, used)) in enumerate(zip(answers.stats(), before, strict=True)):
        count = w.answered - answered
        total += count
        show(f"answer worker {n}: questions, CPU per question, peak RSS",
             f"{count}, {(w.cpu_seconds - used) / max(count, 1) * 1000:.1f} ms, "
             f"{w.peak_rss_kb / 1024:.0f} MB")
    show("questions answered in the bot's process",
         f"{answers.in_process}; its CPU (with the fake server and the users) per question "
         f"{cpu / (total + answers.in_process) * 1000:.1f} ms")


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


CEILING = 30.0  # Telegram's messages a second for one bot


async def main() -> None:
    questions = load_questions_asked()
    print(f"End to end over the fake Bot API: {USERS} users × {PER_USER} questions each")
    print(" without a rate limiter (the work itself)")
    bot_rate = report("bot", *await bot_run(questions, False))
    echo_rate = report("echo bot (bare PTB, the floor)", *await echo_run(questions, False))
    show("bot throughput / echo throughput (target ≥ 0.70)", f"{bot_rate / echo_rate:.2f}")
    print(" the same, answering in the bot's own process ([knowledge] processes = 0)")
    alone = report("bot, no answer worker", *await bot_run(questions, False, 0))
    show("bot, no answer worker / echo throughput", f"{alone / echo_rate:.2f}")
    print(f" with the production rate limiter (~{CEILING:.0f} messages/s)")
    bot_rate = report("bot", *await bot_run(questions, True))
    show(f"bot throughput / {CEILING:.0f} per second (target ≥ 0.95)",
         f"{bot_rate / CEILING:.2f}")
    report("echo bot (for reference)", *await echo_run(questions, True))


if __name__ == "__main__":
    asyncio.run(main())
