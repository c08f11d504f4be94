"""The form as a pure state machine: which field is asked, the answers, back/skip/edit.

No I/O here. The service loads a ``Form`` from the draft row, calls one of these functions and
saves the result, so every step is in the database before the user sees the next question.
Positions are never stored: the current field is kept by its key.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bot.forms.rules import required
from bot.forms.schema import ReportType


class DraftState(StrEnum):
    FILLING = "filling"  # a field is being asked
    REVIEW = "review"  # the summary is shown, waiting for confirm / edit / cancel
    PAUSED = "paused"  # left with /cancel; kept, resumed from /report
    SUBMITTED = "submitted"
    DISCARDED = "discarded"


ACTIVE_STATES = (DraftState.FILLING, DraftState.REVIEW)
OPEN_STATES = (*ACTIVE_STATES, DraftState.PAUSED)


class RequiredField(Exception):
    """Skip was asked on a required field."""


@dataclass(frozen=True)
class Form:
    field: str | None  # key of the field being asked; None at the summary
    answers: dict[str, Any] = dataclasses.field(default_factory=dict)
    editing: bool = False  # changing one field from the summary: return there after it

    @property
    def at_summary(self) -> bool:
        return self.field is None


def begin(rt: ReportType) -> Form:
    return Form(rt.fields[0].key, {})


def missing(rt: ReportType, answers: dict[str, Any]) -> list[str]:
    """Keys of required fields without an answer, in form order."""
    return [f.key for f in rt.fields
            if required(f, answers) and answers.get(f.key) in (None, "", [])]


def advance(rt: ReportType, form: Form) -> Form:
    """The form after the current field is done: the next field, or the summary."""
    if form.editing or form.field is None:
        return _summary(rt, form.answers)
    i = rt.index(form.field)
    if i + 1 < len(rt.fields):
        return Form(rt.fields[i + 1].key, form.answers)
    return _summary(rt, form.answers)


def _summary(rt: ReportType, answers: dict[str, Any]) -> Form:
    gaps = missing(rt, answers)
    return Form(gaps[0], answers) if gaps else Form(None, answers)


def answer(rt: ReportType, form: Form, value: Any) -> Form:
    assert form.field is not None
    return advance(rt, replace(form, answers={**form.answers, form.field: value}))


def add_file(rt: ReportType, form: Form, record: dict[str, Any]) -> tuple[Form, bool]:
    """Keep ``record`` for the current file field; True when the field is now full.

    A one-file field takes the new file in place of the old one; a many-file field adds it.
    """
    spec = rt.field(form.field)
    assert spec is not None and spec.is_file
    files = list(form.answers.get(spec.key) or []) if spec.max_files > 1 else []
    files.append(record)
    updated = replace(form, answers={**form.answers, spec.key: files})
    if len(files) >= spec.max_files:
        return advance(rt, updated), True
    return updated, False


def clear(form: Form) -> Form:
    """The current field's answer removed (to send other files)."""
    answers = {k: v for k, v in form.answers.items() if k != form.field}
    return replace(form, answers=answers)


def skip(rt: ReportType, form: Form) -> Form:
    """Leave the current optional field empty and move on; ``RequiredField`` if required."""
    spec = rt.field(form.field)
    assert spec is not None
    if required(spec, form.answers):
        raise RequiredField(spec.key)
    return advance(rt, clear(form))


def done_files(rt: ReportType, form: Form) -> Form:
    """Finish a many-file field; ``RequiredField`` when it is required and still empty."""
    spec = rt.field(form.field)
    assert spec is not None
    if not form.answers.get(spec.key):
        return skip(rt, form)
    return advance(rt, form)


def back(rt: ReportType, form: Form) -> Form | None:
    """The previous step; None at the first field (there is nothing before it)."""
    if form.editing:
        return _summary(rt, form.answers)
    if form.field is None:
        return Form(rt.fields[-1].key, form.answers)
    i = rt.index(form.field)
    return Form(rt.fields[i - 1].key, form.answers) if i > 0 else None


def edit(rt: ReportType, form: Form, key: str) -> Form | None:
    """Ask ``key`` again from the summary; None if the type has no such field."""
    if rt.field(key) is None:
        return None
    return Form(key, form.answers, editing=True)


def repair(rt: ReportType, form: Form) -> Form:
    """A form still valid for ``rt`` after its file changed: unknown fields lead on."""
    answers = {k: v for k, v in form.answers.items() if rt.field(k) is not None}
    if form.field is not None and rt.field(form.field) is not None:
        return replace(form, answers=answers)
    return _summary(rt, answers)


def position(rt: ReportType, form: Form) -> tuple[int, int]:
    """(1-based number of the current field, number of fields), for "step 3/8"."""
    total = len(rt.fields)
    return (rt.index(form.field) + 1 if form.field else total), total
