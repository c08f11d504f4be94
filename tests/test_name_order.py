"""Lists of people and units shown to the office come out in the same Vietnamese order on
SQLite and PostgreSQL: the order is made in Python (``bot.collation``), not by the engine,
whose collation, NULL placement and ties differ."""

from __future__ import annotations

import json

import pytest

from bot.admin.missing import missing_units
from bot.core import Core
from bot.forms import submissions as submissions_module
from bot.models import Role
from tests.helpers import at

UNIT = "TH-DAMSEN"
NOW = at("2026-11-22 09:00")


async def person(core: Core, external_id: str, name: str | None, role: Role,
                 unit: str = UNIT, *, channel: str = "telegram", shown: str = "") -> int:
    user, _created = await core.users.resolve(channel, external_id, shown or external_id, "vi",
                                              NOW)
    if name is not None:
        await core.users.set_name(user.id, name)
    await core.users.join(user.id, unit, role, NOW)
    return user.id


async def test_a_units_members_by_role_then_vietnamese_name(core: Core) -> None:
    """Leaders first, then staff. Byte order would put "Đặng" after "Lê" and "Lạc" after "Lê";
    an unnamed person first on SQLite and last on PostgreSQL; two people of one name in either
    order."""
    ids = {}
    for n, (name, role) in enumerate([
            ("Lê Văn Bình", Role.STAFF), (None, Role.STAFF), ("Đặng Văn Cường", Role.STAFF),
            ("Lạc Thị An", Role.STAFF), ("Lê Văn Bình", Role.STAFF), ("Dương Thị Hoa", Role.STAFF),
            ("Đỗ Minh Tâm", Role.LEADER), ("An Văn Khánh", Role.LEADER)]):
        ids[n] = await person(core, f"m{n}", name, role)
    await person(core, "other", "Ấp Văn Bắc", Role.STAFF, unit="TH-KIMDONG")

    members = await core.users.unit_members(UNIT)

    assert [(uid, name, role) for uid, name, role in members] == [
        (ids[7], "An Văn Khánh", Role.LEADER), (ids[6], "Đỗ Minh Tâm", Role.LEADER),
        (ids[5], "Dương Thị Hoa", Role.STAFF), (ids[2], "Đặng Văn Cường", Role.STAFF),
        (ids[3], "Lạc Thị An", Role.STAFF), (ids[0], "Lê Văn Bình", Role.STAFF),
        (ids[4], "Lê Văn Bình", Role.STAFF), (ids[1], "—", Role.STAFF)]


async def test_the_not_sent_sheets_leaders_in_vietnamese_order(core: Core) -> None:
    """Two leaders of one name keep the order of their accounts; one without a name shows the
    name their first channel (by channel name) shows; each leader's channels by name."""
    first = await person(core, "l1", "Lê Văn Bình", Role.LEADER, shown="Bình 1")
    second = await person(core, "l2", "Lê Văn Bình", Role.LEADER, shown="Bình 2")
    await person(core, "l3", "Đặng Thu", Role.LEADER, shown="Thu")
    unnamed = await person(core, "l4", None, Role.LEADER, channel="zalo", shown="Cô Lan (Zalo)")
    await core.db.execute(
        "INSERT INTO identities (channel, external_id, user_id, display_name, last_seen_at)"
        " VALUES ('telegram', 'l4-tg', ?, 'Lan Telegram', ?)", (unnamed, NOW.isoformat()))
    assert first < second

    rt = core.report_types.get("interim")
    assert rt is not None
    missing = await missing_units(core.submissions, core.units, [rt], "2027")

    damsen = next(m for m in missing if m.unit.id == UNIT)
    assert damsen.leaders == ["Đặng Thu", "Lan Telegram", "Lê Văn Bình", "Lê Văn Bình"]
    assert damsen.contacts == [
        "Đặng Thu: Telegram (Thu)", "Lan Telegram: Telegram (Lan Telegram), Zalo (Cô Lan (Zalo))",
        "Lê Văn Bình: Telegram (Bình 1)", "Lê Văn Bình: Telegram (Bình 2)"]


@pytest.mark.parametrize("chunk", [500, 1])
async def test_the_zips_files_by_vietnamese_unit_name(core: Core, chunk: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """By unit name as the workbook lists units ("Đầm Sen" before "Hạnh Thông"), then
    receipt, field and file; across every chunk of ids, not within each one."""
    monkeypatch.setattr(submissions_module, "CHUNK", chunk)
    ids = []
    for n, unit in enumerate(["TH-LEQUYDON", "TH-HANHTHONG", "TH-DAMSEN", "TH-LACLONGQUAN"]):
        sid = await core.db.fetchval(
            "INSERT INTO submissions (receipt, report_type, period, scope_key, version, unit_id,"
            " answers, submitted_at, on_time) VALUES (?, 'interim', '2027', ?, 1, ?, ?, ?, 1)"
            " RETURNING id",
            (f"BC-2027-00000{n}", f"unit:{unit}", unit, json.dumps({}), NOW.isoformat()))
        ids.append(int(sid))
        for seq in (2, 1):
            await core.db.execute(
                "INSERT INTO submission_files (submission_id, field_key, seq, channel, file_id,"
                " kind, name, size, sha256, path) VALUES (?, 'report_file', ?, 'telegram',"
                " 'f', 'document', ?, 1, 'x', ?)",
                (sid, seq, f"{unit}-{seq}.pdf", f"{unit}/{seq}.pdf"))

    rows = await core.submissions.bundle_files(ids, by_unit=True)

    assert [(r["unit_name"].removeprefix("Trường Tiểu học "), r["seq"]) for r in rows] == [
        ("Đầm Sen", 1), ("Đầm Sen", 2), ("Hạnh Thông", 1), ("Hạnh Thông", 2),
        ("Lạc Long Quân", 1), ("Lạc Long Quân", 2), ("Lê Quý Đôn", 1), ("Lê Quý Đôn", 2)]
