"""Who has reported: for each current deadline with a report — and for every earlier or later
period that has submissions — units sent / total, on time and late, by unit type, review
statuses, and the missing units by name."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from bot.forms.submissions import SubmissionRepo
from bot.models import Unit
from bot.reminders.audience import Audience
from bot.reminders.model import Deadline
from bot.reminders.occurrences import due_date, next_due, occurrences
from bot.reminders.service import ReminderService
from bot.reminders.views import Digest

CURRENT_WINDOW = dt.timedelta(days=183)


@dataclass(frozen=True)
class DeadlineStats:
    deadline: Deadline
    occurrence: dt.date
    digest: Digest
    by_type: dict[str, tuple[int, int]]  # unit type → (units sent, units in scope)
    statuses: dict[str, int]  # latest versions: submitted / returned / accepted

    @property
    def missing(self) -> list[Unit]:
        return self.digest.missing


def current_occurrence(deadline: Deadline, today: dt.date) -> dt.date | None:
    """The occurrence an office is working on: the next one when it is within half a year,
    else the one just past (so in November the 10/11 report is still chased)."""
    upcoming = next_due(deadline, today)
    if upcoming is not None and upcoming - today <= CURRENT_WINDOW:
        return upcoming
    if deadline.yearly:
        last = due_date(deadline, today.year)
        if last is not None and last > today:
            last = due_date(deadline, today.year - 1)
        return last if last is not None and today - last <= CURRENT_WINDOW else None
    past = deadline.due_date
    return past if past is not None and today - past <= CURRENT_WINDOW else None


async def shown_occurrences(submissions: SubmissionRepo, deadline: Deadline, today: dt.date,
                            unit_id: str | None = None) -> list[dt.date]:
    """The current occurrence, and one for every period with submissions (of ``unit_id``):
    a report sent late for 2026 in November shows under 2026, not nowhere."""
    found = {current_occurrence(deadline, today)}
    for period in await submissions.periods_of(deadline.report_type or "", unit_id):
        if period.isdigit():
            year = int(period)
            found.update(occurrences(deadline, dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return sorted(d for d in found if d is not None)


async def current_stats(reminders: ReminderService, submissions: SubmissionRepo,
                        today: dt.date) -> list[DeadlineStats]:
    found = []
    for deadline in await reminders.deadlines.active():
        if not deadline.report_type or Audience.parse(deadline.audience).roles == ():
            continue
        for occurrence in await shown_occurrences(submissions, deadline, today):
            found.append(await deadline_stats(reminders, submissions, deadline, occurrence))
    return sorted(found, key=lambda s: (s.occurrence, s.deadline.id))


async def deadline_stats(reminders: ReminderService, submissions: SubmissionRepo,
                         deadline: Deadline, occurrence: dt.date) -> DeadlineStats:
    digest = await reminders.digest(deadline, occurrence)
    units = await reminders.log.units(Audience.parse(deadline.audience))
    missing = {u.id for u in digest.missing}
    totals = Counter(u.type.value for u in units)
    sent = Counter(u.type.value for u in units if u.id not in missing)
    by_type = {t: (sent[t], totals[t]) for t in totals}
    statuses = await submissions.statuses(deadline.report_type or "", str(occurrence.year))
    return DeadlineStats(deadline, occurrence, digest, by_type, statuses)


@dataclass(frozen=True)
class UnitStatus:
    deadline: Deadline
    occurrence: dt.date
    receipt: str | None
    status: str | None  # None: not sent
    on_time: bool | None


async def unit_status(reminders: ReminderService, submissions: SubmissionRepo, unit_id: str,
                      today: dt.date) -> list[UnitStatus]:
    """A leader's view: each current deadline and where their own unit stands."""
    found = []
    for deadline in await reminders.deadlines.active():
        if not deadline.report_type:
            continue
        for occurrence in await shown_occurrences(submissions, deadline, today, unit_id):
            sent = await submissions.unit_latest(deadline.report_type, str(occurrence.year),
                                                 unit_id)
            found.append(UnitStatus(deadline, occurrence, sent.receipt if sent else None,
                                    sent.status if sent else None,
                                    sent.on_time if sent else None))
    return sorted(found, key=lambda s: s.occurrence)
