"""Which slots fall due in a window of time, from the deadlines and the policy (pure).

A slot is one moment something goes out about one occurrence of a deadline: a reminder
(``offset`` days before), the overdue notice or the admins' digest (after the due date; only
for deadlines a report type answers, as only then do we know who is missing; the notice only
when ``[reminders] overdue_notice`` is on).

The same thing can be listed twice — a plan's "31/5/2027: báo cáo sơ kết" and the yearly 31/5
default. Deadlines falling due on the same day with the same report type and audience are
reminded once, for the yearly default (the one with a key) or else the oldest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.config import Config
from bot.reminders.audience import Audience
from bot.reminders.model import Deadline
from bot.reminders.occurrences import OVERDUE, Slot, occurrences, slots_of

HORIZON_DAYS = 400  # how far ahead the next fire instant is looked for (> one year)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Policy:
    offsets: tuple[int, ...] = (14, 7, 3, 1, 0)
    hour: int = 8
    minute: int = 0
    overdue_notice: bool = True
    grace: dt.timedelta = dt.timedelta(hours=6)
    tz: ZoneInfo = VIETNAM

    @classmethod
    def from_config(cls, config: Config) -> Policy:
        r = config.reminders
        return cls(tuple(o for o in r.offsets_days if o >= 0) or (0,), r.hour, r.minute,
                   r.overdue_notice, dt.timedelta(hours=r.grace_hours), config.bot.tz)

    def fire_time(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(self.hour, self.minute), tzinfo=self.tz)


def follows_up(deadline: Deadline) -> bool:
    """Whether an occurrence is followed by the overdue notice and the digest."""
    return bool(deadline.report_type) and Audience.parse(deadline.audience).units


def _pick(deadlines: list[Deadline], first: dt.date, last: dt.date,
          ) -> list[tuple[Deadline, dt.date]]:
    chosen: dict[tuple[object, ...], tuple[Deadline, dt.date]] = {}
    ordered = sorted(deadlines, key=lambda d: (d.key is None, d.id))
    for d in ordered:
        if not d.active:
            continue
        for due in occurrences(d, first, last):
            same = (due, d.report_type, Audience.parse(d.audience).encode())
            key = same if d.report_type else (d.id, due)
            chosen.setdefault(key, (d, due))
    return list(chosen.values())


def plan(deadlines: Iterable[Deadline], policy: Policy, start: dt.datetime,
         end: dt.datetime) -> list[tuple[Slot, Deadline]]:
    """The slots firing after ``start`` and at or before ``end``, in time order."""
    if end <= start:
        return []
    margin = max(policy.offsets) + 3
    first = start.astimezone(policy.tz).date() - dt.timedelta(days=4)
    last = end.astimezone(policy.tz).date() + dt.timedelta(days=margin)
    found: list[tuple[Slot, Deadline]] = []
    for deadline, due in _pick(list(deadlines), first, last):
        for slot in slots_of(deadline, due, policy.offsets, policy.hour, policy.minute,
                             policy.tz, after=follows_up(deadline)):
            if slot.offset == OVERDUE and not policy.overdue_notice:
                continue
            if start < slot.fire_at <= end:
                found.append((slot, deadline))
    found.sort(key=lambda p: (p[0].fire_at, p[0].deadline_id, -p[0].offset))
    return found


def next_fire(deadlines: Iterable[Deadline], policy: Policy,
              after: dt.datetime) -> dt.datetime | None:
    """The first instant after ``after`` when a slot fires; None if none within the horizon."""
    upcoming = plan(deadlines, policy, after, after + dt.timedelta(days=HORIZON_DAYS))
    return upcoming[0][0].fire_at if upcoming else None
