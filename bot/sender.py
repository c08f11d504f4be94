"""Drains the outbox for one channel within the channel's rate limits.

A transport raises the errors below; the sender turns them into a retry time, a pause for the
whole channel (429), or a user marked inactive (blocked the bot). Rates use the real monotonic
clock: they are physics of the network, not of the business calendar.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.config import SendingSettings
from bot.outbox import Outbox, OutboxRow, OutboxStatus
from bot.port import Reply
from bot.users import UserRepo

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    pass


class RecipientBlocked(DeliveryError):
    """The user blocked the bot or deleted the chat: stop writing to them."""


class RetryLater(DeliveryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class TransientFailure(DeliveryError):
    """Network trouble or a 5xx: try again with backoff."""


class PermanentFailure(DeliveryError):
    """The message itself is refused (bad request): retrying will not help."""


class Transport(Protocol):
    """Where a channel's queued messages go (every ``bot.channels.runtime.Channel`` is one)."""

    name: str

    async def deliver(self, external_id: str, reply: Reply) -> None: ...


class RateGate:
    """At most ``rate`` starts per second overall, and one per ``chat_gap`` seconds per chat.

    It paces a few percent under ``rate``: Telegram counts in windows, and a send that comes a
    little early after the one before costs a 429 and a pause of a whole second.
    """

    MARGIN = 0.97

    def __init__(self, rate: float, per_chat: float) -> None:
        self.interval = 1.0 / (rate * self.MARGIN)
        self.chat_gap = 1.0 / per_chat
        self._next = time.monotonic()
        self._chat_next: dict[str, float] = {}
        self._paused_until = 0.0

    def chat_wait(self, chat: str) -> float:
        return max(0.0, self._chat_next.get(chat, 0.0) - time.monotonic())

    async def acquire(self, chat: str) -> None:
        now = time.monotonic()
        start = max(now, self._next, self._paused_until)
        self._next = start + self.interval
        self._chat_next[chat] = start + self.chat_gap
        if start > now:
            await asyncio.sleep(start - now)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)


class OutboxSender:
    LEADER_RETRY = 1.0  # seconds between tries to take the lead from another worker

    def __init__(
        self, outbox: Outbox, users: UserRepo, transport: Transport, settings: SendingSettings,
        now: Callable[[], dt.datetime], *, max_in_flight: int = 16,
        on_progress: Callable[[OutboxRow, str], Awaitable[None]] | None = None,
        recipient: str | None = None,
    ) -> None:
        self.outbox, self.users, self.transport = outbox, users, transport
        self.settings = settings
        self.now = now
        self.gate = RateGate(settings.messages_per_second, settings.per_chat_per_second)
        self._slots = asyncio.Semaphore(max_in_flight)
        self._tasks: set[asyncio.Task[None]] = set()
        self.wakeup = asyncio.Event()
        self.on_progress = on_progress
        self.recipient = recipient  # drain only this user's rows (a console serves one person)

    async def drain(self) -> int:
        """Send every row due now; return how many were attempted."""
        attempted = 0
        while rows := await self.outbox.due(self.transport.name, recipient=self.recipient):
            waits = {r.external_id: self.gate.chat_wait(r.external_id) for r in rows}
            ready = [r for r in rows if waits[r.external_id] == 0.0]
            if not ready:
                await asyncio.sleep(min(waits.values()))
                continue
            chats: set[str] = set()
            for row in ready:
                if row.external_id in chats:
                    continue  # one per chat per round keeps the per-chat gap
                chats.add(row.external_id)
                if not await self.outbox.claim(row.id):
                    continue
                await self.gate.acquire(row.external_id)
                await self._slots.acquire()
                task = asyncio.create_task(self._send(row))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
                attempted += 1
            await asyncio.gather(*list(self._tasks))
        return attempted

    async def _send(self, row: OutboxRow) -> None:
        status: str = OutboxStatus.SENT
        try:
            await self.transport.deliver(row.external_id, row.reply)
            await self.outbox.mark(row.id, OutboxStatus.SENT)
        except RetryLater as exc:
            status = "retry"
            self.gate.pause(exc.seconds)
            when = self.now() + dt.timedelta(seconds=exc.seconds)
            await self.outbox.retry_at(row.id, when, error=str(exc), count=False)
        except RecipientBlocked:
            status = OutboxStatus.BLOCKED
            await self.outbox.mark(row.id, OutboxStatus.BLOCKED, error="blocked by the user")
            await self.users.block_identity(row.channel, row.external_id)
        except PermanentFailure as exc:
            status = OutboxStatus.FAILED
            await self.outbox.mark(row.id, OutboxStatus.FAILED, error=str(exc)[:300])
        except Exception as exc:  # transient, network, anything unexpected: back off
            status = await self._backoff(row, exc)
        finally:
            self._slots.release()
        if self.on_progress:
            await self.on_progress(row, status)

    async def _backoff(self, row: OutboxRow, exc: BaseException) -> str:
        if not isinstance(exc, TransientFailure):
            log.warning("delivery of outbox row %s failed: %s", row.id, type(exc).__name__)
        if row.attempts + 1 >= self.settings.max_attempts:
            await self.outbox.mark(row.id, OutboxStatus.FAILED, error=str(exc)[:300])
            return OutboxStatus.FAILED
        delay = min(300.0, 2.0 ** row.attempts)
        when = self.now() + dt.timedelta(seconds=delay)
        await self.outbox.retry_at(row.id, when, error=str(exc)[:300], count=True)
        return "retry"

    async def run(self, stop: asyncio.Event, *, idle_seconds: float = 1.0) -> None:
        """Drain, then wait for a wake-up or ``idle_seconds``, until ``stop`` is set.

        Several workers may share one PostgreSQL database: one of them at a time sends each
        channel's rows (``Database.leader``), so the bot-wide and per-chat rates hold across
        workers. The others wait and take over within ``LEADER_RETRY`` seconds if it dies.
        """
        if self.recipient is not None:  # a console's own rows: no one else sends them
            await self._loop(stop, idle_seconds)
            return
        name = f"outbox-sender:{self.transport.name}"
        while not stop.is_set():
            try:
                async with self.outbox.db.leader(name) as leading:
                    if leading:
                        await self.outbox.recover_interrupted(self.transport.name)
                        if self.outbox.db.shared:  # what a sender that died sent in its
                            await _wait(stop, max(1.0, self.gate.chat_gap))  # last second counts
                        await self._loop(stop, idle_seconds)
                        return
            except Exception:
                log.exception("outbox sender on %s: cannot take the lead", self.transport.name)
            await _wait(stop, self.LEADER_RETRY)

    async def _loop(self, stop: asyncio.Event, idle_seconds: float) -> None:
        while not stop.is_set():
            try:
                await self.drain()
            except Exception:
                log.exception("outbox drain failed on %s", self.transport.name)
            self.wakeup.clear()
            waiter = asyncio.ensure_future(self.wakeup.wait())
            stopper = asyncio.ensure_future(stop.wait())
            await asyncio.wait({waiter, stopper}, timeout=idle_seconds,
                               return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            stopper.cancel()


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
