"""All SQL for drafts, submissions and their files.

Reads of submissions take the viewer and check access in the query: a person sees their own
submissions, a unit's leader sees the unit's, an office admin sees all; nobody else sees any.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.conversations import Conversation, ConversationRepo
from bot.forms.engine import ACTIVE_STATES, OPEN_STATES, DraftState, Form
from bot.forms.files import StoredFile
from bot.forms.status import SubmissionStatus
from bot.models import Role, User
from bot.storage.db import Database, Row


@dataclass(frozen=True)
class Draft:
    id: int
    user_id: int
    unit_id: str
    type_id: str
    state: DraftState
    form: Form
    updated_at: dt.datetime
    period: str | None = None  # the period it counts for; None in drafts made before periods
    unit_type: str | None = None  # the unit's type (MN, TH, …): which examples fit


@dataclass(frozen=True)
class Submission:
    id: int
    receipt: str
    type_id: str
    period: str
    version: int
    unit_id: str
    unit_name: str
    user_id: int | None
    submitter_name: str
    submitter_role: Role
    answers: dict[str, Any]
    submitted_at: dt.datetime
    due_date: dt.date | None
    on_time: bool
    status: SubmissionStatus
    review_comment: str | None
    draft_id: int | None
    scope_key: str = ""


@dataclass(frozen=True)
class SubmissionFile:
    id: int
    submission_id: int
    field_key: str
    name: str
    size: int
    sha256: str
    path: str


@dataclass(frozen=True)
class NewSubmission:
    draft_id: int
    type_id: str
    receipt_prefix: str
    period: str
    scope_key: str
    unit_id: str
    user: User
    answers: dict[str, Any]
    now: dt.datetime
    due_date: dt.date | None
    on_time: bool


# (field key, position in the field, the answer's file record, where it was stored)
FileRow = tuple[str, int, dict[str, Any], StoredFile]

FORM_FLOW = "report"
_OPEN = ", ".join(f"'{s}'" for s in OPEN_STATES)
_SUB = ("SELECT s.*, COALESCE(un.name, s.unit_id) AS unit_name FROM submissions s"
        " LEFT JOIN units un ON un.id = s.unit_id")
_VISIBLE = "(s.user_id = ? OR ? = 1 OR (s.unit_id = ? AND ? = 1))"


_DRAFT = "SELECT d.*, un.type AS unit_type FROM drafts d LEFT JOIN units un ON un.id = d.unit_id"


def _draft(row: Row) -> Draft:
    form = Form(row["field_key"], json.loads(row["answers"]), bool(row["editing"]))
    return Draft(row["id"], row["user_id"], row["unit_id"], row["report_type"],
                 DraftState(row["state"]), form, dt.datetime.fromisoformat(row["updated_at"]),
                 row["period"], row["unit_type"])


def _submission(row: Row) -> Submission:
    due = row["due_date"]
    return Submission(
        id=row["id"], receipt=row["receipt"], type_id=row["report_type"], period=row["period"],
        version=row["version"], unit_id=row["unit_id"], unit_name=row["unit_name"],
        user_id=row["user_id"], submitter_name=row["submitter_name"],
        submitter_role=Role(row["submitter_role"]),
        answers=json.loads(row["answers"]),
        submitted_at=dt.datetime.fromisoformat(row["submitted_at"]),
        due_date=dt.date.fromisoformat(due) if due else None, on_time=bool(row["on_time"]),
        status=SubmissionStatus(row["status"]), review_comment=row["review_comment"],
        draft_id=row["draft_id"], scope_key=row["scope_key"],
    )


def _viewer(viewer: User) -> tuple[Any, ...]:
    return (viewer.id, int(viewer.is_admin), viewer.unit_id or "",
            int(viewer.role is Role.LEADER))


class ReportRepo:
    """Drafts and submissions. The report form is a flow (``FORM_FLOW``) like every other: while
    a draft is being filled in or reviewed, its author's conversation points at it, so the
    dispatcher routes their text and files to the form; the answers stay in ``drafts``."""

    def __init__(self, db: Database, conversations: ConversationRepo) -> None:
        self.db = db
        self.conversations = conversations

    async def _follow(self, user_id: int, draft_id: int, state: DraftState,
                      now: dt.datetime) -> None:
        if state in ACTIVE_STATES:
            await self.conversations.set(
                user_id, Conversation(FORM_FLOW, state.value, {"draft": draft_id}), now)
        else:
            await self.conversations.leave(user_id, FORM_FLOW)

    async def open_draft(self, user_id: int) -> Draft | None:
        row = await self.db.fetchone(
            _DRAFT + f" WHERE d.user_id = ? AND d.state IN ({_OPEN})", (user_id,))
        return _draft(row) if row else None

    async def draft(self, user_id: int, draft_id: int) -> Draft | None:
        """The draft ``draft_id`` if ``user_id`` owns it (in any state)."""
        row = await self.db.fetchone(
            _DRAFT + " WHERE d.id = ? AND d.user_id = ?", (draft_id, user_id))
        return _draft(row) if row else None

    async def create_draft(self, user: User, type_id: str, form: Form, now: dt.datetime,
                           period: str) -> Draft:
        assert user.unit_id is not None
        draft_id = await self.db.fetchval(
            "INSERT INTO drafts (user_id, unit_id, report_type, state, field_key, answers,"
            " created_at, updated_at, period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            (user.id, user.unit_id, type_id, DraftState.FILLING.value, form.field,
             _json(form.answers), now.isoformat(), now.isoformat(), period))
        found = await self.draft(user.id, draft_id)
        assert found is not None
        await self._follow(user.id, draft_id, found.state, now)
        return found

    async def save(self, draft: Draft, state: DraftState, form: Form, now: dt.datetime) -> Draft:
        await self.db.execute(
            "UPDATE drafts SET state = ?, field_key = ?, editing = ?, answers = ?,"
            " updated_at = ? WHERE id = ?",
            (state.value, form.field, int(form.editing), _json(form.answers), now.isoformat(),
             draft.id))
        await self._follow(draft.user_id, draft.id, state, now)
        return Draft(draft.id, draft.user_id, draft.unit_id, draft.type_id, state, form, now,
                     draft.period, draft.unit_type)

    async def by_draft(self, draft_id: int) -> Submission | None:
        row = await self.db.fetchone(_SUB + " WHERE s.draft_id = ?", (draft_id,))
        return _submission(row) if row else None

    async def submit(self, new: NewSubmission, files: list[FileRow]) -> tuple[Submission, bool]:
        """Store the submission, its files and the draft's end in one transaction.

        Returns (submission, True), or (the existing submission, False) when this draft was
        already submitted — a second confirm never makes a second submission.
        """
        async with self.db.transaction():
            await self.db.lock("submissions")  # the next id and version: one writer at a time
            existing = await self.by_draft(new.draft_id)
            if existing is not None:
                return existing, False
            sub_id = await self._insert(new)
            for key, seq, record, stored in files:
                await self.db.execute(
                    "INSERT INTO submission_files (submission_id, field_key, seq, channel,"
                    " file_id, unique_id, kind, name, mime_type, size, sha256, path)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (sub_id, key, seq, record["channel"], record["file_id"],
                     record.get("unique_id"), record["kind"], record.get("name") or "file",
                     record.get("mime_type"), stored.size, stored.sha256, stored.path))
            await self.db.execute(
                "UPDATE drafts SET state = ?, updated_at = ? WHERE id = ?",
                (DraftState.SUBMITTED.value, new.now.isoformat(), new.draft_id))
            row = await self.db.fetchone(_SUB + " WHERE s.id = ?", (sub_id,))
        assert row is not None
        author = await self.db.fetchval("SELECT user_id FROM drafts WHERE id = ?",
                                        (new.draft_id,))
        if author is not None:
            await self.conversations.leave(int(author), FORM_FLOW)
        return _submission(row), True

    async def _insert(self, new: NewSubmission) -> int:
        sub_id = int(await self.db.fetchval("SELECT COALESCE(MAX(id), 0) + 1 FROM submissions"))
        version = int(await self.db.fetchval(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM submissions"
            " WHERE report_type = ? AND period = ? AND scope_key = ?",
            (new.type_id, new.period, new.scope_key)))
        await self.db.execute(
            "INSERT INTO submissions (id, receipt, report_type, period, scope_key, version,"
            " unit_id, user_id, submitter_name, submitter_role, answers, submitted_at,"
            " due_date, on_time, draft_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sub_id, f"{new.receipt_prefix}-{new.period}-{sub_id:06d}", new.type_id,
             new.period, new.scope_key, version, new.unit_id, new.user.id,
             new.user.full_name or "", (new.user.role or Role.STAFF).value,
             _json(new.answers), new.now.isoformat(),
             new.due_date.isoformat() if new.due_date else None, int(new.on_time),
             new.draft_id))
        return sub_id

    async def latest(self, type_id: str, period: str, scope_key: str) -> Submission | None:
        row = await self.db.fetchone(
            _SUB + " WHERE s.report_type = ? AND s.period = ? AND s.scope_key = ?"
            " ORDER BY s.version DESC LIMIT 1", (type_id, period, scope_key))
        return _submission(row) if row else None

    async def mine(self, viewer: User, limit: int) -> list[Submission]:
        rows = await self.db.fetchall(
            _SUB + " WHERE s.user_id = ? ORDER BY s.id DESC LIMIT ?", (viewer.id, limit))
        return [_submission(r) for r in rows]

    async def of_unit(self, viewer: User, limit: int) -> list[Submission]:
        """The viewer's unit's submissions, if the viewer leads that unit; else none."""
        if viewer.role is not Role.LEADER or viewer.unit_id is None:
            return []
        rows = await self.db.fetchall(
            _SUB + " WHERE s.unit_id = ? ORDER BY s.id DESC LIMIT ?", (viewer.unit_id, limit))
        return [_submission(r) for r in rows]

    async def visible(self, viewer: User, submission_id: int) -> Submission | None:
        row = await self.db.fetchone(
            _SUB + f" WHERE s.id = ? AND {_VISIBLE}", (submission_id, *_viewer(viewer)))
        return _submission(row) if row else None

    async def files(self, viewer: User, submission_id: int) -> list[SubmissionFile]:
        rows = await self.db.fetchall(
            "SELECT f.* FROM submission_files f JOIN submissions s ON s.id = f.submission_id"
            f" WHERE s.id = ? AND {_VISIBLE} ORDER BY f.id", (submission_id, *_viewer(viewer)))
        return [_file(r) for r in rows]

    async def file(self, viewer: User, file_id: int) -> SubmissionFile | None:
        row = await self.db.fetchone(
            "SELECT f.* FROM submission_files f JOIN submissions s ON s.id = f.submission_id"
            f" WHERE f.id = ? AND {_VISIBLE}", (file_id, *_viewer(viewer)))
        return _file(row) if row else None

    async def answers_kept(self, states: tuple[DraftState, ...], since: dt.datetime) -> list[str]:
        """The answers (JSON) of drafts in ``states`` or changed after ``since``."""
        rows = await self.db.fetchall(
            f"SELECT answers FROM drafts WHERE state IN ({', '.join('?' * len(states))})"
            " OR updated_at > ?", (*(s.value for s in states), since.isoformat()))
        return [str(r["answers"]) for r in rows]

    async def leaders(self, unit_id: str) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id"
            " WHERE m.unit_id = ? AND m.role = ? AND u.active = 1",
            (unit_id, Role.LEADER.value))
        return [r["user_id"] for r in rows]


def _file(row: Row) -> SubmissionFile:
    return SubmissionFile(row["id"], row["submission_id"], row["field_key"], row["name"],
                          row["size"], row["sha256"], row["path"])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
