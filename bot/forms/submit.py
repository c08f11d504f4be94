"""Confirming a draft: files fetched, one transaction, a receipt, leaders and admins told.

Confirm is idempotent: the draft id is unique among submissions, so pressing "send" twice, or
the same button delivered twice, answers with the receipt of the one submission. Notices carry
a dedupe key per receipt, so sending them again after a crash is harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Protocol

from bot.callbacks import stale
from bot.forms import engine, listing
from bot.forms.actions import Verb, build
from bot.forms.engine import DraftState
from bot.forms.files import FileStore, FileUnavailable, StoredFile
from bot.forms.flow import Flow, Halt
from bot.forms.periods import Period
from bot.forms.repo import Draft, FileRow, NewSubmission, ReportRepo, Submission
from bot.forms.schema import ReportType, ReportTypeRegistry
from bot.forms.views import esc
from bot.i18n import _, format_short_date
from bot.models import Role, User
from bot.port import Button, Reply

log = logging.getLogger(__name__)
NOTICE_KIND = "report_submitted"


class Notifier(Protocol):
    async def notify_users(self, user_ids: Iterable[int], build: Callable[[], Reply], *,
                           kind: str, dedupe_key: str) -> None: ...

    async def notify_admins(self, build: Callable[[], Reply], *, kind: str,
                            dedupe_key: str) -> None: ...


class OfficeNotices(Protocol):
    async def admins_now(self, sub: Submission) -> list[int]:
        """The admins to tell of ``sub`` at once; the others read it in the daily digest."""
        ...


class Submitter:
    def __init__(self, repo: ReportRepo, types: ReportTypeRegistry, flow: Flow,
                 files: FileStore, notifier: Notifier,
                 office: OfficeNotices | None = None) -> None:
        self.repo, self.types, self.flow = repo, types, flow
        self.files, self.notifier, self.office = files, notifier, office

    async def confirm(self, user: User, now: dt.datetime, draft_id: int | None) -> list[Reply]:
        done = await self.repo.draft(user.id, draft_id) if draft_id is not None else None
        if done is not None and done.state is DraftState.SUBMITTED:
            sub = await self.repo.by_draft(done.id)
            if sub is not None:
                await self.notify(sub)
                return [listing.receipt(self.types, sub, again=True)]
        draft, rt = await self.flow.load(user, draft_id)
        form = engine.repair(rt, draft.form)
        if draft.state is not DraftState.REVIEW or not form.at_summary:
            return [stale(edit=True), *await self.flow.here(user)]
        period = await self.flow.period_of(draft, rt, now)
        if period.closed(now):
            raise Halt(self.closed(rt, period, draft.id))
        fix = await self.flow.to_fix(draft, rt, now)  # rules again: answers changed since
        if fix is not None:
            return fix
        files = await self.fetch(draft, rt, now)
        sub, created = await self.repo.submit(self.new(user, draft, rt, period, now), files)
        await self.notify(sub)
        return [listing.receipt(self.types, sub, again=not created)]

    def new(self, user: User, draft: Draft, rt: ReportType, period: Period,
            now: dt.datetime) -> NewSubmission:
        assert user.unit_id is not None
        return NewSubmission(
            draft_id=draft.id, type_id=rt.id, receipt_prefix=rt.receipt_prefix,
            period=period.key, scope_key=rt.scope_key(user.unit_id, user.id, draft.id),
            unit_id=user.unit_id, user=user, answers=engine.repair(rt, draft.form).answers,
            now=now, due_date=period.due, on_time=period.on_time(now))

    def closed(self, rt: ReportType, period: Period, draft_id: int | None = None) -> Reply:
        due = period.due
        text = _("The deadline for {title} ({period}) was {date}; it is no longer accepted. "
                 "Please contact the office.").format(
            title=esc(rt.title), period=esc(period.name),
            date=format_short_date(due) if due else "?")
        buttons = [[Button(_("🗑 Discard"), build(Verb.DISCARD, draft_id))]] if draft_id else []
        return Reply(text, buttons)

    async def fetch(self, draft: Draft, rt: ReportType, now: dt.datetime) -> list[FileRow]:
        """Every file of the draft downloaded and kept; ``Halt`` if one cannot be fetched."""
        rows: list[FileRow] = []
        for spec in rt.fields:
            records = draft.form.answers.get(spec.key) if spec.is_file else None
            for seq, record in enumerate(records or [], 1):
                kept = record.get("stored")
                if kept and self.files.verify(kept["path"], kept["sha256"]):
                    rows.append((spec.key, seq, record, StoredFile(**kept)))
                    continue
                try:
                    stored = await self.files.save(record["channel"], record["file_id"],
                                                   record.get("name"))
                except FileUnavailable as exc:
                    log.warning("draft %s: file %s: %s", draft.id, record.get("file_id"), exc)
                    raise Halt(Reply(_("The file {name} could not be fetched. Please press Send "
                                       "again in a minute, or send the file again.").format(
                        name=record.get("name") or "?"))) from None
                rows.append((spec.key, seq, record, stored))
        return rows

    async def notify(self, sub: Submission) -> None:
        """Tell the unit's leaders (when staff sent it) and the admins (those who want it at
        once; the rest get the daily digest); never fails the send."""
        def build() -> Reply:
            return listing.notice(self.types, sub)

        try:
            if sub.submitter_role is Role.STAFF:
                leaders = [i for i in await self.repo.leaders(sub.unit_id) if i != sub.user_id]
                if leaders:
                    await self.notifier.notify_users(leaders, build, kind=NOTICE_KIND,
                                                     dedupe_key=f"report:{sub.receipt}:leaders")
            key = f"report:{sub.receipt}:admins"
            if self.office is None:
                await self.notifier.notify_admins(build, kind=NOTICE_KIND, dedupe_key=key)
            elif admins := await self.office.admins_now(sub):
                await self.notifier.notify_users(admins, build, kind=NOTICE_KIND, dedupe_key=key)
        except Exception:
            log.exception("notices for %s could not be queued", sub.receipt)
