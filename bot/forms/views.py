"""Replies of the filling flow: the list of types, each question, the summary.

Everything from a data file or typed by a user is escaped; every button's action comes from
``actions.build`` so it stays within 64 bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.forms import engine
from bot.forms.actions import Verb, build
from bot.forms.engine import Form
from bot.forms.fields import NO_LABEL, YES_LABEL, FieldKind, FieldSpec, accept_list, display
from bot.forms.periods import Period
from bot.forms.repo import Draft
from bot.forms.schema import ReportType
from bot.forms.text import TZ, clip
from bot.i18n import _, format_datetime, format_short_date
from bot.port import Button, Reply

MAX_TEXT = 4000  # a Telegram message holds 4096 characters


def esc(text: object) -> str:
    return html.escape(str(text))


def when(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(TZ))


def cancel_button(draft_id: int) -> Button:
    return Button(_("✖ Cancel"), build(Verb.CANCEL, draft_id), command="cancel")


def type_menu(types: list[tuple[ReportType, list[Period]]], now: dt.datetime) -> Reply:
    """The types the user may send, each with the periods it may be sent for now."""
    if not types:
        return Reply(_("There is no report you can send with your role."))
    lines = [_("<b>Which report do you want to send?</b>")]
    buttons = []
    for rt, periods in types:
        lines.append(f"• <b>{esc(rt.title)}</b>")
        for period in periods:
            if period.closed(now) and period.due:
                lines.append("   " + _("{period}: closed since {date}").format(
                    period=esc(period.name), date=format_short_date(period.due)))
            else:
                lines.append("   " + esc(period.describe(now)))
        buttons.append([Button(rt.title.get(), build(Verb.NEW, rt.id))])
    return Reply("\n".join(lines), buttons)


def period_question(rt: ReportType, periods: list[Period], now: dt.datetime) -> Reply:
    """Ask which period a report is for (this year's deadline passed, next year's to come)."""
    lines = [_("<b>{title}</b>: which period is this report for?").format(title=esc(rt.title))]
    lines += [f"• {esc(p.describe(now))}" for p in periods]
    buttons = [[Button(clip(p.name, 60), build(Verb.PERIOD, rt.id, p.key))] for p in periods]
    return Reply("\n".join(lines), buttons)


def draft_offer(draft: Draft, rt: ReportType) -> Reply:
    step, total = engine.position(rt, draft.form)
    text = _("You have an unfinished <b>{title}</b> (question {step} of {total}, saved at "
             "{time}). Continue it, or discard it?").format(
        title=esc(rt.title), step=step, total=total, time=when(draft.updated_at))
    return Reply(text, [[Button(_("▶ Continue"), build(Verb.CONTINUE, draft.id)),
                         Button(_("🗑 Discard"), build(Verb.DISCARD, draft.id))]])


def prompt(rt: ReportType, draft_id: int, form: Form, error: str | None = None, *,
           unit_type: str | None = None) -> Reply:
    spec = rt.field(form.field)
    assert spec is not None
    step, total = engine.position(rt, form)
    if error and not error.startswith("⚠️"):
        error = f"⚠️ {error}"
    parts = [f"{error}\n"] if error else []
    parts.append(_("<b>{title}</b> · question {step} of {total}").format(
        title=esc(rt.title), step=step, total=total))
    parts.append(f"<b>{esc(spec.label)}</b>\n{esc(spec.prompt)}")
    parts.extend(_details(spec, form.answers.get(spec.key), unit_type))
    parts.append(_hint(spec, step))
    return Reply("\n".join(parts), _prompt_buttons(spec, draft_id, form, step))


def _details(spec: FieldSpec, current: Any, unit_type: str | None) -> list[str]:
    lines = [f"{i}. {esc(o.label)}" for i, o in enumerate(spec.options, 1)]
    example = spec.example_for(unit_type)
    if example:
        lines.append("<i>" + _("Example: {example}").format(example=esc(example)) + "</i>")
    if spec.is_file:
        lines.append(_("Accepted: {accepted}, up to {limit} MB each.").format(
            accepted=accept_list(spec), limit=spec.max_bytes // 2**20))
        if spec.max_files > 1:
            lines.append(_("You can send up to {count} files, then press Done.").format(
                count=spec.max_files))
    if current not in (None, "", []):
        lines.append(_("Current answer: {value}").format(value=display(spec, current)))
    return lines


def _hint(spec: FieldSpec, step: int) -> str:
    hint = _("Optional: /skip to leave it empty.") + " " if not spec.required else ""
    if step > 1:
        hint += _("/back goes to the previous question.") + " "
    return "<i>" + hint + _("/cancel stops; your draft is kept.") + "</i>"


def _prompt_buttons(spec: FieldSpec, draft_id: int, form: Form, step: int) -> list[list[Button]]:
    rows: list[list[Button]] = []
    if spec.kind is FieldKind.CHOICE:
        rows = [[Button(clip(o.label.get(), 60), build(Verb.CHOICE, draft_id, spec.key, o.key))]
                for o in spec.options]
    elif spec.kind is FieldKind.YES_NO:
        rows = [[Button(_(YES_LABEL), build(Verb.YES_NO, draft_id, spec.key, 1)),
                 Button(_(NO_LABEL), build(Verb.YES_NO, draft_id, spec.key, 0))]]
    elif spec.is_file and spec.max_files > 1 and form.answers.get(spec.key):
        rows = [[Button(_("✔ Done"), build(Verb.DONE, draft_id, spec.key), command="done"),
                 Button(_("Remove these files"), build(Verb.CLEAR, draft_id, spec.key))]]
    nav = []
    if step > 1 or form.editing:
        nav.append(Button(_("« Back"), build(Verb.BACK, draft_id), command="back"))
    if not spec.required:
        nav.append(Button(_("Skip »"), build(Verb.SKIP, draft_id, spec.key), command="skip"))
    nav.append(cancel_button(draft_id))
    return [*rows, nav]


def summary(rt: ReportType, draft_id: int, form: Form, period: str,
            late_note: str | None = None, broken: list[str] | None = None) -> Reply:
    """The answers to check before sending; ``broken``: rules they break (already escaped)."""
    lines = [_("<b>{title}</b> — please check your answers:").format(title=esc(rt.title)),
             _("Period: {period}").format(period=esc(period)), ""]
    edits: list[Button] = []
    room = min(200, MAX_TEXT // 2 // len(rt.fields))  # keeps the message within MAX_TEXT
    for i, spec in enumerate(rt.fields, 1):
        shown = answer_text(spec, form.answers.get(spec.key), room)
        lines.append(f"{i}. <b>{esc(spec.label)}</b>: {shown}")
        edits.append(Button(f"✏️ {i}. {clip(spec.label.get(), 22)}",
                            build(Verb.EDIT, draft_id, spec.key)))
    if late_note:
        lines += ["", f"⚠️ {late_note}"]
    if broken:
        lines += ["", *(f"⚠️ {message}" for message in broken)]
    lines += ["", _("Tap a field to change it, or send the report.")]
    rows = [edits[i:i + 2] for i in range(0, len(edits), 2)]
    rows.append([Button(_("✅ Send"), build(Verb.CONFIRM, draft_id)), cancel_button(draft_id)])
    return Reply("\n".join(lines), rows)


def answer_text(spec: FieldSpec, value: Any, room: int | None = None) -> str:
    """An answer for a summary or a full view; typed text cut to ``room`` characters."""
    if value in (None, "", []):
        return "—"
    if room and isinstance(value, str) and spec.kind in (FieldKind.SHORT_TEXT,
                                                         FieldKind.LONG_TEXT):
        return esc(clip(value, room))
    return display(spec, value)


def chosen(spec: FieldSpec, value: Any) -> Reply:
    """The question's message, edited to show what was picked (its buttons removed)."""
    return Reply(f"<b>{esc(spec.label)}</b>: {display(spec, value)} ✓", edit=True)
