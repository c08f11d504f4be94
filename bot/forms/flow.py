"""Filling a form step by step: answers, files, back, skip, edit — saved at every step."""

from __future__ import annotations

import datetime as dt

from bot.callbacks import stale
from bot.filetypes import refused_message
from bot.forms import engine, rules, views
from bot.forms.actions import Action, Verb
from bot.forms.answers import is_done_word, parse_text
from bot.forms.engine import ACTIVE_STATES, OPEN_STATES, DraftState, Form, RequiredField
from bot.forms.fields import FieldKind, Invalid, file_record
from bot.forms.files import FileRefused, FileStore, FileUnavailable
from bot.forms.periods import Period, Periods
from bot.forms.repo import Draft, ReportRepo
from bot.forms.schema import ReportType, ReportTypeRegistry
from bot.forms.text import TZ
from bot.i18n import _, format_short_date
from bot.models import User
from bot.port import IncomingFile, Reply


class Halt(Exception):
    """Stop handling and answer with these replies (a refusal, a stale button…)."""

    def __init__(self, *replies: Reply) -> None:
        super().__init__("halt")
        self.replies = list(replies)


class Flow:
    def __init__(self, repo: ReportRepo, types: ReportTypeRegistry,
                 files: FileStore | None = None) -> None:
        self.repo, self.types, self.files = repo, types, files
        self.periods = Periods(repo.db)

    async def period_of(self, draft: Draft, rt: ReportType, now: dt.datetime) -> Period:
        """The period the draft counts for (chosen at its start; older drafts: the default)."""
        if draft.period:
            return await self.periods.period(rt, draft.period)
        return await self.periods.default(rt, now)

    async def load(self, user: User, draft_id: int | None = None, *,
                   states: tuple[DraftState, ...] = ACTIVE_STATES) -> tuple[Draft, ReportType]:
        """The user's open draft (``draft_id`` if given) and its type, or ``Halt``."""
        draft = await self.repo.open_draft(user.id)
        if draft is None or draft.state not in states or draft_id not in (None, draft.id):
            gone = (stale(edit=True),) if draft_id is not None else ()
            raise Halt(*gone, *await self.here(user))
        rt = self.types.get(draft.type_id)
        if rt is None or not rt.allows(user) or draft.unit_id != user.unit_id:
            await self.repo.save(draft, DraftState.DISCARDED, draft.form, draft.updated_at)
            raise Halt(Reply(_("You can no longer send this report (the report type, your role "
                               "or your unit has changed), so the draft was closed.")))
        return draft, rt

    async def here(self, user: User) -> list[Reply]:
        """Where the user is now: the current question or summary, if a draft is active."""
        draft = await self.repo.open_draft(user.id)
        rt = self.types.get(draft.type_id) if draft else None
        if draft is None or rt is None or draft.state not in ACTIVE_STATES:
            return []
        return [await self.render(draft, rt, engine.repair(rt, draft.form), draft.updated_at)]

    async def show(self, draft: Draft, rt: ReportType, form: Form, now: dt.datetime, *,
                   note: str | None = None, edit: bool = False) -> list[Reply]:
        """Save ``form`` (the step is in the database first), then ask its step."""
        state = DraftState.REVIEW if form.at_summary else DraftState.FILLING
        draft = await self.repo.save(draft, state, form, now)
        reply = await self.render(draft, rt, form, now, note=note)
        reply.edit = edit
        return [reply]

    async def render(self, draft: Draft, rt: ReportType, form: Form, now: dt.datetime, *,
                     note: str | None = None) -> Reply:
        if not form.at_summary:
            return views.prompt(rt, draft.id, form, note, unit_type=draft.unit_type)
        period = await self.period_of(draft, rt, now)
        broken = [p.message for p in rules.problems(rt, form.answers, today(now))]
        reply = views.summary(rt, draft.id, form, period.describe(now), late_note(period, now),
                              broken)
        if note:
            reply.text = f"{note}\n\n{reply.text}"
        return reply

    async def to_fix(self, draft: Draft, rt: ReportType, now: dt.datetime) -> list[Reply] | None:
        """At confirm: the first field that breaks a rule, asked again, or None if none does."""
        form = engine.repair(rt, draft.form)
        broken = rules.problems(rt, form.answers, today(now))
        if not broken:
            return None
        fix = Form(broken[0].field, form.answers, editing=True)
        return await self.show(draft, rt, fix, now, note="⚠️ " + broken[0].message)

    async def text(self, user: User, now: dt.datetime, text: str) -> list[Reply]:
        draft, rt = await self.load(user)
        form = engine.repair(rt, draft.form)
        spec = rt.field(form.field)
        if spec is None:
            return await self.show(draft, rt, form, now, note="⚠️ " + _(
                "Please use the buttons: change a field, send the report, or cancel."))
        if spec.is_file and spec.max_files > 1 and is_done_word(text):
            return await self.nav(user, now, Verb.DONE)
        try:
            value = parse_text(spec, text, form.answers)
        except Invalid as exc:
            return await self.show(draft, rt, form, now, note="⚠️ " + exc.message)
        broken = rules.check(rt, spec, value, form.answers, today(now))
        if broken:
            return await self.show(draft, rt, form, now, note="⚠️ " + broken)
        return await self.show(draft, rt, engine.answer(rt, form, value), now)

    async def file(self, user: User, now: dt.datetime, file: IncomingFile,
                   channel: str) -> list[Reply]:
        draft, rt = await self.load(user)
        form = engine.repair(rt, draft.form)
        spec = rt.field(form.field)
        if spec is None:
            return await self.show(draft, rt, form, now, note="⚠️ " + _(
                "Please use the buttons: change a field, send the report, or cancel."))
        if not spec.is_file:
            return await self.show(draft, rt, form, now, note="⚠️ " + _(
                "This question needs a typed answer, not a file."))
        try:
            record = file_record(spec, file, channel)
        except Invalid as exc:
            return await self.show(draft, rt, form, now, note="⚠️ " + exc.message)
        if self.files is not None:
            try:  # kept at once: a channel's link to the file may expire before the summary
                stored = await self.files.save(channel, file.file_id, record.get("name"))
            except FileRefused:
                return await self.show(draft, rt, form, now, note="⚠️ " + refused_message(
                    views.esc(record["name"])))
            except FileUnavailable:
                return await self.show(draft, rt, form, now, note="⚠️ " + _(
                    "I could not receive that file. Please send it again."))
            record["stored"] = {"path": stored.path, "sha256": stored.sha256,
                                "size": stored.size}
        updated, full = engine.add_file(rt, form, record)
        if full:
            return await self.show(draft, rt, updated, now)
        count = len(updated.answers[spec.key])
        return await self.show(draft, rt, updated, now, note=_(
            "Received {name} ({count} of at most {limit}). Send another, or press Done.").format(
            name=views.esc(record["name"]), count=count, limit=spec.max_files))

    async def nav(self, user: User, now: dt.datetime, verb: Verb, draft_id: int | None = None,
                  key: str | None = None, *, edit: bool = False) -> list[Reply]:
        """Back, skip, done (no more files) or clear (remove this field's files)."""
        draft, rt = await self.load(user, draft_id)
        form = engine.repair(rt, draft.form)
        if key is not None and form.field != key:
            return [stale(edit=True), *await self.here(user)]
        if verb is Verb.BACK:
            previous = engine.back(rt, form)
            if previous is None:
                return await self.show(draft, rt, form, now, edit=edit, note="⚠️ " + _(
                    "This is the first question; there is nothing before it."))
            return await self.show(draft, rt, previous, now, edit=edit)
        if form.at_summary:
            return await self.show(draft, rt, form, now, note="⚠️ " + _(
                "Please use the buttons: change a field, send the report, or cancel."))
        try:
            if verb is Verb.CLEAR:
                return await self.show(draft, rt, engine.clear(form), now, edit=edit)
            step = engine.done_files if verb is Verb.DONE else engine.skip
            return await self.show(draft, rt, step(rt, form), now, edit=edit)
        except RequiredField:
            spec = rt.field(form.field)
            why = rules.check(rt, spec, None, form.answers, today(now)) if spec else None
            if spec is None or spec.required or not why:
                why = _("This question is required, so it cannot be skipped.")
            return await self.show(draft, rt, form, now, note="⚠️ " + why)

    async def pick(self, user: User, now: dt.datetime, act: Action) -> list[Reply]:
        """A choice or yes/no button: only for the question being asked now."""
        draft, rt = await self.load(user, act.number(0))
        form = engine.repair(rt, draft.form)
        spec = rt.field(form.field)
        kind = FieldKind.CHOICE if act.verb is Verb.CHOICE else FieldKind.YES_NO
        raw = act.arg(2) or ""
        ok = spec is not None and spec.key == act.arg(1) and spec.kind is kind
        value = (raw == "1") if kind is FieldKind.YES_NO else raw
        if not ok or spec is None or (kind is FieldKind.CHOICE and spec.option(raw) is None) or (
                kind is FieldKind.YES_NO and raw not in ("0", "1")):
            return [stale(edit=True), *await self.here(user)]
        assert spec is not None
        broken = rules.check(rt, spec, value, form.answers, today(now))
        if broken:
            return [views.chosen(spec, value),
                    *await self.show(draft, rt, form, now, note="⚠️ " + broken)]
        return [views.chosen(spec, value),
                *await self.show(draft, rt, engine.answer(rt, form, value), now)]

    async def edit(self, user: User, now: dt.datetime, act: Action) -> list[Reply]:
        draft, rt = await self.load(user, act.number(0))
        form = engine.edit(rt, engine.repair(rt, draft.form), act.arg(1) or "")
        if form is None or draft.state is not DraftState.REVIEW:
            return [stale(edit=True), *await self.here(user)]
        return await self.show(draft, rt, form, now, edit=True)

    async def resume(self, user: User, now: dt.datetime, draft_id: int | None) -> list[Reply]:
        draft, rt = await self.load(user, draft_id, states=OPEN_STATES)
        return await self.show(draft, rt, engine.repair(rt, draft.form), now, edit=True)


def today(now: dt.datetime) -> dt.date:
    return now.astimezone(TZ).date()


def late_note(period: Period, now: dt.datetime) -> str | None:
    if period.on_time(now) or period.due is None:
        return None
    return _("The deadline was {date}; this report will be marked late.").format(
        date=format_short_date(period.due))
