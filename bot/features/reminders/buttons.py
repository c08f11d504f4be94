"""The buttons on a reminder (``bot.reminders.actions.REMINDER``): ``go`` ("Submit the report
now") and ``later`` ("Remind me later"), each with the deadline and the due date, for the people
the deadline reminds; checked again when pressed."""

from __future__ import annotations

import datetime as dt
from html import escape

from bot.callbacks import Press, stale
from bot.i18n import _
from bot.port import Reply
from bot.registry import Ctx
from bot.reminders.audience import Audience
from bot.reminders.model import Deadline


async def _target(ctx: Ctx, press: Press) -> tuple[Deadline, dt.date] | Reply:
    """The deadline and occurrence a reminder button names, if it still applies to the user."""
    deadline_id, occurrence = press.integer(0), press.date(1)
    service = ctx.core.reminders
    deadline = await service.deadlines.get(deadline_id)
    if deadline is None or not deadline.active or not service.is_occurrence(
            deadline, occurrence):
        return Reply(_("This reminder is out of date: that deadline has been changed or "
                       "removed. Send /deadlines to see the current ones."))
    if not Audience.parse(deadline.audience).includes(ctx.user):
        await ctx.core.audit.record(ctx.user.id, "denied",
                                        {"action": ctx.incoming.action[:64]}, ctx.now)
        return Reply(_("Sorry, that is not available to you."))
    return deadline, occurrence


async def on_reminder_button(ctx: Ctx, press: Press) -> list[Reply]:
    found = await _target(ctx, press)
    if isinstance(found, Reply):
        return [found]
    deadline, occurrence = found
    if press.verb == "go":
        return await submit_now(ctx, deadline, occurrence)
    service = ctx.core.reminders
    offset = press.integer(2)
    if offset not in service.policy.offsets:
        return [stale()]
    return [await service.snooze(ctx.user, deadline, occurrence, offset, ctx.now)]


async def submit_now(ctx: Ctx, deadline: Deadline,
                     occurrence: dt.date | None = None) -> list[Reply]:
    """Open the report that answers ``deadline``, for the period of ``occurrence`` where it
    may still be sent (the report service checks the role and the period again)."""
    what = escape(deadline.what_text())
    if not deadline.report_type:
        return [Reply(_("There is no report to send through the bot for {what}. Please send "
                        "it the way the office asked.").format(what=what))]
    reports = ctx.core.reports
    report_type = reports.types.get(deadline.report_type)
    if report_type is None or not report_type.allows(ctx.user):
        return [Reply(_("Sorry, your role cannot send this report."))]
    period = str(occurrence.year) if occurrence is not None else None
    replies: list[Reply] = await reports.start(ctx.user, ctx.now, deadline.report_type,
                                               period=period)
    return replies
