"""The date rules of the reminders (pure): fire times, weekends, 29/2, duplicates."""

from __future__ import annotations

import datetime as dt

from bot.reminders.model import Deadline
from bot.reminders.occurrences import (
    DIGEST,
    OVERDUE,
    due_date,
    notice_day,
    reminder_day,
    yearly_date,
)
from bot.reminders.planner import Policy, next_fire, plan
from tests.helpers import at

POLICY = Policy()
INTERIM = Deadline(1, "yearly", "Báo cáo sơ kết", month=5, day=31, report_type="interim",
                   key="interim_report")
FINAL = Deadline(2, "yearly", "Báo cáo tổng kết", month=11, day=10, report_type="final",
                 key="final_report")


def fires(deadlines: list[Deadline], start: str, end: str) -> list[tuple[int, str, int]]:
    return [(s.deadline_id, s.fire_at.strftime("%Y-%m-%d %H:%M %a"), s.offset)
            for s, _d in plan(deadlines, POLICY, at(start), at(end))]


def test_both_yearly_deadlines_fire_at_8_across_the_year_boundary() -> None:
    # Today is 22/11/2026: 10/11/2026 has passed, so the next are 31/5/2027 and 10/11/2027.
    assert fires([INTERIM, FINAL], "2026-11-22 09:00", "2028-01-01 00:00") == [
        (1, "2027-05-17 08:00 Mon", 14),
        (1, "2027-05-24 08:00 Mon", 7),
        (1, "2027-05-28 08:00 Fri", 1),  # 30/5 is a Sunday: the 1-day reminder goes on Friday
        (1, "2027-05-31 08:00 Mon", 0),  # ... where it meets the 3-day one: sent once
        (1, "2027-06-01 08:00 Tue", OVERDUE),
        (1, "2027-06-01 08:00 Tue", DIGEST),
        (2, "2027-10-27 08:00 Wed", 14),
        (2, "2027-11-03 08:00 Wed", 7),
        (2, "2027-11-05 08:00 Fri", 3),  # 7/11 is a Sunday
        (2, "2027-11-09 08:00 Tue", 1),
        (2, "2027-11-10 08:00 Wed", 0),
        (2, "2027-11-11 08:00 Thu", OVERDUE),
        (2, "2027-11-11 08:00 Thu", DIGEST),
    ]
    first = next_fire([INTERIM, FINAL], POLICY, at("2026-11-22 09:00"))
    assert first == dt.datetime(2027, 5, 17, 8, 0, tzinfo=POLICY.tz)
    assert first.utcoffset() == dt.timedelta(hours=7)
    # After the last slot of 2027 the next one is in 2028 (31/5/2028 is a Wednesday).
    assert next_fire([INTERIM, FINAL], POLICY, at("2027-11-11 08:00")) == at("2028-05-17 08:00")
    assert next_fire([INTERIM, FINAL], POLICY, at("2027-05-17 08:00")) == at("2027-05-24 08:00")


def test_the_hour_and_offsets_come_from_the_policy() -> None:
    policy = Policy(offsets=(2,), hour=7, minute=30, overdue_notice=False)
    found = plan([FINAL], policy, at("2027-11-01 00:00"), at("2027-11-30 00:00"))
    assert [(s.fire_at, s.offset) for s, _d in found] == [
        (at("2027-11-08 07:30"), 2), (at("2027-11-11 07:30"), DIGEST)]


def test_a_deadline_on_a_weekend_stays_put_and_reminders_move_to_friday() -> None:
    # 31/5/2025 is a Saturday.
    assert fires([INTERIM], "2025-05-01 00:00", "2025-06-30 00:00") == [
        (1, "2025-05-16 08:00 Fri", 14),  # 17/5 is a Saturday
        (1, "2025-05-23 08:00 Fri", 7),  # 24/5 is a Saturday
        (1, "2025-05-28 08:00 Wed", 3),
        (1, "2025-05-30 08:00 Fri", 0),  # the due day and the day before: once, on Friday
        (1, "2025-06-02 08:00 Mon", OVERDUE),  # the day after is a Sunday: Monday
        (1, "2025-06-02 08:00 Mon", DIGEST),
    ]
    [(slot, _d)] = plan([INTERIM], POLICY, at("2025-05-30 07:00"), at("2025-05-30 09:00"))
    assert slot.occurrence == dt.date(2025, 5, 31)  # the due date itself is never moved
    assert reminder_day(dt.date(2025, 5, 31), 0) == dt.date(2025, 5, 30)
    assert notice_day(dt.date(2025, 5, 31)) == dt.date(2025, 6, 2)


