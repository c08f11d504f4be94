"""Onboarding through the core, as the console or any channel drives it."""

from __future__ import annotations

from bot.app import build_core
from bot.clock import ManualClock
from bot.core import Core
from bot.dispatcher import Dispatcher
from bot.models import Role
from tests.helpers import CoreUser


async def test_staff_onboarding_in_vietnamese(core: Core, user_factory) -> None:
    lan = user_factory("lan")
    await lan.send("/start")
    assert "Xin chào" in lan.text()
    assert "họ và tên" in lan.text()
    await lan.send("Nguyễn Thị Lan")
    assert "mã tham gia" in lan.text()
    await lan.send("hoasen-gv-4821")  # case and spaces do not matter
    assert "Trường Mầm non Hoa Sen" in lan.text()
    user = await core.users.by_identity("console", "lan")
    assert user is not None and user.role is Role.STAFF and user.unit_id == "MN-HOASEN"
    assert user.full_name == "Nguyễn Thị Lan"


async def test_leader_onboarding_in_english(core: Core, user_factory) -> None:
    hung = user_factory("hung", lang="en-US")
    await hung.send("/start")
    assert "What is your full name?" in hung.text()
    await hung.send("Trần Văn Hùng")
    await hung.send("LLQ-HT-3857")
    assert "unit leader (principal/vice-principal) of Trường Tiểu học Lạc Long Quân" in (
        hung.text()
    )
    user = await core.users.by_identity("console", "hung")
    assert user is not None and user.role is Role.LEADER and user.language == "en"


async def test_wrong_code_is_refused_then_locked_for_a_while(
    core: Core, user_factory, clock: ManualClock
) -> None:
    minh = user_factory("minh")
    await minh.send("/start")
    await minh.send("Lê Minh")
    await minh.send("SAI-MA")
    assert "Mã chưa đúng" in minh.text() and "còn 4 lần thử" in minh.text()
    for _ in range(4):
        await minh.send("SAI-MA")
    assert "sai mã quá nhiều lần" in minh.text()
    await minh.send("HOASEN-GV-4821")  # even the right code waits out the pause
    assert "sai mã quá nhiều lần" in minh.text()
    clock.advance(minutes=16)
    await minh.send("HOASEN-GV-4821")
    assert "Chào mừng" in minh.text()


async def test_restart_in_the_middle_resumes(config, clock, user_factory) -> None:
    first = await build_core(config, clock)
    lan = CoreUser(Dispatcher(first), "lan")
    await lan.send("/start")
    await lan.send("Nguyễn Thị Lan")
    await first.close()

    second = await build_core(config, clock)
    try:
        lan = CoreUser(Dispatcher(second), "lan")
        await lan.send("xin chào")  # not a code: asked again, name kept
        assert "Mã chưa đúng" in lan.text()
        await lan.send("HOASEN-GV-4821")
        user = await second.users.by_identity("console", "lan")
        assert user is not None and user.full_name == "Nguyễn Thị Lan" and user.onboarded
    finally:
        await second.close()


async def test_anything_before_onboarding_leads_back_to_it(user_factory) -> None:
    an = user_factory("an")
    await an.send("hạn nộp báo cáo là khi nào")  # first contact: greeted, asked the name
    assert "họ và tên" in an.text()
    await an.send_sticker()
    assert "hoàn tất đăng ký" in an.text() and "họ và tên" in an.text()
    await an.send("/report")
    assert "họ và tên" in an.text()


async def test_html_in_names_is_escaped(user_factory) -> None:
    x = user_factory("x")
    await x.send("/start")
    await x.send("<b>Tí</b> & Tèo")
    assert "&lt;b&gt;Tí&lt;/b&gt; &amp; Tèo" in x.last[0].text


async def test_bad_names_are_refused(user_factory) -> None:
    x = user_factory("x")
    await x.send("/start")
    await x.send("1")
    assert "họ và tên đầy đủ" in x.text()
    await x.send("a" * 200)
    assert "từ 2 đến 80 ký tự" in x.text()


async def test_admin_only_gives_a_name(core: Core, user_factory) -> None:
    admin = user_factory("admin")
    await admin.send("/start")
    await admin.send("Phạm Gia Hữu")
    assert "chuyên viên quản trị" in admin.text()
    user = await core.users.by_identity("console", "admin")
    assert user is not None and user.is_admin and user.onboarded and user.unit is None


async def test_language_can_be_switched_during_onboarding(user_factory) -> None:
    lan = user_factory("lan")
    await lan.send("/start")
    await lan.press("English")
    assert "Language set to English." in lan.text()
    assert "What is your full name?" in lan.text()


async def test_a_question_sent_for_a_name_is_kept_and_answered_after_joining(
        core: Core, user_factory) -> None:
    lan = user_factory("lan2")
    await lan.send("/start")
    await lan.send("bc sk 6 thang q11 nop ngay bao nhieu")
    assert "câu hỏi" in lan.text() and "họ và tên" in lan.text()
    user = await core.users.by_identity("console", "lan2")
    assert user is not None and not user.full_name  # not taken for a name
    await lan.send("Nguyễn Thị Lan")
    await lan.send("HOASEN-GV-4821")
    assert "Trường Mầm non Hoa Sen" in lan.text()
    assert "31/5" in lan.text()  # the question kept at the name step, answered now
