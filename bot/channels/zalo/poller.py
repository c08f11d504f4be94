"""Receiving by long polling: ``getUpdates``, one update per call.

Before polling, the webhook is cleared as the real API needs it: ``getWebhookInfo`` first, and
``deleteWebhook`` only when a URL is set; a 404 from either means "no webhook", and polling
starts even if the clean-up failed (it is tried again if polls are then refused).

``getUpdates`` has no offset to acknowledge — Zalo counts an update as taken when it returns
it — so each update is written to the durable inbox (``bot.inbox``) before it is handled and
removed once handled; what a crash left there is handled first at the next start, and the
dispatcher's dedupe drops what had been handled to the end (exactly once). Once kept, an update
goes to the core's pool (concurrent across chats, in order within one), and the next poll starts
while it is handled, up to a bounded number in hand. Stopping never cancels a poll: it waits for
the poll under way (at most ``timeout`` seconds), handles what it brought, then returns. An idle
poll (408 in any shape, or an empty result) is not an error and costs no wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.channels.zalo.client import Backoff, ZaloApi, ZaloApiError

log = logging.getLogger(__name__)


class Unauthorized(Exception):
    """Zalo refused the token (401): the channel cannot go on."""

    def __init__(self, error: ZaloApiError) -> None:
        super().__init__(str(error))
        self.error = error


async def sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def clear_webhook(api: ZaloApi) -> bool:
    """Make sure no webhook is set; False when the clean-up failed (polling starts anyway).
    Raises ``Unauthorized`` on a 401."""
    try:
        url = await api.webhook_url()
        if url:
            log.info("Zalo: a webhook is set; deleting it to poll")
            await api.delete_webhook()
        return True
    except ZaloApiError as exc:
        if exc.unauthorized:
            raise Unauthorized(exc) from None
        if exc.code == 404:
            return True
        log.warning("Zalo: could not clear the webhook (%s); polling anyway", exc)
        return False


async def poll(
    api: ZaloApi, handle: Callable[[dict[str, Any]], Awaitable[object]], stop: asyncio.Event,
    *, timeout: float, backoff: Backoff, ready: asyncio.Event,
) -> None:
    """Poll until ``stop`` is set, giving each update to ``handle`` in the order received."""
    await clear_webhook(api)
    ready.set()
    failures = 0
    while not stop.is_set():
        try:
            updates = await api.get_updates(timeout)
        except ZaloApiError as exc:
            if exc.unauthorized:
                raise Unauthorized(exc) from None
            log.warning("Zalo getUpdates failed (%s)", exc)
            if not exc.retryable:  # refused, perhaps as a webhook is (again) set
                await clear_webhook(api)
            await sleep_unless(stop, backoff.delay(failures, exc.code))
            failures += 1
            continue
        failures = 0
        for update in updates:
            await handle(update)
