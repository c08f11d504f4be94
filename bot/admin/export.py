"""The spreadsheet: one sheet per report type, one row per unit or submitter (latest version),
one column per form field, plus who, when, on time or late, review status and file names; a
contents sheet naming every sheet in full, and a "not sent" sheet of the units missing for each
period with their leaders.

Units and people are in Vietnamese order (``bot.collation``). Numbers and dates are real cells;
every text cell is written as text, never as a formula, whatever a user typed (a name
``=HYPERLINK(…)`` stays a name). In CSV, a value starting with ``= + - @``, a tab or a CR gets
a leading apostrophe, as spreadsheet programs expect.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.admin.bundle import zip_entry
from bot.admin.missing import MissingUnit, missing_units
from bot.forms.fields import FieldKind, FieldSpec
from bot.forms.schema import ReportType, ReportTypeRegistry, Scope
from bot.forms.status import status_name
from bot.forms.submissions import SubmissionRepo
from bot.i18n import _
from bot.units import UnitRepo

MAX_WIDTH = 60
SHEET_NAME_MAX = 31
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    sheets: int
    submission_ids: tuple[int, ...] = ()


def fixed_headers() -> list[str]:
    return [_("Unit code"), _("Unit"), _("Unit type"), _("Submitted by"), _("Period"),
            _("Receipt"), _("Version"), _("Submitted at"), _("On time"), _("Status"),
            _("Review comment")]


async def file_names(submissions: SubmissionRepo, submission_ids: Iterable[int], *,
                     in_zip: bool = False) -> dict[int, list[str]]:
    """Each submission's files: their original names, or where they are in the ZIP."""
    found: dict[int, list[str]] = {}
    for r in await submissions.bundle_files(submission_ids):
        name = zip_entry(r["unit_name"], r["receipt"], r["field_key"], r["seq"],
                         r["many"] > 1, r["name"]) if in_zip else r["name"]
        found.setdefault(r["submission_id"], []).append(name)
    return found


def cell_value(spec: FieldSpec, value: Any) -> Any:
    """A form answer as a spreadsheet cell: numbers stay numbers, dates dates."""
    if value is None:
        return None
    if spec.kind is FieldKind.CHOICE:
        option = spec.option(str(value))
        return option.label.get() if option else str(value)
    if spec.kind is FieldKind.YES_NO:
        return _("Yes") if value else _("No")
    if spec.kind is FieldKind.DATE:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    if spec.is_file and isinstance(value, list):
        return ", ".join(str(f.get("name") or "?") for f in value)
    return value


def row_values(rt: ReportType, row: Any, files: list[str], tz: dt.tzinfo) -> list[Any]:
    answers = json.loads(row["answers"])
    submitted = dt.datetime.fromisoformat(row["submitted_at"]).astimezone(tz)
    fixed = [row["unit_id"], row["unit_name"], row["unit_type"], row["submitter_name"],
             rt.period_name(row["period"]), row["receipt"], row["version"],
             submitted.replace(tzinfo=None),
             _("no deadline") if row["due_date"] is None
             else _("on time") if row["on_time"] else _("late"),
             status_name(row["status"]), row["review_comment"] or ""]
    return fixed + [cell_value(f, answers.get(f.key)) for f in rt.fields] + [", ".join(files)]


def headers(rt: ReportType) -> list[str]:
    return fixed_headers() + [f.label.get() for f in rt.fields] + [_("Attached files")]


