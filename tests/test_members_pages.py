"""/members for a large unit: leaders first, then staff, a page at a time with the counts, and
page buttons checked like every other button (a stale or forged page gets the stale reply, a
teacher gets the refusal)."""

from __future__ import annotations

import pytest

from bot.admin.roster import PAGE_SIZE, nearest_page, page_of, roster_page
from bot.core import Core
from bot.models import Role
from tests.helpers import CoreUser, at

UNIT = "TH-DAMSEN"
NOW = at("2026-11-22 09:00")
STALE = "Nút này không còn hiệu lực"
STAFF_NAMES = [f"{family} Thị {given}" for family in ("Bùi", "Đặng", "Lê", "Nguyễn", "Phạm")
               for given in ("An", "Bích", "Cúc", "Dung", "Hoa", "Lan", "Mai", "Ngọc", "Thu")]


async def person(core: Core, external_id: str, name: str | None, role: Role,
                 unit: str = UNIT) -> int:
    user, _created = await core.users.resolve("telegram", external_id, external_id, "vi", NOW)
    if name is not None:
        await core.users.set_name(user.id, name)
    await core.users.join(user.id, unit, role, NOW)
    return user.id


async def large_unit(core: Core) -> dict[str, int]:
    """45 staff (two without a name) and 3 leaders whose names sort after most staff."""
    ids = {}
    for n, name in enumerate(STAFF_NAMES[:43]):
        ids[name] = await person(core, f"s{n}", name, Role.STAFF)
    ids["unnamed staff 1"] = await person(core, "s-x1", None, Role.STAFF)
    ids["unnamed staff 2"] = await person(core, "s-x2", None, Role.STAFF)
    for n, name in enumerate(["Vũ Văn Toàn", "Trần Thị Yến", "Âu Minh Đức"]):
        ids[name] = await person(core, f"l{n}", name, Role.LEADER)
    await person(core, "elsewhere", "Ấp Văn Bắc", Role.LEADER, unit="TH-KIMDONG")
    return ids


def shown_people(user: CoreUser) -> list[str]:
    return [label[2:] for label in user.buttons() if label[:1] in ("👔", "👤")]


async def admin_of(user_factory) -> CoreUser:  # type: ignore[no-untyped-def]
    admin = user_factory("admin")
    await admin.onboard("Quản Trị", "")
    return admin


async def test_leaders_come_first_each_in_vietnamese_order_the_unnamed_last(core: Core) -> None:
    ids = {}
    for n, (name, role) in enumerate([
            ("Lê Văn Bình", Role.STAFF), (None, Role.LEADER), ("Vũ Thị Hà", Role.LEADER),
            (None, Role.STAFF), ("Đặng Văn Cường", Role.STAFF), ("Đỗ Minh Tâm", Role.LEADER),
            ("An Văn Khánh", Role.STAFF)]):
        ids[n] = await person(core, f"m{n}", name, role)

    members = await core.users.unit_members(UNIT)

    assert members == [
        (ids[5], "Đỗ Minh Tâm", Role.LEADER), (ids[2], "Vũ Thị Hà", Role.LEADER),
        (ids[1], "—", Role.LEADER),
        (ids[6], "An Văn Khánh", Role.STAFF), (ids[4], "Đặng Văn Cường", Role.STAFF),
        (ids[0], "Lê Văn Bình", Role.STAFF), (ids[3], "—", Role.STAFF)]


def test_pages_count_each_role_and_stop_at_the_last_page() -> None:
    people = [(1, "A", Role.LEADER), (2, "B", Role.LEADER)] + [
        (10 + n, f"S{n}", Role.STAFF) for n in range(39)]

    first = roster_page(people, 0)
    last = roster_page(people, 2)

    assert first is not None and last is not None
    assert (first.total, first.leaders, first.staff, first.pages) == (41, 2, 39, 3)
    assert first.people == tuple(people[:PAGE_SIZE]) and first.first == 1
    assert last.people == (people[40],) and last.first == 41 and last.number == 2
    assert roster_page(people, 3) is None and roster_page(people, -1) is None
    empty = roster_page([], 0)
    assert empty is not None and (empty.pages, empty.first, empty.people) == (1, 0, ())
    assert roster_page([], 1) is None
    assert page_of(people, 40) == 1 and page_of(people, 999) is None
    assert nearest_page(people, 7) == 2 and nearest_page(people[:20], 1) == 0


