"""Review of submissions by the office: accept, or return for correction with a comment.

Statuses: ``bot.forms.status.SubmissionStatus``; a unit that has sent nothing has none. Only
the latest version of a submission can be reviewed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.collation import sort_key
from bot.forms.status import SubmissionStatus
from bot.storage.db import Database


@dataclass(frozen=True)
class Submission:
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


_SELECT = (
    "SELECT s.*, u.name AS unit_name, (s.version = (SELECT MAX(version) FROM submissions x"
    " WHERE x.report_type = s.report_type AND x.period = s.period"
    " AND x.scope_key = s.scope_key)) AS latest FROM submissions s"
    " JOIN units u ON u.id = s.unit_id"
)


def _from_row(r: Any) -> Submission:
    return Submission(
        id=r["id"], receipt=r["receipt"], report_type=r["report_type"], period=r["period"],
        version=r["version"], latest=bool(r["latest"]), unit_id=r["unit_id"],
        unit_name=r["unit_name"], user_id=r["user_id"], submitter_name=r["submitter_name"],
        submitted_at=dt.datetime.fromisoformat(r["submitted_at"]), on_time=bool(r["on_time"]),
        status=SubmissionStatus(r["status"]), review_comment=r["review_comment"],
        answers=json.loads(r["answers"]), has_deadline=r["due_date"] is not None,
    )


class ReviewRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, submission_id: int) -> Submission | None:
        row = await self.db.fetchone(_SELECT + " WHERE s.id = ?", (submission_id,))
        return _from_row(row) if row else None

    async def latest(self, report_type: str, period: str) -> list[Submission]:
        rows = await self.db.fetchall(
            _SELECT + " WHERE s.report_type = ? AND s.period = ? ORDER BY s.id",
            (report_type, period),
        )
        latest = [s for s in map(_from_row, rows) if s.latest]
        return sorted(latest, key=lambda s: (sort_key(s.unit_name), sort_key(s.submitter_name)))

    async def periods(self) -> list[tuple[str, str, int]]:
        """(report type, period, number of latest submissions), newest period first."""
        rows = await self.db.fetchall(
            "SELECT report_type, period, COUNT(DISTINCT scope_key) AS n FROM submissions"
            " GROUP BY report_type, period ORDER BY period DESC, report_type"
        )
        return [(r["report_type"], r["period"], r["n"]) for r in rows]

    async def files(self, submission_id: int) -> list[Any]:
        """The submission's stored files: id, field_key, seq, name, size, path."""
        return await self.db.fetchall(
            "SELECT id, field_key, seq, name, size, path FROM submission_files"
            " WHERE submission_id = ? ORDER BY field_key, seq", (submission_id,),
        )

    async def decide(self, submission_id: int, status: SubmissionStatus, comment: str | None,
                     reviewer: int, now: dt.datetime) -> bool:
        """Set the review status of the latest version; False when it is not the latest."""
        changed = await self.db.execute(
            "UPDATE submissions SET status = ?, review_comment = ?, reviewed_by = ?,"
            " reviewed_at = ? WHERE id = ? AND version = (SELECT MAX(version) FROM submissions"
            " x WHERE x.report_type = submissions.report_type AND x.period = submissions.period"
            " AND x.scope_key = submissions.scope_key)",
            (status, comment, reviewer, now.isoformat(), submission_id),
        )
        return bool(changed)
