"""Running the channels on the core: the one ``Channel`` protocol that Telegram, Zalo and the
console implement, and ``run_channels``, the one place that starts them.

A channel only converts and renders: its updates become ``Incoming`` for the dispatcher, the
core's replies become its messages. What every channel needs beside that is done here, once:
its file downloader is registered with the core, one outbox sender per channel delivers what
the bot sends on its own (woken whenever something is queued), and the channel runs until
``stop`` is set. Every channel hands its updates to the core's one pool (``core.updates``):
different chats at once, one chat's in order, with one bound for all channels.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from bot.core import Core
from bot.port import Reply
from bot.sender import OutboxSender
from bot.storage.db import Database

log = logging.getLogger(__name__)


class ChannelRefused(Exception):
    """A channel that cannot run as configured, explained in one line."""


@asynccontextmanager
async def sole_poller(db: Database, channel: str) -> AsyncIterator[None]:
    """Polling on a database that several workers share: one worker polls a bot's updates (the
    platform hands each poll's updates to one caller, and a second poller gets them in turns or
    is refused), so a second is refused at start. Several workers take webhooks."""
    if not db.shared:
        yield
        return
    async with db.leader(f"poller:{channel}") as polling:
        if not polling:
            raise ChannelRefused(
                f"another worker already polls {channel.title()} on this database. Several "
                f"workers on one database need webhook mode ([{channel}] mode = \"webhook\", "
                "see the README, \"Running at scale\"); or run a single worker.")
        yield


class Channel(Protocol):
    name: str  # "telegram", "zalo", "console": the channel of identities and outbox rows
    recipient: str | None  # whose queued messages it delivers; None: everyone's

    async def download(self, file_id: str) -> bytes:
        """The bytes of a file a user sent on this channel."""

    async def deliver(self, external_id: str, reply: Reply) -> None:
        """Send a queued message; raises ``bot.sender.DeliveryError`` kinds on failure."""

    async def run(self, stop: asyncio.Event) -> None:
        """Receive updates and answer them until ``stop`` is set (then finish the update in
        hand). Returns early when the channel cannot go on (its token refused); raises when it
        cannot start."""


async def run_channels(core: Core, channels: list[Channel], stop: asyncio.Event, *,
                       idle_seconds: float = 1.0) -> None:
    """Run ``channels`` until ``stop`` is set or all of them have ended. A channel that fails
    while others go on is logged in one line; the error of the last one is raised."""
    for channel in channels:
        core.downloads.add(channel.name, channel.download)
    senders = [OutboxSender(core.outbox, core.users, channel, core.config.sending, core.now,
                            recipient=channel.recipient) for channel in channels]
    unlisten = [core.outbox.listen(sender.wakeup.set) for sender in senders]
    senders_stop = asyncio.Event()
    sending = [asyncio.create_task(sender.run(senders_stop, idle_seconds=idle_seconds))
               for sender in senders]
    running = {asyncio.create_task(channel.run(stop)): channel for channel in channels}
    error: BaseException | None = None
    try:
        pending = set(running)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                error = _ended(running[task], task, alone=not pending or stop.is_set()) or error
    finally:
        stop.set()
        await asyncio.gather(*running, return_exceptions=True)
        await core.updates.join()  # the updates every channel handed to the shared pool
        senders_stop.set()
        await asyncio.gather(*sending, return_exceptions=True)
        for stop_listening in unlisten:
            stop_listening()
    if error is not None:
        raise error


def _ended(channel: Channel, task: asyncio.Task[None], *, alone: bool) -> BaseException | None:
    """The error a channel ended with, if it is to end the process (the last channel, or the
    process is stopping anyway)."""
    if task.cancelled():
        return None
    exc = task.exception()
    if exc is None:
        if not alone:
            log.warning("The %s channel stopped; the others go on.", channel.name)
        return None
    if alone:
        return exc
    log.error("The %s channel stopped: %s", channel.name, exc)
    return None