async def export(submissions: SubmissionRepo, units: UnitRepo, registry: ReportTypeRegistry,
                 folder: Path, *, tz: dt.tzinfo,
                 report_type: str | None = None, period: str | None = None,
                 fmt: str = "xlsx", stamp: str = "", in_zip: bool = False) -> ExportResult:
    """The workbook (or CSV); ``in_zip``: it goes in a ZIP with the files, so the files
    column says where each one is in the ZIP."""
    types = [registry.get(report_type)] if report_type else registry.all()
    chosen = [t for t in types if t is not None]
    folder.mkdir(parents=True, exist_ok=True)
    sheets: list[tuple[ReportType, list[list[Any]]]] = []
    ids: list[int] = []
    for rt in chosen:
        rows = await submissions.latest_rows(rt.id, period)
        ids += [r["id"] for r in rows]
        files = await file_names(submissions, (r["id"] for r in rows), in_zip=in_zip)
        sheets.append((rt, [row_values(rt, r, files.get(r["id"], []), tz) for r in rows]))
    name = f"bao-cao-{report_type or 'tat-ca'}-{period or 'moi-nam'}{stamp}"
    total = sum(len(rows) for _rt, rows in sheets)
    # Writing is CPU work of seconds for thousands of rows: off the event loop, so the bot
    # keeps answering everyone else meanwhile.
    if fmt == "csv" and len(sheets) == 1:
        path = folder / f"{name}.csv"
        await asyncio.to_thread(write_csv, path, headers(sheets[0][0]), sheets[0][1])
        return ExportResult(path, total, 1, tuple(ids))
    missing = await missing_units(submissions, units,
                                  [rt for rt in chosen if rt.scope is Scope.UNIT], period)
    path = folder / f"{name}.xlsx"
    await asyncio.to_thread(write_xlsx, path, named_sheets(sheets), missing_sheet(missing))
    return ExportResult(path, total, len(sheets), tuple(ids))


def named_sheets(sheets: list[tuple[ReportType, list[list[Any]]]]
                 ) -> list[tuple[str, str, list[str], list[list[Any]]]]:
    """(sheet name, full title, headers, rows): the title when it fits Excel's 31 characters,
    else a short code ("Loại 2") that the contents sheet explains; never a word cut in two."""
    named = []
    used: set[str] = set()
    for n, (rt, rows) in enumerate(sheets, start=1):
        title = rt.title.get()
        clean = "".join("-" if c in "[]:*?/\\" else c for c in title).strip()
        sheet = clean if 0 < len(clean) <= SHEET_NAME_MAX and clean not in used else (
            _("Type {n}").format(n=n))
        used.add(sheet)
        named.append((sheet, title, headers(rt), rows))
    return named


def missing_sheet(missing: list[MissingUnit]) -> tuple[list[str], list[list[Any]]]:
    head = [_("Report"), _("Period"), _("Unit code"), _("Unit"), _("Unit type"), _("Leaders"),
            _("Reachable on")]
    rows = [[m.report_title, m.period, m.unit.id, m.unit.name, m.unit.type.value,
             "; ".join(m.leaders) or _("no leader registered in the bot"),
             "; ".join(m.contacts)] for m in missing]
    return head, rows


def csv_safe(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def write_csv(path: Path, head: list[str], rows: list[list[Any]]) -> None:
    """UTF-8 with a BOM, so Excel shows Vietnamese correctly when it opens the file."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([csv_safe(h) for h in head])
        for row in rows:
            writer.writerow([csv_safe(v) for v in row])


def write_xlsx(path: Path, sheets: list[tuple[str, str, list[str], list[list[Any]]]],
               missing: tuple[list[str], list[list[Any]]] | None = None) -> None:
    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    contents = wb.create_sheet(_("Contents"))
    _append(contents, [_("Sheet"), _("Report"), _("Rows")])
    for sheet, title, _head, rows in sheets:
        _append(contents, [sheet, title, len(rows)])
    if missing is not None:
        _append(contents, [_("Not sent"), _("Units that have not sent a report, per period"),
                           len(missing[1])])
    _style(contents, [_("Sheet"), _("Report"), _("Rows")], [])
    for sheet, _title, head, rows in sheets:
        ws = wb.create_sheet(sheet)
        _append(ws, head)
        for row in rows:
            _append(ws, row)
        _style(ws, head, rows)
    if missing is not None:
        ws = wb.create_sheet(_("Not sent"))
        _append(ws, missing[0])
        for row in missing[1]:
            _append(ws, row)
        _style(ws, missing[0], missing[1])
    wb.save(path)


def _append(ws: Any, values: list[Any]) -> None:
    """A row whose texts are texts: openpyxl would store "=1+2" as a live formula. The cells
    are made before the row is added (looking the row up afterwards scans the whole sheet)."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = Cell(ws, value=value)
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    ws.append(row)


def _style(ws: Any, head: list[str], rows: list[list[Any]]) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for i, title in enumerate(head, start=1):
        longest = max([len(str(title))] + [len(_cell_text(r[i - 1])) for r in rows[:500]])
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(10, longest + 2))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, dt.date):
        return "00/00/0000"
    return "" if value is None else str(value)