async def test_an_admin_pages_through_a_large_unit(core: Core, user_factory) -> None:
    await large_unit(core)
    admin = await admin_of(user_factory)
    everyone = [name for _uid, name, _role in await core.users.unit_members(UNIT)]

    await admin.send(f"/members {UNIT}")
    assert "48 người: 3 lãnh đạo, 45 giáo viên/nhân viên" in admin.text()
    assert "Trang 1/3: người thứ 1–20" in admin.text()
    page1 = shown_people(admin)
    assert page1[:3] == ["Âu Minh Đức", "Trần Thị Yến", "Vũ Văn Toàn"]
    assert [b for b in admin.buttons() if "Trang" in b] == ["Trang sau ▶"]

    await admin.press("Trang sau ▶")
    assert admin.last[0].edit and "Trang 2/3: người thứ 21–40" in admin.text()
    page2 = shown_people(admin)
    assert [b for b in admin.buttons() if "Trang" in b] == ["◀ Trang trước", "Trang sau ▶"]

    await admin.press("Trang sau ▶")
    assert "Trang 3/3: người thứ 41–48" in admin.text()
    page3 = shown_people(admin)
    assert page3[-2:] == ["—", "—"]
    assert [b for b in admin.buttons() if "Trang" in b] == ["◀ Trang trước"]
    assert page1 + page2 + page3 == everyone

    await admin.press("◀ Trang trước")
    assert shown_people(admin) == page2


async def test_in_english_the_count_reads_naturally(core: Core, user_factory) -> None:
    await person(core, "only", "Lê Văn Bình", Role.STAFF)
    admin = user_factory("admin", lang="en")
    await admin.onboard("Admin", "")
    await admin.send(f"/members {UNIT}")
    assert "1 person: 0 leaders, 1 staff member" in admin.text()
    assert not [b for b in admin.buttons() if "Next" in b or "Previous" in b]


async def test_an_empty_unit_says_so(user_factory) -> None:
    admin = await admin_of(user_factory)
    await admin.send(f"/members {UNIT}")
    assert "0 người: 0 lãnh đạo, 0 giáo viên/nhân viên" in admin.text()
    assert "Chưa có ai tham gia đơn vị này." in admin.text()


@pytest.mark.parametrize("data", [
    f"mem1:u:{UNIT}:3", f"mem1:u:{UNIT}:999999999999", f"mem1:u:{UNIT}:-1",
    f"mem1:u:{UNIT}:01", f"mem1:u:{UNIT}:1:2", f"mem1:u:{UNIT}:x", "mem1:u:NO-SUCH-UNIT:1"])
async def test_a_forged_page_gets_the_stale_reply(core: Core, user_factory, data: str) -> None:
    await large_unit(core)
    admin = await admin_of(user_factory)
    replies = await admin.press_data(data)
    assert len(replies) == 1 and STALE in admin.text(), data
    assert not shown_people(admin)


async def test_a_page_gone_since_gets_the_stale_reply(core: Core, user_factory) -> None:
    ids = await large_unit(core)
    admin = await admin_of(user_factory)
    await admin.send(f"/members {UNIT}")
    await admin.press("Trang sau ▶")
    await admin.press("Trang sau ▶")
    for name in STAFF_NAMES[35:43]:
        await core.users.leave_unit(ids[name])
    await admin.press("◀ Trang trước")  # page 2 is still there
    assert "Trang 2/2" in admin.text()
    await admin.press_data(f"mem1:u:{UNIT}:2")  # the third page is not any more
    assert STALE in admin.text()


async def test_a_teacher_cannot_page_a_units_members(core: Core, user_factory) -> None:
    await large_unit(core)
    teacher = user_factory("t")
    await teacher.onboard("Giáo Viên", "DAMSEN-GV-6694")
    for data in (f"mem1:u:{UNIT}:1", f"mem1:u:{UNIT}:99", "mem1:p:1:1"):
        await teacher.press_data(data)
        assert "không dành cho" in teacher.text(), data
        assert not shown_people(teacher)
        latest = (await core.audit.latest())[0]
        assert latest.action == "denied" and latest.details == {"action": data}
    await teacher.send(f"/members {UNIT}")
    assert not shown_people(teacher)


async def test_back_and_changes_return_to_the_page(core: Core, user_factory) -> None:
    await large_unit(core)
    admin = await admin_of(user_factory)
    await admin.send(f"/members {UNIT}")
    await admin.press("Trang sau ▶")
    someone = shown_people(admin)[0]
    await admin.press(someone)
    await admin.press("« Quay lại")
    assert "Trang 2/3" in admin.text() and shown_people(admin)[0] == someone

    await admin.press(someone)
    await admin.press("Chuyển thành lãnh đạo")  # now a leader: shown on the first page
    assert "Trang 1/3" in admin.text() and "4 lãnh đạo, 44 giáo viên" in admin.text()
    assert f"👔 {someone}" in admin.buttons()

    await admin.press("Trang sau ▶")
    await admin.press("Trang sau ▶")
    last = shown_people(admin)[-1]
    await admin.press_data(admin.last[0].buttons[-2][0].action)  # the last person
    await admin.press("Xóa khỏi đơn vị")
    assert "47 người" in admin.text() and "Trang 3/3: người thứ 41–47" in admin.text()
    assert shown_people(admin).count(last) == 1  # one unnamed person left
