"""Where the time of the Q&A benchmark goes: ``bench_e2e``'s run without a rate limiter, under
pyinstrument (``.venv/bin/pip install pyinstrument``; not a dependency of the bot).

Run: ``.venv/bin/python bench/profile_e2e.py`` — prints the call tree of the timed part (the
fake server and the simulated users share the process, so they appear too).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from _common import ROOT  # noqa: F401  (puts the repository on sys.path)
from bench_e2e import USERS, _load, _waiter, load_questions_asked


async def main() -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("pyinstrument is not installed: .venv/bin/pip install pyinstrument")
    from tests.fakes import FakeTelegramServer
    from tests.telegram_env import Chat, running_bot, telegram_config

    questions = load_questions_asked()
    async with FakeTelegramServer() as server:
        with tempfile.TemporaryDirectory() as tmp:
            config = telegram_config(Path(tmp), server)
            async with running_bot(server, config, rate_limited=False) as bot:
                for u in range(USERS):
                    await Chat(server, 1000 + u, f"U{u}").join(f"Giáo Viên {u}",
                                                               "HOASEN-GV-4821")
                await bot.core.answers.wait_ready()
                profiler = Profiler(interval=0.0005, async_mode="disabled")
                profiler.start()
                wall, latencies = await _load(server, _waiter(server, 1000), questions)
                profiler.stop()
    print(f"{len(latencies) / wall:.1f} questions per second under the profiler")
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    asyncio.run(main())
