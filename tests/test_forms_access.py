"""Roles, ownership and units are checked in the core, also for forged or stale actions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.models import Role
from bot.port import Reply
from tests.test_forms_kit import Env, actions, at, draft_id, find, make_env, submit_all, text_of

NOW = at(2027, 5, 20)


@pytest.fixture(autouse=True)
def _english() -> None:
    from bot.i18n import set_language

    set_language("en")


@pytest.fixture
async def env(tmp_path: Path, db_target: str | Path) -> Env:
    e = await make_env(tmp_path, target=db_target)
    yield e  # type: ignore[misc]
    await e.db.close()


async def drafts(env: Env) -> int:
    return int(await env.db.fetchval("SELECT COUNT(*) FROM drafts"))


async def test_staff_cannot_start_a_leader_only_type(env: Env) -> None:
    for type_id in ("interim", "final", "title_collective", "award_dossier"):
        replies = await env.service.start(env.staff, NOW, type_id)
        assert text_of(replies) == "Only unit leaders can send this report."
        forged = await env.service.on_action(env.staff, NOW, f"rp1:new:{type_id}")
        assert text_of(forged) == "Only unit leaders can send this report."
    assert await drafts(env) == 0 and not await env.service.in_flow(env.staff)


async def test_leader_cannot_start_a_staff_only_type_and_unknown_types(env: Env) -> None:
    replies = await env.service.on_action(env.leader, NOW, "rp1:new:initiative")
    assert "sent by teachers and staff" in text_of(replies)
    replies = await env.service.on_action(env.leader, NOW, "rp1:new:no_such")
    assert "There is no such report." in text_of(replies) and "rp1:new:interim" in actions(
        replies)
    assert await drafts(env) == 0


async def test_forged_draft_actions_on_someone_elses_draft(env: Env) -> None:
    theirs = await env.service.start(env.leader_b, NOW, "interim")
    other = draft_id(theirs)
    await env.service.start(env.leader, NOW, "title_collective")
    forged = [f"rp1:ok:{other}", f"rp1:disc:{other}", f"rp1:cont:{other}", f"rp1:x:{other}",
              f"rp1:bk:{other}", f"rp1:sk:{other}:staff_total", f"rp1:ed:{other}:staff_total",
              f"rp1:c:{other}:staff_total:ahead", f"rp1:yn:{other}:staff_total:1",
              f"rp1:dn:{other}:staff_total", f"rp1:clr:{other}:staff_total"]
    for action in forged:
        replies = await env.service.on_action(env.leader, NOW, action)
        assert "no longer works" in text_of(replies), action
    row = await env.db.fetchone("SELECT state, answers FROM drafts WHERE id = ?", (other,))
    assert row["state"] == "filling" and row["answers"] == "{}"
    assert await env.service.in_flow(env.leader_b)


async def test_another_units_submission_cannot_be_opened(env: Env) -> None:
    await submit_all(env, env.leader, env.types.get("award_dossier"), NOW)  # type: ignore[arg-type]
    sub_id = await env.db.fetchval("SELECT id FROM submissions")
    file_id = await env.db.fetchval("SELECT MIN(id) FROM submission_files")
    for intruder in (env.leader_b, env.staff_b):
        replies = await env.service.on_action(intruder, NOW, f"rp1:v:{sub_id}")
        assert text_of(replies) == "You cannot open this report."
        replies = await env.service.on_action(intruder, NOW, f"rp1:f:{file_id}")
        assert text_of(replies) == "You cannot open this file."
        assert replies[0].document is None
    assert "Trường TH A" not in text_of(await env.service.on_action(env.leader_b, NOW,
                                                                    "rp1:v:1"))


async def test_staff_see_their_own_leaders_see_the_units_admins_see_all(env: Env) -> None:
    await submit_all(env, env.leader, env.types.get("interim"), NOW)  # type: ignore[arg-type]
    await submit_all(env, env.staff, env.types.get("initiative"), NOW)  # type: ignore[arg-type]
    await submit_all(env, env.leader_b, env.types.get("interim"), NOW)  # type: ignore[arg-type]
    assert "cannot open" in text_of(await env.service.on_action(env.staff, NOW, "rp1:v:1"))
    assert "SK-2027-000002" in text_of(await env.service.on_action(env.staff, NOW, "rp1:v:2"))
    assert "SK-2027-000002" in text_of(await env.service.on_action(env.leader, NOW, "rp1:v:2"))
    assert "cannot open" in text_of(await env.service.on_action(env.leader, NOW, "rp1:v:3"))
    for sub in (1, 2, 3):
        assert "cannot open" not in text_of(
            await env.service.on_action(env.admin, NOW, f"rp1:v:{sub}"))
    unit = await env.service.sent.of_unit(env.leader)
    assert "BC-2027-000001" in unit.text and "SK-2027-000002" in unit.text
    assert "BC-2027-000003" not in unit.text and "Nguyễn Thị Lan" in unit.text
    assert actions([unit]) == ["rp1:v:2", "rp1:v:1"]
    assert "Only unit leaders" in (await env.service.sent.of_unit(env.staff)).text
    mine = await env.service.sent.mine(env.staff)
    assert "SK-2027-000002" in mine.text and "BC-2027-000001" not in mine.text
    assert "BC-2027-000003" in (await env.service.sent.of_unit(env.leader_b)).text
    back = await env.service.on_action(env.leader, NOW, "rp1:v:2")
    assert find(back, "rp1:un") == "rp1:un"


@pytest.mark.parametrize("action", [
    "", "rp", "rp1:", "rp1:zz", "rp1:v", "rp1:v:abc", "rp1:v:-1", "rp1:v:99999", "rp1:ok",
    "rp1:ok:x", "rp:v:1", "rp2:v:1",
    "rp1:c:1", "rp1:c:1:f", "rp1:ed:1", "rp1:f:1", "rp1:f:", "x" * 300, "rp1:v:1:2:3:4:5:6",
    "rp1:new:../../etc", "rp1:new:", "rp1:new:INTERIM", "rp1:ed:1:nonexistent", "rp1:v:１",
    "kb1:1", "rp1:yn:1:title:7", "rp1:v:" + "9" * 30, "rp1:un:extra", "rp1:x:0",
])
async def test_malformed_or_forged_actions_get_a_polite_reply(env: Env, action: str) -> None:
    for user in (env.staff, env.leader_b, env.admin):
        replies = await env.service.on_action(user, NOW, action)
        assert replies and all(isinstance(r, Reply) for r in replies)
        assert all(r.document is None for r in replies)


async def test_stale_choice_for_another_field_changes_nothing(env: Env) -> None:
    replies = await env.service.start(env.staff, NOW, "title_individual")
    own = draft_id(replies)
    replies = await env.service.on_action(env.staff, NOW, f"rp1:c:{own}:title:ldtt")
    assert "no longer works" in text_of(replies) and "question 1 of 5" in text_of(replies)
    replies = await env.service.on_action(env.staff, NOW, f"rp1:sk:{own}:position")
    assert "required" in text_of(replies)
    assert await env.db.fetchval("SELECT answers FROM drafts") == "{}"


async def test_a_draft_whose_owner_lost_the_role_is_closed(env: Env) -> None:
    await env.service.start(env.leader, NOW, "interim")
    demoted = dataclasses.replace(env.leader, role=Role.STAFF)
    replies = await env.service.on_text(demoted, NOW, "52")
    assert "can no longer send this report" in text_of(replies)
    assert not await env.service.in_flow(demoted)
    moved = dataclasses.replace(env.staff, unit=env.staff_b.unit)
    await env.service.start(env.staff, NOW, "initiative")
    assert "can no longer send" in text_of(await env.service.on_text(moved, NOW, "Tên"))
