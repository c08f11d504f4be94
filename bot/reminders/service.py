"""ReminderService: sends what has fallen due, exactly once, through the outbox.

The database is the source of truth. ``send_due(now)`` handles every slot that fired after the
last instant handled (``reminder_state.checked_until``) and at or before ``now``:

- each recipient of a slot gets one ``reminder_log`` row, written in the same transaction as the
  outbox row — so a restart, a second run or a run that crashed half-way never sends anyone the
  same reminder twice (and the outbox's dedupe key guards the same again);
- a slot that fired more than ``grace_hours`` ago (the bot was down) is not sent late: its
  recipients are recorded as ``missed``; within the grace window it is sent at once;
- on the very first run nothing older than the grace window is looked at (an install today
  does not record 2024's reminders as missed), and never more than a year back.

All time comes from the caller (the bot's clock); nothing here sleeps.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.i18n import _, format_date, format_short_date, language
from bot.models import Role, User
from bot.outbox import Outbox
from bot.port import Reply
from bot.reminders import planner
from bot.reminders.audience import Audience, Recipient
from bot.reminders.model import Deadline, ReminderStatus
from bot.reminders.occurrences import DIGEST, OVERDUE, Slot, is_weekend, occurrences
from bot.reminders.planner import Policy
from bot.reminders.repo import DeadlineRepo, ReminderRepo
from bot.reminders.views import Digest, digest_reply, overdue_reply, reminder_reply
from bot.storage.db import Database
from bot.users import UserRepo

log = logging.getLogger(__name__)

CHECKED_UNTIL = "checked_until"
MAX_LOOKBACK = dt.timedelta(days=366)
SlotKey = tuple[int, str, int]


@dataclass
class RunReport:
    sent: int = 0  # log rows written as sent (one per person and slot)
    missed: int = 0  # recorded as missed (beyond the grace window)
    slots: int = 0


@dataclass(frozen=True)
class Preview:
    """Who a deadline will remind at its next occurrence."""

    next_due: dt.date | None
    next_fire: dt.datetime | None
    people: int
    units: int  # units the audience covers
    units_done: int  # of those, units that have already sent the report
    units_unreachable: int  # units with nobody registered in the bot


class ReminderService:
    def __init__(self, db: Database, users: UserRepo, outbox: Outbox, policy: Policy,
                 defaults_file: Path, now: Callable[[], dt.datetime]) -> None:
        self.db, self.users, self.outbox, self.now = db, users, outbox, now
        self.policy = policy
        self.deadlines = DeadlineRepo(db)
        self.log = ReminderRepo(db)
        self.defaults_file = defaults_file
        self._listeners: list[Callable[[], Awaitable[None]]] = []

    # --- deadlines --------------------------------------------------------------------------

    async def load_defaults(self, now: dt.datetime | None = None) -> int:
        """Load the yearly defaults of data/deadlines.toml by key, keeping admins' edits."""
        if not self.defaults_file.exists():
            log.warning("no yearly deadlines file at %s", self.defaults_file)
            return 0
        from bot.forms.loader import load_deadlines
        from bot.forms.periods import seed_deadlines

        return await seed_deadlines(self.db, load_deadlines(self.defaults_file),
                                    now or self.now())

    def listen(self, replan: Callable[[], Awaitable[None]]) -> None:
        """``replan`` is awaited after every change to the deadlines (the scheduler's)."""
        self._listeners.append(replan)

    async def deadlines_changed(self) -> None:
        """Call after any change to ``deadlines`` (admin edits, a plan imported): re-plans."""
        for listener in list(self._listeners):
            await listener()

    async def next_fire(self, after: dt.datetime) -> dt.datetime | None:
        return planner.next_fire(await self.deadlines.active(), self.policy, after)

    # --- sending ----------------------------------------------------------------------------

    async def start(self, now: dt.datetime) -> RunReport:
        """Catch up at start: what fell due while the bot was down (see the module doc)."""
        return await self.send_due(now)

    async def send_due(self, now: dt.datetime) -> RunReport:
        """Send (or record as missed) every slot due by ``now`` not handled yet.

        Workers sharing a database run this one at a time; the second finds the slots logged
        by the first (``reminder_log`` is unique per slot and person) and sends nothing again.
        """
        async with self.db.exclusive("reminders"):
            return await self._send_due(now)

    async def _send_due(self, now: dt.datetime) -> RunReport:
        report = RunReport()
        stored = await self.log.state(CHECKED_UNTIL)
        since = dt.datetime.fromisoformat(stored) if stored else now - self.policy.grace
        since = max(since, now - MAX_LOOKBACK)
        try:
            for slot, deadline in planner.plan(await self.deadlines.active(), self.policy,
                                               since, now):
                report.slots += 1
                await self._handle(slot, deadline, now, report)
        finally:
            if report.sent:
                self.outbox.changed()
        await self.log.set_state(CHECKED_UNTIL, now.isoformat())
        if report.sent or report.missed:
            log.info("reminders: %d queued, %d recorded as missed", report.sent, report.missed)
        return report

    async def _handle(self, slot: Slot, deadline: Deadline, now: dt.datetime,
                      report: RunReport) -> None:
        key: SlotKey = (deadline.id, slot.occurrence.isoformat(), slot.offset)
        targets = await self._targets(slot, deadline)
        done = await self.log.logged(key)
        targets = [t for t in targets if t.user_id not in done]
        if not targets:
            return
        if now - slot.fire_at > self.policy.grace:
            for t in targets:
                await self.log.record(key, t.user_id, t.unit_id, ReminderStatus.MISSED,
                                      slot.fire_at, now)
            report.missed += len(targets)
            return
        build = await self._builder(slot, deadline, now)
        for t in targets:
            user = await self.users.get(t.user_id)
            if user is None:
                continue
            async with self.db.transaction():
                if not await self.log.record(key, t.user_id, t.unit_id, ReminderStatus.SENT,
                                             slot.fire_at, now):
                    continue
                with language(user.language):
                    reply = build(t)
                await self.outbox.enqueue(
                    t.user_id, reply, kind=slot.kind,
                    dedupe_key=f"rm:{deadline.id}:{slot.occurrence.isoformat()}:{slot.offset}")
            report.sent += 1

    async def _targets(self, slot: Slot, deadline: Deadline) -> list[Recipient]:
        if slot.offset == DIGEST:
            return [Recipient(uid, None, None) for uid in await self.users.admin_ids()]
        audience = Audience.parse(deadline.audience)
        if audience.who == "admins":
            return [Recipient(uid, None, None) for uid in await self.users.admin_ids()]
        people = await self.log.recipients(audience)
        if not deadline.report_type:
            return people
        progress = await self.log.progress(deadline.report_type, slot.occurrence.year)
        return [p for p in people if not progress.done(p)]

    async def _builder(self, slot: Slot, deadline: Deadline,
                       now: dt.datetime) -> Callable[[Recipient], Reply]:
        today = now.astimezone(self.policy.tz).date()
        if slot.offset == DIGEST:
            digest = await self.digest(deadline, slot.occurrence)
            return lambda _t: digest_reply(deadline, slot.occurrence, digest)
        if slot.offset == OVERDUE:
            return lambda t: overdue_reply(deadline, slot.occurrence, today,
                                           unit=t.role is Role.LEADER)
        return lambda _t: reminder_reply(deadline, slot.occurrence, today, slot.offset)

    async def digest(self, deadline: Deadline, occurrence: dt.date) -> Digest:
        """Units that have / have not sent the report answering ``deadline`` this time."""
        audience = Audience.parse(deadline.audience)
        units = await self.log.units(audience)
        progress = await self.log.progress(deadline.report_type or "", occurrence.year)
        reachable = await self.log.units_with_people(audience)
        registered = await self.log.units_with_people(Audience("all"))
        sent = {u.id: progress.units[u.id] for u in units if u.id in progress.units}
        missing = [u for u in units if u.id not in sent]
        return Digest(
            total=len(units), on_time=sum(sent.values()), late=len(sent) - sum(sent.values()),
            missing=missing, unreachable={u.id for u in missing if u.id not in reachable},
            registered=frozenset(registered), for_leaders=audience.roles == (Role.LEADER,))

    # --- for people ------------------------------------------------------------------------

    @staticmethod
    def is_occurrence(deadline: Deadline, occurrence: dt.date) -> bool:
        """Whether ``occurrence`` is a due date of ``deadline`` (buttons carry it)."""
        return occurrences(deadline, occurrence, occurrence) == [occurrence]

    async def snooze(self, user: User, deadline: Deadline, occurrence: dt.date, offset: int,
                     now: dt.datetime) -> Reply:
        """Queue the same reminder again for the next working morning at the policy hour.

        Like every reminder it is not sent on a Saturday or Sunday: on a Friday it comes back on
        Monday. When that is after the due date (the last day, or a deadline on a weekend) there
        is no later to remind at. Pressing again the same day snoozes once (the outbox's dedupe
        key holds the date); the queued copy is not checked again against submissions when it
        goes out.
        """
        today = now.astimezone(self.policy.tz).date()
        day = today + dt.timedelta(days=1)
        while is_weekend(day):
            day += dt.timedelta(days=1)
        until = self.policy.fire_time(day)
        if today >= occurrence:
            return Reply(_("This is due today, so there is no later to remind you at. Please "
                           "send it before the end of the day."))
        if day > occurrence:
            return Reply(_("The next working day is after the deadline ({date}), so there is "
                           "no later to remind you at. Please send it before then.").format(
                date=format_short_date(occurrence)))
        with language(user.language):
            reply = reminder_reply(deadline, occurrence, until.date(), offset)
        key = f"rm:later:{deadline.id}:{occurrence.isoformat()}:{offset}:{until.date()}"
        added = await self.outbox.enqueue(user.id, reply, kind="reminder", dedupe_key=key,
                                            not_before=until)
        await self.log.snooze((deadline.id, occurrence.isoformat(), offset), user.id, until)
        self.outbox.changed()
        when = describe_fire(until)
        if not added:
            return Reply(_("You have already asked me to remind you on {when}.").format(
                when=when))
        return Reply(_("All right: I will remind you again on {when}.").format(when=when))

    async def preview(self, deadline: Deadline, now: dt.datetime) -> Preview:
        today = now.astimezone(self.policy.tz).date()
        found = occurrences(deadline, today, dt.date(today.year + 1, 12, 31))
        due = found[0] if found else None
        fire = None
        if due is not None:
            slots = planner.plan([deadline], self.policy, now,
                                 now + dt.timedelta(days=planner.HORIZON_DAYS))
            fire = slots[0][0].fire_at if slots else None
        audience = Audience.parse(deadline.audience)
        if audience.who == "admins":
            return Preview(due, fire, len(await self.users.admin_ids()), 0, 0, 0)
        people = await self.log.recipients(audience)
        units = await self.log.units(audience)
        done = 0
        if deadline.report_type and due is not None:
            progress = await self.log.progress(deadline.report_type, due.year)
            people = [p for p in people if not progress.done(p)]
            done = sum(1 for u in units if u.id in progress.units)
        reachable = await self.log.units_with_people(audience)
        return Preview(due, fire, len(people), len(units), done,
                       sum(1 for u in units if u.id not in reachable))


def describe_fire(fire: dt.datetime | None) -> str:
    """"Thứ Hai, 17 tháng 5, 2027 lúc 08:00" — or that nothing is planned."""
    if fire is None:
        return _("none planned")
    return _("{date} at {time}").format(date=format_date(fire.date()),
                                        time=fire.strftime("%H:%M"))