def test_29_february_falls_on_28_february_in_other_years() -> None:
    assert yearly_date(2027, 2, 29) == dt.date(2027, 2, 28)
    assert yearly_date(2028, 2, 29) == dt.date(2028, 2, 29)
    leap = Deadline(3, "yearly", "Đăng ký", month=2, day=29)
    assert due_date(leap, 2027) == dt.date(2027, 2, 28)
    # 28/2/2027 is a Sunday too; with no report type there is no notice afterwards.
    assert fires([leap], "2027-01-01 00:00", "2027-03-31 00:00") == [
        (3, "2027-02-12 08:00 Fri", 14),
        (3, "2027-02-19 08:00 Fri", 7),
        (3, "2027-02-25 08:00 Thu", 3),
        (3, "2027-02-26 08:00 Fri", 0),
    ]
    assert {s.occurrence for s, _d in plan([leap], POLICY, at("2028-02-20 00:00"),
                                           at("2028-03-01 00:00"))} == {dt.date(2028, 2, 29)}


def test_how_a_plan_wrote_the_date_sets_the_last_day() -> None:
    day = dt.date(2027, 1, 25)
    assert due_date(Deadline(4, "date", "x", due_date=day, precision="before")) == day.replace(
        day=24)
    assert due_date(Deadline(4, "date", "x", due_date=day, precision="by")) == day
    assert due_date(Deadline(4, "date", "x", due_date=day, precision="from")) is None
    assert due_date(Deadline(4, "date", "x", due_date=day, precision="year")) is None
    start = Deadline(5, "yearly", "x", month=3, day=10, precision="from")  # a period's start
    assert due_date(start, 2027) is None
    assert due_date(Deadline(6, "yearly", "x", month=3, day=20, precision="by"), 2027) == (
        dt.date(2027, 3, 20))


def test_past_dated_deadlines_remind_nobody() -> None:
    old = Deadline(5, "date", "Báo cáo sơ kết", due_date=dt.date(2024, 5, 31),
                   report_type="interim")
    assert next_fire([old], POLICY, at("2026-11-22 09:00")) is None


def test_the_same_deadline_twice_is_reminded_once() -> None:
    from_plan = Deadline(9, "date", "Gửi báo cáo sơ kết", due_date=dt.date(2027, 5, 31),
                         report_type="interim", plan_id=3)
    found = plan([from_plan, INTERIM], POLICY, at("2027-05-01 00:00"), at("2027-06-30 00:00"))
    assert {d.id for _s, d in found} == {INTERIM.id}
    other = Deadline(10, "date", "Hồ sơ khen thưởng", due_date=dt.date(2027, 5, 31),
                     report_type="award_dossier")
    found = plan([other, INTERIM], POLICY, at("2027-05-01 00:00"), at("2027-06-30 00:00"))
    assert {d.id for _s, d in found} == {INTERIM.id, other.id}


def test_what_an_admin_types_for_a_date() -> None:
    from bot.features.reminders.input import clean_what, parse_dated, parse_yearly

    today = dt.date(2026, 11, 22)
    assert parse_yearly("31/5") == (31, 5)
    assert parse_yearly(" ngày 10 tháng 11 ") == (10, 11)
    assert parse_yearly("29/2") == (29, 2)  # allowed: 28/2 in other years
    assert isinstance(parse_yearly("31/4"), str)
    assert isinstance(parse_yearly("31/5/2027"), str)
    assert parse_dated("15/12/2026", today) == dt.date(2026, 12, 15)
    assert parse_dated("ngày 22 tháng 11 năm 2026", today) == today
    assert isinstance(parse_dated("21/11/2026", today), str)  # the past
    assert isinstance(parse_dated("1/1/2031", today), str)  # too far ahead
    assert isinstance(parse_dated("30/2/2027", today), str)
    assert clean_what("  Báo cáo   quý IV ") == "Báo cáo quý IV"
    assert clean_what("!!") is None


def test_a_yearly_deadline_before_a_day_is_due_the_day_before_as_a_dated_one_is() -> None:
    yearly = Deadline(5, "yearly", "x", month=1, day=15, precision="before")
    assert due_date(yearly, 2027) == dt.date(2027, 1, 14)
    assert due_date(Deadline(6, "yearly", "x", month=1, day=15), 2027) == dt.date(2027, 1, 15)
