from __future__ import annotations

import pytest

from bot.core import Core
from bot.models import UnitType
from bot.units import UnitListError, parse_units_csv
from tests.helpers import ROOT


def test_shipped_demo_list_is_a_realistic_district() -> None:
    units = parse_units_csv((ROOT / "data" / "units.csv").read_text(encoding="utf-8"))
    assert len(units) == 20
    assert {u.type for u in units} >= {UnitType.MN, UnitType.TH, UnitType.THCS, UnitType.DVTT}


def test_excel_csv_with_bom_and_semicolons() -> None:
    text = ("\ufeffid;name;type;staff_join_code;leader_join_code\r\n"
            "A1;Trường TH A;th;a-gv-1234;a-ht-1234\r\n;;;;\r\n")
    [unit] = parse_units_csv(text)
    assert unit.type is UnitType.TH and unit.staff_join_code == "A-GV-1234"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("A1,Trường A,XX,AAA-111,AAA-222", "line 2: type must be"),
        ("A1,Trường A,TH,AAA-111", "line 2: expected 5 columns"),
        ("A1,Trường A,TH,AAA-111,AAA-111", "used twice"),
        ("A1,Trường A,TH,AB,AAA-222", "at least 6 characters"),
        ("A1,Trường A,TH,AAA-111,AAA-222\nA1,Trường B,TH,BBB-111,BBB-222", "appears twice"),
    ],
)
def test_bad_lists_name_the_line(body: str, message: str) -> None:
    with pytest.raises(UnitListError, match=message):
        parse_units_csv("id,name,type,staff_join_code,leader_join_code\n" + body)


def test_wrong_header() -> None:
    with pytest.raises(UnitListError, match="first line must be"):
        parse_units_csv("ma,ten\n")


async def test_sync_retires_units_that_left_the_list(core: Core) -> None:
    before = await core.units.all()
    await core.units.sync(before[:3])
    assert len(await core.units.all()) == 3
    assert await core.units.by_code(before[5].staff_join_code) is None
    match = await core.units.by_code(before[0].leader_join_code.lower())
    assert match is not None and match.leader


async def test_units_are_read_once_and_again_after_a_change(core: Core) -> None:
    units = core.units
    first = await units.all()
    reads = 0
    fetchall = core.db.fetchall

    async def counting(sql: str, params: object = ()):  # type: ignore[no-untyped-def]
        nonlocal reads
        reads += "FROM units" in sql
        return await fetchall(sql, params)  # type: ignore[arg-type]

    core.db.fetchall = counting  # type: ignore[method-assign]
    assert await units.get(first[0].id) == first[0]
    assert (await units.by_code(first[0].staff_join_code)) is not None
    assert reads == 0  # from memory
    await units.set_codes(first[0].id, "MOI-GV-ABCDEFGH", "MOI-HT-ABCDEFGH")
    assert await units.by_code(first[0].staff_join_code) is None  # the old code is gone
    match = await units.by_code("moi-gv-abcdefgh")
    assert match is not None and match.unit.id == first[0].id and not match.leader
    assert reads == 1
    await units.sync(first[1:])
    assert first[0].id not in {u.id for u in await units.all()}
    retired = await units.get(first[0].id)
    assert retired is not None and not retired.active
