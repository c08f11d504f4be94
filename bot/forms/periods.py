"""Which period a report counts for, and when it is due — from the one ``deadlines`` table.

The due dates are the office's deadlines as ``/managedeadlines`` leaves them (seeded from
``data/deadlines.toml`` at start), read through ``DeadlineRepo.for_report_type``: moving 31/5
there moves it for the reminders and for the forms alike. A period is a year ("2026"); its
name comes from the report type ("Sơ kết 6 tháng đầu năm 2026").

Which period a new report is for: this year's, unless this year's deadline has passed — then the
user is asked whether it is this year's (late) or next year's. A revision keeps the period of
the version it revises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.forms.schema import Deadline, LatePolicy, ReportType
from bot.forms.text import TZ
from bot.i18n import _, format_short_date
from bot.reminders.occurrences import occurrences
from bot.reminders.repo import DeadlineRepo, DefaultDeadline
from bot.storage.db import Database


@dataclass(frozen=True)
class Period:
    """One period of one report type, with its due date (None: no deadline)."""

    rt: ReportType
    year: int
    due: dt.date | None

    @property
    def key(self) -> str:
        return str(self.year)

    @property
    def name(self) -> str:
        return self.rt.period_name(self.key)

    def on_time(self, now: dt.datetime) -> bool:
        """Sent by the end of the due day (Vietnam time); true without a deadline."""
        return self.due is None or now.astimezone(TZ).date() <= self.due

    def closed(self, now: dt.datetime) -> bool:
        return self.rt.late_policy is LatePolicy.REFUSE and not self.on_time(now)

    def describe(self, now: dt.datetime) -> str:
        """"Sơ kết 6 tháng đầu năm 2027, hạn 31/05/2027" — or that it has none / has passed."""
        if self.due is None:
            return _("{period}, no deadline").format(period=self.name)
        if self.on_time(now):
            return _("{period}, due {date}").format(period=self.name,
                                                    date=format_short_date(self.due))
        return _("{period}, the deadline {date} has passed").format(
            period=self.name, date=format_short_date(self.due))


class Periods:
    def __init__(self, db: Database) -> None:
        self.deadlines = DeadlineRepo(db)

    async def due(self, rt: ReportType, year: int) -> dt.date | None:
        """The last day to send ``rt`` for ``year``; None when no deadline sets one."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        found: list[dt.date] = []
        for deadline in await self.deadlines.for_report_type(rt.id, rt.deadline):
            dates = occurrences(deadline, first, last)
            if dates and deadline.key is not None and deadline.key == rt.deadline:
                return dates[0]  # the type's own yearly deadline, as the admins set it
            found += dates
        return max(found) if found else None

    async def period(self, rt: ReportType, key: str) -> Period:
        year = int(key) if key.isdigit() else 0
        return Period(rt, year, await self.due(rt, year) if year else None)

    async def choices(self, rt: ReportType, now: dt.datetime) -> list[Period]:
        """The periods a new report may be for: one, or two to choose between when this
        year's deadline has passed and next year's has not come (a refusing type: the next)."""
        year = now.astimezone(TZ).year
        this = await self.period(rt, str(year))
        if this.on_time(now):
            return [this]
        after = await self.period(rt, str(year + 1))
        if after.due is None:
            return [this]
        return [after] if rt.late_policy is LatePolicy.REFUSE else [this, after]

    async def default(self, rt: ReportType, now: dt.datetime) -> Period:
        """For a draft made before periods were chosen: the first choice (this year's, as
        such drafts always counted)."""
        return (await self.choices(rt, now))[0]


async def seed_deadlines(db: Database, deadlines: Iterable[Deadline], now: dt.datetime) -> int:
    """Put the yearly defaults (data/deadlines.toml) into the ``deadlines`` table by key,
    keeping what admins changed; the table is then the one source (see the module doc)."""
    return await DeadlineRepo(db).load_defaults([
        DefaultDeadline(d.key, d.day, d.month, d.what.vi, d.what.en, d.report_type,
                        d.audience.value) for d in deadlines], now)
