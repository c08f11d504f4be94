"""/stats: who has reported. Admins see every unit, with a chart and a button to remind just
the missing ones; a leader sees only their own unit."""

from __future__ import annotations

import datetime as dt
from html import escape

from bot import confirm
from bot.admin.actions import REVIEW
from bot.admin.chart import render_chart
from bot.admin.stats import DeadlineStats, current_stats, deadline_stats, unit_status
from bot.callbacks import DATE, INT, Codec, Press, stale
from bot.core import Core
from bot.forms.status import STATUS_NAMES, status_name
from bot.i18n import N_, _, format_date, language
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx, Registry
from bot.reminders.model import Deadline
from bot.reminders.views import reminder_reply

MAX_LISTED = 15


BUTTONS = Codec("st", 1, {
    "remind": (INT, DATE),  # remind the units missing this deadline's occurrence? (asks)
    "go": (INT, DATE),  # yes, remind them
    "no": (),
})


def register(r: Registry, core: Core) -> None:
    r.command("stats", N_("Who has reported, deadline by deadline"), show,
              roles={Role.ADMIN, Role.LEADER})
    r.action(BUTTONS, on_action, roles={Role.ADMIN})


async def show(ctx: Ctx) -> list[Reply]:
    if not ctx.user.is_admin:
        return [await _own_unit(ctx)]
    stats = await current_stats(ctx.core.reminders, ctx.core.submissions, ctx.today)
    if not stats:
        return [Reply(_("No deadline with a report is current just now. Send /deadlines to "
                        "see what is coming."))]
    replies = [_block(s, _period_name(ctx.core, s.deadline, s.occurrence)) for s in stats]
    chart = ctx.core.config.bot.files_dir / "charts" / f"stats-{ctx.now:%Y%m%d%H%M%S}.png"
    replies.append(Reply(_("Units that have sent, by unit type."),
                         photo=render_chart(stats, chart)))
    return replies


def _period_name(core: Core, deadline: Deadline, occurrence: dt.date) -> str:
    """"Sơ kết 6 tháng đầu năm 2026": the period as the report type names it."""
    types = core.report_types
    rt = types.get(deadline.report_type) if types is not None else None
    return rt.period_name(str(occurrence.year)) if rt is not None else str(occurrence.year)


def _block(s: DeadlineStats, period: str) -> Reply:
    d = s.digest
    lines = [
        "📊 <b>" + escape(s.deadline.what_text()) + "</b>",
        _("Period: {period}").format(period=escape(period)),
        _("Due: {date}").format(date=format_date(s.occurrence)),
        _("Sent: {done}/{total} units (on time: {on_time}, late: {late}).").format(
            done=d.submitted, total=d.total, on_time=d.on_time, late=d.late),
        _("By unit type: {types}").format(types=", ".join(
            f"{t} {done}/{total}" for t, (done, total) in sorted(s.by_type.items()))),
    ]
    if s.statuses:
        lines.append(_("Review: {statuses}").format(statuses=", ".join(
            f"{status_name(k)} {n}" for k, n in sorted(s.statuses.items())
            if k in STATUS_NAMES)))
    buttons: list[list[Button]] = []
    if s.missing:
        lines.append(_("Not sent yet ({n}):").format(n=len(s.missing)))
        lines += [f"• {escape(u.name)}" for u in s.missing[:MAX_LISTED]]
        if len(s.missing) > MAX_LISTED:
            lines.append(_("… and {n} more.").format(n=len(s.missing) - MAX_LISTED))
        buttons.append([Button(_("🔔 Remind the {n} missing units").format(n=len(s.missing)),
                               BUTTONS.build("remind", s.deadline.id, s.occurrence))])
    else:
        lines.append(_("Every unit has sent it."))
    if d.submitted:
        buttons.append([Button(_("📋 Submissions"),
                               REVIEW.build("list", s.deadline.report_type, s.occurrence.year))])
    return Reply("\n".join(lines), buttons=buttons)


async def _own_unit(ctx: Ctx) -> Reply:
    unit = ctx.user.unit
    if unit is None:
        return Reply(_("You are not a member of any unit."))
    lines = [_("<b>{unit}</b>: reports for the current deadlines").format(unit=escape(unit.name))]
    for s in await unit_status(ctx.core.reminders, ctx.core.submissions, unit.id,
                               ctx.today):
        what = escape(_period_name(ctx.core, s.deadline, s.occurrence))
        if s.status is None:
            days = (s.occurrence - ctx.today).days
            state = (_("not sent — due {date} ({days} days left)").format(
                date=format_date(s.occurrence), days=days) if days >= 0 else
                _("not sent — was due {date}").format(date=format_date(s.occurrence)))
        else:
            timing = _("on time") if s.on_time else _("late")
            state = _("sent ({timing}), {status}, receipt {receipt}").format(
                timing=timing, status=status_name(s.status), receipt=s.receipt)
        lines.append(f"• {what}: {state}")
    if len(lines) == 1:
        lines.append(_("No deadline with a report is current just now."))
    return Reply("\n".join(lines))


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    """``remind`` asks first; ``go`` (its "Yes") reminds; ``no`` does nothing."""
    if press.verb == "no":
        return [Reply(_("Cancelled. No reminder was sent."), edit=True)]
    reminders = ctx.core.reminders
    deadline = await reminders.deadlines.get(press.integer(0))
    occurrence = press.date(1)
    if deadline is None or not reminders.is_occurrence(deadline, occurrence):
        return [stale()]
    if press.verb == "remind":
        return [await ask_to_remind(ctx, deadline, occurrence)]
    reply = await remind_missing(ctx, deadline, occurrence)
    reply.edit = True
    return [reply]


async def ask_to_remind(ctx: Ctx, deadline: Deadline, occurrence: dt.date) -> Reply:
    s = await deadline_stats(ctx.core.reminders, ctx.core.submissions, deadline, occurrence)
    if not s.missing:
        return Reply(_("Every unit has sent it."))
    question = _("Remind the {n} units that have not sent it yet?").format(n=len(s.missing))
    return confirm.ask(f"{question}\n<i>{escape(deadline.what_text())}</i>",
                       BUTTONS.build("go", deadline.id, occurrence), BUTTONS.build("no"))


async def remind_missing(ctx: Ctx, deadline: Deadline, occurrence: dt.date) -> Reply:
    """Remind the leaders of the units still missing; twice the same day reminds once."""
    s = await deadline_stats(ctx.core.reminders, ctx.core.submissions, deadline, occurrence)
    leaders = await ctx.core.users.members(unit_ids=[u.id for u in s.missing],
                                               roles=[Role.LEADER])
    queued = 0
    for uid in leaders:
        user = await ctx.core.users.get(uid)
        if user is None:
            continue
        with language(user.language):
            reply = reminder_reply(deadline, occurrence, ctx.today, 0)
        queued += await ctx.core.outbox.enqueue(
            uid, reply, kind="reminder",
            dedupe_key=f"st:remind:{deadline.id}:{occurrence}:{ctx.today}")
    ctx.core.outbox.changed()
    await ctx.core.audit.record(ctx.user.id, "remind_missing", {
        "deadline": deadline.id, "occurrence": occurrence.isoformat(), "queued": queued}, ctx.now)
    return Reply(_("Reminder queued for {n} leaders of {units} units that have not sent it.")
                 .format(n=queued, units=len(s.missing)))
