"""Routing, roles and bad input, through the core."""

from __future__ import annotations

from bot.core import Core
from bot.port import Reply
from bot.registry import Ctx


async def _onboarded(user_factory, name: str, code: str):  # type: ignore[no-untyped-def]
    u = user_factory(name)
    await u.onboard("Người Dùng " + name, code)
    return u


async def test_unknown_command_is_explained(user_factory) -> None:
    u = await _onboarded(user_factory, "u1", "HOASEN-GV-4821")
    await u.send("/khongco")
    assert "Tôi không biết lệnh /khongco" in u.text()


async def test_staff_cannot_use_an_admin_command(core: Core, user_factory) -> None:
    async def secret(ctx: Ctx) -> list[Reply]:
        return [Reply("secret")]

    from bot.models import Role

    core.registry.command("secret", "Secret", secret, roles={Role.ADMIN})
    teacher = await _onboarded(user_factory, "t1", "HOASEN-GV-4821")
    await teacher.send("/secret")
    assert "chỉ dành cho chuyên viên quản trị" in teacher.text()
    assert "secret" not in teacher.text().split()
    entries = await core.audit.latest()
    assert entries[0].action == "denied"
    admin = user_factory("admin")
    await admin.onboard("Quản Trị", "")
    await admin.send("/secret")
    assert admin.text() == "secret"


async def test_help_lists_only_allowed_commands(core: Core, user_factory) -> None:
    async def secret(ctx: Ctx) -> list[Reply]:
        return [Reply("secret")]

    from bot.models import Role

    core.registry.command("secret", "Secret", secret, roles={Role.ADMIN})
    teacher = await _onboarded(user_factory, "t1", "HOASEN-GV-4821")
    await teacher.send("/help")
    assert "/me" in teacher.text() and "/secret" not in teacher.text()


async def test_long_and_empty_messages(user_factory) -> None:
    u = await _onboarded(user_factory, "u2", "HOASEN-GV-4821")
    await u.send("x" * 5000)
    assert "quá dài (5000 ký tự)" in u.text()
    await u.send("   ")
    assert "Vui lòng gửi nội dung bằng chữ" in u.text()


async def test_sticker_gets_a_clear_reply(user_factory) -> None:
    u = await _onboarded(user_factory, "u3", "HOASEN-GV-4821")
    await u.send_sticker()
    assert "chỉ đọc được tin nhắn chữ" in u.text()


async def test_forged_or_stale_button_is_harmless(user_factory) -> None:
    u = await _onboarded(user_factory, "u4", "HOASEN-GV-4821")
    await u.press_data("zz:whatever:1")
    assert "Nút này không còn hiệu lực" in u.text()
    await u.press_data("lang1:set:xx")
    assert "Nút này không còn hiệu lực" in u.text()


async def test_same_update_twice_is_handled_once(user_factory) -> None:
    u = await _onboarded(user_factory, "u5", "HOASEN-GV-4821")
    first = await u.press_data("lang1:set:en", update_key="777")
    second = await u.press_data("lang1:set:en", update_key="777")
    assert first and second == []


async def test_me_and_lang(user_factory) -> None:
    u = await _onboarded(user_factory, "u6", "LLQ-HT-3857")
    await u.send("/me")
    assert "lãnh đạo đơn vị" in u.text() and "Trường Tiểu học Lạc Long Quân" in u.text()
    await u.send("/lang en")
    assert u.text() == "Language set to English."
    await u.send("/me")
    assert "Your profile" in u.text()
    await u.send("/cancel")
    assert "There is nothing to cancel." in u.text()
