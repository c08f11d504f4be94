"""The buttons on a reminder: "Nộp báo cáo ngay" opens the report, "Nhắc lại sau" snoozes once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.clock import ManualClock
from bot.core import Core
from bot.forms.loader import load_registry
from bot.i18n import reload_catalogs
from bot.models import User
from bot.port import Reply
from bot.reminders.service import ReminderService
from tests.helpers import CoreUser, at
from tests.test_reminders_support import (
    UserFactory,
    buttons,
    deadline_id,
    log_rows,
    queued,
    reminder_service,
)


@pytest.fixture(autouse=True)
def _vietnamese_texts() -> Iterator[None]:
    yield
    reload_catalogs()


@pytest.fixture
async def rs(core: Core) -> ReminderService:
    return await reminder_service(core)


class FakeReports:
    """Stands in for the report service: records what it was asked to start."""

    def __init__(self) -> None:
        self.started: list[tuple[int, dt.datetime, str | None]] = []
        self.periods: list[str | None] = []
        self.types = load_registry()

    async def start(self, user: User, now: dt.datetime, type_id: str | None = None,
                    period: str | None = None) -> list[Reply]:
        self.started.append((user.id, now, type_id))
        self.periods.append(period)
        return [Reply(f"form {type_id}")]


async def reminded_principal(
        user_factory: UserFactory, core: Core, clock: ManualClock,
        rs: ReminderService) -> tuple[CoreUser, dict[str, str]]:
    hung: CoreUser = user_factory("hung")
    await hung.onboard("Trần Văn Hùng", "HOASEN-HT-7390")
    clock.set(at("2027-05-17 08:00"))
    await rs.send_due(clock.now())
    [row] = await queued(core, "reminder")
    return hung, {label: action for label, action in buttons(row)}


async def test_remind_me_later_queues_it_again_for_the_next_morning_once(
        core: Core, clock: ManualClock, rs: ReminderService,
        user_factory: UserFactory) -> None:
    hung, actions = await reminded_principal(user_factory, core, clock, rs)
    clock.set(at("2027-05-17 10:15"))
    await hung.press_data(actions["🔔 Nhắc lại sau"])
    assert hung.text() == "Được rồi: tôi sẽ nhắc lại vào Thứ Ba, 18/5/2027 lúc 08:00."
    await hung.press_data(actions["🔔 Nhắc lại sau"])  # pressed twice: snoozed once
    assert hung.text() == "Thầy/cô đã hẹn nhắc lại vào Thứ Ba, 18/5/2027 lúc 08:00 rồi."
    first, again = await queued(core, "reminder")
    assert again["user_id"] == first["user_id"]
    assert again["not_before"] == "2027-05-18T08:00:00+07:00"
    assert "Còn 13 ngày." in again["reply"]["text"]
    assert [label for label, _a in buttons(again)] == ["📝 Nộp báo cáo ngay", "🔔 Nhắc lại sau"]
    assert [r[4] for r in await log_rows(core)] == ["snoozed"]
    assert [r.id for r in await core.outbox.due("console")] == [first["id"]]
    clock.set(at("2027-05-18 08:00"))
    assert [r.id for r in await core.outbox.due("console")] == [first["id"], again["id"]]


async def test_no_later_on_the_last_day(core: Core, clock: ManualClock,
                                        rs: ReminderService,
                                        user_factory: UserFactory) -> None:
    hung, _actions = await reminded_principal(user_factory, core, clock, rs)
    interim = await deadline_id(core, "interim_report")
    clock.set(at("2027-05-31 09:00"))
    await hung.press_data(f"rm1:later:{interim}:2027-05-31:7")  # an old button, on the last day
    assert hung.text().startswith("Hôm nay là hạn cuối nên không thể nhắc lại sau.")
    assert len(await queued(core, "reminder")) == 1


async def test_a_snooze_on_friday_comes_back_on_monday(core: Core, clock: ManualClock,
                                                         rs: ReminderService,
                                                         user_factory: UserFactory) -> None:
    hung, actions = await reminded_principal(user_factory, core, clock, rs)
    clock.set(at("2027-05-21 16:00"))  # a Friday
    await hung.press_data(actions["🔔 Nhắc lại sau"])
    assert hung.text().endswith("Thứ Hai, 24/5/2027 lúc 08:00.")
    again = (await queued(core, "reminder"))[-1]
    assert again["not_before"] == "2027-05-24T08:00:00+07:00"


async def test_no_later_when_the_next_working_day_is_past_the_deadline(
        core: Core, clock: ManualClock, rs: ReminderService,
        user_factory: UserFactory) -> None:
    hung: CoreUser = user_factory("hung")
    await hung.onboard("Trần Văn Hùng", "HOASEN-HT-7390")
    interim = await deadline_id(core, "interim_report")
    clock.set(at("2026-05-29 09:00"))  # Friday; 31/5/2026 is a Sunday
    await hung.press_data(f"rm1:later:{interim}:2026-05-31:3")
    assert hung.text().startswith("Ngày làm việc tiếp theo đã qua hạn (31/5/2026)")
    assert await queued(core, "reminder") == []


async def test_submit_now_opens_the_report_that_answers_the_deadline(
        core: Core, clock: ManualClock, rs: ReminderService,
        user_factory: UserFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    hung, actions = await reminded_principal(user_factory, core, clock, rs)
    reports = FakeReports()
    monkeypatch.setattr(core.reports, "start", reports.start)
    await hung.press_data(actions["📝 Nộp báo cáo ngay"])
    assert hung.text() == "form interim"
    assert [t for _u, _n, t in reports.started] == ["interim"]
    assert reports.periods == ["2027"]  # the occurrence the reminder is about


async def test_reminder_buttons_are_checked_again_when_pressed(
        core: Core, clock: ManualClock, rs: ReminderService,
        user_factory: UserFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    hung, actions = await reminded_principal(user_factory, core, clock, rs)
    reports = FakeReports()
    monkeypatch.setattr(core.reports, "start", reports.start)
    teacher: CoreUser = user_factory("lan")
    await teacher.onboard("Nguyễn Thị Lan", "HOASEN-GV-4821")
    for action in actions.values():  # a teacher forging the principal's buttons
        await teacher.press_data(action)
        assert teacher.text() == "Xin lỗi, chức năng này không dành cho thầy/cô."
    assert reports.started == []
    interim = await deadline_id(core, "interim_report")
    for forged in (f"rm1:go:{interim}:2027-05-30", f"rm1:go:{interim}:junk",
                   "rm1:go:999:2027-05-31",
                   f"rm1:later:{interim}:2027-05-31:5", "rm1:nope", "rm1:go:²:2027-05-31",
                   "rm1:go:" + "9" * 40 + ":2027-05-31", f"rm1:later:{interim}:2027-05-31:x"):
        await hung.press_data(forged)
        assert "Nhắc hạn" not in hung.text()
    assert reports.started == []
    assert len(await queued(core, "reminder")) == 1
