"""Updates handled concurrently across people, in order for each person, with a bound.

Every channel hands its updates to one ``OrderedPool``, keyed by chat: jobs of one key run one
after another in the order they were submitted; jobs of different keys run at the same time, at
most ``limit`` at once. A key with more work waiting goes to the back of the line after each
job, so one busy chat cannot hold the slots while others wait.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]


class OrderedPool:
    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._waiting: dict[str, deque[tuple[Job, asyncio.Future[Any]]]] = {}
        self._ready: deque[str] = deque()  # keys with a job waiting for a slot, in turn
        self._running = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.peak = 0  # the most jobs ever running at once

    @property
    def running(self) -> int:
        return self._running

    @property
    def pending(self) -> int:
        """Jobs submitted and not finished (running or waiting)."""
        return self._running + sum(len(q) for q in self._waiting.values())

    def submit(self, key: str, job: Job) -> asyncio.Future[Any]:
        """Queue ``job`` behind the other jobs of ``key``; the future gets its result (or its
        exception). The order of ``submit`` calls is the order of a key's jobs."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        queue = self._waiting.get(key)
        if queue is None:  # the key is neither running nor in line
            queue = self._waiting[key] = deque()
            self._ready.append(key)
        queue.append((job, future))
        self._start()
        return future

    async def run(self, key: str, job: Job) -> Any:
        """``submit`` and wait for the job's end."""
        return await self.submit(key, job)

    def _start(self) -> None:
        while self._running < self.limit and self._ready:
            key = self._ready.popleft()
            self._running += 1
            self.peak = max(self.peak, self._running)
            task = asyncio.create_task(self._one(key))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _one(self, key: str) -> None:
        queue = self._waiting[key]
        job, future = queue.popleft()
        try:
            if not future.cancelled():
                result = await job()
                if not future.cancelled():
                    future.set_result(result)
        except asyncio.CancelledError:
            if not future.done():
                future.cancel()
            raise
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
            else:
                log.error("a job for one chat failed: %s", type(exc).__name__)
        finally:
            self._running -= 1
            if queue:
                self._ready.append(key)  # its next job waits its turn behind other chats
            else:
                del self._waiting[key]
            self._start()

    async def join(self) -> None:
        """Wait until every job submitted so far (and what they submit) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
