"""The durable inbox: updates are written here before the channel is told they arrived, and
removed once handled, so a crash between the two loses nothing (at-least-once; the
dispatcher's ``processed_updates`` then drops a repeat, which makes it exactly-once).

Several workers may share the database: each row names the worker that received it
(``Database.worker_id``). An update already in the inbox is not taken again by a second
worker (Telegram re-sending it while the first still handles it), and what a worker that died
left behind is taken over, once: by the next worker that starts, and, on a database workers
share, by the ``OrphanSweep`` of a worker that runs, so nothing waits for a restart."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable

from bot.storage.db import Database, Params, Row

log = logging.getLogger(__name__)

Receive = Callable[[list[tuple[str, str]]], Awaitable[None]]
SWEEP_EVERY = dt.timedelta(minutes=1)
SWEEP_POLL = 5.0  # seconds between looks at the clock
KEEP_ROWS = 100  # updates stored by one statement (getUpdates gives at most 100)


class Inbox:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._receivers: dict[str, Receive] = {}

    def receive_orphans(self, channel: str, receive: Receive) -> Callable[[], None]:
        """While a channel runs: ``receive`` gets the ``(update_key, payload)`` pairs of that
        channel that ``sweep`` takes over, oldest first. Returns what stops it."""
        self._receivers[channel] = receive

        def stop() -> None:
            if self._receivers.get(channel) is receive:
                del self._receivers[channel]
        return stop

    async def sweep(self) -> int:
        """Take over what workers that are gone left, for every channel receiving; how many
        updates were handed over."""
        handed = 0
        for channel, receive in list(self._receivers.items()):
            left = await self.pending(channel)
            if left:
                log.info("taking over %d %s update(s) a stopped worker left", len(left),
                         channel)
                await receive(left)
                handed += len(left)
        return handed

    async def keep(self, channel: str, updates: Iterable[tuple[str, str]],
                   now: dt.datetime) -> list[str]:
        """Store ``(update_key, payload)`` pairs, one statement (atomic, one round trip) for
        up to ``KEEP_ROWS``; return the keys that were new, in their order, which this worker
        now owns and should handle."""
        rows = list(updates)
        new: set[str] = set()
        for start in range(0, len(rows), KEEP_ROWS):
            chunk = rows[start:start + KEEP_ROWS]
            params: list[object] = []
            for key, payload in chunk:
                params += (channel, key, payload, now.isoformat(), self.db.worker_id)
            found = await self.db.fetchall(
                "INSERT INTO inbox (channel, update_key, payload, received_at, worker) VALUES "
                + ", ".join(["(?, ?, ?, ?, ?)"] * len(chunk))
                + " ON CONFLICT DO NOTHING RETURNING update_key", tuple(params))
            new.update(str(r[0]) for r in found)
        added = []
        for key, _payload in rows:
            if key in new:
                new.discard(key)  # a key twice in one batch is new once
                added.append(key)
        return added

    async def done(self, channel: str, update_key: str) -> None:
        await self.db.execute(*self.done_write(channel, update_key))

    @staticmethod
    def done_write(channel: str, update_key: str) -> tuple[str, Params]:
        """``done`` as a statement, for a caller that batches it with its own writes."""
        return "DELETE FROM inbox WHERE channel = ? AND update_key = ?", (channel, update_key)

    @staticmethod
    def processed_write(channel: str, update_key: str, now: dt.datetime) -> tuple[str, Params]:
        """Mark an update handled (the dedupe), as a statement for a caller's batch; recorded
        only once handled, so an update cut short by a crash comes again."""
        return ("INSERT INTO processed_updates (channel, update_key, handled_at)"
                " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (channel, update_key, now.isoformat()))

    async def pending(self, channel: str) -> list[tuple[str, str]]:
        """Updates received but not handled by a worker that is gone (a crash), oldest first;
        this worker takes them over."""
        owners = await self.db.fetchall(
            "SELECT DISTINCT worker FROM inbox WHERE channel = ?", (channel,))
        taken = []
        for row in owners:
            owner = row[0]
            if owner is not None and await self.db.alive(str(owner)):
                continue
            taken += await self.db.fetchall(
                "UPDATE inbox SET worker = ? WHERE channel = ? AND "
                + ("worker IS NULL" if owner is None else "worker = ?")
                + " RETURNING update_key, payload, received_at",
                (self.db.worker_id, channel) + (() if owner is None else (str(owner),)))
        taken.sort(key=_arrival)
        return [(str(r["update_key"]), str(r["payload"])) for r in taken]


def _arrival(row: Row) -> tuple[int, str]:
    """Oldest first: by number where the keys are numbers (Telegram's update ids), else by
    the time they arrived."""
    key = str(row["update_key"])
    return (int(key), "") if key.isdigit() else (0, str(row["received_at"]))


class OrphanSweep:
    """``Inbox.sweep`` every ``every`` of the bot's clock, on a database several workers share
    (a worker that dies leaves its updates; the others take them over without waiting for a
    restart)."""

    def __init__(self, inbox: Inbox, now: Callable[[], dt.datetime], *,
                 every: dt.timedelta = SWEEP_EVERY) -> None:
        self.inbox, self.now, self.every = inbox, now, every
        self._last: dt.datetime | None = None

    async def run_due(self) -> int:
        """Sweep if ``every`` has passed since the last sweep (or none was made)."""
        now = self.now()
        if self._last is not None and now - self._last < self.every:
            return 0
        self._last = now
        return await self.inbox.sweep()

    async def run(self, stop: asyncio.Event, poll: float = SWEEP_POLL) -> None:
        """Until ``stop``: look at the clock every ``poll`` seconds."""
        while not stop.is_set():
            try:
                await self.run_due()
            except Exception as exc:  # the next look tries again
                log.warning("inbox sweep failed: %s", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll)
