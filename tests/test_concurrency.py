"""The core's ordered pool: concurrent across chats, in order within one, bounded, nothing lost
(issue 15, item 2)."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.concurrency import OrderedPool


async def test_one_keys_jobs_run_in_the_order_submitted_under_concurrency() -> None:
    pool = OrderedPool(4)
    done: dict[str, list[int]] = {}
    rng = random.Random(7)

    def job(key: str, n: int, yields: int):  # type: ignore[no-untyped-def]
        async def run() -> int:
            for _ in range(yields):
                await asyncio.sleep(0)
            done.setdefault(key, []).append(n)
            return n
        return run

    futures = [pool.submit(f"k{k}", job(f"k{k}", n, rng.randint(0, 5)))
               for n in range(30) for k in range(6)]
    assert await asyncio.gather(*futures) == [n for n in range(30) for _k in range(6)]
    assert done == {f"k{k}": list(range(30)) for k in range(6)}
    assert pool.peak == 4 and pool.pending == 0


async def test_different_keys_overlap() -> None:
    pool = OrderedPool(2)
    first_started, second_started = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        first_started.set()
        await second_started.wait()  # only ends if the other chat runs meanwhile

    async def second() -> None:
        await first_started.wait()
        second_started.set()

    await asyncio.wait_for(asyncio.gather(pool.submit("a", first), pool.submit("b", second)), 2)


async def test_one_key_never_overlaps_itself() -> None:
    pool = OrderedPool(8)
    inside = 0
    most = 0

    async def job() -> None:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0)
        inside -= 1

    await asyncio.gather(*(pool.submit("same", job) for _ in range(20)))
    assert most == 1


async def test_the_bound_is_respected_and_nothing_is_lost() -> None:
    pool = OrderedPool(3)
    gate = asyncio.Event()
    handled: list[str] = []

    def job(key: str):  # type: ignore[no-untyped-def]
        async def run() -> None:
            await gate.wait()
            handled.append(key)
        return run

    futures = [pool.submit(f"chat{i % 10}", job(f"chat{i % 10}")) for i in range(40)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert pool.running == 3 and pool.pending == 40
    gate.set()
    await asyncio.gather(*futures)
    assert pool.peak == 3
    assert sorted(handled) == sorted(f"chat{i % 10}" for i in range(40))


async def test_a_busy_chat_does_not_hold_every_slot() -> None:
    pool = OrderedPool(1)
    order: list[str] = []

    def job(name: str):  # type: ignore[no-untyped-def]
        async def run() -> None:
            order.append(name)
        return run

    busy = [pool.submit("busy", job(f"busy{i}")) for i in range(10)]
    quiet = pool.submit("quiet", job("quiet"))
    await asyncio.gather(*busy, quiet)
    assert order.index("quiet") <= 1  # its turn comes after one of the busy chat's jobs


async def test_a_failing_job_fails_its_future_only() -> None:
    pool = OrderedPool(2)

    async def broken() -> None:
        raise RuntimeError("boom")

    async def fine() -> str:
        return "ok"

    bad = pool.submit("a", broken)
    good = pool.submit("a", fine)
    with pytest.raises(RuntimeError):
        await bad
    assert await good == "ok"
    await pool.join()
    assert pool.pending == 0


def test_the_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        OrderedPool(0)


# -- the one SQLite connection under concurrent updates ----------------------------------------


async def test_a_statement_never_slips_into_another_tasks_transaction(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.db import Database

    db = await Database.open(tmp_path / "t.sqlite3")
    try:
        await db.execute("CREATE TABLE t (v TEXT)")

        async def rolled_back() -> None:
            with pytest.raises(RuntimeError):
                async with db.transaction():  # BEGIN is on its way when the other task writes
                    await db.execute("INSERT INTO t VALUES ('rolled back')")
                    raise RuntimeError

        async def autocommit() -> None:
            await db.execute("INSERT INTO t VALUES ('kept')")

        await asyncio.gather(rolled_back(), autocommit())
        assert [r["v"] for r in await db.fetchall("SELECT v FROM t")] == ["kept"]
    finally:
        await db.close()


async def test_many_writers_at_once_never_meet_a_locked_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.db import Database

    db = await Database.open(tmp_path / "t.sqlite3")
    pool = OrderedPool(16)
    try:
        await db.execute("CREATE TABLE t (chat TEXT, n INTEGER)")

        def update(chat: str, n: int):  # type: ignore[no-untyped-def]
            async def run() -> None:
                if n % 3 == 0:
                    async with db.transaction():
                        await db.execute("INSERT INTO t VALUES (?, ?)", (chat, n))
                        await asyncio.sleep(0)
                elif n % 3 == 1:
                    await db.batch([("INSERT INTO t VALUES (?, ?)", (chat, n))])
                else:
                    await db.execute("INSERT INTO t VALUES (?, ?)", (chat, n))
                await db.fetchall("SELECT COUNT(*) FROM t WHERE chat = ?", (chat,))
            return run

        await asyncio.gather(*(pool.submit(f"c{c}", update(f"c{c}", n))
                               for n in range(30) for c in range(20)))
        rows = await db.fetchall("SELECT chat, n FROM t ORDER BY rowid")
        assert len(rows) == 600
        for c in range(20):  # one chat's writes landed in its order
            assert [r["n"] for r in rows if r["chat"] == f"c{c}"] == list(range(30))
    finally:
        await db.close()
