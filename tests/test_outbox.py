"""The durable outbox and its sender, with a recording transport."""

from __future__ import annotations

import asyncio

from bot.config import SendingSettings
from bot.core import Core
from bot.port import Button, Reply
from bot.sender import (
    OutboxSender,
    PermanentFailure,
    RecipientBlocked,
    RetryLater,
    TransientFailure,
)


class Recorder:
    name = "console"

    def __init__(self, failures: dict[str, list[Exception]] | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures = failures or {}

    async def deliver(self, external_id: str, reply: Reply) -> None:
        queue = self.failures.get(external_id)
        if queue:
            raise queue.pop(0)
        self.sent.append((external_id, reply.text))


async def _people(core: Core, *names: str) -> list[int]:
    ids = []
    for name in names:
        user, _ = await core.users.resolve("console", name, name, "vi", core.now())
        await core.users.mark_onboarded(user.id, core.now())
        ids.append(user.id)
    return ids


def fast() -> SendingSettings:
    return SendingSettings(messages_per_second=1000, per_chat_per_second=1000, max_attempts=3)


async def test_enqueue_is_idempotent_by_key(core: Core) -> None:
    [uid] = await _people(core, "a")
    reply = Reply("Xin chào", buttons=[[Button("Nộp", "rp1:start:interim")]])
    assert await core.outbox.enqueue(uid, reply, kind="notice", dedupe_key="k1") == 1
    assert await core.outbox.enqueue(uid, reply, kind="notice", dedupe_key="k1") == 0
    [row] = await core.outbox.due("console")
    assert row.reply == reply


async def test_sender_delivers_each_once_and_handles_failures(core: Core) -> None:
    a, b, c, d = await _people(core, "a", "b", "c", "d")
    for uid in (a, b, c, d):
        await core.outbox.enqueue(uid, Reply(f"hi {uid}"), kind="notice", dedupe_key="x")
    transport = Recorder({
        "b": [RecipientBlocked("blocked")],
        "c": [TransientFailure("502")],
        "d": [PermanentFailure("bad html")],
    })
    sender = OutboxSender(core.outbox, core.users, transport, fast(), core.now)
    await sender.drain()
    assert transport.sent == [("a", f"hi {a}")]
    blocked = await core.users.get(b)
    assert blocked is not None and not blocked.active
    statuses = {r["user_id"]: r["status"] for r in
                await core.db.fetchall("SELECT user_id, status FROM outbox")}
    assert statuses == {a: "sent", b: "blocked", c: "pending", d: "failed"}


async def test_retry_after_waits_and_then_sends(core: Core, clock) -> None:
    [a] = await _people(core, "a")
    await core.outbox.enqueue(a, Reply("hi"), kind="notice", dedupe_key="y")
    transport = Recorder({"a": [RetryLater(3)]})
    sender = OutboxSender(core.outbox, core.users, transport, fast(), core.now)
    sender.gate.pause = lambda seconds: None  # type: ignore[method-assign]
    await sender.drain()
    assert transport.sent == []
    clock.advance(seconds=4)
    await sender.drain()
    assert transport.sent == [("a", "hi")]


async def test_notifications_are_built_in_each_users_language(core: Core) -> None:
    from bot.i18n import _

    vi_user, en_user = await _people(core, "vi", "en")
    await core.users.set_language(en_user, "en")
    await core.outbox.notify_users([vi_user, en_user], lambda: Reply(_("Cancelled.")),
                                       kind="notice", dedupe_key="n")
    texts = {r.user_id: r.reply.text for r in await core.outbox.due("console")}
    assert texts == {vi_user: "Đã hủy.", en_user: "Cancelled."}


async def test_interrupted_rows_are_sent_after_a_restart(core: Core) -> None:
    [a] = await _people(core, "a")
    await core.outbox.enqueue(a, Reply("hi"), kind="notice", dedupe_key="z")
    await core.db.execute("UPDATE outbox SET status = 'sending'")
    transport = Recorder()
    sender = OutboxSender(core.outbox, core.users, transport, fast(), core.now)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop, idle_seconds=0.01))
    for _ in range(200):
        if transport.sent:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await task
    assert transport.sent == [("a", "hi")]


async def test_enqueue_many_follows_each_persons_channels(core: Core) -> None:
    a, b, c = await _people(core, "a", "b", "c")
    now = core.now()
    await core.db.execute(  # b also uses Telegram and wants messages on both apps
        "INSERT INTO identities (channel, external_id, user_id, last_seen_at)"
        " VALUES ('telegram', '42', ?, ?)", (b, now.isoformat()))
    await core.db.execute("UPDATE users SET deliver_to = 'all' WHERE id = ?", (b,))
    await core.users.block_identity("console", "c")  # c blocked the bot everywhere
    added = await core.outbox.enqueue_many([a, b, c], Reply("Thông báo"), kind="broadcast",
                                               dedupe_key="bc1:1", broadcast_id=1)
    again = await core.outbox.enqueue_many([a, b, c], Reply("Thông báo"),
                                               kind="broadcast", dedupe_key="bc1:1")
    rows = await core.db.fetchall("SELECT user_id, channel FROM outbox ORDER BY id")
    assert added == 3 and again == 0
    assert sorted((r["user_id"], r["channel"]) for r in rows) == [
        (a, "console"), (b, "console"), (b, "telegram")]
    blocked = await core.users.get(c)
    assert blocked is not None and not blocked.active
