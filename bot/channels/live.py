"""Following a live message (a broadcast's progress) on any channel: the core's view of it is
asked for every few seconds and shown again when it changed, until the core says it is
finished. The channel only says how to show it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.port import Reply
from bot.registry import Registry

DEFAULT_INTERVAL = 3.0


class Gone(Exception):
    """The message can no longer be shown again (deleted, too old to edit): stop following."""


async def follow(registry: Registry, key: str, shown: str,
                 show: Callable[[Reply], Awaitable[bool]],
                 interval: float = DEFAULT_INTERVAL) -> None:
    """``show(reply)`` returns whether the new text is now on screen (False: try again at
    the next change); it raises ``Gone`` to stop."""
    view = registry.live_view(key)
    if view is None:
        return
    while True:
        await asyncio.sleep(interval)
        reply, finished = await view(key)
        if reply.text != shown:
            try:
                if await show(reply):
                    shown = reply.text
            except Gone:
                return
        if finished:
            return
