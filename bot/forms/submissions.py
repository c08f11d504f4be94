"""The repository of submissions as the office reads them: review, statistics, the export and
its files. Which version of a submission is the latest is decided here, in ``_IS_LATEST``, and
nowhere else (``ReportRepo`` writes submissions and serves their authors).

Statuses: ``bot.forms.status.SubmissionStatus``; a unit that has sent nothing has none. Only
the latest version of a submission can be reviewed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.collation import sort_key
from bot.forms.status import SubmissionStatus
from bot.storage.db import Database, Row

# The one "latest version" predicate: ``s`` is the latest version of its
# (report type, period, scope) — one per unit, person or entry.
_IS_LATEST = (
    "s.version = (SELECT MAX(version) FROM submissions x WHERE x.report_type = s.report_type"
    " AND x.period = s.period AND x.scope_key = s.scope_key)"
)
_SELECT = (
    f"SELECT s.*, u.name AS unit_name, u.type AS unit_type, ({_IS_LATEST}) AS latest"
    " FROM submissions s JOIN units u ON u.id = s.unit_id"
)
_FILES = (
    "SELECT f.submission_id, f.field_key, f.seq, f.name, f.size, f.path, s.receipt,"
    " u.name AS unit_name, (SELECT COUNT(*) FROM submission_files g WHERE"
    " g.submission_id = f.submission_id AND g.field_key = f.field_key) AS many"
    " FROM submission_files f JOIN submissions s ON s.id = f.submission_id"
    " JOIN units u ON u.id = s.unit_id"
)
CHUNK = 500  # ids per IN (…) list


@dataclass(frozen=True)
class ReviewedSubmission:
    id: int
    receipt: str
    report_type: str
    period: str
    version: int
    latest: bool
    unit_id: str
    unit_name: str
    user_id: int | None
    submitter_name: str
    submitted_at: dt.datetime
    on_time: bool
    status: SubmissionStatus
    review_comment: str | None
    answers: dict[str, Any]
    has_deadline: bool = True  # False: "no deadline", never "on time"


@dataclass(frozen=True)
class UnitLatest:
    receipt: str
    status: str
    on_time: bool


def _reviewed(r: Row) -> ReviewedSubmission:
    return ReviewedSubmission(
        id=r["id"], receipt=r["receipt"], report_type=r["report_type"], period=r["period"],
        version=r["version"], latest=bool(r["latest"]), unit_id=r["unit_id"],
        unit_name=r["unit_name"], user_id=r["user_id"], submitter_name=r["submitter_name"],
        submitted_at=dt.datetime.fromisoformat(r["submitted_at"]), on_time=bool(r["on_time"]),
        status=SubmissionStatus(r["status"]), review_comment=r["review_comment"],
        answers=json.loads(r["answers"]), has_deadline=r["due_date"] is not None,
    )


class SubmissionRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, submission_id: int) -> ReviewedSubmission | None:
        row = await self.db.fetchone(_SELECT + " WHERE s.id = ?", (submission_id,))
        return _reviewed(row) if row else None

    async def latest_rows(self, report_type: str, period: str | None) -> list[Row]:
        """The latest version per unit/person/entry of one report type (one period, or
        all), with the unit's name and type; by period, then unit and submitter in
        Vietnamese order."""
        sql = _SELECT + f" WHERE s.report_type = ? AND {_IS_LATEST}"
        params: list[Any] = [report_type]
        if period is not None:
            sql += " AND s.period = ?"
            params.append(period)
        rows = await self.db.fetchall(sql + " ORDER BY s.submitted_at, s.id", params)
        return sorted(rows, key=lambda r: (r["period"], sort_key(r["unit_name"]),
                                           sort_key(r["submitter_name"])))

    async def latest(self, report_type: str, period: str) -> list[ReviewedSubmission]:
        """The latest versions of one report type and period, units in Vietnamese order."""
        rows = await self.latest_rows(report_type, period)
        found = [_reviewed(r) for r in rows]
        return sorted(found, key=lambda s: (sort_key(s.unit_name), sort_key(s.submitter_name)))

    async def periods(self) -> list[tuple[str, str, int]]:
        """(report type, period, number of latest submissions), newest period first."""
        rows = await self.db.fetchall(
            "SELECT report_type, period, COUNT(DISTINCT scope_key) AS n FROM submissions"
            " GROUP BY report_type, period ORDER BY period DESC, report_type"
        )
        return [(r["report_type"], r["period"], r["n"]) for r in rows]

    async def periods_of(self, report_type: str, unit_id: str | None = None) -> list[str]:
        """The periods with submissions of ``report_type`` (from ``unit_id``)."""
        sql = "SELECT DISTINCT period FROM submissions WHERE report_type = ?"
        params: list[object] = [report_type]
        if unit_id is not None:
            sql, params = sql + " AND unit_id = ?", [*params, unit_id]
        return [str(r["period"]) for r in await self.db.fetchall(sql, params)]

    async def sent_units(self, report_type: str) -> list[tuple[str, str]]:
        """(period, unit id) of every unit that has sent ``report_type``, any version."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT period, unit_id FROM submissions WHERE report_type = ?",
            (report_type,))
        return [(r["period"], r["unit_id"]) for r in rows]

    async def statuses(self, report_type: str, period: str) -> dict[str, int]:
        """Review status → number of latest versions of one report type and period."""
        rows = await self.db.fetchall(
            f"SELECT s.status, COUNT(*) AS n FROM submissions s WHERE s.report_type = ?"
            f" AND s.period = ? AND {_IS_LATEST} GROUP BY s.status", (report_type, period))
        return {r["status"]: r["n"] for r in rows}

    async def unit_latest(self, report_type: str, period: str,
                          unit_id: str) -> UnitLatest | None:
        """The newest submission of a unit for one report type and period, whoever sent it."""
        row = await self.db.fetchone(
            "SELECT receipt, status, on_time FROM submissions WHERE report_type = ?"
            " AND period = ? AND unit_id = ? ORDER BY version DESC, id DESC LIMIT 1",
            (report_type, period, unit_id))
        return UnitLatest(row["receipt"], row["status"], bool(row["on_time"])) if row else None

    async def received_after(self, after_id: int) -> tuple[list[tuple[str, str, str, int]], int]:
        """(report type, period, unit, version) of the submissions after ``after_id``, and
        the last id among them."""
        rows = await self.db.fetchall(
            "SELECT id, report_type, period, unit_id, version FROM submissions WHERE id > ?"
            " ORDER BY id", (after_id,))
        last = rows[-1]["id"] if rows else after_id
        return [(r["report_type"], r["period"], r["unit_id"], r["version"]) for r in rows], last

    async def stored_paths(self) -> set[str]:
        """Where every submitted file is kept, relative to the file store."""
        rows = await self.db.fetchall("SELECT path FROM submission_files")
        return {str(r["path"]) for r in rows}

    async def files(self, submission_id: int) -> list[Row]:
        """The submission's stored files: id, field_key, seq, name, size, path."""
        return await self.db.fetchall(
            "SELECT id, field_key, seq, name, size, path FROM submission_files"
            " WHERE submission_id = ? ORDER BY field_key, seq", (submission_id,),
        )

    async def bundle_files(self, submission_ids: Iterable[int], *,
                           by_unit: bool = False) -> list[Row]:
        """The files of these submissions with their receipt, unit name and how many share
        their field (``many``); by submission, or ``by_unit`` name (in Vietnamese order, as
        the workbook lists units) and receipt."""
        ids = list(submission_ids)
        found: list[Row] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            found += await self.db.fetchall(
                _FILES + f" WHERE f.submission_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY f.submission_id, f.field_key, f.seq", chunk)
        if by_unit:
            found.sort(key=lambda r: (sort_key(r["unit_name"]), r["unit_name"], r["receipt"],
                                      r["field_key"], r["seq"]))
        return found

    async def decide(self, submission_id: int, status: SubmissionStatus, comment: str | None,
                     reviewer: int, now: dt.datetime) -> bool:
        """Set the review status of the latest version; False when it is not the latest."""
        changed = await self.db.execute(
            "UPDATE submissions SET status = ?, review_comment = ?, reviewed_by = ?,"
            " reviewed_at = ? WHERE id IN (SELECT s.id FROM submissions s WHERE s.id = ?"
            f" AND {_IS_LATEST})",
            (status.value, comment, reviewer, now.isoformat(), submission_id),
        )
        return bool(changed)
