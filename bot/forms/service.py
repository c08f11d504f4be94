"""ReportService: the report flow as the dispatcher sees it. Channel-agnostic; returns Replies.

Behaviour worth knowing:
- One unfinished draft per user, saved at every step; a restart resumes it. /report while a
  draft exists offers to continue or discard it.
- /cancel (and the Cancel button) leaves the flow but keeps the draft — nothing typed is lost;
  /report offers it again, and the reply has a button to discard it at once.
- Every button's action is untrusted: the draft must be the user's open one, the field the one
  being asked, the type one the user's role may send, the submission one the user may see.
- Handling is serialised per user, so two files sent together (an album) both land in order.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

from bot.callbacks import stale
from bot.conversations import ConversationRepo
from bot.forms import engine, views
from bot.forms.actions import Action, Verb, build, parse
from bot.forms.engine import ACTIVE_STATES, DraftState, Form
from bot.forms.files import FileStore
from bot.forms.flow import Flow, Halt, late_note
from bot.forms.periods import Period
from bot.forms.repo import ReportRepo, Submission
from bot.forms.schema import ReportType, ReportTypeRegistry, Scope
from bot.forms.sent import SentReports, owns
from bot.forms.status import SubmissionStatus
from bot.forms.submit import Notifier, OfficeNotices, Submitter
from bot.i18n import _
from bot.models import Role, User
from bot.port import Button, IncomingFile, Reply
from bot.storage.db import Database, IntegrityError

_COMMANDS = {"back": Verb.BACK, "quaylai": Verb.BACK, "skip": Verb.SKIP, "boqua": Verb.SKIP,
             "done": Verb.DONE, "xong": Verb.DONE}
Handler = Callable[[User, dt.datetime, Action], Awaitable[list[Reply]]]


class ReportService:
    def __init__(self, db: Database, conversations: ConversationRepo, types: ReportTypeRegistry,
                 files: FileStore, notifier: Notifier,
                 office: OfficeNotices | None = None) -> None:
        self.repo = ReportRepo(db, conversations)
        self.types = types
        self.files = files
        self.flow = Flow(self.repo, types, files)
        self.submitter = Submitter(self.repo, types, self.flow, files, notifier, office)
        self.sent = SentReports(self.repo, types, files)
        self._locks: dict[int, asyncio.Lock] = {}
        self._actions: dict[Verb, Handler] = {
            Verb.NEW: lambda u, n, a: self._start(u, n, a.arg(0), edit=True),
            Verb.TYPES: lambda u, n, a: self._start(u, n, None, edit=True),
            Verb.CONTINUE: lambda u, n, a: self.flow.resume(u, n, a.number(0)),
            Verb.DISCARD: lambda u, n, a: self._discard(u, n, a.number(0)),
            Verb.CHOICE: self.flow.pick,
            Verb.YES_NO: self.flow.pick,
            Verb.BACK: lambda u, n, a: self.flow.nav(u, n, a.verb, a.number(0), edit=True),
            Verb.SKIP: self._nav_field, Verb.DONE: self._nav_field, Verb.CLEAR: self._nav_field,
            Verb.EDIT: self.flow.edit,
            Verb.CONFIRM: lambda u, n, a: self.submitter.confirm(u, n, a.number(0)),
            Verb.CANCEL: lambda u, n, a: self._cancel(u, a.number(0)),
            Verb.MINE: lambda u, n, a: self._list(self.sent.mine(u)),
            Verb.UNIT: lambda u, n, a: self._list(self.sent.of_unit(u)),
            Verb.VIEW: lambda u, n, a: self.sent.view(u, a.number(0)),
            Verb.FILE: lambda u, n, a: self.sent.file(u, a.number(0)),
            Verb.REVISE: lambda u, n, a: self._revise(u, n, a.number(0)),
            Verb.PERIOD: self._period_picked,
        }

    async def _run(self, user: User, handle: Callable[[], Awaitable[list[Reply]]]) -> list[Reply]:
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        async with lock:
            try:
                return await handle()
            except Halt as halt:
                return halt.replies

    async def start(self, user: User, now: dt.datetime, type_id: str | None = None,
                    period: str | None = None) -> list[Reply]:
        """The menu, or ``type_id`` started (for ``period`` when it is one it may be sent for
        now, e.g. the occurrence a reminder is about; else the period is asked if need be)."""
        return await self._run(user, lambda: self._start(user, now, type_id, period=period))

    async def in_flow(self, user: User) -> bool:
        draft = await self.repo.open_draft(user.id)
        return draft is not None and draft.state in ACTIVE_STATES

    async def on_text(self, user: User, now: dt.datetime, text: str) -> list[Reply]:
        if not await self.in_flow(user):
            return [_nothing_open()]
        return await self._run(user, lambda: self.flow.text(user, now, text))

    async def on_file(self, user: User, now: dt.datetime, file: IncomingFile,
                      channel: str) -> list[Reply]:
        if not await self.in_flow(user):
            return [_nothing_open()]
        return await self._run(user, lambda: self.flow.file(user, now, file, channel))

    async def on_command(self, user: User, now: dt.datetime, command: str) -> list[Reply] | None:
        """``back``, ``skip`` (and ``done`` for files) inside a flow; None otherwise."""
        verb = _COMMANDS.get(command.lower().lstrip("/"))
        if verb is None or not await self.in_flow(user):
            return None
        return await self._run(user, lambda: self.flow.nav(user, now, verb))

    async def on_action(self, user: User, now: dt.datetime, action: str) -> list[Reply]:
        """A report button's data, as it came from the channel."""
        act = parse(action)
        if act is None:
            return [stale(edit=True)]
        return await self.on_press(user, now, act)

    async def on_press(self, user: User, now: dt.datetime, act: Action) -> list[Reply]:
        """A report button, its data already checked by the codec."""
        handler = self._actions[act.verb]
        return await self._run(user, lambda: handler(user, now, act))

    async def cancel(self, user: User) -> list[Reply]:
        """Leave the flow, keeping the draft (resume with /report; a button discards it)."""
        return await self._run(user, lambda: self._cancel(user, None))

    async def _start(self, user: User, now: dt.datetime, type_id: str | None, *,
                     edit: bool = False, period: str | None = None) -> list[Reply]:
        if user.unit is None or user.role is None:
            return [Reply(_("Please join your unit first (/start); then you can send reports."))]
        draft = await self.repo.open_draft(user.id)
        if draft is not None:
            rt = self.types.get(draft.type_id)
            if rt is not None and rt.allows(user) and draft.unit_id == user.unit_id:
                return [views.draft_offer(draft, rt)]
            await self.repo.save(draft, DraftState.DISCARDED, draft.form, now)
        replies = (await self._begin(user, now, type_id, period, loose=True) if type_id
                   else [await self._menu(user, now)])
        replies[0].edit = edit
        return replies

    async def _menu(self, user: User, now: dt.datetime) -> Reply:
        return views.type_menu([(rt, await self.flow.periods.choices(rt, now))
                                for rt in self.types.for_user(user)], now)

    async def _begin(self, user: User, now: dt.datetime, type_id: str,
                     year: str | None = None, *, loose: bool = False) -> list[Reply]:
        """Start ``type_id``: ask the period when two are possible, then the first question —
        or, when the office returned this period's report, its answers to correct."""
        rt = self.types.get(type_id)
        if rt is None:
            return [Reply(_("There is no such report.")), await self._menu(user, now)]
        if not rt.allows(user):
            return [Reply(_not_for_you(rt))]
        choices = await self.flow.periods.choices(rt, now)
        if year is None and len(choices) > 1:
            return [views.period_question(rt, choices, now)]
        period = next((p for p in choices if p.key == year), None) if year else choices[0]
        if period is None and loose and len(choices) == 1:
            period = choices[0]  # a hint that no longer applies (an old reminder's year)
        if period is None:
            question = views.period_question(rt, choices, now)
            return [question] if loose else [stale(edit=True), question]
        if period.closed(now):
            return [self.submitter.closed(rt, period)]
        returned = await self._returned(user, rt, period.key)
        if returned is not None:
            return await self._revise(user, now, returned.id)
        try:
            draft = await self.repo.create_draft(user, rt.id, engine.begin(rt), now, period.key)
        except IntegrityError:  # the same button pressed twice: a draft exists now
            return await self._start(user, now, None)
        return [await self._intro(user, rt, period, now),
                views.prompt(rt, draft.id, draft.form, unit_type=user.unit.type.value
                             if user.unit else None)]

    async def _returned(self, user: User, rt: ReportType, period: str) -> Submission | None:
        """This period's latest version, when the office returned it for correction."""
        if rt.scope is Scope.ENTRY or user.unit_id is None:
            return None
        last = await self.repo.latest(rt.id, period, rt.scope_key(user.unit_id, user.id, 0))
        return last if last is not None and last.status is SubmissionStatus.RETURNED else None

    async def _intro(self, user: User, rt: ReportType, period: Period,
                     now: dt.datetime) -> Reply:
        lines = [f"<b>{views.esc(rt.title)}</b>"]
        if rt.description:
            lines.append(views.esc(rt.description))
        lines.append(_("Period: {period}").format(period=views.esc(period.describe(now))))
        note = late_note(period, now)
        if note:
            lines.append("⚠️ " + note)
        if rt.scope is not Scope.ENTRY and user.unit_id:
            last = await self.repo.latest(rt.id, period.key, rt.scope_key(user.unit_id,
                                                                          user.id, 0))
            if last:
                lines.append(_("Version {version} was already sent ({receipt}, {time}). "
                               "Sending again makes version {next}; the earlier versions are "
                               "kept.").format(version=last.version, receipt=last.receipt,
                                               time=views.when(last.submitted_at),
                                               next=last.version + 1))
        lines.append(_("One question at a time; everything is saved as you go."))
        return Reply("\n".join(lines))

    async def _period_picked(self, user: User, now: dt.datetime, act: Action) -> list[Reply]:
        if await self.repo.open_draft(user.id) is not None:
            return await self._start(user, now, None, edit=True)
        replies = await self._begin(user, now, act.arg(0) or "", act.arg(1))
        replies[0].edit = True
        return replies

    async def _nav_field(self, user: User, now: dt.datetime, act: Action) -> list[Reply]:
        return await self.flow.nav(user, now, act.verb, act.number(0), act.arg(1), edit=True)

    async def _discard(self, user: User, now: dt.datetime, draft_id: int | None) -> list[Reply]:
        draft = await self.repo.open_draft(user.id)
        if draft is None or draft.id != draft_id:
            return [stale(edit=True)]
        await self.repo.save(draft, DraftState.DISCARDED, draft.form, now)
        return [Reply(_("The draft was discarded."), edit=True), await self._menu(user, now)]

    async def _cancel(self, user: User, draft_id: int | None) -> list[Reply]:
        draft = await self.repo.open_draft(user.id)
        if draft is None or draft_id not in (None, draft.id):
            return [stale(edit=True)] if draft_id is not None else [_nothing_open()]
        await self.repo.save(draft, DraftState.PAUSED, draft.form, draft.updated_at)
        rt = self.types.get(draft.type_id)
        title = views.esc(rt.title if rt else draft.type_id)
        text = _("Stopped. Your draft of <b>{title}</b> is kept: send /report to continue "
                 "it.").format(title=title)
        discard = Button(_("🗑 Discard the draft"), build(Verb.DISCARD, draft.id))
        return [Reply(text, [[discard]], edit=draft_id is not None)]

    async def _list(self, pending: Awaitable[Reply]) -> list[Reply]:
        reply = await pending
        reply.edit = True
        return [reply]

    async def _revise(self, user: User, now: dt.datetime, sub_id: int | None) -> list[Reply]:
        """A draft holding what was sent, at its summary: change what the office asked for,
        confirm, and it becomes the next version. An unfinished draft is offered first."""
        sub = await self.repo.visible(user, sub_id or 0)
        rt = self.types.get(sub.type_id) if sub else None
        if sub is None or rt is None or not owns(user, rt, sub):
            return [Reply(_("You cannot open this report."))]
        period = await self.flow.periods.period(rt, sub.period)  # a revision keeps its period
        if period.closed(now):
            return [self.submitter.closed(rt, period)]
        open_draft = await self.repo.open_draft(user.id)
        if open_draft is not None:
            return await self._start(user, now, None)
        form = engine.repair(rt, Form(None, dict(sub.answers)))
        try:
            draft = await self.repo.create_draft(user, rt.id, form, now, sub.period)
        except IntegrityError:  # pressed twice: the first press made the draft
            return await self._start(user, now, None)
        note = _("Here is what you sent ({receipt}). Change what the office asked for, then "
                 "confirm to send it again.").format(receipt=sub.receipt)
        return await self.flow.show(draft, rt, form, now, note=note)

def _nothing_open() -> Reply:
    return Reply(_("There is no report in progress. Send /report to send one."))


def _not_for_you(rt: ReportType) -> str:
    if rt.roles == {Role.LEADER}:
        return _("Only unit leaders can send this report.")
    if rt.roles == {Role.STAFF}:
        return _("This report is sent by teachers and staff, not by unit leaders.")
    return _("Your role cannot send this report.")
