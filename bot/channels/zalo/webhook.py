"""Receiving by webhook: Zalo calls us, we write the event to disk and answer 200 at once.

Zalo gives a webhook call only a short time; an answer that waited for the whole reply (with
its retries) would time out and come again. So an event is first written to a spool folder
(one file, flushed to disk and renamed into place), then acknowledged, then handled by a worker;
its file is removed once handled. Events left by a crash are handled when the channel starts
again, and a repeat is dropped by ``message_id`` in the core.

The secret (``X-Bot-Api-Secret-Token``) is compared in constant time; the body may be the
event itself or wrapped as ``{"ok": true, "result": {event}}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import itertools
import json
import logging
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.channels.zalo.updates import unwrap

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024
WORKERS = 8


class Spool:
    """Webhook events on disk, in arrival order, until handled."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._seq = itertools.count()

    def put(self, event: dict[str, Any]) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._seq):06d}.json"
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(event, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            target = self.folder / name
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def pending(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.json") if not p.name.startswith("."))

    @staticmethod
    def read(path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    @staticmethod
    def done(path: Path) -> None:
        path.unlink(missing_ok=True)


class WebhookReceiver:
    """The aiohttp route and the worker that handles what was spooled."""

    def __init__(self, spool: Spool, secret: str,
                 handle: Callable[[dict[str, Any]], Awaitable[object]]) -> None:
        self.spool = spool
        self.secret = secret
        self.handle = handle
        self._wakeup = asyncio.Event()
        self._taken: set[Path] = set()
        self._slots = asyncio.Semaphore(WORKERS)
        self._tasks: set[asyncio.Task[None]] = set()

    async def on_request(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.json_response({"ok": False, "description": "Unauthorized"}, status=401)
        try:
            body = json.loads(await request.read())
        except ValueError:
            return web.json_response({"ok": False, "description": "Bad JSON"}, status=400)
        event = unwrap(body)
        if event is None:
            return web.json_response({"ok": False, "description": "No event"}, status=400)
        try:
            await asyncio.to_thread(self.spool.put, event)
        except OSError:
            log.exception("could not record a Zalo webhook event")
            return web.json_response({"ok": False, "description": "Try again"}, status=503)
        self._wakeup.set()
        return web.json_response({"ok": True})

    async def work(self, stop: asyncio.Event) -> None:
        """Handle spooled events (older ones first) until ``stop``; then finish those begun."""
        try:
            while not stop.is_set():
                self._wakeup.clear()
                for path in await asyncio.to_thread(self.spool.pending):
                    if path in self._taken:
                        continue
                    event = await asyncio.to_thread(self.spool.read, path)
                    await self._slots.acquire()
                    self._taken.add(path)
                    # read here, in order: the tasks then queue on their chat's lock in order
                    task = asyncio.create_task(self._one(path, event))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
                waiter = asyncio.ensure_future(self._wakeup.wait())
                stopper = asyncio.ensure_future(stop.wait())
                await asyncio.wait({waiter, stopper}, timeout=5.0,
                                   return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
                stopper.cancel()
        finally:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _one(self, path: Path, event: dict[str, Any] | None) -> None:
        try:
            if event is not None:
                await self.handle(event)
            with contextlib.suppress(OSError):
                await asyncio.to_thread(self.spool.done, path)
        finally:
            self._taken.discard(path)
            self._slots.release()
