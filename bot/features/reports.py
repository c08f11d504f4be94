"""Reports: /report, /myreports, /unit, the buttons of the report form, and the form itself as
the flow ``report`` (its /back, /skip and /done too). The form is ``bot.forms.ReportService``;
this module only routes to it."""

from __future__ import annotations

from bot.callbacks import Press
from bot.core import Core
from bot.forms.actions import REPORT, Action
from bot.forms.repo import FORM_FLOW
from bot.forms.service import ReportService
from bot.i18n import N_, _
from bot.models import Role
from bot.port import Reply
from bot.registry import Ctx, Registry

MEMBERS = {Role.STAFF, Role.LEADER}


def register(r: Registry, core: Core) -> None:
    r.command("report", N_("Send a report (interim, year-end, title registration, …)"),
              start, roles=MEMBERS)
    r.command("myreports", N_("Your reports and their status"), mine, roles=MEMBERS)
    r.command("unit", N_("All of your unit's reports"), unit, roles={Role.LEADER})
    for name, alias in (("back", "quaylai"), ("skip", "boqua"), ("done", "xong")):
        r.command(name, N_("Inside a report: previous question, skip, no more files"),
                  form_command, in_menu=False, aliases=(alias,))
    r.action(REPORT, on_action, roles=MEMBERS)
    r.flow(FORM_FLOW, on_text, on_file, roles=MEMBERS, on_cancel=on_cancel,
           here=core.reports.flow.here)


def _service(ctx: Ctx) -> ReportService:
    return ctx.core.reports


async def start(ctx: Ctx) -> list[Reply]:
    return await _service(ctx).start(ctx.user, ctx.now)


async def mine(ctx: Ctx) -> list[Reply]:
    return [await _service(ctx).sent.mine(ctx.user)]


async def unit(ctx: Ctx) -> list[Reply]:
    return [await _service(ctx).sent.of_unit(ctx.user)]


async def form_command(ctx: Ctx) -> list[Reply]:
    replies = await _service(ctx).on_command(ctx.user, ctx.now, ctx.incoming.command)
    if replies is None:
        return [Reply(_("That only works while you are filling in a report. Send /report to "
                        "start one."))]
    return replies


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    return await _service(ctx).on_press(ctx.user, ctx.now, Action.of(press))


async def on_text(ctx: Ctx) -> list[Reply]:
    service = _service(ctx)
    if not await service.in_flow(ctx.user):
        return await _left(ctx)
    return await service.on_text(ctx.user, ctx.now, ctx.incoming.text)


async def on_file(ctx: Ctx) -> list[Reply]:
    service, file = _service(ctx), ctx.incoming.file
    if file is None or not await service.in_flow(ctx.user):
        return await _left(ctx)
    return await service.on_file(ctx.user, ctx.now, file, ctx.incoming.channel)


async def on_cancel(ctx: Ctx) -> list[Reply]:
    service = _service(ctx)
    if not await service.in_flow(ctx.user):
        return []
    return await service.cancel(ctx.user)


async def _left(ctx: Ctx) -> list[Reply]:
    """The draft was ended from elsewhere (another app of a linked account): the form is left,
    and the message is taken as if no flow were open."""
    await ctx.core.conversations.leave(ctx.user.id, FORM_FLOW)
    return await ctx.core.registry.outside_flow(ctx)
