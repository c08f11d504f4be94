"""Report types and deadlines load from TOML; mistakes fail with the file and the key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.forms.actions import MAX_BYTES, Verb, build, parse
from bot.forms.fields import FieldKind
from bot.forms.loader import load_registry
from bot.forms.schema import (
    DEADLINES_FILE,
    TYPES_DIR,
    LatePolicy,
    SchemaError,
    Scope,
)
from bot.models import Role, Unit, UnitType, User

SHIPPED = {"interim", "final", "title_individual", "title_collective", "initiative",
           "good_example", "award_dossier"}

DEADLINES = """
[[deadlines]]
key = "interim_report"
day = 31
month = 5
report_type = "mini"
audience = "leaders"
what = { vi = "Báo cáo sơ kết", en = "Interim report" }
"""

MINI = """
title = { vi = "Mini", en = "Mini" }
roles = ["leader"]
scope = "unit"
deadline = "interim_report"
late_policy = "refuse"

[[fields]]
key = "n"
kind = "integer"
min = 0
max = 9
label = { vi = "Số", en = "Number" }
prompt = { vi = "Số?", en = "Number?" }
"""


def write(tmp_path: Path, body: str = MINI, deadlines: str = DEADLINES,
          name: str = "mini") -> tuple[Path, Path]:
    folder = tmp_path / "types"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.toml").write_text(body, encoding="utf-8")
    (tmp_path / "deadlines.toml").write_text(deadlines, encoding="utf-8")
    return folder, tmp_path / "deadlines.toml"


def error(tmp_path: Path, body: str = MINI, deadlines: str = DEADLINES,
          name: str = "mini") -> str:
    with pytest.raises(SchemaError) as exc:
        load_registry(*write(tmp_path, body, deadlines, name))
    return str(exc.value)


def test_every_shipped_type_loads_with_its_deadline() -> None:
    reg = load_registry()
    assert {t.id for t in reg.all()} == SHIPPED
    assert {d.key for d in reg.deadlines} == {"interim_report", "final_report"}
    interim, final = reg.get("interim"), reg.get("final")
    assert interim and final
    assert interim.deadline == "interim_report" and final.deadline == "final_report"
    assert interim.period_name("2026") == "Sơ kết 6 tháng đầu năm 2026"
    assert interim.roles == {Role.LEADER} and interim.scope is Scope.UNIT
    assert interim.late_policy is LatePolicy.ACCEPT
    for d in reg.deadlines:
        assert d.audience == "leaders" and d.what.vi and d.what.en
    kinds = {f.kind for t in reg.all() for f in t.fields}
    assert kinds == set(FieldKind)


def test_shipped_types_have_both_languages_and_roles_as_the_office_asks() -> None:
    reg = load_registry()
    roles = {t.id: t.roles for t in reg.all()}
    assert roles["initiative"] == {Role.STAFF}
    assert roles["title_individual"] == {Role.STAFF, Role.LEADER}
    assert roles["good_example"] == {Role.STAFF, Role.LEADER}
    assert roles["award_dossier"] == roles["title_collective"] == {Role.LEADER}
    for t in reg.all():
        for f in t.fields:
            assert f.label.vi != f.label.en or f.label.vi.isdigit()
            assert f.prompt.vi and f.prompt.en
    collective = reg.get("title_collective").field("title")  # type: ignore[union-attr]
    assert [o.label.vi for o in collective.options] == [
        "Tập thể lao động tiên tiến", "Tập thể lao động xuất sắc", "Cờ thi đua"]


def test_every_possible_action_of_shipped_types_fits_64_bytes() -> None:
    big_id = 10**12 - 1
    for t in load_registry().all():
        assert len(build(Verb.NEW, t.id)) <= MAX_BYTES
        for f in t.fields:
            for o in f.options:
                action = build(Verb.CHOICE, big_id, f.key, o.key)
                assert parse(action) is not None
            assert build(Verb.EDIT, big_id, f.key)


def test_for_user_filters_by_role_and_needs_a_unit() -> None:
    reg = load_registry()
    unit = Unit("u", "U", UnitType.TH)
    staff = User(1, "s", "vi", unit, Role.STAFF)
    leader = User(2, "l", "vi", unit, Role.LEADER)
    nobody = User(3, "n", "vi", None, None, is_admin=True)
    assert {t.id for t in reg.for_user(staff)} == {"title_individual", "initiative",
                                                   "good_example"}
    assert "interim" in {t.id for t in reg.for_user(leader)}
    assert "initiative" not in {t.id for t in reg.for_user(leader)}
    assert reg.for_user(nobody) == []


@pytest.mark.parametrize("old,new,expected", [
    ('kind = "integer"', 'kind = "decimal"', "fields[0] (n).kind: must be"),
    ("max = 9", "max = \"nine\"", "fields[0] (n).max: must be a whole number"),
    ("min = 0", "min = 10", "fields[0] (n).max: must be at least min (10)"),
    ('roles = ["leader"]', 'roles = ["principal"]', "roles: must be a list of"),
    ('scope = "unit"', 'scope = "school"', 'scope: must be "unit" or "person" or "entry"'),
    ('late_policy = "refuse"', 'late_policy = "maybe"', "late_policy: must be"),
    ('title = { vi = "Mini", en = "Mini" }', 'title = { vi = "Mini" }', "title: must be a table"),
    ('label = { vi = "Số", en = "Number" }', 'label = "Số"', "fields[0] (n).label: must be"),
    ('key = "n"', 'key = "N-1"', "fields[0].key: must be a name matching"),
    ("max = 9", "max = 9\nrequried = true", "fields[0] (n).requried: unknown key"),
    ("max = 9", 'max = 9\noptions = []', "fields[0] (n).options: unknown key"),
    ('deadline = "interim_report"', 'deadline = "nope"', "deadline: no deadline 'nope'"),
    ("[[fields]]", "colour = 1\n[[fields]]", "colour: unknown key"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path: Path, old: str, new: str,
                                            expected: str) -> None:
    message = error(tmp_path, MINI.replace(old, new, 1))
    assert "mini.toml" in message and expected in message, message


def test_choice_file_and_not_above_checks(tmp_path: Path) -> None:
    choice = MINI.replace('kind = "integer"\nmin = 0\nmax = 9',
                          'kind = "choice"\noptions = [{ key = "a", vi = "A", en = "A" }]')
    assert "options: must be 2 to 20 options" in error(tmp_path, choice)
    dup = choice.replace('options = [{ key = "a", vi = "A", en = "A" }]',
                         'options = [{ key = "a", vi = "A", en = "A" }, { key = "a", vi = "B",'
                         ' en = "B" }]')
    assert "options[1].key: must be unique" in error(tmp_path, dup)
    file = MINI.replace('kind = "integer"\nmin = 0\nmax = 9', 'kind = "file"\naccept = ["exe"]')
    assert "(n).accept: must be extensions among" in error(tmp_path, file)
    big = MINI.replace('kind = "integer"\nmin = 0\nmax = 9', 'kind = "file"\nmax_mb = 50')
    assert "(n).max_mb: must be a whole number from 1 to 20" in error(tmp_path, big)
    above = MINI.replace("max = 9", 'max = 9\nnot_above = "total"')
    assert "not_above: must be the key of an earlier integer field" in error(tmp_path, above)


def test_deadline_file_mistakes(tmp_path: Path) -> None:
    assert "deadlines[0].day: must be a whole number from 1 to 30" in error(
        tmp_path, deadlines=DEADLINES.replace("month = 5", "month = 6"))
    assert "report_type: no report type 'other'" in error(
        tmp_path, MINI.replace('deadline = "interim_report"\n', ""),
        DEADLINES.replace('"mini"', '"other"'))
    assert "answers report type 'other'" in error(
        tmp_path, deadlines=DEADLINES.replace('"mini"', '"other"'))
    assert "not valid TOML" in error(tmp_path, deadlines="[[deadlines]\n")
    assert "audience: must be" in error(tmp_path,
                                        deadlines=DEADLINES.replace('"leaders"', '"all staff"'))


def test_bad_file_name_and_empty_folder(tmp_path: Path) -> None:
    assert "file name must be the type's id" in error(tmp_path, name="Bad-Name")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SchemaError, match="no report types"):
        load_registry(empty, DEADLINES_FILE)
    assert TYPES_DIR.is_dir()
