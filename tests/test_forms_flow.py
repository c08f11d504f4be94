"""Filling a report: one question at a time, refusals, back/skip/edit/cancel, resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import set_language
from bot.port import IncomingFile
from tests.test_forms_kit import (
    Env,
    actions,
    at,
    draft_id,
    find,
    make_env,
    sample_file,
    text_of,
)

NOW = at(2027, 5, 20)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
async def env(tmp_path: Path, db_target: str | Path) -> Env:
    e = await make_env(tmp_path, target=db_target)
    yield e  # type: ignore[misc]
    await e.db.close()


async def test_start_lists_only_the_types_of_the_users_role(env: Env) -> None:
    staff = actions(await env.service.start(env.staff, NOW))
    assert staff == ["rp1:new:title_individual", "rp1:new:initiative", "rp1:new:good_example"]
    leader = actions(await env.service.start(env.leader, NOW))
    assert leader == ["rp1:new:interim", "rp1:new:final", "rp1:new:title_individual",
                      "rp1:new:title_collective", "rp1:new:good_example", "rp1:new:award_dossier"]
    menu = text_of(await env.service.start(env.leader, NOW))
    assert "due 31 May 2027" in menu and "due 10 Nov 2027" in menu


async def test_without_a_unit_there_is_nothing_to_send(env: Env) -> None:
    replies = await env.service.start(env.admin, NOW)
    assert "join your unit first" in text_of(replies) and actions(replies) == []


async def test_first_question_has_prompt_example_and_cancel(env: Env) -> None:
    replies = await env.service.start(env.leader, NOW, "interim")
    text = text_of(replies)
    assert "Six-month interim report" in text
    assert "Period: First half of 2027, due 31 May 2027" in text
    assert "question 1 of 9" in text and "Total staff" in text and "Example: 52" in text
    assert await env.service.in_flow(env.leader)
    assert any(a.startswith("rp1:x:") for a in actions(replies))
    assert not any(a.startswith("rp1:bk:") for a in actions(replies))


async def test_wrong_value_is_refused_and_asked_again_losing_nothing(env: Env) -> None:
    await env.service.start(env.leader, NOW, "interim")
    await env.service.on_text(env.leader, NOW, "52")
    replies = await env.service.on_text(env.leader, NOW, "năm mươi")
    text = text_of(replies)
    assert "Please enter a whole number between 0 and 500." in text
    assert "question 2 of 9" in text
    replies = await env.service.on_text(env.leader, NOW, "60")
    assert "Staff taking part (60) is more than Total staff (52)." in text_of(replies)
    replies = await env.service.on_text(env.leader, NOW, "50")
    assert "question 3 of 9" in text_of(replies)
    back = await env.service.on_command(env.leader, NOW, "back")
    assert back is not None and "question 2 of 9" in text_of(back)
    assert "Current answer: 50" in text_of(back)


async def test_skip_optional_refuse_skip_required(env: Env) -> None:
    await env.service.start(env.staff, NOW, "title_individual")
    refused = await env.service.on_command(env.staff, NOW, "skip")
    assert refused is not None and "required, so it cannot be skipped" in text_of(refused)
    await env.service.on_text(env.staff, NOW, "Giáo viên lớp 4A")
    replies = await env.service.on_text(env.staff, NOW, "lđtt")
    assert "question 3 of 5" in text_of(replies)
    skip = find(replies, "rp1:sk:")
    replies = await env.service.on_action(env.staff, NOW, skip)
    assert "question 4 of 5" in text_of(replies) and replies[0].edit
    replies = await env.service.on_text(env.staff, NOW, "khong")
    assert "question 5 of 5" in text_of(replies)
    replies = await env.service.on_command(env.staff, NOW, "skip") or []
    summary = text_of(replies)
    assert "please check your answers" in summary
    assert "Advanced Worker" in summary and "Writing an initiative</b>: No" in summary


async def test_choice_and_yes_no_buttons(env: Env) -> None:
    await env.service.start(env.staff, NOW, "title_individual")
    replies = await env.service.on_text(env.staff, NOW, "GV")
    pick = find(replies, "rp1:c:", ":cstd_cs")
    assert len(pick.encode()) <= 64
    replies = await env.service.on_action(env.staff, NOW, pick)
    assert replies[0].edit and "Grassroots Emulation Soldier" in replies[0].text
    assert "question 3 of 5" in replies[1].text
    again = await env.service.on_action(env.staff, NOW, pick)  # the same button, pressed late
    assert "no longer works" in text_of(again) and "question 3 of 5" in text_of(again)
    yes_no = await env.service.on_command(env.staff, NOW, "skip") or []
    replies = await env.service.on_action(env.staff, NOW, find(yes_no, "rp1:yn:", ":1"))
    assert "Writing an initiative</b>: Yes" in replies[0].text
    assert "question 5 of 5" in replies[1].text


async def test_back_button_and_first_question(env: Env) -> None:
    replies = await env.service.start(env.staff, NOW, "initiative")
    first = await env.service.on_command(env.staff, NOW, "back")
    assert first is not None and "first question" in text_of(first)
    replies = await env.service.on_text(env.staff, NOW, "Tên")
    replies = await env.service.on_action(env.staff, NOW, find(replies, "rp1:bk:"))
    assert replies[0].edit and "question 1 of 6" in text_of(replies)


async def test_cancel_keeps_the_draft_and_start_offers_it(env: Env) -> None:
    await env.service.start(env.leader, NOW, "interim")
    await env.service.on_text(env.leader, NOW, "52")
    replies = await env.service.cancel(env.leader)
    assert "is kept" in text_of(replies) and not await env.service.in_flow(env.leader)
    assert await env.service.on_command(env.leader, NOW, "back") is None
    offer = await env.service.start(env.leader, NOW, "final")
    assert "unfinished" in text_of(offer) and "question 2 of 9" in text_of(offer)
    replies = await env.service.on_action(env.leader, NOW, find(offer, "rp1:cont:"))
    assert "question 2 of 9" in text_of(replies) and await env.service.in_flow(env.leader)
    replies = await env.service.on_text(env.leader, NOW, "40")
    assert "question 3 of 9" in text_of(replies)


async def test_discard_then_the_menu(env: Env) -> None:
    await env.service.start(env.leader, NOW, "interim")
    await env.service.cancel(env.leader)
    offer = await env.service.start(env.leader, NOW)
    replies = await env.service.on_action(env.leader, NOW, find(offer, "rp1:disc:"))
    assert "discarded" in replies[0].text and "rp1:new:interim" in actions(replies)
    stale = await env.service.on_action(env.leader, NOW, find(offer, "rp1:cont:"))
    assert "no longer works" in text_of(stale) and not await env.service.in_flow(env.leader)


async def test_cancel_from_button_and_nothing_to_cancel(env: Env) -> None:
    assert "no report in progress" in text_of(await env.service.cancel(env.staff))
    replies = await env.service.start(env.staff, NOW, "initiative")
    replies = await env.service.on_action(env.staff, NOW, find(replies, "rp1:x:"))
    assert replies[0].edit and "is kept" in replies[0].text
    assert any(a.startswith("rp1:disc:") for a in actions(replies))


async def test_restart_resumes_where_the_user_was(env: Env) -> None:
    await env.service.start(env.leader, NOW, "interim")
    await env.service.on_text(env.leader, NOW, "52")
    fresh = env.restart()
    assert await fresh.in_flow(env.leader)
    replies = await fresh.on_text(env.leader, NOW, "50")
    assert "question 3 of 9" in text_of(replies)
    offer = await fresh.start(env.leader, NOW)
    assert "question 3 of 9" in text_of(offer)


async def test_summary_edit_returns_to_summary_with_new_value(env: Env) -> None:
    await env.service.start(env.staff, NOW, "title_individual")
    for answer in ("GV <b>4A</b> & co", "1"):
        await env.service.on_text(env.staff, NOW, answer)
    await env.service.on_command(env.staff, NOW, "skip")
    summary = await env.service.on_text(env.staff, NOW, "có")
    summary = await env.service.on_command(env.staff, NOW, "skip") or []
    assert "GV &lt;b&gt;4A&lt;/b&gt; &amp; co" in text_of(summary)
    assert "<b>4A</b>" not in text_of(summary)
    replies = await env.service.on_action(env.staff, NOW, find(summary, "rp1:ed:", ":title"))
    assert replies[0].edit and "question 2 of 5" in text_of(replies)
    assert any(a.startswith("rp1:bk:") for a in actions(replies))
    replies = await env.service.on_text(env.staff, NOW, "2")
    assert "please check your answers" in text_of(replies[-1:])
    assert "Grassroots Emulation Soldier" in text_of(replies)
    typed = await env.service.on_text(env.staff, NOW, "ok")
    assert "Please use the buttons" in text_of(typed) and "rp1:ok:" in " ".join(actions(typed))


async def test_files_and_text_in_the_wrong_place_are_refused(env: Env) -> None:
    await env.service.start(env.staff, NOW, "initiative")
    pdf = IncomingFile("f1", "document", "a.pdf", "application/pdf", 100, "u1")
    env.downloads.files["f1"] = b"%PDF-1.4 " + b"x" * 91
    replies = await env.service.on_file(env.staff, NOW, pdf, "telegram")
    assert "needs a typed answer, not a file" in text_of(replies)
    for answer in ("Tên", "1", "2", "5/9/2026", "Tóm tắt"):
        replies = await env.service.on_text(env.staff, NOW, answer)
    assert "Accepted: PDF, DOC, DOCX, up to 20 MB each." in text_of(replies)
    replies = await env.service.on_text(env.staff, NOW, "đây")
    assert "Please send a file here, not text: PDF, DOC, DOCX, up to 20 MB." in text_of(replies)
    exe = IncomingFile("f2", "document", "a.exe", "application/x-msdownload", 100, "u2")
    replies = await env.service.on_file(env.staff, NOW, exe, "telegram")
    assert "not accepted here. Please send PDF, DOC, DOCX (up to 20 MB)" in text_of(replies)
    big = IncomingFile("f3", "document", "a.pdf", "application/pdf", 25 * 2**20, "u3")
    replies = await env.service.on_file(env.staff, NOW, big, "telegram")
    assert "over the 20 MB limit" in text_of(replies)
    replies = await env.service.on_file(env.staff, NOW, pdf, "telegram")
    assert "please check your answers" in text_of(replies) and "a.pdf" in text_of(replies)
    replies = await env.service.on_file(env.staff, NOW, pdf, "telegram")
    assert "Please use the buttons" in text_of(replies)


async def test_many_files_done_and_remove(env: Env) -> None:
    rt = env.types.get("award_dossier")
    assert rt is not None
    await env.service.start(env.leader, NOW, "award_dossier")
    for answer in ("1", "Tổ khối 5", "1", "Thành tích", "15/5/2027", "100"):
        await env.service.on_text(env.leader, NOW, answer)
    for key in ("cover_letter", "minutes", "achievement_report"):
        replies = await env.service.on_file(env.leader, NOW, sample_file(env, rt.field(key)),
                                            "telegram")  # type: ignore[arg-type]
    assert "up to 10 files" in text_of(replies)
    evidence = rt.field("evidence")
    assert evidence is not None
    replies = await env.service.on_file(env.leader, NOW, sample_file(env, evidence, 1),
                                        "telegram")
    assert "(1 of at most 10)" in text_of(replies)
    replies = await env.service.on_file(env.leader, NOW, sample_file(env, evidence, 2),
                                        "telegram")
    assert "(2 of at most 10)" in text_of(replies) and "Current answer" in text_of(replies)
    replies = await env.service.on_action(env.leader, NOW, find(replies, "rp1:clr:"))
    assert "Current answer" not in text_of(replies)
    await env.service.on_file(env.leader, NOW, sample_file(env, evidence, 3), "telegram")
    replies = await env.service.on_text(env.leader, NOW, "xong")
    assert "please check your answers" in text_of(replies)
    assert "evidence-3.pdf" in text_of(replies) and "evidence-1.pdf" not in text_of(replies)


async def test_outside_a_flow(env: Env) -> None:
    assert not await env.service.in_flow(env.staff)
    assert await env.service.on_command(env.staff, NOW, "back") is None
    assert "no report in progress" in text_of(await env.service.on_text(env.staff, NOW, "hi"))
    pdf = IncomingFile("f1", "document", "a.pdf", "application/pdf", 100, "u1")
    assert "no report in progress" in text_of(
        await env.service.on_file(env.staff, NOW, pdf, "telegram"))
    await env.service.start(env.staff, NOW, "initiative")
    assert await env.service.on_command(env.staff, NOW, "help") is None


async def test_same_start_button_twice_makes_one_draft(env: Env) -> None:
    first = await env.service.on_action(env.staff, NOW, "rp1:new:initiative")
    second = await env.service.on_action(env.staff, NOW, "rp1:new:initiative")
    assert "question 1 of 6" in text_of(first) and "unfinished" in text_of(second)
    assert await env.db.fetchval("SELECT COUNT(*) FROM drafts") == 1
    assert draft_id(first) == draft_id(
        await env.service.on_action(env.staff, NOW, find(second, "rp1:cont:")))
