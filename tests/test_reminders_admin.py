"""Admins manage deadlines (add, edit, delete, preview); nobody else can, even by forged action."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.clock import ManualClock
from bot.core import Core
from bot.features.reminders import manage, steps
from bot.i18n import reload_catalogs
from bot.port import Incoming, InKind
from bot.registry import Ctx
from bot.reminders.actions import DEADLINES
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.service import ReminderService
from tests.helpers import CoreUser, at
from tests.test_reminders_support import (
    UserFactory,
    deadline_id,
    queued,
    reminder_service,
)

REAL = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # APScheduler's (real) clock, fixed


@pytest.fixture(autouse=True)
def _vietnamese_texts() -> Iterator[None]:
    yield
    reload_catalogs()


@pytest.fixture
async def rs(core: Core) -> ReminderService:
    return await reminder_service(core)


@pytest.fixture
async def scheduler(core: Core, rs: ReminderService) -> AsyncIterator[ReminderScheduler]:
    found = core.background.reminders
    found.real_now = lambda: REAL
    await found.start()
    yield found
    found.shutdown()


async def an_admin(user_factory: UserFactory) -> CoreUser:
    user: CoreUser = user_factory("admin")
    await user.send("/start")
    await user.send("Nguyễn Văn An")
    return user


async def audit_actions(core: Core) -> list[tuple[str, dict[str, object]]]:
    rows = await core.db.fetchall("SELECT action, details FROM audit_log ORDER BY id")
    return [(r["action"], json.loads(r["details"])) for r in rows]


async def test_an_admin_adds_a_yearly_deadline_and_the_job_is_replanned(
        core: Core, clock: ManualClock, scheduler: ReminderScheduler,
        user_factory: UserFactory) -> None:
    assert scheduler.planned == at("2027-05-17 08:00")
    assert scheduler.next_run_time() == REAL + (at("2027-05-17 08:00") - clock.now())
    principal = user_factory("tuan")
    await principal.onboard("Lê Văn Tuấn", "LLQ-HT-3857")
    an = await an_admin(user_factory)
    await an.send("/managedeadlines")
    assert "Các hạn nộp có nhắc hạn" in an.text()
    assert "31/5 hằng năm" in an.text() and "10/11 hằng năm" in an.text()
    await an.press("Thêm hạn hằng năm")
    await an.send("31/2")
    assert "Không có ngày 31/2 trong lịch." in an.text()
    await an.send("giữa tháng mười hai")
    assert "Tôi chưa đọc được" in an.text()
    await an.send("15/12")
    await an.send("!!")
    assert "Vui lòng viết từ 3 đến 300 ký tự" in an.text()
    await an.send("Báo cáo công tác thi đua quý IV")
    await an.send("tiểu học")  # a button step: typing is not enough
    assert "Vui lòng chọn một trong các nút." in an.text()
    await an.press("lãnh đạo các đơn vị TH")
    await an.press("Không có báo cáo")
    text = an.text()
    assert "Kiểm tra hạn mới" in text and "15/12 hằng năm" in text
    assert "Số người sẽ được nhắc: 1." in text
    assert ("Số đơn vị: 7; đã nộp: 0; chưa có ai trong số người được nhắc đăng ký dùng bot: 6."
            in text)
    assert "Lần nhắc tới: Thứ Ba, 1/12/2026 lúc 08:00" in text
    await an.press("Lưu")
    assert "Đã lưu. Lịch nhắc hạn đã được lập." in an.text()
    # The scheduler's one job now fires for the new deadline, 14 days before 15/12/2026.
    assert scheduler.planned == at("2026-12-01 08:00")
    assert scheduler.next_run_time() == REAL + (at("2026-12-01 08:00") - clock.now())
    action, details = (await audit_actions(core))[-1]
    assert action == "deadline_added"
    assert details["audience"] == "leaders:TH" and details["day"] == 15
    admin_user = await core.users.by_identity("console", "admin")
    assert admin_user is not None
    assert await core.conversations.get(admin_user.id) is None
    # ... and reminds the primary school's principal then.
    await scheduler.service.send_due(at("2026-12-01 08:00"))
    [row] = await queued(core, "reminder")
    assert "Báo cáo công tác thi đua quý IV" in row["reply"]["text"]


async def test_a_one_off_deadline_must_not_be_in_the_past(
        core: Core, clock: ManualClock, rs: ReminderService,
        user_factory: UserFactory) -> None:
    teacher = user_factory("lan")
    await teacher.onboard("Nguyễn Thị Lan", "HOASEN-GV-4821")
    an = await an_admin(user_factory)
    await an.send("/managedeadlines")
    await an.press("Thêm hạn một lần")
    await an.send("31/5/2024")
    assert "Ngày này đã qua." in an.text()
    await an.send("15/12/2026")
    await an.send("Nộp sáng kiến kinh nghiệm")
    await an.press("CB-GV-NV tất cả các đơn vị")
    await an.press("Không có báo cáo")
    assert "Hạn: 15/12/2026" in an.text()
    await an.press("Lưu")
    await rs.send_due(at("2026-12-01 08:00"))
    [row] = await queued(core, "reminder")
    assert "Nộp sáng kiến kinh nghiệm" in row["reply"]["text"]
    assert "Nguồn: do Phòng đặt" in row["reply"]["text"]


async def test_an_admin_edits_a_yearly_default_and_the_edit_survives_a_reload(
        core: Core, clock: ManualClock, scheduler: ReminderScheduler,
        user_factory: UserFactory) -> None:
    interim = await deadline_id(core, "interim_report")
    an = await an_admin(user_factory)
    await an.press_data(f"rma1:show:{interim}")
    assert "31/5 hằng năm" in an.text() and "Nhắc: lãnh đạo tất cả các đơn vị" in an.text()
    await an.press("Ngày")
    await an.send("30/5")
    assert "Đã lưu. Lịch nhắc hạn đã được lập lại." in an.text()
    assert "30/5 hằng năm" in an.text()
    # 30/5/2027 is a Sunday; 14 days before is a Sunday too, so the first goes on Friday 14/5.
    assert scheduler.planned == at("2027-05-14 08:00")
    assert await scheduler.service.load_defaults() == 0
    row = await core.db.fetchone("SELECT day, month FROM deadlines WHERE id = ?", (interim,))
    assert tuple(row) == (30, 5)  # type: ignore[arg-type]
    action, details = (await audit_actions(core))[-1]
    assert action == "deadline_edited"
    assert details == {
        "id": interim,
        "before": {"day": 31, "month": 5, "due_date": None, "precision": "day"},
        "after": {"day": 30, "month": 5, "due_date": None, "precision": "day"}}


async def test_an_admin_deletes_a_deadline(
        core: Core, scheduler: ReminderScheduler,
        user_factory: UserFactory) -> None:
    interim = await deadline_id(core, "interim_report")
    an = await an_admin(user_factory)
    await an.press_data(f"rma1:show:{interim}")
    await an.press("Xóa")
    await an.press("Đồng ý xóa")
    assert "Đã xóa." in an.text()
    assert scheduler.planned == at("2027-10-27 08:00")  # only 10/11 is left
    assert await scheduler.service.load_defaults() == 0  # the file does not bring it back
    assert await core.db.fetchval("SELECT active FROM deadlines WHERE id = ?",
                                      (interim,)) == 0
    assert (await audit_actions(core))[-1][0] == "deadline_deleted"


async def test_staff_and_leaders_cannot_manage_deadlines_even_by_forged_actions(
        core: Core, rs: ReminderService,
        user_factory: UserFactory) -> None:
    interim = await deadline_id(core, "interim_report")
    teacher = user_factory("lan")
    await teacher.onboard("Nguyễn Thị Lan", "HOASEN-GV-4821")
    principal = user_factory("hung")
    await principal.onboard("Trần Văn Hùng", "HOASEN-HT-7390")
    for user in (teacher, principal):
        await user.send("/managedeadlines")
        assert "Các hạn nộp" not in user.text()
        for forged in (f"rma1:delok:{interim}", "rma1:add:yearly",
                       f"rma1:edit:{interim}:date", "rma1:save", "rma1:list"):
            await user.press_data(forged)
            assert user.text() == "Xin lỗi, chức năng này không dành cho thầy/cô."
    assert await core.db.fetchval("SELECT active FROM deadlines WHERE id = ?",
                                      (interim,)) == 1
    for name in ("lan", "hung"):
        found = await core.users.by_identity("console", name)
        assert found is not None and await core.conversations.get(found.id) is None
    denied = [a for a, _d in await audit_actions(core) if a == "denied"]
    assert len(denied) == 12
    # Without the dispatcher's check too (defence in depth): the handlers refuse by themselves.
    lan = await core.users.by_identity("console", "lan")
    assert lan is not None
    data = DEADLINES.build("delok", interim)
    ctx = Ctx(core, lan, Incoming("console", "lan", InKind.ACTION, action=data),
              core.now())
    press = DEADLINES.parse(data)
    assert press is not None
    [reply] = await manage.on_action(ctx, press)
    assert reply.text == "Xin lỗi, chức năng này không dành cho thầy/cô."
    from bot.conversations import Conversation

    await core.conversations.set(lan.id, Conversation(steps.FLOW, "date", {
        "mode": "edit", "id": interim, "kind": "yearly"}), core.now())
    await teacher.send("1/6")
    assert teacher.text() == "Xin lỗi, chức năng này không dành cho thầy/cô."
    assert await core.db.fetchval("SELECT day FROM deadlines WHERE id = ?", (interim,)) == 31


async def test_stale_or_out_of_step_admin_buttons_are_refused(
        core: Core, rs: ReminderService,
        user_factory: UserFactory) -> None:
    an = await an_admin(user_factory)
    for forged in ("rma1:save", "rma1:aud:leaders", "rma1:rt:interim",
                   "rma1:show:999", "rma1:edit:1:colour", "rma1:nope",
                   "rma1:show:²", "rma1:delok:" + "9" * 40, "rm1:adm"):
        await an.press_data(forged)
        assert "Các hạn nộp có nhắc hạn" in an.text() or "không còn" in an.text()
    await an.press_data("rma1:add:yearly")
    await an.press_data("rma1:aud:leaders:XYZ")
    assert "không còn hiệu lực" in an.text()
    assert await core.db.fetchval("SELECT COUNT(*) FROM deadlines WHERE plan_id IS NULL") == 2


async def test_the_manage_button_for_the_deadlines_listing_opens_the_management(
        core: Core, rs: ReminderService, user_factory: UserFactory) -> None:
    from bot.features.reminders.views import manage_button

    an = await an_admin(user_factory)
    button = manage_button()
    assert button.label == "⚙️ Quản lý hạn nộp"
    await an.press_data(button.action)
    assert "Các hạn nộp có nhắc hạn" in an.text()
