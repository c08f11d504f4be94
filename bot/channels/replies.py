"""The one policy for the replies to an update, on every channel.

Replies are sent in order, each through the channel's own ``send`` (which retries as that
channel's API asks, within its budget, then raises a ``bot.sender.DeliveryError``):

- could not get through (``RetryLater``, ``TransientFailure``): this reply and the rest go to
  the outbox, to arrive late rather than never; the user is not asked to send again what was
  already saved;
- the recipient blocked the bot (``RecipientBlocked``): the identity is marked unreachable, and
  nothing more is sent;
- the message itself was refused (``PermanentFailure``): logged, and the next reply is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.outbox import Outbox
from bot.port import Reply
from bot.sender import PermanentFailure, RecipientBlocked, RetryLater, TransientFailure
from bot.users import UserRepo

log = logging.getLogger(__name__)

Send = Callable[[int, Reply], Awaitable[None]]  # (index, reply)


async def send_in_order(outbox: Outbox, users: UserRepo, channel: str, external_id: str,
                        replies: list[Reply], send: Send, *,
                        update_key: str | None = None) -> None:
    for index, reply in enumerate(replies):
        try:
            await send(index, reply)
        except (RetryLater, TransientFailure) as exc:
            log.warning("reply to %s update %s not sent (%s): queued in the outbox", channel,
                        update_key or "-", type(exc).__name__)
            await queue_replies(outbox, users, channel, external_id, replies[index:],
                                update_key=update_key, first=index)
            return
        except RecipientBlocked:
            log.warning("%s refused to deliver to a user: marked unreachable", channel)
            await users.block_identity(channel, external_id)
            return
        except PermanentFailure as exc:
            log.warning("%s refused a reply (%s)", channel, str(exc)[:200])


async def queue_replies(outbox: Outbox, users: UserRepo, channel: str, external_id: str,
                        replies: list[Reply], *, update_key: str | None = None,
                        first: int = 0) -> None:
    """Queue ``replies`` for the user behind ``external_id``; with ``update_key`` each is
    queued once however often this update is handled."""
    user = await users.by_identity(channel, external_id)
    if user is None:
        return
    for index, reply in enumerate(replies, first):
        key = f"reply:{channel}:{update_key}:{index}" if update_key else None
        await outbox.enqueue(user.id, reply, kind="reply", dedupe_key=key)
    outbox.changed()
