"""Questions answered in worker processes, off the event loop.

Answering a question is CPU work (several milliseconds of ranking); on the event loop it holds
up every other chat, the database and the channels. ``AnswerPool`` sends the documents'
questions to ``[knowledge] processes`` worker processes (``pool_worker.py``, a fresh
interpreter: no fork of a process that runs threads), so another core ranks while the loop
keeps serving. With 0 processes (its pieces read ahead a few at a time, ``warmth``), or while
no worker is ready, the question is answered in this process, exactly as before.

- The office's own answers (``KnowledgeBase.office``) are matched here first: cheap, current.
- A worker builds its answerer from the rows the ``KnowledgeBase`` was built from
  (``AnswerSources``, sent over its pipe): it never opens the database. Each reload raises
  ``KnowledgeBase.version``; a worker holding another version is sent the new rows and asked
  nothing until it has built them, so an imported plan is in every answer that follows.
- A worker that dies, hangs past ``timeout`` or breaks its pipe is killed and started again
  (its question answered here); one that keeps dying before it is ready is given up (logged).
- ``close`` stops every worker; a worker whose parent dies reads the end of its pipe and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import pickle
import sys
from dataclasses import dataclass
from typing import Any, cast

from bot.i18n import current_language
from bot.knowledge.answer import Answer
from bot.knowledge.pool_worker import HEADER, frame
from bot.knowledge.service import KnowledgeBase
from bot.knowledge.warmth import warm_slowly

log = logging.getLogger(__name__)

TIMEOUT = 30.0  # seconds a worker may take for one question
START_TIMEOUT = 120.0  # to start and build its index (500 plans: about 7 s on a quiet machine)
WORKER_COMMAND = (sys.executable, "-m", "bot.knowledge.pool_worker")
MAX_FAILED_STARTS = 3  # a worker that dies this many times in a row before it is ready: given up
QUEUE: int | None = None  # questions that may wait for each busy worker; None: all of them
SECRETS = frozenset({"BOT_TOKEN", "ZALO_BOT_TOKEN", "DATABASE_URL", "BOT_WEBHOOK_SECRET",
                     "ZALO_WEBHOOK_SECRET", "PGPASSWORD"})


class WorkerGone(Exception):
    """The worker died, hung or broke the protocol; the question is answered in-process."""


@dataclass
class WorkerStats:
    pid: int | None
    ready: bool
    answered: int
    peak_rss_kb: int  # the worker's own peak resident memory, as it reports it
    cpu_seconds: float  # the worker's CPU time so far (building its index, answering)


class _Worker:
    """One child process and its pipe; one request at a time. ``state``: "down" (no process),
    "starting" (being spawned or sent the rows, by a background task), "ready" (idle), "busy"
    (answering) or "given up"."""

    def __init__(self, number: int, command: tuple[str, ...]) -> None:
        self.number = number
        self.command = command
        self.proc: asyncio.subprocess.Process | None = None
        self.state = "down"
        self.version = -1  # the KnowledgeBase version it has built; -1: none yet
        self.answered = 0
        self.peak_rss_kb = 0
        self.cpu_seconds = 0.0
        self.failed_starts = 0

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def spawn(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in SECRETS}  # it needs none
        self.proc = await asyncio.create_subprocess_exec(
            *self.command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env=env)
        self.version = -1

    async def call(self, frame: bytes, timeout: float) -> tuple[Any, ...]:
        """Send one framed message and read the reply; any failure kills the worker (its pipe
        may be half-way through a message) and raises ``WorkerGone``."""
        proc = self.proc
        if proc is None or proc.returncode is not None or proc.stdin is None \
                or proc.stdout is None:
            raise WorkerGone("not running")
        try:
            async with asyncio.timeout(timeout):
                proc.stdin.write(frame)
                await proc.stdin.drain()
                size = HEADER.unpack(await proc.stdout.readexactly(HEADER.size))[0]
                data = await proc.stdout.readexactly(size)
            reply: tuple[Any, ...] = pickle.loads(data)  # our own child's
            peak, cpu = int(reply[-2]), float(reply[-1])
        except asyncio.CancelledError:
            await self.kill()
            raise
        except Exception as exc:  # timed out, died, or sent what is not a reply
            await self.kill()
            raise WorkerGone(type(exc).__name__) from exc
        self.peak_rss_kb, self.cpu_seconds = max(self.peak_rss_kb, peak), cpu
        return reply[:-2]

    async def kill(self) -> None:
        proc, self.proc = self.proc, None
        self.version = -1
        if proc is None:
            return
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
        with contextlib.suppress(Exception):
            await proc.wait()

    async def stop(self) -> None:
        """End the worker by closing its pipe (it exits at the end of its input), killed if it
        does not within a few seconds."""
        proc = self.proc
        if proc is not None and proc.returncode is None and proc.stdin is not None:
            proc.stdin.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(proc.wait(), 5.0)
        await self.kill()


class AnswerPool:
    """``KnowledgeBase.answer``, with the documents' part in worker processes when started."""

    def __init__(self, kb: KnowledgeBase, processes: int, *, timeout: float = TIMEOUT,
                 queue: int | None = QUEUE, command: tuple[str, ...] = WORKER_COMMAND) -> None:
        self.kb = kb
        self.processes = max(0, processes)
        self.timeout = timeout
        self.queue = queue
        self.command = command
        self.workers: list[_Worker] = []
        self.in_process = 0  # questions answered here (no worker ready, or one failed)
        self._changed = asyncio.Condition()
        self._tasks: set[asyncio.Task[None]] = set()
        self._frames: tuple[int, bytes] | None = None  # (version, the framed "load" message)
        self._closing = False
        self._waiting = 0  # questions waiting for a worker
        self._warmed: tuple[int, asyncio.Task[None] | None] = (-1, None)  # no workers: here

    # -- life cycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the workers; each builds its index in the background (questions are answered
        here until one is ready)."""
        self._closing = False
        self.workers = [_Worker(n, self.command) for n in range(self.processes)]
        self._tend()

    async def close(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        workers, self.workers = self.workers, []
        await asyncio.gather(*(w.stop() for w in workers), return_exceptions=True)
        async with self._changed:
            self._changed.notify_all()  # questions waiting for a worker are answered here

    def stats(self) -> list[WorkerStats]:
        return [WorkerStats(w.proc.pid if w.proc else None, w.state == "ready", w.answered,
                            w.peak_rss_kb, w.cpu_seconds) for w in self.workers]

    async def wait_ready(self) -> None:
        """Until every worker not given up holds the current index and is idle, or (with no
        workers) this process's answerer is warm (tests, benchmarks)."""
        self._tend()
        if self._warmed[1] is not None:
            await asyncio.wait([self._warmed[1]])
        async with self._changed:
            await self._changed.wait_for(lambda: all(
                (w.state == "ready" and w.version == self.kb.version) or w.state == "given up"
                for w in self.workers))

    # -- answering ---------------------------------------------------------------------------

    async def answer(self, question: str, *, today: dt.date, offset: int = 0) -> Answer:
        """What ``KnowledgeBase.answer`` returns, computed by a worker when one is ready."""
        office = self.kb.office
        found = office.answer_for(question) if office is not None and offset == 0 else None
        if found is not None:
            return found
        worker = await self._take()
        if worker is None:
            return self._here(question, today, offset)
        reply: tuple[Any, ...] | None = None
        try:
            reply = await worker.call(
                frame(("ask", question, current_language(), today, offset)), self.timeout)
        except WorkerGone as exc:
            log.warning("knowledge worker %d failed (%s); answering in-process",
                        worker.number, exc)
        finally:
            await self._settle(worker, "ready" if worker.alive else "down")
        if reply is None or reply[0] != "answer":
            if reply is not None:  # its answerer raised: answering here shows it in this log
                log.warning("knowledge worker %d: %s", worker.number, reply[1])
            return self._here(question, today, offset)
        worker.answered += 1
        return cast(Answer, reply[1])

    def _here(self, question: str, today: dt.date, offset: int) -> Answer:
        self.in_process += 1
        return self.kb.answerer.answer(question, today=today, offset=offset)

    async def _take(self) -> _Worker | None:
        """An idle worker holding the current index, waiting while all such are busy; None
        when no worker holds it (not started, building, down or given up)."""
        self._tend()
        async with self._changed:
            while True:
                current = [w for w in self.workers if w.alive and w.version == self.kb.version
                           and w.state in ("ready", "busy")]
                if not current:
                    return None
                idle = next((w for w in current if w.state == "ready"), None)
                if idle is not None:
                    idle.state = "busy"
                    return idle
                if self.queue is not None and self._waiting >= self.queue * len(current):
                    return None  # enough in line: this one is answered here, on this core
                self._waiting += 1
                try:
                    await self._changed.wait()
                finally:
                    self._waiting -= 1

    async def _settle(self, worker: _Worker, state: str) -> None:
        async with self._changed:
            worker.state = state
            self._changed.notify_all()
        self._tend()

    def _tend(self) -> None:
        """Start what is down, and send the current rows to an idle worker holding older ones:
        each in a background task that owns the worker until it is ready (or down again)."""
        if self._closing:
            return
        if not self.workers and self._warmed[0] != self.kb.version:  # every answer is here
            warming = self._background(warm_slowly(self.kb.answerer.pieces))
            self._warmed = (self.kb.version, warming)
        for w in self.workers:
            if w.state == "ready" and not w.alive:
                w.state = "down"  # died while idle
            if w.state == "down" or (w.state == "ready" and w.version != self.kb.version):
                fresh = w.state == "down"
                w.state = "starting"
                self._background(self._bring_up(w, spawn=fresh))

    def _load_frame(self) -> tuple[int, bytes]:
        version = self.kb.version
        if self._frames is None or self._frames[0] != version:
            self._frames = (version, frame(("load", version, self.kb.sources)))
        return self._frames

    async def _bring_up(self, worker: _Worker, *, spawn: bool) -> None:
        """(Re)start ``worker`` if ``spawn``, then build the current index in it."""
        state = "down"
        try:
            if spawn:
                await worker.kill()
                await worker.spawn()
            version, message = self._load_frame()
            reply = await worker.call(message, START_TIMEOUT)
            if reply[0] == "loaded":
                worker.version, worker.failed_starts, state = version, 0, "ready"
            else:
                log.error("knowledge worker %d could not build its index: %s", worker.number,
                          reply[1])
        except (WorkerGone, OSError) as exc:
            log.warning("knowledge worker %d failed to start (%s)", worker.number, exc)
        finally:
            if state == "down":
                await worker.kill()
                worker.failed_starts += 1
                if worker.failed_starts >= MAX_FAILED_STARTS:
                    log.error("knowledge worker %d keeps failing; its questions are answered "
                              "in-process", worker.number)
                    state = "given up"
            if not self._closing:
                await self._settle(worker, state)

    def _background(self, coro: Any) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
