"""Vietnamese order for units and people, with ICU and with the hand-written key."""

from __future__ import annotations

from bot.collation import USING_ICU, fallback_key, sort_key, sorted_vi
from bot.core import Core

NAMES = ["Lê Quý Đôn", "Lạc Long Quân", "Đầm Sen", "Dương Minh Châu", "Ánh Dương", "An Lạc",
         "Ấp Bắc", "Ăn Năm", "Zeta", "Ê Đê", "Em Bé", "Hoa Sen", "Ô Môn", "ơ", "o", "ư", "u",
         "lá", "la", "lả", "lạ", "là", "lã"]
EXPECTED = ["An Lạc", "Ánh Dương", "Ăn Năm", "Ấp Bắc", "Dương Minh Châu", "Đầm Sen", "Em Bé",
            "Ê Đê", "Hoa Sen", "la", "là", "lả", "lã", "lá", "lạ", "Lạc Long Quân",
            "Lê Quý Đôn", "o", "Ô Môn", "ơ", "u", "ư", "Zeta"]


def test_the_hand_written_key_follows_the_vietnamese_alphabet() -> None:
    assert sorted(NAMES, key=fallback_key) == EXPECTED


def test_the_key_in_use_agrees() -> None:
    assert sorted(NAMES, key=sort_key) == EXPECTED  # ICU's when PyICU is installed
    if USING_ICU:
        assert isinstance(sort_key("Đầm Sen"), bytes)  # ICU's sort key is in use


def test_sorted_vi_by_attribute() -> None:
    units = [("LQD", "Trường THCS Lê Quý Đôn"), ("ZZ", "Trường THCS Đầm Sen"),
             ("LLQ", "Trường THCS Lạc Long Quân")]
    assert [u[0] for u in sorted_vi(units, key=lambda u: u[1])] == ["ZZ", "LLQ", "LQD"]


async def test_unit_lists_are_in_vietnamese_order(core: Core) -> None:
    primary = [u.name.removeprefix("Trường Tiểu học ") for u in await core.units.all()
               if u.type.value == "TH"]
    assert primary == ["Đầm Sen", "Hạnh Thông", "Kim Đồng", "Lạc Long Quân", "Lê Quý Đôn",
                       "Nguyễn Trãi", "Phú Thọ"]
