"""The admins' deadline management: list, add (yearly or one-off), edit, delete, preview.

Entry: ``/managedeadlines`` or a ``list`` button (``bot.reminders.actions.DEADLINES``). Steps
that need typing (the date, what is due) are the flow ``deadline_admin`` (``steps``); choices
(who, which report, save) are buttons. Every button is checked again here — the dispatcher lets
only admins reach these buttons, and one that does not match the step the admin is on is refused
as stale.
Every change is written to the audit log and re-plans the reminders at once.
"""

from __future__ import annotations

from bot.callbacks import Press, stale
from bot.features.reminders import views
from bot.features.reminders.common import (
    Step,
    deadline_of,
    detail_reply,
    in_flow,
    list_reply,
    report_titles,
    service,
    set_step,
    unit_types,
)
from bot.features.reminders.steps import take, values_of
from bot.i18n import _
from bot.port import Reply
from bot.registry import Ctx
from bot.reminders.audience import Audience, audience_choices


async def manage_command(ctx: Ctx) -> list[Reply]:
    if await in_flow(ctx):  # starting over leaves a half-made deadline behind
        await ctx.core.conversations.clear(ctx.user.id)
    return [await list_reply(ctx)]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    if not ctx.user.is_admin:  # the registry's role check already refuses; never rely on one
        await ctx.core.audit.record(ctx.user.id, "denied",
                                        {"action": ctx.incoming.action[:64]}, ctx.now)
        return [Reply(_("Sorry, that is not available to you."))]
    return await _ACTIONS[press.verb](ctx, press)


# --- buttons -------------------------------------------------------------------------------

async def _list(ctx: Ctx, press: Press) -> list[Reply]:
    return [await list_reply(ctx)]


async def _show(ctx: Ctx, press: Press) -> list[Reply]:
    deadline = await deadline_of(ctx, press)
    if deadline is None:
        return [Reply(_("That deadline no longer exists.")), await list_reply(ctx)]
    return [await detail_reply(ctx, deadline)]


async def _add(ctx: Ctx, press: Press) -> list[Reply]:
    kind = press.text(0)
    await set_step(ctx, Step.DATE, {"mode": "add", "kind": kind})
    return [views.ask_date(kind == "yearly")]


async def _edit(ctx: Ctx, press: Press) -> list[Reply]:
    deadline = await deadline_of(ctx, press)
    field = press.text(1)
    if deadline is None:
        return [stale()]
    data = {"mode": "edit", "id": deadline.id, "kind": deadline.kind}
    await set_step(ctx, Step(field), data)
    if field == "date":
        return [views.ask_date(deadline.yearly)]
    if field == "what":
        return [views.ask_what()]
    if field == "audience":
        return [views.ask_audience(await unit_types(ctx))]
    return [views.ask_report(report_titles(ctx))]


async def _delete(ctx: Ctx, press: Press) -> list[Reply]:
    deadline = await deadline_of(ctx, press)
    return [views.confirm_delete(deadline)] if deadline else [stale()]


async def _delete_ok(ctx: Ctx, press: Press) -> list[Reply]:
    deadline = await deadline_of(ctx, press)
    if deadline is None:
        return [Reply(_("That deadline no longer exists.")), await list_reply(ctx)]
    await service(ctx).deadlines.deactivate(deadline.id, ctx.now)
    await ctx.core.audit.record(ctx.user.id, "deadline_deleted",
                                    {"id": deadline.id, "what": deadline.what}, ctx.now)
    await service(ctx).deadlines_changed()
    return [Reply(_("Deleted. Nobody will be reminded of it any more.")),
            await list_reply(ctx)]


async def _audience(ctx: Ctx, press: Press) -> list[Reply]:
    conv = await in_flow(ctx)
    chosen = Audience.parse(":".join(filter(None, (press.arg(0), press.arg(1)))))
    allowed = audience_choices(await unit_types(ctx))
    if conv is None or conv.state != Step.AUDIENCE or chosen not in allowed:
        return [stale()]
    return await take(ctx, conv, {"audience": chosen.encode()})


async def _report(ctx: Ctx, press: Press) -> list[Reply]:
    conv = await in_flow(ctx)
    type_id = press.text(0)
    if conv is None or conv.state != Step.REPORT or (
            type_id != "-" and type_id not in report_titles(ctx)):
        return [stale()]
    return await take(ctx, conv, {"report_type": None if type_id == "-" else type_id})


async def _save(ctx: Ctx, press: Press) -> list[Reply]:
    conv = await in_flow(ctx)
    if conv is None or conv.state != Step.CONFIRM or conv.data.get("mode") != "add":
        return [stale()]
    values = values_of(conv.data)
    deadline_id = await service(ctx).deadlines.add(values, ctx.now)
    await ctx.core.conversations.clear(ctx.user.id)
    await ctx.core.audit.record(ctx.user.id, "deadline_added",
                                    {"id": deadline_id, **values}, ctx.now)
    await service(ctx).deadlines_changed()
    saved = await service(ctx).deadlines.get(deadline_id)
    assert saved is not None
    return [Reply(_("Saved. The reminders are planned.")), await detail_reply(ctx, saved)]


async def _cancel(ctx: Ctx, press: Press) -> list[Reply]:
    if await in_flow(ctx):
        await ctx.core.conversations.clear(ctx.user.id)
    return [Reply(_("Cancelled. Nothing was changed.")), await list_reply(ctx)]


_ACTIONS = {"list": _list, "show": _show, "add": _add, "edit": _edit, "del": _delete,
            "delok": _delete_ok, "aud": _audience, "rt": _report, "save": _save,
            "cancel": _cancel}
