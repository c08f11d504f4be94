"""ReminderService with a ManualClock: who is reminded, exactly once, and what they read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.core import Core
from bot.i18n import language, reload_catalogs
from bot.models import Role
from bot.reminders.planner import Policy
from bot.reminders.service import ReminderService
from bot.reminders.views import digest_reply
from tests.helpers import at
from tests.test_reminders_support import (
    deadline_id,
    fresh_service,
    log_rows,
    person,
    queued,
    recipients,
    reminder_service,
    submit,
)


@pytest.fixture(autouse=True)
def _vietnamese_texts() -> Iterator[None]:
    yield
    reload_catalogs()


@pytest.fixture
async def rs(core: Core) -> ReminderService:
    return await reminder_service(core)


async def test_the_yearly_defaults_are_loaded_once_by_key(core: Core,
                                                          rs: ReminderService) -> None:
    rows = await core.db.fetchall(
        "SELECT key, kind, day, month, report_type, audience FROM deadlines WHERE key IS NOT NULL"
        " ORDER BY key")
    assert [tuple(r) for r in rows] == [
        ("final_report", "yearly", 10, 11, "final", "leaders"),
        ("interim_report", "yearly", 31, 5, "interim", "leaders"),
    ]
    assert await rs.load_defaults() == 0  # again: nothing changes


async def test_only_units_that_have_not_sent_the_report_are_reminded(
        core: Core, clock: ManualClock, rs: ReminderService) -> None:
    hoasen = await person(core, "hung", "MN-HOASEN")
    sonca = await person(core, "mai", "MN-SONCA")
    await person(core, "lan", "MN-HOASEN", Role.STAFF)  # staff: not the audience
    await submit(core, "MN-HOASEN", "interim", 2027)
    await submit(core, "MN-SONCA", "interim", 2026)  # last year's does not count
    await submit(core, "MN-SONCA", "interim", 2027, status="returned")  # sent back
    clock.set(at("2027-05-17 08:00"))
    report = await rs.send_due(clock.now())
    assert recipients(await queued(core, "reminder")) == [sonca]
    assert report.sent == 1
    assert hoasen not in {r[3] for r in await log_rows(core)}


async def test_the_reminder_in_vietnamese_and_english(core: Core, clock: ManualClock,
                                                      rs: ReminderService) -> None:
    await person(core, "hung", "MN-HOASEN", lang="vi")
    await person(core, "john", "MN-SONCA", lang="en")
    clock.set(at("2027-05-17 08:00"))
    await rs.send_due(clock.now())
    vi, en = await queued(core, "reminder")
    interim = await deadline_id(core, "interim_report")
    for text in ("Nhắc hạn: Báo cáo sơ kết 6 tháng đầu năm phong trào thi đua yêu nước",
                 "Hạn nộp: Thứ Hai, 31/5/2027", "Còn 14 ngày.",
                 "Nguồn: lịch công tác hằng năm của Phòng"):
        assert text in vi["reply"]["text"]
    for text in ("Reminder: Six-month interim report on the emulation campaigns",
                 "Due: Mon 31 May 2027", "14 days left.",
                 "Source: the office's yearly schedule"):
        assert text in en["reply"]["text"]
    assert vi["reply"]["buttons"] == [[
        ["📝 Nộp báo cáo ngay", f"rm1:go:{interim}:2027-05-31"],
        ["🔔 Nhắc lại sau", f"rm1:later:{interim}:2027-05-31:14"]]]
    assert [b[0] for b in en["reply"]["buttons"][0]] == ["📝 Submit the report now",
                                                         "🔔 Remind me later"]
    assert vi["not_before"] == "2027-05-17T08:00:00+07:00"


async def test_the_last_day_and_a_reminder_moved_to_friday_count_days_from_the_sending_day(
        core: Core, clock: ManualClock, rs: ReminderService) -> None:
    await person(core, "hung", "MN-HOASEN")
    clock.set(at("2027-05-28 08:00"))  # Friday: the 1-day reminder of Monday 31/5
    await rs.send_due(clock.now())
    clock.set(at("2027-05-31 08:00"))
    await rs.send_due(clock.now())
    friday, monday = await queued(core, "reminder")
    assert "Còn 3 ngày." in friday["reply"]["text"]
    assert "Hôm nay là hạn cuối." in monday["reply"]["text"]
    assert [b[0] for b in monday["reply"]["buttons"][0]] == ["📝 Nộp báo cáo ngay"]  # no later


async def test_a_restart_before_the_fire_time_sends_once_at_the_fire_time(
        core: Core, clock: ManualClock, rs: ReminderService) -> None:
    a = await person(core, "hung", "MN-HOASEN")
    b = await person(core, "mai", "MN-SONCA")
    assert (await rs.start(at("2027-05-17 07:59"))).sent == 0
    assert await rs.next_fire(at("2027-05-17 07:59")) == at("2027-05-17 08:00")
    assert (await rs.send_due(at("2027-05-17 08:00"))).sent == 2
    restarted = fresh_service(core)
    assert (await restarted.start(at("2027-05-17 08:30"))).sent == 0
    assert (await restarted.send_due(at("2027-05-17 08:00"))).sent == 0  # the same run again
    assert recipients(await queued(core, "reminder")) == [a, b]


async def test_a_crash_during_a_run_resumes_without_duplicates(
        core: Core, clock: ManualClock, rs: ReminderService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    a = await person(core, "hung", "MN-HOASEN")
    b = await person(core, "mai", "MN-SONCA")
    await rs.start(at("2027-05-17 07:59"))
    real_enqueue = core.outbox.enqueue
    calls = 0

    async def crash_on_second(*args: Any, **kwargs: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("power cut")
        return await real_enqueue(*args, **kwargs)

    monkeypatch.setattr(core.outbox, "enqueue", crash_on_second)
    with pytest.raises(RuntimeError):
        await rs.send_due(at("2027-05-17 08:00"))
    assert recipients(await queued(core, "reminder")) == [a]
    assert [r[3] for r in await log_rows(core)] == [a]  # b's row was rolled back
    monkeypatch.setattr(core.outbox, "enqueue", real_enqueue)
    restarted = fresh_service(core)
    assert (await restarted.start(at("2027-05-17 08:10"))).sent == 1
    assert recipients(await queued(core, "reminder")) == [a, b]


async def test_a_restart_within_the_grace_window_catches_up(
        core: Core, rs: ReminderService) -> None:
    a = await person(core, "hung", "MN-HOASEN")
    await rs.start(at("2027-05-17 07:00"))
    restarted = fresh_service(core)  # down from 07:00 to 13:30 (5.5 h after 08:00)
    report = await restarted.start(at("2027-05-17 13:30"))
    assert (report.sent, report.missed) == (1, 0)
    [row] = await queued(core, "reminder")
    assert row["user_id"] == a and "Còn 14 ngày." in row["reply"]["text"]


async def test_beyond_the_grace_window_a_reminder_is_recorded_as_missed(
        core: Core, rs: ReminderService) -> None:
    a = await person(core, "hung", "MN-HOASEN")
    interim = await deadline_id(core, "interim_report")
    await rs.start(at("2027-05-16 12:00"))
    restarted = fresh_service(core)  # down over 17/5 08:00 and 24/5 08:00
    report = await restarted.start(at("2027-05-24 09:00"))
    assert (report.sent, report.missed) == (1, 1)
    assert await log_rows(core) == [(interim, "2027-05-31", 14, a, "missed"),
                                        (interim, "2027-05-31", 7, a, "sent")]
    [row] = await queued(core, "reminder")
    assert "Còn 7 ngày." in row["reply"]["text"]
    assert (await fresh_service(core).start(at("2027-05-24 10:00"))).slots == 0


async def test_the_day_after_overdue_units_are_told_and_admins_get_a_digest(
        core: Core, rs: ReminderService) -> None:
    await person(core, "hung", "MN-HOASEN")
    await person(core, "mai", "MN-SONCA")
    late = await person(core, "tuan", "TH-LACLONGQUAN")
    admin = await person(core, "admin")
    await submit(core, "MN-HOASEN", "interim", 2027, on_time=True)
    await submit(core, "MN-SONCA", "interim", 2027, on_time=False)
    await rs.send_due(at("2027-06-01 08:00"))
    [notice] = await queued(core, "overdue")
    assert notice["user_id"] == late
    text = notice["reply"]["text"]
    assert "Quá hạn: Báo cáo sơ kết" in text
    assert "Hạn nộp là hôm qua, Thứ Hai, 31/5/2027." in text
    assert "Đơn vị của thầy/cô chưa nộp." in text
    assert notice["reply"]["buttons"][0][0][0] == "📝 Nộp báo cáo ngay"
    [digest] = await queued(core, "digest")
    assert digest["user_id"] == admin
    text = digest["reply"]["text"]
    assert "Đã nộp: 2/20 đơn vị (đúng hạn: 1, trễ hạn: 1)." in text
    assert "Chưa nộp (18):" in text
    assert "• Trường Tiểu học Lạc Long Quân\n" in text  # someone is registered there
    assert "• Trường Mầm non Vàng Anh (chưa có ai đăng ký dùng bot)" in text
    assert "Trường Mầm non Hoa Sen" not in text
    assert (await rs.send_due(at("2027-06-01 09:00"))).sent == 0


async def test_the_digest_says_a_unit_has_no_leader_when_only_staff_use_the_bot(
        core: Core, rs: ReminderService) -> None:
    """Sơn Ca has a teacher registered and no leader: the digest says exactly that."""
    await person(core, "lan", "MN-SONCA", Role.STAFF)
    await person(core, "admin")
    await rs.send_due(at("2027-06-01 08:00"))
    [digest] = await queued(core, "digest")
    text = digest["reply"]["text"]
    assert "• Trường Mầm non Sơn Ca (đơn vị chưa có lãnh đạo đăng ký dùng bot" in text
    assert "• Trường Mầm non Vàng Anh (chưa có ai đăng ký dùng bot)" in text
    deadline = next(d for d in await rs.deadlines.active() if d.report_type == "interim")
    with language("en"):
        english = digest_reply(deadline, dt.date(2027, 5, 31),
                               await rs.digest(deadline, dt.date(2027, 5, 31))).text
    assert "Sơn Ca (no leader registered in the bot; only staff)" in english


async def test_the_overdue_notice_can_be_turned_off_but_the_digest_stays(
        core: Core, rs: ReminderService) -> None:
    await person(core, "tuan", "TH-LACLONGQUAN")
    admin = await person(core, "admin", lang="en")
    quiet = fresh_service(core, Policy(overdue_notice=False))
    await quiet.send_due(at("2027-06-01 08:00"))
    assert await queued(core, "overdue") == []
    [digest] = await queued(core, "digest")
    assert digest["user_id"] == admin
    assert "Sent: 0/20 units (on time: 0, late: 0)." in digest["reply"]["text"]


async def test_past_dated_deadlines_of_old_plans_remind_nobody(
        core: Core, rs: ReminderService) -> None:
    await person(core, "hung", "MN-HOASEN")
    await core.db.execute(
        "INSERT INTO deadlines (kind, due_date, precision, what, report_type)"
        " VALUES ('date', '2024-05-31', 'day', 'Báo cáo sơ kết 2024', 'interim')")
    report = await rs.start(at("2026-11-22 09:00"))
    assert (report.sent, report.missed) == (0, 0)
    assert await rs.next_fire(at("2026-11-22 09:00")) == at("2027-05-17 08:00")


async def test_two_workers_on_one_database_remind_once(
        core: Core, clock: ManualClock, rs: ReminderService, backend: str) -> None:
    """Two workers' runs at the same instant: one runs, the other waits, then finds every
    reminder logged and sends nothing again."""
    if backend != "postgres":
        pytest.skip("one process owns a SQLite database")
    import asyncio

    from bot.app import build_core

    hung = await person(core, "hung", "MN-HOASEN")
    mai = await person(core, "mai", "MN-SONCA")
    other = await build_core(core.config, clock)
    try:
        rs2 = await reminder_service(other)
        clock.set(at("2027-05-17 08:00"))
        first, second = await asyncio.gather(rs.send_due(clock.now()),
                                             rs2.send_due(clock.now()))
        assert sorted([first.sent, second.sent]) == [0, 2]
        assert sorted(recipients(await queued(core, "reminder"))) == sorted([hung, mai])
    finally:
        await other.close()
