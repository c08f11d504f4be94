"""/link and /channels at the core: one-time codes, merging accounts, the delivery preference."""

from __future__ import annotations

import re

import pytest

from bot import links
from bot.clock import ManualClock
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.models import Role
from bot.port import Reply
from tests.helpers import ROOT, CoreUser


@pytest.fixture
def wired(core: Core) -> Core:
    return core


def person(core: Core, channel: str, external_id: str) -> CoreUser:
    return CoreUser(Dispatcher(core), external_id, channel=channel, lang="en")


async def registered(core: Core, channel: str, external_id: str,
                     code: str = "HOASEN-GV-4821") -> CoreUser:
    user = person(core, channel, external_id)
    await user.onboard("Nguyễn Thị Lan", code)
    assert "registered" in user.text()
    return user


async def code_of(user: CoreUser) -> str:
    await user.send("/link")
    match = re.search(r"^/link ([A-Z0-9]{6})$", user.text(), re.M)
    assert match, user.text()
    return match.group(1)


async def user_id(core: Core, channel: str, external_id: str) -> int:
    user = await core.users.by_identity(channel, external_id)
    assert user is not None
    return user.id


async def test_a_new_identity_joins_with_a_code_and_needs_no_join_code(
    wired: Core,
) -> None:
    telegram = await registered(wired, "telegram", "5001")
    code = await code_of(telegram)
    assert "10 minutes" in telegram.text()
    zalo = person(wired, "zalo", "z-1")
    await zalo.send("/start")  # a fresh user starts onboarding …
    assert "full name" in zalo.text()
    await zalo.send(f"/link {code.lower()}")  # … and links instead (case does not matter)
    assert "Linked" in zalo.text() and "Telegram, Zalo" in zalo.text()
    tg_id = await user_id(wired, "telegram", "5001")
    assert await user_id(wired, "zalo", "z-1") == tg_id
    assert await wired.db.fetchval("SELECT COUNT(*) FROM users") == 1
    await zalo.send("/me")
    assert "Trường Mầm non Hoa Sen" in zalo.text()
    [entry] = [e for e in await wired.audit.latest() if e.action == "linked"]
    assert entry.actor_user_id == tg_id and entry.details["channel"] == "zalo"


async def test_codes_are_single_use_and_expire(wired: Core, clock: ManualClock) -> None:
    telegram = await registered(wired, "telegram", "5001")
    code = await code_of(telegram)
    await person(wired, "zalo", "z-1").send(f"/link {code}")
    late = person(wired, "console", "lan")
    await late.send(f"/link {code}")  # used already
    assert "not right, or it has expired" in late.text()

    code = await code_of(telegram)
    clock.advance(minutes=10, seconds=1)
    await late.send(f"/link {code}")
    assert "not right, or it has expired" in late.text()
    assert await wired.users.by_identity("console", "lan") is not None
    assert await user_id(wired, "console", "lan") != await user_id(wired, "telegram", "5001")


async def test_a_new_code_replaces_the_old_one(wired: Core) -> None:
    telegram = await registered(wired, "telegram", "5001")
    old = await code_of(telegram)
    new = await code_of(telegram)
    zalo = person(wired, "zalo", "z-1")
    await zalo.send(f"/link {old}")
    assert "not right" in zalo.text()
    await zalo.send(f"/link {new}")
    assert "Linked" in zalo.text()


async def test_wrong_codes_are_refused_then_paused(wired: Core, clock: ManualClock) -> None:
    telegram = await registered(wired, "telegram", "5001")
    code = await code_of(telegram)
    zalo = person(wired, "zalo", "z-1")
    for _ in range(wired.config.onboarding.max_code_attempts):
        await zalo.send("/link ZZZZZZ")
        assert "not right, or it has expired" in zalo.text()
    await zalo.send(f"/link {code}")  # even the right code waits now
    assert "Too many wrong link codes" in zalo.text()
    clock.advance(minutes=wired.config.onboarding.lockout_minutes, seconds=1)
    code = await code_of(telegram)
    await zalo.send(f"/link {code}")
    assert "Linked" in zalo.text()


