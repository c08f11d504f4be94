"""Fewer round trips per update (issue 15, item 1): the sender is read in one query, the
update ends with one batch of writes, and the user is read again only after a change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.callbacks import LANGUAGE
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.port import Incoming, InKind
from bot.storage.db import Database


class Hops:
    """Counts trips to the database thread (each statement or batch is one)."""

    def __init__(self, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
        if db.engine != "sqlite":
            pytest.skip("counts the trips to SQLite's own thread")
        self.count = 0
        original = db._in_thread  # type: ignore[attr-defined]

        async def counting(work: Callable[[Any], Any]) -> Any:
            self.count += 1
            return await original(work)

        monkeypatch.setattr(db, "_in_thread", counting)


def text(external_id: str, body: str, key: str) -> Incoming:
    kind = InKind.COMMAND if body.startswith("/") else InKind.TEXT
    return Incoming(channel="telegram", external_id=external_id, kind=kind,
                    display_name="Lan", language_code="vi", update_key=key, inbox_key=key,
                    command=body[1:] if kind is InKind.COMMAND else "",
                    text="" if kind is InKind.COMMAND else body)


async def _onboarded(dispatcher: Dispatcher, who: str, first_key: int = 1) -> None:
    await dispatcher.handle(text(who, "/start", str(first_key)))
    await dispatcher.handle(text(who, "Nguyễn Thị Lan", str(first_key + 1)))
    response = await dispatcher.handle(text(who, "HOASEN-GV-4821", str(first_key + 2)))
    assert response.user is not None and response.user.onboarded


async def test_a_command_costs_two_round_trips(core: Core, dispatcher: Dispatcher,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    await _onboarded(dispatcher, "501")
    await core.inbox.keep("telegram", [("9", "{}")], core.now())
    hops = Hops(core.db, monkeypatch)
    response = await dispatcher.handle(text("501", "/help", "9"))
    assert response.replies and response.user is not None and response.inbox_cleared
    assert hops.count == 2  # the sender (with flow and dedupe) in one, the ending writes in one
    assert await core.inbox.pending("telegram") == []
    handled = await core.db.fetchval(
        "SELECT COUNT(*) FROM processed_updates WHERE channel = 'telegram' AND update_key = '9'")
    assert handled == 1
    seen = await core.db.fetchval(
        "SELECT last_seen_at FROM identities WHERE external_id = '501'")
    assert seen == core.now().isoformat()


async def test_a_repeat_is_dropped_in_one_query(core: Core, dispatcher: Dispatcher,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    await _onboarded(dispatcher, "502")
    await dispatcher.handle(text("502", "/help", "10"))
    hops = Hops(core.db, monkeypatch)
    again = await dispatcher.handle(text("502", "/help", "10"))
    assert again.replies == [] and again.user is None
    assert hops.count == 2  # the look-up, and the inbox row removed


async def test_the_user_is_read_again_only_after_a_change(
        core: Core, dispatcher: Dispatcher) -> None:
    await _onboarded(dispatcher, "503")
    reads = 0
    get = core.users.get

    async def counting(user_id: int):  # type: ignore[no-untyped-def]
        nonlocal reads
        reads += 1
        return await get(user_id)

    core.users.get = counting  # type: ignore[method-assign]
    response = await dispatcher.handle(text("503", "/help", "20"))
    assert reads == 0 and response.user is not None and response.user.language == "vi"
    switched = await dispatcher.handle(Incoming(
        channel="telegram", external_id="503", kind=InKind.ACTION,
        action=LANGUAGE.build("set", "en"), display_name="Lan", update_key="21"))
    assert reads == 1 and switched.user is not None and switched.user.language == "en"


async def test_a_blocked_user_who_writes_is_active_again(
        core: Core, dispatcher: Dispatcher) -> None:
    await _onboarded(dispatcher, "504")
    await core.users.block_identity("telegram", "504")
    response = await dispatcher.handle(text("504", "/help", "30"))
    assert response.user is not None and response.user.active
    user = await core.users.by_identity("telegram", "504")
    assert user is not None and user.active
    blocked = await core.db.fetchval(
        "SELECT blocked FROM identities WHERE external_id = '504'")
    assert blocked == 0


async def test_a_flow_step_writes_its_state_with_the_ending_writes(
        core: Core, dispatcher: Dispatcher, monkeypatch: pytest.MonkeyPatch) -> None:
    await dispatcher.handle(text("505", "/start", "40"))
    hops = Hops(core.db, monkeypatch)
    response = await dispatcher.handle(text("505", "Nguyễn Thị Lan", "41"))
    assert "HOASEN" in response.replies[-1].text  # asked for the join code next
    # the sender, the flow's read, the name, one batch (the visit, the flow's new state, the
    # dedupe), then the renamed user read again (two); the state was a trip of its own before
    assert hops.count == 6
    user = await core.users.by_identity("telegram", "505")
    assert user is not None
    conv = await core.conversations.get(user.id)
    assert conv is not None and conv.state == "ask_code" and conv.data["name"] == "Nguyễn Thị Lan"


async def test_deferred_state_is_read_back_and_lost_with_a_failed_update(
        core: Core, dispatcher: Dispatcher) -> None:
    """Within an update its own conversation writes are seen; an update that fails writes
    none of them, and is not marked handled (it is handled again, from the old state)."""
    from bot.conversations import Conversation
    from bot.port import Reply
    from bot.registry import Ctx

    await _onboarded(dispatcher, "506")
    seen: list[object] = []

    async def steps(ctx: Ctx) -> list[Reply]:
        convs = ctx.core.conversations
        await convs.set(ctx.user.id, Conversation("demo", "one", {"n": 1}), ctx.now)
        seen.append(await convs.get(ctx.user.id))
        await convs.leave(ctx.user.id, "other")  # another flow: nothing ends
        seen.append(await convs.get(ctx.user.id))
        await convs.leave(ctx.user.id, "demo")
        seen.append(await convs.get(ctx.user.id))
        await convs.set(ctx.user.id, Conversation("demo", "two", {}), ctx.now)
        if ctx.incoming.command == "boom":
            raise RuntimeError("the handler failed")
        return [Reply("ok")]

    core.registry.command("steps", "", steps)
    core.registry.command("boom", "", steps)
    await dispatcher.handle(text("506", "/steps", "50"))
    assert seen == [Conversation("demo", "one", {"n": 1}), Conversation("demo", "one", {"n": 1}),
                    None]
    user = await core.users.by_identity("telegram", "506")
    assert user is not None
    assert await core.conversations.get(user.id) == Conversation("demo", "two", {})
    await core.conversations.clear(user.id)
    with pytest.raises(RuntimeError):
        await dispatcher.handle(text("506", "/boom", "51"))
    assert await core.conversations.get(user.id) is None
    handled = await core.db.fetchval(
        "SELECT COUNT(*) FROM processed_updates WHERE update_key = '51'")
    assert handled == 0


async def test_a_transaction_in_an_update_sees_its_deferred_state(
        core: Core, dispatcher: Dispatcher) -> None:
    from bot.conversations import Conversation
    from bot.port import Reply
    from bot.registry import Ctx

    await _onboarded(dispatcher, "507")
    counted: list[int] = []

    async def step(ctx: Ctx) -> list[Reply]:
        await ctx.core.conversations.set(ctx.user.id, Conversation("demo", "one"), ctx.now)
        async with ctx.core.db.transaction():
            counted.append(int(await ctx.core.db.fetchval(
                "SELECT COUNT(*) FROM conversations WHERE user_id = ?", (ctx.user.id,))))
            await ctx.core.conversations.clear(ctx.user.id)  # inside: written at once
        assert await ctx.core.conversations.get(ctx.user.id) is None
        return [Reply("ok")]

    core.registry.command("step", "", step)
    await dispatcher.handle(text("507", "/step", "60"))
    assert counted == [1]
    user = await core.users.by_identity("telegram", "507")
    assert user is not None and await core.conversations.get(user.id) is None


async def test_a_notice_is_queued_with_the_ending_writes(
        core: Core, dispatcher: Dispatcher, monkeypatch: pytest.MonkeyPatch) -> None:
    """A message queued for someone while an update is handled is written with the update's
    ending writes: one trip fewer per person, and queued only if the update is handled."""
    from bot.port import Reply
    from bot.registry import Ctx

    await _onboarded(dispatcher, "508")
    await _onboarded(dispatcher, "509", first_key=101)
    other = await core.users.by_identity("telegram", "509")
    assert other is not None

    async def notify(ctx: Ctx) -> list[Reply]:
        await ctx.core.outbox.notify_users([other.id], lambda: Reply("Thông báo"),
                                           kind="notice", dedupe_key=ctx.incoming.command)
        if ctx.incoming.command == "fail":
            raise RuntimeError("the handler failed")
        return [Reply("ok")]

    core.registry.command("notice", "", notify)
    core.registry.command("fail", "", notify)
    added = core.outbox.added
    hops = Hops(core.db, monkeypatch)
    await dispatcher.handle(text("508", "/notice", "70"))
    # the sender; the person (two reads), their delivery choice and identities (two); then one
    # batch with the queued row, where its insert was a trip of its own before
    assert hops.count == 6
    assert core.outbox.added == added + 1  # the channel wakes its sender after the update
    queued = await core.db.fetchall("SELECT user_id, kind, dedupe_key FROM outbox")
    assert [tuple(r) for r in queued] == [(other.id, "notice", f"notice:u{other.id}@telegram")]
    with pytest.raises(RuntimeError):
        await dispatcher.handle(text("508", "/fail", "71"))
    assert await core.db.fetchval("SELECT COUNT(*) FROM outbox") == 1  # nothing from "fail"
    await core.outbox.notify_users([other.id], lambda: Reply("x"), kind="notice",
                                   dedupe_key="outside")  # outside an update: at once
    assert await core.db.fetchval("SELECT COUNT(*) FROM outbox") == 2


async def test_a_question_costs_two_round_trips(core: Core, dispatcher: Dispatcher,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The sender, then one batch: the visit, the person's last question (for "More
    results"), the question nobody could answer (for the office) and the dedupe."""
    await _onboarded(dispatcher, "510")
    hops = Hops(core.db, monkeypatch)
    question = "lương giáo viên năm nay tăng bao nhiêu?"
    response = await dispatcher.handle(text("510", question, "80"))
    assert response.replies and hops.count == 2
    user = await core.users.by_identity("telegram", "510")
    assert user is not None
    assert await core.last_questions.question(user.id) == question
    logged = await core.db.fetchval(
        "SELECT COUNT(*) FROM unanswered_questions WHERE user_id = ? AND question = ?",
        (user.id, question))
    assert logged == 1


async def test_a_batch_of_updates_is_kept_in_one_round_trip(
        core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    await core.inbox.keep("telegram", [("20", '{"n": 20}')], core.now())
    hops = Hops(core.db, monkeypatch) if core.db.engine == "sqlite" else None
    batch = [("21", '{"n": 21}'), ("20", '{"n": 20}'), ("22", '{"n": 22}'), ("21", "{}")]
    assert await core.inbox.keep("telegram", batch, core.now()) == ["21", "22"]
    if hops is not None:  # getUpdates' batch: one statement (it was one per update, and two)
        assert hops.count == 1
    kept = await core.db.fetchall(
        "SELECT update_key, payload FROM inbox WHERE channel = 'telegram' ORDER BY update_key")
    assert [(r[0], r[1]) for r in kept] == [
        ("20", '{"n": 20}'), ("21", '{"n": 21}'), ("22", '{"n": 22}')]
