"""Confirming: receipt, one transaction, idempotence, versions, lateness, files, notices."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest

from bot.downloads import Downloads
from bot.forms import FileStore
from bot.forms.files import FileUnavailable
from bot.forms.loader import load_registry
from bot.i18n import language, set_language
from tests.test_forms_kit import (
    Env,
    actions,
    at,
    fill_all,
    find,
    make_env,
    sample_file,
    submit_all,
    text_of,
)
from tests.test_forms_schema import write

NOW = at(2027, 5, 20)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
async def env(tmp_path: Path, db_target: str | Path) -> Env:
    e = await make_env(tmp_path, target=db_target)
    yield e  # type: ignore[misc]
    await e.db.close()


def rt(env: Env, type_id: str):  # type: ignore[no-untyped-def]
    found = env.types.get(type_id)
    assert found is not None
    return found


async def test_confirm_stores_and_gives_a_receipt(env: Env) -> None:
    replies = await submit_all(env, env.leader, rt(env, "interim"), NOW)
    text = text_of(replies)
    assert "Your report was received" in text and replies[0].edit
    assert "Receipt number: <code>BC-2027-000001</code>" in text
    assert "Sent at: 20 May 2027 10:00" in text and "on time (due 31 May 2027)" in text
    row = await env.db.fetchone("SELECT * FROM submissions")
    assert row["receipt"] == "BC-2027-000001" and row["period"] == "2027"
    assert row["version"] == 1 and row["on_time"] == 1 and row["status"] == "submitted"
    assert row["unit_id"] == "th-a" and row["user_id"] == env.leader.id
    assert row["submitter_name"] == "Trần Văn Hùng" and row["due_date"] == "2027-05-31"
    assert await env.db.fetchval("SELECT state FROM drafts") == "submitted"
    assert not await env.service.in_flow(env.leader)


async def test_leader_submission_tells_admins_only(env: Env) -> None:
    await submit_all(env, env.leader, rt(env, "interim"), NOW)
    assert [(k, ids) for k, ids, *_ in env.notifier.sent] == [
        ("report:BC-2027-000001:admins", None)]


async def test_staff_submission_tells_the_units_leader_and_admins(env: Env) -> None:
    await submit_all(env, env.staff, rt(env, "initiative"), NOW)
    sent = {k: (ids, reply) for k, ids, reply, _kind in env.notifier.sent}
    assert sent["report:SK-2027-000001:leaders"][0] == (env.leader.id,)
    notice = sent["report:SK-2027-000001:admins"][1]
    assert "Nguyễn Thị Lan" in notice.text and "Trường TH A" in notice.text
    assert actions([notice]) == ["rp1:v:1"]


async def test_notices_are_built_in_the_recipients_language(env: Env) -> None:
    await submit_all(env, env.staff, rt(env, "initiative"), NOW)
    build_reply = env.notifier.sent[0][2]
    assert "Initiative (SKKN)" in build_reply.text
    with language("vi"):
        await env.service.submitter.notify(await env.service.repo.by_draft(1))  # type: ignore[arg-type]
    assert "Sáng kiến kinh nghiệm" in env.notifier.sent[-1][2].text


async def test_double_confirm_gives_the_same_receipt(env: Env) -> None:
    summary = await fill_all(env, env.leader, rt(env, "interim"), NOW)
    confirm = find(summary, "rp1:ok:")
    first = await env.service.on_action(env.leader, NOW, confirm)
    second = await env.service.on_action(env.leader, NOW, confirm)
    fresh = await env.restart().on_action(env.leader, NOW, confirm)
    assert "already sent" in text_of(second) and "already sent" in text_of(fresh)
    for replies in (first, second, fresh):
        assert "BC-2027-000001" in text_of(replies)
    assert await env.db.fetchval("SELECT COUNT(*) FROM submissions") == 1
    assert env.notifier.keys() == {"report:BC-2027-000001:admins"}


async def test_the_same_action_delivered_twice_at_once(env: Env) -> None:
    summary = await fill_all(env, env.staff, rt(env, "good_example"), NOW)
    confirm = find(summary, "rp1:ok:")
    other = env.restart()  # even through two service objects on the same database
    a, b = await asyncio.gather(env.service.on_action(env.staff, NOW, confirm),
                                other.on_action(env.staff, NOW, confirm))
    assert "GD-2027-000001" in text_of(a) and "GD-2027-000001" in text_of(b)
    assert await env.db.fetchval("SELECT COUNT(*) FROM submissions") == 1


async def test_resubmitting_makes_a_new_version_and_keeps_the_old(env: Env) -> None:
    await submit_all(env, env.leader, rt(env, "interim"), NOW)
    intro = await env.service.start(env.leader, at(2027, 5, 25), "interim")
    assert "Version 1 was already sent (BC-2027-000001" in text_of(intro)
    await env.service.cancel(env.leader)
    offer = await env.service.start(env.leader, at(2027, 5, 25))
    await env.service.on_action(env.leader, NOW, find(offer, "rp1:disc:"))
    replies = await submit_all(env, env.leader, rt(env, "interim"), at(2027, 5, 25))
    assert "BC-2027-000002" in text_of(replies) and "version 2" in text_of(replies)
    rows = await env.db.fetchall("SELECT receipt, version FROM submissions ORDER BY id")
    assert [tuple(r) for r in rows] == [("BC-2027-000001", 1), ("BC-2027-000002", 2)]


async def test_versions_are_per_scope(env: Env) -> None:
    await submit_all(env, env.staff, rt(env, "title_individual"), NOW)
    await submit_all(env, env.leader, rt(env, "title_individual"), NOW)
    await submit_all(env, env.staff, rt(env, "good_example"), NOW)
    await submit_all(env, env.staff, rt(env, "good_example"), NOW)
    await submit_all(env, env.leader_b, rt(env, "interim"), NOW)
    await submit_all(env, env.leader, rt(env, "interim"), NOW)
    rows = await env.db.fetchall("SELECT report_type, version FROM submissions ORDER BY id")
    assert [r["version"] for r in rows] == [1, 1, 1, 1, 1, 1]


async def test_late_submission_is_accepted_and_marked_late(env: Env) -> None:
    late = at(2027, 6, 2)
    summary = await fill_all(env, env.leader, rt(env, "interim"), late)
    assert "The deadline was 31 May 2027; this report will be marked late." in text_of(summary)
    replies = await env.service.on_action(env.leader, late, find(summary, "rp1:ok:"))
    assert "late (due 31 May 2027)" in text_of(replies)
    assert await env.db.fetchval("SELECT on_time FROM submissions") == 0
    edge = await submit_all(env, env.leader_b, rt(env, "interim"), at(2027, 5, 31, 23))
    assert "on time" in text_of(edge)


async def test_types_without_deadline_are_always_on_time(env: Env) -> None:
    replies = await submit_all(env, env.staff, rt(env, "initiative"), at(2027, 12, 30))
    assert "no deadline" in text_of(replies) and "SK-2027-000001" in text_of(replies)


async def test_refuse_policy_after_the_deadline(tmp_path: Path, db_target: str | Path) -> None:
    types = load_registry(*write(tmp_path))
    env = await make_env(tmp_path, types, target=db_target)
    mini = types.get("mini")
    assert mini is not None
    menu = await env.service.start(env.leader, at(2027, 6, 1))
    assert "Year 2028, due 31 May 2028" in text_of(menu)  # 2027 is closed: only 2028 is open
    assert "Year 2027" not in text_of(menu)
    forged = await env.service.on_action(env.leader, at(2027, 6, 1), "rp1:per:mini:2027")
    assert "rp1:per:mini:2028" in actions(forged) and not await env.service.in_flow(env.leader)
    summary = await fill_all(env, env.leader, mini, at(2027, 5, 31, 22))
    replies = await env.service.on_action(env.leader, at(2027, 6, 1), find(summary, "rp1:ok:"))
    assert "no longer accepted" in text_of(replies)
    assert await env.db.fetchval("SELECT COUNT(*) FROM submissions") == 0
    replies = await env.service.on_action(env.leader, at(2027, 5, 31, 23),
                                          find(summary, "rp1:ok:"))
    assert "on time" in text_of(replies)
    await env.db.close()


async def test_files_are_downloaded_with_sha256(env: Env) -> None:
    await submit_all(env, env.leader, rt(env, "award_dossier"), NOW)
    rows = await env.db.fetchall("SELECT * FROM submission_files ORDER BY id")
    assert [r["field_key"] for r in rows] == ["cover_letter", "minutes", "achievement_report",
                                             "evidence"]
    for row in rows:
        data = env.downloads.files[row["file_id"]]
        assert row["sha256"] == hashlib.sha256(data).hexdigest() and row["size"] == len(data)
        assert env.store.verify(row["path"], row["sha256"])
        assert row["path"].endswith(".pdf") and row["channel"] == "telegram"


async def test_a_file_that_cannot_be_fetched_is_asked_for_again(env: Env) -> None:
    """Files are fetched when they arrive (a channel's link may expire before the summary)."""
    rt_ = rt(env, "initiative")
    await env.service.start(env.staff, NOW, "initiative")
    for answer in ("Tên", "1", "2", "5/9/2026", "Tóm tắt"):
        await env.service.on_text(env.staff, NOW, answer)
    spec = rt_.field("document")
    assert spec is not None
    file = sample_file(env, spec)
    saved = env.downloads.files.pop(file.file_id)
    replies = await env.service.on_file(env.staff, NOW, file, "telegram")
    assert "could not receive that file" in text_of(replies)
    assert await env.db.fetchval("SELECT state FROM drafts") == "filling"
    env.downloads.files[file.file_id] = saved
    replies = await env.service.on_file(env.staff, NOW, file, "telegram")
    assert "please check your answers" in text_of(replies)
    calls = env.downloads.calls
    replies = await env.service.on_action(env.staff, NOW, find(replies, "rp1:ok:"))
    assert "SK-2027-000001" in text_of(replies)
    assert env.downloads.calls == calls  # kept on arrival: not fetched again at the end


async def test_a_kept_file_that_went_missing_is_fetched_again(env: Env) -> None:
    summary = await fill_all(env, env.staff, rt(env, "initiative"), NOW)
    for path in env.store.root.rglob("*.pdf"):
        path.unlink()
    saved = env.downloads.files.pop("document-1")
    replies = await env.service.on_action(env.staff, NOW, find(summary, "rp1:ok:"))
    assert "could not be fetched" in text_of(replies) and "document-1.pdf" in text_of(replies)
    assert await env.db.fetchval("SELECT COUNT(*) FROM submissions") == 0
    env.downloads.files["document-1"] = saved
    replies = await env.service.on_action(env.staff, NOW, find(summary, "rp1:ok:"))
    assert "SK-2027-000001" in text_of(replies)


async def test_a_failing_notifier_does_not_lose_the_submission(env: Env) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("outbox down")

    env.notifier.notify_admins = broken  # type: ignore[method-assign]
    replies = await submit_all(env, env.leader, rt(env, "interim"), NOW)
    assert "BC-2027-000001" in text_of(replies)


async def test_my_reports_and_full_view_with_files(env: Env) -> None:
    assert "not sent any reports" in (await env.service.sent.mine(env.staff)).text
    await submit_all(env, env.staff, rt(env, "initiative"), NOW)
    await submit_all(env, env.staff, rt(env, "initiative"), at(2027, 5, 21))
    mine = await env.service.sent.mine(env.staff)
    assert "SK-2027-000002" in mine.text and "version 2" in mine.text
    assert "no deadline, waiting for review" in mine.text
    assert actions([mine]) == ["rp1:v:2", "rp1:v:1"]
    full = await env.service.on_action(env.staff, NOW, "rp1:v:1")
    text = text_of(full)
    assert "SK-2027-000001" in text and "Period: Year 2027, version 1" in text
    assert "Status: waiting for review" in text and "Unit: Trường TH A" in text
    assert "Title of the initiative</b>: Thư viện xanh" in text
    assert "Kết quả tốt &lt;b&gt;nổi bật&lt;/b&gt; &amp; đáng khen" in text
    file_action = find(full, "rp1:f:")
    doc = await env.service.on_action(env.staff, NOW, file_action)
    assert doc[0].document is not None and doc[0].document.read_bytes() == (
        b"%PDF-content of document-1")
    assert doc[0].document_name == "document-1.pdf"
    assert find(full, "rp1:my") == "rp1:my"
    listed = await env.service.on_action(env.staff, NOW, "rp1:my")
    assert listed[0].edit and "SK-2027-000002" in listed[0].text


async def test_long_answers_are_shown_in_full_over_several_messages(env: Env) -> None:
    await env.service.start(env.leader, NOW, "final")
    for answer in ("52", "52", "Thư viện", "1", "20/4/2027", "120,5"):
        await env.service.on_text(env.leader, NOW, answer)
    for _ in range(3):
        await env.service.on_text(env.leader, NOW, "x" * 1490 + "END")
    for _ in range(4):
        summary = await env.service.on_command(env.leader, NOW, "skip") or []
    assert "END" not in text_of(summary) and all(len(r.text) <= 4096 for r in summary)
    await env.service.on_action(env.leader, NOW, find(summary, "rp1:ok:"))
    full = await env.service.on_action(env.leader, NOW, "rp1:v:1")
    assert len(full) >= 2 and text_of(full).count("END") == 3
    assert all(len(r.text) <= 4096 for r in full) and actions(full[-1:]) == ["rp1:my"]


async def test_file_store_is_content_addressed_and_safe(tmp_path: Path) -> None:
    async def fetch(file_id: str) -> bytes:
        return b"%PDF-bytes"

    channels = Downloads()
    channels.add("telegram", fetch)
    store = FileStore(tmp_path / "files", channels)
    a = await store.save("telegram", "x", "a.PDF")
    b = await store.save("telegram", "y", "b.pdf")
    assert a == b and a.path.endswith(".pdf") and a.size == 10
    assert store.path(a.path) is not None
    assert store.path("../t.sqlite3") is None and store.path("/etc/passwd") is None
    with pytest.raises(FileUnavailable):
        await store.save("zalo", "x")
    store.max_bytes = 5
    with pytest.raises(FileUnavailable):
        await store.save("telegram", "x")


async def test_report_on_a_returned_report_starts_from_its_answers_and_files(env: Env) -> None:
    await submit_all(env, env.leader, rt(env, "award_dossier"), NOW)
    first = await env.db.fetchval("SELECT COUNT(*) FROM submission_files WHERE submission_id = 1")
    assert first >= 3
    await env.db.execute("UPDATE submissions SET status = 'returned' WHERE id = 1")
    replies = await env.service.start(env.leader, at(2027, 6, 1), "award_dossier")
    text = text_of(replies)
    assert "Here is what you sent (KT-2027-000001)" in text and "please check" in text
    assert "cover_letter-1.pdf" in text
    replies = await env.service.on_action(env.leader, at(2027, 6, 1), find(replies, "rp1:ok:"))
    assert "This is version 2" in text_of(replies)
    again = await env.db.fetchval("SELECT COUNT(*) FROM submission_files WHERE submission_id = 2")
    assert again == first and env.downloads.calls == first  # the files kept, not fetched again
    viewed = await env.service.on_action(env.leader, NOW, "rp1:v:1")
    assert "rp1:rev:1" not in actions(viewed)  # only the latest returned version is revised


async def test_only_the_latest_returned_version_offers_a_revision(env: Env) -> None:
    await submit_all(env, env.staff, rt(env, "title_individual"), NOW)
    viewed = await env.service.on_action(env.staff, NOW, "rp1:v:1")
    assert "rp1:rev:1" not in actions(viewed)  # waiting for review: nothing to revise
    await env.db.execute("UPDATE submissions SET status = 'returned' WHERE id = 1")
    viewed = await env.service.on_action(env.staff, NOW, "rp1:v:1")
    assert "rp1:rev:1" in actions(viewed)
    as_leader = await env.service.on_action(env.leader, NOW, "rp1:v:1")
    assert "rp1:rev:1" not in actions(as_leader)  # a leader cannot resend a teacher's own
    forged = await env.service.on_action(env.leader, NOW, "rp1:rev:1")
    assert "cannot open" in text_of(forged) and not await env.service.in_flow(env.leader)


async def test_a_reminder_opens_the_report_for_its_own_period(env: Env) -> None:
    late = at(2027, 6, 2)  # the 2027 deadline has passed; 2028's has not come
    asked = await env.service.start(env.leader, late, "interim")
    assert actions(asked) == ["rp1:per:interim:2027", "rp1:per:interim:2028"]
    await env.service.on_action(env.leader, late, actions(asked)[0])
    await env.service.cancel(env.leader)
    await env.db.execute("UPDATE drafts SET state = 'discarded'")
    direct = await env.service.start(env.leader, late, "interim", period="2027")
    text = text_of(direct)
    assert "Period: First half of 2027, the deadline 31 May 2027 has passed" in text
    assert "question 1 of 9" in text  # no question about the period
    await env.db.execute("UPDATE drafts SET state = 'discarded'")
    old = await env.service.start(env.leader, late, "interim", period="2025")
    assert actions(old)[:2] == ["rp1:per:interim:2027", "rp1:per:interim:2028"]
    assert "no longer works" not in text_of(old)
