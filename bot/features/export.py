"""/export: choose a report type (or all) and a period (or all), get the XLSX workbook, a CSV
of one type, or a ZIP of the workbook with every attached file (in parts under Telegram's
50 MB). Admins only."""

from __future__ import annotations

import asyncio

from bot.admin.bundle import submission_files, write_parts
from bot.admin.export import export
from bot.callbacks import KEY, WORD, Codec, Press, choice, stale
from bot.core import Core
from bot.forms.schema import ReportTypeRegistry
from bot.i18n import N_, _
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

ALL = "all"
BUTTONS = Codec("ex", 1, {
    "t": (WORD,),  # a report type (or all): which period?
    "p": (WORD, KEY),  # and a period (or all): which format?
    "f": (WORD, KEY, choice("xlsx", "csv", "zip")),  # export
})


def register(r: Registry, core: Core) -> None:
    r.command("export", N_("Export the reports to a spreadsheet"), start,
              roles={Role.ADMIN})
    r.action(BUTTONS, on_action, roles={Role.ADMIN})


def _types(core: Core) -> ReportTypeRegistry:
    return core.report_types


async def start(ctx: Ctx) -> list[Reply]:
    buttons = [[Button(rt.title.get()[:60], BUTTONS.build("t", rt.id))]
               for rt in _types(ctx.core).all()]
    buttons.append([Button(_("All report types"), BUTTONS.build("t", ALL))])
    return [Reply(_("Which reports do you want to export?"), buttons=buttons)]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    type_id = press.text(0)
    if type_id != ALL and _types(ctx.core).get(type_id) is None:
        return [stale()]
    periods = sorted({p for t, p, _n in await ctx.core.submissions.periods()
                      if type_id in (ALL, t)}, reverse=True)
    if press.verb == "t":
        buttons = [[Button(p, BUTTONS.build("p", type_id, p)) for p in periods[:6]]]
        buttons.append([Button(_("All years"), BUTTONS.build("p", type_id, ALL))])
        return [Reply(_("Which period?"), buttons=buttons, edit=True)]
    period = press.text(1)
    if period != ALL and period not in periods:
        return [stale()]
    if press.verb == "p":
        row = [Button(_("Excel (XLSX)"), BUTTONS.build("f", type_id, period, "xlsx"))]
        if type_id != ALL:
            row.append(Button("CSV", BUTTONS.build("f", type_id, period, "csv")))
        zipped = [Button(_("📦 Excel with the attached files (ZIP)"),
                         BUTTONS.build("f", type_id, period, "zip"))]
        return [Reply(_("Which format?"), buttons=[row, zipped], edit=True)]
    return await _export(ctx, type_id, period, press.text(2))


async def _export(ctx: Ctx, type_id: str, period: str, fmt: str) -> list[Reply]:
    config = ctx.core.config
    folder = config.bot.files_dir / "exports"
    result = await export(
        ctx.core.submissions, ctx.core.units, _types(ctx.core), folder, tz=config.bot.tz,
        report_type=None if type_id == ALL else type_id,
        period=None if period == ALL else period, fmt="csv" if fmt == "csv" else "xlsx",
        stamp=f"-{ctx.now:%Y%m%d-%H%M%S}", in_zip=fmt == "zip",
    )
    await ctx.core.audit.record(ctx.user.id, "export", {
        "report_type": type_id, "period": period, "format": fmt, "rows": result.rows}, ctx.now)
    text = _("Here is the export: {rows} reports on {sheets} sheets.").format(
        rows=result.rows, sheets=result.sheets)
    if fmt != "zip":
        return [Reply(text, document=result.path, document_name=result.path.name, edit=True)]
    files = await submission_files(ctx.core.submissions, config.bot.files_dir,
                                   result.submission_ids)
    limit = int(config.office.zip_part_mb * 1024 * 1024)
    parts = await asyncio.to_thread(write_parts, result.path, result.path, files, limit)
    result.path.unlink(missing_ok=True)
    text += "\n" + _("With {files} attached files, in {parts} ZIP file(s); each unit has its "
                     "own folder.").format(files=len(files), parts=len(parts))
    return [Reply(text, edit=True)] + [
        Reply(_("Part {n} of {total}").format(n=n, total=len(parts)) if len(parts) > 1 else "",
              document=path, document_name=path.name)
        for n, path in enumerate(parts, start=1)]
