"""Pure date logic: when a deadline falls due, and on which days its reminders go out.

Rules (each one has a test in ``tests/test_reminders_dates.py``):

- A yearly deadline falls due every year on its day and month. 29 February falls on
  **28 February** in a year without it (the last day of that February: never later than the
  office meant). Other impossible days (31/4) are refused when a deadline is made.
- A dated deadline falls due once. Its precision says how the plan wrote it: "trước ngày 25/1"
  (``before``) leaves 24/1 as the last day, so that is the due date reminders count to, for a
  yearly one as for a dated one ("trước ngày 15/01 hằng năm" is due on 14/1); ``day``,
  ``by`` and ``month`` (whose stored date is the month's last day) count to the stored date;
  ``from`` (something starts) and ``year`` (within a year) are not deadlines and remind nobody,
  whether dated or yearly ("từ ngày 10/3 đến ngày 20/3 hằng năm" reminds of 20/3 only).
- **The due date is never moved.** Reminders are sent ``offsets`` days before it (14, 7, 3, 1
  and 0 by default) at the policy hour, Vietnam time — but **nothing is sent on a Saturday or
  Sunday**: offices and schools work Monday to Friday, so a reminder that would fall on a weekend
  goes out on the **Friday before**. Moving it earlier never shortens the time people have
  (moving it later could, and could even pass the deadline). Reminders that land on the same
  day are sent once (the one with the fewest days left, which its text then counts from).
- The overdue notice and the admins' digest go out the day after the due date, or the
  **Monday after** when that is a weekend (after the deadline there is no earlier to move to).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.reminders.model import Deadline

SATURDAY, SUNDAY = 5, 6
OVERDUE = -1  # offset_days of the overdue notice
DIGEST = -2  # offset_days of the admins' digest
NOT_DEADLINES = frozenset({"from", "year"})


def yearly_date(year: int, month: int, day: int) -> dt.date:
    """Day/month in ``year``; a day past the month's end (29/2 in 2027) is its last day."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_date(deadline: Deadline, year: int | None = None) -> dt.date | None:
    """The last day of the occurrence in ``year`` (yearly), or of the one-off deadline."""
    if deadline.kind == "yearly":
        if (year is None or deadline.month is None or deadline.day is None
                or deadline.precision in NOT_DEADLINES):
            return None
        due = yearly_date(year, deadline.month, deadline.day)
        return due - dt.timedelta(days=1) if deadline.precision == "before" else due
    if deadline.due_date is None or deadline.precision in NOT_DEADLINES:
        return None
    if deadline.precision == "before":
        return deadline.due_date - dt.timedelta(days=1)
    return deadline.due_date


def occurrences(deadline: Deadline, first: dt.date, last: dt.date) -> list[dt.date]:
    """The due dates of ``deadline`` from ``first`` to ``last``, both included."""
    if deadline.kind == "yearly":
        found = [due_date(deadline, year) for year in range(first.year, last.year + 1)]
    else:
        found = [due_date(deadline)]
    return [d for d in found if d is not None and first <= d <= last]


def next_due(deadline: Deadline, today: dt.date) -> dt.date | None:
    """The first due date on or after ``today``."""
    found = occurrences(deadline, today, dt.date(today.year + 1, 12, 31))
    return found[0] if found else None


def is_weekend(day: dt.date) -> bool:
    return day.weekday() in (SATURDAY, SUNDAY)


def reminder_day(due: dt.date, offset: int) -> dt.date:
    """The day the reminder ``offset`` days before ``due`` goes out (a weekend → Friday)."""
    day = due - dt.timedelta(days=offset)
    while is_weekend(day):
        day -= dt.timedelta(days=1)
    return day


def notice_day(due: dt.date) -> dt.date:
    """The day of the overdue notice and the digest: the day after, a weekend → Monday."""
    day = due + dt.timedelta(days=1)
    while is_weekend(day):
        day += dt.timedelta(days=1)
    return day


def reminder_days(due: dt.date, offsets: tuple[int, ...]) -> dict[dt.date, int]:
    """{send day: offset} for one occurrence; offsets landing on one day keep the smallest."""
    days: dict[dt.date, int] = {}
    for offset in sorted(set(offsets)):
        days.setdefault(reminder_day(due, offset), offset)
    return days


@dataclass(frozen=True)
class Slot:
    """One moment something is sent about one occurrence of one deadline."""

    deadline_id: int
    occurrence: dt.date  # the occurrence's due date
    offset: int  # days before (>= 0), or OVERDUE / DIGEST
    fire_at: dt.datetime

    @property
    def kind(self) -> str:
        return {OVERDUE: "overdue", DIGEST: "digest"}.get(self.offset, "reminder")


def at_hour(day: dt.date, hour: int, minute: int, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def slots_of(
    deadline: Deadline, due: dt.date, offsets: tuple[int, ...], hour: int, minute: int,
    tz: ZoneInfo, *, after: bool,
) -> list[Slot]:
    """Every slot of one occurrence; ``after``: with the overdue notice and digest."""
    found = [
        Slot(deadline.id, due, offset, at_hour(day, hour, minute, tz))
        for day, offset in reminder_days(due, offsets).items()
    ]
    if after:
        fire = at_hour(notice_day(due), hour, minute, tz)
        found += [Slot(deadline.id, due, OVERDUE, fire), Slot(deadline.id, due, DIGEST, fire)]
    return found