async def test_codes_are_compared_in_constant_time(
    wired: Core, monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[tuple[str, str]] = []
    real = links.hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(links.hmac, "compare_digest", spy)
    one = await registered(wired, "telegram", "5001")
    two = await registered(wired, "telegram", "5002", code="SONCA-GV-1573")
    await code_of(one)
    code = await code_of(two)
    zalo = person(wired, "zalo", "z-1")
    await zalo.send(f"/link {code}")
    assert "Linked" in zalo.text()
    assert len(compared) == 2  # every live code compared, no early exit
    stored = await wired.db.fetchall("SELECT code_hash FROM link_codes")
    assert all(code not in str(r["code_hash"]) for r in stored)


async def test_own_code_on_the_same_account(wired: Core) -> None:
    telegram = await registered(wired, "telegram", "5001")
    code = await code_of(telegram)
    await telegram.send(f"/link {code}")
    assert "same account" in telegram.text()


async def test_before_registering_plain_link_explains(wired: Core) -> None:
    zalo = person(wired, "zalo", "z-1")
    await zalo.send("/link")
    assert "/link CODE" in zalo.text()


async def test_work_moves_to_the_account_that_has_none(wired: Core) -> None:
    await wired.db.execute(
        "CREATE TABLE test_work (user_id INTEGER REFERENCES users(id) ON DELETE CASCADE)"
    )
    telegram = await registered(wired, "telegram", "5001")
    zalo = await registered(wired, "zalo", "z-1")
    zalo_id = await user_id(wired, "zalo", "z-1")
    await wired.db.execute("INSERT INTO test_work (user_id) VALUES (?)", (zalo_id,))
    await wired.outbox.enqueue(zalo_id, Reply("pending"), kind="notice", dedupe_key="p")
    code = await code_of(telegram)
    await zalo.send(f"/link {code}")
    assert "Linked" in zalo.text()
    tg_id = await user_id(wired, "telegram", "5001")
    assert await wired.db.fetchval("SELECT user_id FROM test_work") == tg_id
    assert await wired.db.fetchval("SELECT user_id FROM outbox") == tg_id
    assert await wired.users.get(zalo_id) is None
    user = await wired.users.get(tg_id)
    assert user is not None and user.role is Role.STAFF and user.unit_id == "MN-HOASEN"


async def test_two_accounts_with_work_are_not_merged(wired: Core) -> None:
    await wired.db.execute(
        "CREATE TABLE test_work (user_id INTEGER REFERENCES users(id) ON DELETE CASCADE)"
    )
    telegram = await registered(wired, "telegram", "5001")
    zalo = await registered(wired, "zalo", "z-1")
    for channel, ext in (("telegram", "5001"), ("zalo", "z-1")):
        await wired.db.execute("INSERT INTO test_work (user_id) VALUES (?)",
                               (await user_id(wired, channel, ext),))
    code = await code_of(telegram)
    await zalo.send(f"/link {code}")
    assert "Nothing was changed" in zalo.text()
    assert await wired.db.fetchval("SELECT COUNT(*) FROM users") == 2
    assert await wired.db.fetchval("SELECT COUNT(*) FROM test_work") == 2


async def test_different_units_or_roles_are_not_merged(wired: Core) -> None:
    telegram = await registered(wired, "telegram", "5001")
    zalo = await registered(wired, "zalo", "z-1", code="HOASEN-HT-7390")  # the leader code
    code = await code_of(telegram)
    await zalo.send(f"/link {code}")
    assert "different units or roles" in zalo.text()
    assert await wired.db.fetchval("SELECT COUNT(*) FROM users") == 2


async def test_channels_sets_where_messages_go(wired: Core, clock: ManualClock) -> None:
    telegram = await registered(wired, "telegram", "5001")
    code = await code_of(telegram)
    clock.advance(minutes=1)
    zalo = person(wired, "zalo", "z-1")
    await zalo.send(f"/link {code}")
    uid = await user_id(wired, "zalo", "z-1")

    async def channels_for(key: str) -> list[str]:
        await wired.outbox.enqueue(uid, Reply(key), kind="notice", dedupe_key=key)
        rows = await wired.db.fetchall(
            "SELECT channel FROM outbox WHERE dedupe_key LIKE ? ORDER BY channel", (key + ":%",)
        )
        return [r["channel"] for r in rows]

    assert await channels_for("a") == ["zalo"]  # the app used last
    clock.advance(minutes=1)
    await telegram.send("/channels")
    assert "Telegram, Zalo" in telegram.text()
    assert telegram.buttons()[0].startswith("✓ ")
    await telegram.press("Every linked app")
    assert "every linked app" in telegram.text()
    assert await channels_for("b") == ["telegram", "zalo"]
    await telegram.press_data("chan1:to:last")
    assert await channels_for("c") == ["telegram"]  # Telegram was used last now
    await telegram.press_data("chan1:to:nonsense")
    assert "no longer works" in telegram.text()


def _vietnamese() -> dict[str, str]:
    """The Vietnamese of every message, from the vi catalog."""
    from bot import catalogs

    return {str(m.id): str(m.string)
            for m in catalogs.read(catalogs.catalog_path("vi"), "vi") if m.id}


def test_every_message_of_zalo_and_linking_has_vietnamese() -> None:
    from babel.messages.extract import extract_from_file

    vi = _vietnamese()
    used: set[str] = set()
    zalo = sorted((ROOT / "bot" / "channels" / "zalo").glob("*.py"))
    mine = [ROOT / "bot" / "channels" / "menus.py"]
    for path in (*zalo, *mine, ROOT / "bot" / "features" / "linking.py"):
        for _line, message, _comments, _ctx in extract_from_file(
            "python", str(path), keywords={"_": None, "N_": None}
        ):
            used.add(message if isinstance(message, str) else message[0])
    assert sorted(m for m in used if not vi.get(m)) == []
    placeholders = re.compile(r"\{[a-z_]+\}")
    for msgid in used:
        assert sorted(placeholders.findall(msgid)) == sorted(placeholders.findall(vi[msgid]))
