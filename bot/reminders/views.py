"""The messages the reminders send: built in the recipient's language (call them inside
``bot.i18n.language(...)``), with buttons whose actions the core checks again when pressed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from bot.i18n import _, format_date
from bot.models import Unit
from bot.port import Button, Reply
from bot.reminders.actions import REMINDER
from bot.reminders.model import Deadline

MAX_LISTED = 40  # missing units named in a digest; the rest are counted


def go_action(deadline_id: int, occurrence: dt.date) -> str:
    return REMINDER.build("go", deadline_id, occurrence)


def later_action(deadline_id: int, occurrence: dt.date, offset: int) -> str:
    return REMINDER.build("later", deadline_id, occurrence, offset)


def days_left_text(days: int) -> str:
    if days <= 0:
        return _("Due today: this is the last day.")
    if days == 1:
        return _("1 day left: it is due tomorrow.")
    return _("{n} days left.").format(n=days)


def source_text(deadline: Deadline) -> str:
    if deadline.plan_title:
        return _("Source: {plan}").format(plan=escape(deadline.plan_title))
    if deadline.key:
        return _("Source: the office's yearly schedule")
    return _("Source: set by the office")


def submit_button(deadline: Deadline, occurrence: dt.date) -> Button:
    return Button("📝 " + _("Submit the report now"), go_action(deadline.id, occurrence))


def reminder_reply(deadline: Deadline, occurrence: dt.date, today: dt.date,
                   offset: int) -> Reply:
    """What is due, its weekday and date, days left, the source; submit / remind-me-later."""
    lines = [
        "⏰ <b>" + _("Reminder: {what}").format(what=escape(deadline.what_text())) + "</b>",
        "📅 " + _("Due: {date}").format(date=format_date(occurrence)),
        "⏳ " + days_left_text((occurrence - today).days),
        "📄 " + source_text(deadline),
    ]
    row: list[Button] = []
    if deadline.report_type:
        row.append(submit_button(deadline, occurrence))
    if occurrence > today:  # on the last day there is no "later" left to remind at
        row.append(Button("🔔 " + _("Remind me later"),
                          later_action(deadline.id, occurrence, offset)))
    return Reply("\n".join(lines), buttons=[row] if row else [])


def overdue_reply(deadline: Deadline, occurrence: dt.date, today: dt.date, *,
                  unit: bool) -> Reply:
    late = (today - occurrence).days
    when = (_("It was due yesterday, {date}.") if late <= 1
            else _("It was due on {date} ({n} days ago)."))
    lines = [
        "⚠️ <b>" + _("Overdue: {what}").format(what=escape(deadline.what_text())) + "</b>",
        when.format(date=format_date(occurrence), n=late),
        _("Your unit has not sent it yet.") if unit else _("You have not sent it yet."),
        _("Please send it as soon as you can."),
    ]
    return Reply("\n".join(lines), buttons=[[submit_button(deadline, occurrence)]])


@dataclass(frozen=True)
class Digest:
    total: int
    on_time: int
    late: int
    missing: list[Unit]
    unreachable: set[str]  # ids of missing units nobody the reminder is for can be reached in
    registered: frozenset[str] = frozenset()  # ids of units with anyone registered in the bot
    for_leaders: bool = True  # the reminder goes to the units' leaders only

    @property
    def submitted(self) -> int:
        return self.on_time + self.late


def unreachable_note(digest: Digest, unit_id: str) -> str:
    """Why nobody at a unit gets the reminder: nobody uses the bot there, or only people the
    reminder is not for (a unit with teachers registered but no leader)."""
    if unit_id not in digest.unreachable:
        return ""
    if unit_id not in digest.registered:
        return _("(nobody registered in the bot)")
    if digest.for_leaders:
        return _("(no leader registered in the bot; only staff)")
    return _("(nobody it is for registered in the bot)")


def digest_reply(deadline: Deadline, occurrence: dt.date, digest: Digest) -> Reply:
    lines = [
        "📊 <b>" + _("Summary: {what}").format(what=escape(deadline.what_text())) + "</b>",
        _("Due: {date}").format(date=format_date(occurrence)),
        _("Sent: {done}/{total} units (on time: {on_time}, late: {late}).").format(
            done=digest.submitted, total=digest.total, on_time=digest.on_time,
            late=digest.late),
    ]
    if digest.missing:
        lines.append(_("Not sent yet ({n}):").format(n=len(digest.missing)))
        for unit in digest.missing[:MAX_LISTED]:
            note = unreachable_note(digest, unit.id)
            lines.append(f"• {escape(unit.name)}" + (f" {note}" if note else ""))
        if len(digest.missing) > MAX_LISTED:
            lines.append(_("… and {n} more.").format(n=len(digest.missing) - MAX_LISTED))
    else:
        lines.append(_("Every unit has sent it."))
    return Reply("\n".join(lines))
