"""Rules between fields and against today, from the shipped report types and the loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.forms import engine, rules
from bot.forms.engine import RequiredField
from bot.forms.loader import load_registry, load_type
from bot.forms.schema import SchemaError
from bot.i18n import language

TYPES = load_registry()
TODAY = dt.date(2027, 11, 5)


def problems(type_id: str, answers: dict, today: dt.date = TODAY) -> list[tuple[str, str]]:
    rt = TYPES.get(type_id)
    assert rt is not None
    with language("vi"):
        return [(p.field, p.message) for p in rules.problems(rt, answers, today)]


def test_participants_above_an_edited_total_name_both_fields() -> None:
    found = problems("interim", {"staff_total": 40, "participants": 50})
    assert found == [("participants", "Số CB-GV-NV tham gia phong trào (50) lớn hơn "
                                      "Tổng số CB-GV-NV (40).")]
    assert problems("interim", {"staff_total": 52, "participants": 50}) == []


def test_an_emulation_soldier_must_write_an_initiative() -> None:
    found = problems("title_individual", {"title": "cstd_cs", "has_initiative": False})
    assert [f for f, _ in found] == ["has_initiative"]
    assert "Chiến sĩ thi đua cơ sở" in found[0][1] and "“Có”" in found[0][1]
    assert problems("title_individual", {"title": "cstd_cs", "has_initiative": True}) == []
    assert problems("title_individual", {"title": "ldtt", "has_initiative": False}) == []


def test_finished_work_needs_a_date_that_is_not_in_the_future() -> None:
    base = {"work_status": "on_time"}
    future = problems("final", {**base, "work_finished_on": "2027-12-20"})
    assert future == [("work_finished_on", "Ngày hoàn thành công trình (20/12/2027)"
                                           " sau hôm nay (5/11/2027).")]
    assert problems("final", {**base, "work_finished_on": "2027-10-20"}) == []
    too_old = problems("final", {**base, "work_finished_on": "2020-01-01"})
    assert too_old and "phải từ ngày" in too_old[0][1]
    rt = TYPES.get("final")
    assert rt is not None
    assert "work_finished_on" in engine.missing(rt, base)  # finished: the date is required
    assert "work_finished_on" not in engine.missing(rt, {"work_status": "in_progress"})


def test_a_conditionally_required_field_cannot_be_skipped() -> None:
    rt = TYPES.get("final")
    assert rt is not None
    form = engine.Form("work_finished_on", {"work_status": "ahead"})
    with pytest.raises(RequiredField):
        engine.skip(rt, form)
    skipped = engine.skip(rt, engine.Form("work_finished_on", {"work_status": "not_done"}))
    assert skipped.field == "work_cost"


MINI = '''
title = { vi = "Thử", en = "Test" }
roles = ["staff"]
scope = "person"

[[fields]]
key = "done"
kind = "yes_no"
label = { vi = "Xong", en = "Done" }
prompt = { vi = "Xong chưa?", en = "Done?" }

[[fields]]
key = "day"
kind = "date"
label = { vi = "Ngày", en = "Day" }
prompt = { vi = "Ngày nào?", en = "Which day?" }
'''


def load(tmp_path: Path, extra: str) -> object:
    path = tmp_path / "mini.toml"
    path.write_text(MINI + extra, encoding="utf-8")
    return load_type(path)


def test_the_loader_reads_date_rules_and_conditions(tmp_path: Path) -> None:
    rt = load(tmp_path, 'required_if = { field = "done", in = [true] }\nnot_after_today = true\n'
                        'min = -30\nmax = 0\n')
    day = rt.fields[1]  # type: ignore[attr-defined]
    assert (day.min_days, day.max_days, day.not_after_today) == (-30, 0, True)
    assert day.required_if.field == "done" and day.required_if.values == (True,)


@pytest.mark.parametrize("extra,error", [
    ('required_if = { field = "nope", in = [true] }\n', "required_if.field: must be the key"),
    ('required_if = { field = "done", in = ["x"] }\n', "required_if.in: must be answers"),
    ('required_if = { field = "done", in = [] }\n', "required_if.in: must be a non-empty"),
    ('min = 5\nmax = -5\n', "max: must be at least min (5)"),
    ('not_after_today = "yes"\n', "not_after_today: must be true or false"),
])
def test_wrong_rules_are_refused_with_the_key(tmp_path: Path, extra: str, error: str) -> None:
    with pytest.raises(SchemaError) as exc:
        load(tmp_path, extra)
    assert error in str(exc.value)


def test_examples_fit_the_unit_type() -> None:
    from bot.forms import views

    rt = TYPES.get("title_individual")
    assert rt is not None
    form = engine.begin(rt)
    with language("vi"):
        kindergarten = views.prompt(rt, 1, form, unit_type="MN").text
        primary = views.prompt(rt, 1, form, unit_type="TH").text
        secondary = views.prompt(rt, 1, form, unit_type="THCS").text
    assert "lớp Chồi 2" in kindergarten and "4A" not in kindergarten
    assert "lớp 4A" in primary and "8A2" in secondary
    for t in TYPES.all():  # a kindergarten is never shown a numbered class as its example
        for spec in t.fields:
            example = spec.example_for("MN")
            assert example is None or "lớp 4A" not in example.vi
