"""End to end: the real PTB Application over HTTP against the fake Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.models import Role
from tests.fakes import FakeTelegramServer
from tests.helpers import ADMIN_TG_ID
from tests.telegram_env import running_bot, telegram_config


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_onboarding_in_vietnamese(server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config) as bot:
        lan = server.user(id=1001, first_name="Lan", language_code="vi")
        await lan.send("/start")
        await lan.expect("Xin chào!")
        await lan.expect("họ và tên")
        await lan.send("Nguyễn Thị Lan")
        await lan.expect("Cảm ơn Nguyễn Thị Lan.")
        await lan.expect("mã tham gia")
        await lan.send("HOASEN-GV-4821")
        await lan.expect("giáo viên/nhân viên của Trường Mầm non Hoa Sen")
        user = await bot.core.users.by_identity("telegram", "1001")
        assert user is not None and user.role is Role.STAFF


async def test_onboarding_in_english_with_a_wrong_code(server: FakeTelegramServer,
                                                       tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config):
        hung = server.user(id=1002, first_name="Hung", language_code="en")
        await hung.send("/start")
        await hung.expect("Hello!")
        await hung.expect("What is your full name?")
        await hung.send("Trần Văn Hùng")
        await hung.expect("Thank you")
        await hung.expect("join code")
        await hung.send("LLQ-HT-0000")
        await hung.expect("That code is not right")
        await hung.send("LLQ-HT-3857")
        await hung.expect("unit leader (principal/vice-principal) of Trường Tiểu học Lạc Long")
        await hung.send("/help")
        await hung.expect("What you can do")


async def test_restart_in_the_middle_of_onboarding(server: FakeTelegramServer,
                                                   tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    lan = server.user(id=1003, first_name="Lan", language_code="vi")
    async with running_bot(server, config):
        await lan.send("/start")
        await lan.expect("Xin chào!")
        await lan.expect("họ và tên")
        await lan.send("Võ Thị Lan")
        await lan.expect("Cảm ơn")
        await lan.expect("mã tham gia")
    async with running_bot(server, config) as bot:  # a new process on the same database
        await lan.send("SONCA-GV-1573")
        await lan.expect("Trường Mầm non Sơn Ca")
        user = await bot.core.users.by_identity("telegram", "1003")
        assert user is not None and user.full_name == "Võ Thị Lan"


async def test_staff_cannot_use_admin_commands(server: FakeTelegramServer,
                                               tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config):
        teacher = server.user(id=1004, first_name="Mai", language_code="vi")
        await teacher.send("/start")
        await teacher.expect("Xin chào!")
        await teacher.expect("họ và tên")
        await teacher.send("Phan Thị Mai")
        await teacher.expect("Cảm ơn")
        await teacher.expect("mã tham gia")
        await teacher.send("KIMDONG-GV-4356")
        await teacher.expect("Chào mừng")
        for command in ("/broadcast", "/audit"):
            await teacher.send(command)
            await teacher.expect("chỉ dành cho chuyên viên quản trị")
        await teacher.press_data("bc1:aud:all")
        await teacher.expect("không dành cho thầy/cô")
        # the menu Telegram shows this chat has no admin commands
        scoped = server.commands(scope={"type": "chat", "chat_id": 1004})
        assert scoped is not None and "broadcast" not in {c["command"] for c in scoped}


async def test_admin_menu_and_bad_input(server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config):
        admin = server.user(id=ADMIN_TG_ID, first_name="Admin", language_code="vi")
        await admin.send("/start")
        await admin.expect("Xin chào!")
        await admin.expect("họ và tên")
        await admin.send("<b>Chuyên viên</b> & Co")
        await admin.expect("Chào mừng <b>Chuyên viên</b> & Co!")  # shown as typed, not as HTML
        scoped = server.commands(scope={"type": "chat", "chat_id": ADMIN_TG_ID})
        assert scoped is not None and "broadcast" in {c["command"] for c in scoped}
        default = server.commands(scope={"type": "default"})
        assert default is not None and "broadcast" not in {c["command"] for c in default}
        await admin.send_sticker()
        await admin.expect("chỉ đọc được tin nhắn chữ")
        await admin.send("x" * 5000)
        await admin.expect("quá dài")
        await admin.send("/khonglenh")
        await admin.expect("Tôi không biết lệnh /khonglenh")
        await admin.send_photo()
        await admin.expect("chưa cần tệp")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_mode_checks_the_secret_token(server: FakeTelegramServer,
                                                    tmp_path: Path) -> None:
    import dataclasses

    import aiohttp

    port = _free_port()
    config = telegram_config(tmp_path, server)
    config = dataclasses.replace(config, telegram=dataclasses.replace(
        config.telegram, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_listen="127.0.0.1", webhook_port=port, webhook_secret="s3cret-token"))
    async with running_bot(server, config):
        [hook] = server.calls("setWebhook")
        assert hook["secret_token"] == "s3cret-token"
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "chat": {"id": 2001, "type": "private"},
            "from": {"id": 2001, "is_bot": False, "first_name": "Web", "language_code": "vi"},
            "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }}
        url = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as http:
            wrong = await http.post(url, json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            assert wrong.status == 403
            right = await http.post(url, json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
            assert right.status == 200
        message = await server.wait_for_message(2001)
        assert "Xin chào!" in message.text


async def test_an_error_is_logged_and_the_user_told(server: FakeTelegramServer,
                                                    tmp_path: Path, caplog) -> None:
    from bot.port import Reply
    from bot.registry import Ctx

    async def broken(ctx: Ctx) -> list[Reply]:
        raise RuntimeError("database on fire: secret internals")

    config = telegram_config(tmp_path, server)
    async with running_bot(server, config) as bot:
        bot.core.registry.command("broken", "Broken", broken)
        admin = server.user(id=ADMIN_TG_ID, first_name="Admin", language_code="vi")
        await admin.send("/start")
        await admin.expect("Xin chào!")
        await admin.expect("họ và tên")
        await admin.send("Quản Trị")
        await admin.expect("Chào mừng")
        await admin.send("/broken")
        reply = await admin.expect("hệ thống vừa gặp sự cố")
        assert "không bị mất" not in reply.text  # it may well be lost: never promise it
        assert "secret internals" not in reply.text
    assert any("RuntimeError" in r.getMessage() for r in caplog.records)
    assert not any(server.token in r.getMessage() for r in caplog.records)
