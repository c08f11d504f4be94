"""Rules between fields and against today, from the report-type file, checked at every step.

A rule is checked when its field is answered, when the summary is shown and again at confirm,
so changing an earlier answer on the summary cannot slip a broken report through:

- ``not_above = "staff_total"``: a number no larger than another field's;
- ``required_if = { field = "title", in = ["cstd_cs"] }``: required when the other field has one
  of those answers; for a yes/no field it means the answer must be "yes";
- dates: ``not_after_today = true``, and ``min``/``max`` in days from today (``min = -730``).

Every message names the field, and the other field where there is one, with both values.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any

from bot.forms.fields import FieldKind, FieldSpec, display
from bot.forms.schema import ReportType
from bot.i18n import _, format_short_date

EMPTY: tuple[Any, ...] = (None, "", [])


def esc(text: object) -> str:
    return html.escape(str(text))


@dataclass(frozen=True)
class Problem:
    field: str  # the field to change
    message: str  # translated, HTML-escaped


def required(spec: FieldSpec, answers: dict[str, Any]) -> bool:
    """Whether ``spec`` must be answered, given the other answers."""
    return spec.required or (spec.required_if is not None and spec.required_if.holds(answers))


def check(rt: ReportType, spec: FieldSpec, value: Any, answers: dict[str, Any],
          today: dt.date) -> str | None:
    """What is wrong with ``value`` for ``spec`` beside ``answers``, or None."""
    if value in EMPTY:  # a plain required field is asked for again by the engine
        return _required_if(rt, spec, answers) if required(spec, answers) else None
    if spec.not_above and spec.is_number:
        return _not_above(rt, spec, value, answers)
    if spec.kind is FieldKind.YES_NO and value is False and spec.required_if is not None:
        return _required_if(rt, spec, answers) if spec.required_if.holds(answers) else None
    if spec.kind is FieldKind.DATE:
        return _date(spec, value, today)
    return None


def problems(rt: ReportType, answers: dict[str, Any], today: dt.date) -> list[Problem]:
    """Every broken rule of the form, in field order."""
    found = []
    for spec in rt.fields:
        message = check(rt, spec, answers.get(spec.key), answers, today)
        if message:
            found.append(Problem(spec.key, message))
    return found


def _label(rt: ReportType, key: str) -> str:
    spec = rt.field(key)
    return esc(spec.label if spec else key)


def _not_above(rt: ReportType, spec: FieldSpec, value: Any, answers: dict[str, Any]) -> str | None:
    limit = answers.get(spec.not_above or "")
    other = rt.field(spec.not_above)
    if other is None or not isinstance(limit, int | float) or value <= limit:
        return None
    return _("{field} ({value}) is more than {other} ({limit}).").format(
        field=esc(spec.label), value=display(spec, value), other=esc(other.label),
        limit=display(other, limit))


def _required_if(rt: ReportType, spec: FieldSpec, answers: dict[str, Any]) -> str | None:
    cond = spec.required_if
    if cond is None or not cond.holds(answers):
        return None
    other = rt.field(cond.field)
    shown = display(other, answers.get(cond.field)) if other else "?"
    if spec.kind is FieldKind.YES_NO:
        return _("With {other} “{value}”, {field} must be “Yes”.").format(
            other=_label(rt, cond.field), value=shown, field=esc(spec.label))
    return _("{field} is required when {other} is “{value}”.").format(
        field=esc(spec.label), other=_label(rt, cond.field), value=shown)


def _date(spec: FieldSpec, value: Any, today: dt.date) -> str | None:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return None
    latest = today + dt.timedelta(days=spec.max_days) if spec.max_days is not None else None
    if spec.not_after_today:
        latest = min(latest or today, today)
    earliest = today + dt.timedelta(days=spec.min_days) if spec.min_days is not None else None
    shown = format_short_date(day)
    if latest is not None and day > latest:
        if latest == today:
            return _("{field} ({value}) is after today ({today}).").format(
                field=esc(spec.label), value=shown, today=format_short_date(today))
        return _("{field} ({value}) must be {date} or earlier.").format(
            field=esc(spec.label), value=shown, date=format_short_date(latest))
    if earliest is not None and day < earliest:
        return _("{field} ({value}) must be {date} or later.").format(
            field=esc(spec.label), value=shown, date=format_short_date(earliest))
    return None
