"""Reports through conversation flows: /report, /myreports, /unit, and the form's /back, /skip
and /done. The flow itself is ``bot.forms.ReportService``; this module only routes to it."""

from __future__ import annotations

from bot.admin.digest import NoticeMode, OfficeNotices
from bot.callbacks import Press
from bot.forms.actions import REPORT, Action
from bot.forms.files import FileStore
from bot.forms.loader import load_registry
from bot.forms.service import ReportService
from bot.i18n import N_, _
from bot.models import Role
from bot.port import Reply
from bot.registry import Ctx
from bot.services import Services, need

MEMBERS = {Role.STAFF, Role.LEADER}


def register(services: Services) -> None:
    types = load_registry()
    store = FileStore(services.config.bot.files_dir, services.downloaders)
    office = OfficeNotices(services.db, services.users, types,
                           NoticeMode.EACH if services.config.office.notify_every_submission
                           else NoticeMode.DIGEST)
    reports = ReportService(services.db, types, store, services.outbox, office)
    services.reports, services.report_types, services.office_notices = reports, types, office
    r = services.registry
    r.command("report", N_("Send a report (interim, year-end, title registration, …)"),
              start, roles=MEMBERS)
    r.command("myreports", N_("Your reports and their status"), mine, roles=MEMBERS)
    r.command("unit", N_("All of your unit's reports"), unit, roles={Role.LEADER})
    for name, alias in (("back", "quaylai"), ("skip", "boqua"), ("done", "xong")):
        r.command(name, N_("Inside a report: previous question, skip, no more files"),
                  form_command, in_menu=False, aliases=(alias,))
    r.action(REPORT, on_action, roles=MEMBERS)
    services.text_fallbacks.append(on_text)
    services.file_fallbacks.append(on_file)
    services.cancel_hooks.append(on_cancel)
    services.resume_hooks.append(reports.flow.here)


def _service(ctx: Ctx) -> ReportService:
    return need(ctx.services.reports, "reports")


async def start(ctx: Ctx) -> list[Reply]:
    return await _service(ctx).start(ctx.user, ctx.now)


async def mine(ctx: Ctx) -> list[Reply]:
    return [await _service(ctx).my_reports(ctx.user)]


async def unit(ctx: Ctx) -> list[Reply]:
    return [await _service(ctx).unit_reports(ctx.user)]


async def form_command(ctx: Ctx) -> list[Reply]:
    replies = await _service(ctx).on_command(ctx.user, ctx.now, ctx.incoming.command)
    if replies is None:
        return [Reply(_("That only works while you are filling in a report. Send /report to "
                        "start one."))]
    return replies


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    return await _service(ctx).on_press(ctx.user, ctx.now, Action.of(press))


async def on_text(ctx: Ctx) -> list[Reply] | None:
    service = _service(ctx)
    if ctx.user.role is None or not await service.in_flow(ctx.user):
        return None
    return await service.on_text(ctx.user, ctx.now, ctx.incoming.text)


async def on_file(ctx: Ctx) -> list[Reply] | None:
    service = _service(ctx)
    file = ctx.incoming.file
    if file is None or ctx.user.role is None or not await service.in_flow(ctx.user):
        return None
    return await service.on_file(ctx.user, ctx.now, file, ctx.incoming.channel)


async def on_cancel(ctx: Ctx) -> list[Reply]:
    service = _service(ctx)
    if ctx.user.role is None or not await service.in_flow(ctx.user):
        return []
    return await service.cancel(ctx.user)
