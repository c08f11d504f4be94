"""The pure form state machine: order, back, skip, edit, files, repair after a type changes."""

from __future__ import annotations

import dataclasses

import pytest

from bot.forms import engine
from bot.forms.engine import Form, RequiredField
from bot.forms.fields import FieldKind, FieldSpec
from bot.forms.schema import ReportType, Scope
from bot.forms.text import Text
from bot.models import Role

T = Text("x", "x")


def field(key: str, kind: FieldKind = FieldKind.SHORT_TEXT, **kw: object) -> FieldSpec:
    return FieldSpec(key, kind, T, T, **kw)  # type: ignore[arg-type]


RT = ReportType("t", T, frozenset({Role.STAFF}), Scope.PERSON, (
    field("a"), field("b", required=False), field("files", FieldKind.FILE, max_files=3,
                                                  required=False), field("c"),
))


def test_fields_in_order_then_summary() -> None:
    form = engine.begin(RT)
    assert form.field == "a" and engine.position(RT, form) == (1, 4)
    form = engine.answer(RT, form, "A")
    assert form.field == "b"
    form = engine.skip(RT, form)
    assert form.field == "files"
    form = engine.skip(RT, form)
    form = engine.answer(RT, form, "C")
    assert form.at_summary and form.answers == {"a": "A", "c": "C"}
    assert engine.missing(RT, form.answers) == []


def test_skip_refused_on_required_field() -> None:
    with pytest.raises(RequiredField):
        engine.skip(RT, engine.begin(RT))


def test_back_walks_to_previous_and_stops_at_first() -> None:
    form = engine.answer(RT, engine.begin(RT), "A")
    back = engine.back(RT, form)
    assert back is not None and back.field == "a" and back.answers == {"a": "A"}
    assert engine.back(RT, back) is None
    summary = Form(None, {"a": "A", "c": "C"})
    assert engine.back(RT, summary) == Form("c", summary.answers)


def test_edit_from_summary_returns_to_summary() -> None:
    summary = Form(None, {"a": "A", "b": "B", "c": "C"})
    editing = engine.edit(RT, summary, "b")
    assert editing is not None and editing.field == "b" and editing.editing
    after = engine.answer(RT, editing, "B2")
    assert after.at_summary and after.answers["b"] == "B2"
    assert engine.back(RT, editing) == Form(None, summary.answers)
    skipped = engine.skip(RT, editing)
    assert skipped.at_summary and "b" not in skipped.answers
    assert engine.edit(RT, summary, "nope") is None


def test_many_files_stay_on_the_field_until_full_or_done() -> None:
    form = Form("files", {"a": "A"})
    form, full = engine.add_file(RT, form, {"n": 1})
    assert not full and form.field == "files"
    form, full = engine.add_file(RT, form, {"n": 2})
    assert not full
    done = engine.done_files(RT, form)
    assert done.field == "c" and len(done.answers["files"]) == 2
    form, full = engine.add_file(RT, form, {"n": 3})
    assert full and form.field == "c" and len(form.answers["files"]) == 3
    assert "files" not in engine.clear(Form("files", form.answers)).answers


def test_one_file_field_replaces_its_file() -> None:
    rt = dataclasses.replace(RT, fields=(field("f", FieldKind.FILE), field("c")))
    form, full = engine.add_file(rt, Form("f", {"f": [{"n": 1}]}, editing=False), {"n": 2})
    assert full and form.answers["f"] == [{"n": 2}] and form.field == "c"
    with pytest.raises(RequiredField):
        engine.done_files(rt, Form("f", {}))


def test_summary_with_a_missing_required_answer_asks_it() -> None:
    form = engine.advance(RT, Form("c", {"c": "C"}))
    assert form.field == "a"


def test_repair_after_the_type_file_changed() -> None:
    old = Form("gone", {"a": "A", "gone": 1, "c": "C"})
    fixed = engine.repair(RT, old)
    assert fixed.at_summary and fixed.answers == {"a": "A", "c": "C"}
    assert engine.repair(RT, Form("b", {"a": "A"})) == Form("b", {"a": "A"})
