"""End to end over the fake Bot API: what an attacker, a failing Telegram and a crash found
(issue 12). Each test fails without its fix."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import ConfigError
from bot.config_file import load_config
from bot.models import Role
from tests.fakes import FakeTelegramServer
from tests.helpers import ADMIN_TG_ID, ROOT, at
from tests.telegram_env import Chat, running_bot, telegram_config


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


def may_2027() -> ManualClock:
    return ManualClock(at("2027-05-20 09:00"))


async def _interim_started(hung: Chat) -> None:
    await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
    await hung.send("/report")
    await hung.sees("Báo cáo sơ kết 6 tháng đầu năm")
    await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
    await hung.sees("câu 1/9")


async def _interim_until_summary(hung: Chat) -> None:
    await _interim_started(hung)
    await hung.send("45")
    await hung.sees("câu 2/9")
    await hung.send("40")
    await hung.sees("câu 3/9")
    await hung.send("Dạy tốt – Học tốt")
    await hung.sees("câu 4/9")
    await hung.send("Hội giảng cấp trường")
    for step in (5, 6, 7, 8, 9):
        await hung.sees(f"câu {step}/9")
        await hung.press("Bỏ qua")
    await hung.sees("xin kiểm tra lại")


async def _answers(core, user_ext: str) -> dict:  # type: ignore[no-untyped-def]
    import json

    row = await core.db.fetchone(
        "SELECT d.answers FROM drafts d JOIN identities i ON i.user_id = d.user_id"
        " WHERE i.external_id = ? ORDER BY d.id DESC LIMIT 1", (user_ext,))
    return json.loads(row["answers"]) if row else {}


# --- item 3: the Telegram webhook needs a secret ----------------------------------------------


def test_webhook_mode_refuses_to_start_without_a_good_secret(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[telegram]\nmode = "webhook"\nwebhook_url = "https://x.example/telegram"\n',
                    encoding="utf-8")
    env = {"BOT_TOKEN": "123456:" + "A" * 35}
    with pytest.raises(ConfigError, match="secret"):
        load_config(path, env=env)
    with pytest.raises(ConfigError, match="8 to 256"):
        load_config(path, env={**env, "BOT_WEBHOOK_SECRET": "short"})
    with pytest.raises(ConfigError):
        load_config(path, env={**env, "BOT_WEBHOOK_SECRET": "x" * 257})
    ok = load_config(path, env={**env, "BOT_WEBHOOK_SECRET": "long-enough_1"})
    assert ok.telegram.webhook_secret == "long-enough_1"


async def test_forged_webhook_posts_are_refused(server: FakeTelegramServer,
                                                tmp_path: Path) -> None:
    import socket

    import aiohttp

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    config = telegram_config(tmp_path, server)
    config = dataclasses.replace(config, telegram=dataclasses.replace(
        config.telegram, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_port=port, webhook_secret="the-real-secret"))
    update = {"update_id": 7, "message": {
        "message_id": 1, "date": 0, "chat": {"id": ADMIN_TG_ID, "type": "private"},
        "from": {"id": ADMIN_TG_ID, "is_bot": False, "first_name": "Forger"},
        "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}
    url = f"http://127.0.0.1:{port}/telegram"
    async with running_bot(server, config) as bot, aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "the-real-secreT"},
                        {"X-Telegram-Bot-Api-Secret-Token": ""}):
            response = await http.post(url, json=update, headers=headers)
            assert response.status == 403
        await asyncio.sleep(0.2)
        assert server.sent_to(ADMIN_TG_ID) == []
        assert await bot.core.users.by_identity("telegram", str(ADMIN_TG_ID)) is None
        good = await http.post(url, json=update,
                               headers={"X-Telegram-Bot-Api-Secret-Token": "the-real-secret"})
        assert good.status == 200
        await server.wait_for_message(ADMIN_TG_ID)


# --- item 6: a failed answerCallbackQuery does not lose the press --------------------------


@pytest.mark.parametrize("status, description", [
    (400, "Bad Request: query is too old and response timeout expired or query ID is invalid"),
    (500, None),
])
async def test_a_button_press_survives_a_failed_callback_answer(
        server: FakeTelegramServer, tmp_path: Path, status: int, description: str | None,
) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        hung = Chat(server, 3101, "Hùng")
        await _interim_until_summary(hung)
        server.fail_next("answerCallbackQuery", status, description=description)
        await hung.press("✅ Gửi")
        await hung.sees("Số biên nhận: BC-2027-")
        assert await bot.core.db.fetchval("SELECT COUNT(*) FROM submissions") == 1


# --- item 14: buttons under a group message --------------------------------------------------


async def test_a_forged_press_from_a_group_is_not_answered_in_the_group(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()):
        hung = Chat(server, 3102, "Hùng")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        server.group(-4001, "Phụ huynh lớp 3A")
        for data in ("rp1:unit", "sub1:list:interim:2027", "lang1:set:en", "kb1:c:1"):
            server._callbacks[f"q-{data}"] = {"answered": False, "data": data, "user_id": 3102}
            update = server.queue_update({"callback_query": {
                "id": f"q-{data}", "from": hung.user.user_dict, "chat_instance": "1",
                "data": data, "message": {
                    "message_id": 1, "date": 0, "text": "a button",
                    "chat": {"id": -4001, "type": "group", "title": "Phụ huynh lớp 3A"}}}})
            await server.wait_until(lambda u=update: server.delivery_count(u["update_id"]),
                                    what="the press to be fetched")
            answer = await server.wait_until(
                lambda d=data: server.callback_answers.get(f"q-{d}"), what="the answer")
            assert "riêng" in answer.get("text", "")
        await hung.send("/help")
        await hung.sees("/report")
        assert server.sent_to(-4001) == []


# --- items 15 and 7: replies that Telegram refuses for a while -----------------------------


async def test_a_reply_waits_out_a_429_within_the_budget(server: FakeTelegramServer,
                                                         tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        hung = Chat(server, 3103, "Hùng")
        await _interim_started(hung)
        server.fail_next("sendMessage", 429, retry_after=1)
        await hung.send("45")
        await hung.sees("câu 2/9")
        assert not await bot.core.db.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE kind = 'reply'")
        assert all("thử lại" not in m.text for m in server.sent_to(3103))


@pytest.mark.parametrize("status", [502, 500])
async def test_a_lost_reply_is_queued_and_the_next_answer_lands_in_the_right_field(
        server: FakeTelegramServer, tmp_path: Path, status: int) -> None:
    clock = may_2027()
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, clock) as bot:
        bot.app.bot_data["reply_budget"] = 0.3
        hung = Chat(server, 3104, "Hùng")
        await _interim_started(hung)
        server.fail_next("sendMessage", status, count=2)
        await hung.send("45")

        async def arrived() -> bool:
            for _ in range(100):
                if any("câu 2/9" in m.text for m in server.sent_to(3104)):
                    return True
                await asyncio.sleep(0.05)
                clock.advance(seconds=5)  # the outbox's backoff runs on the bot's clock
                bot.core.outbox.changed()
            return False

        assert await arrived(), server.describe_chat(3104)
        # nobody told Hùng to send it again: the answer was saved
        assert all("gửi lại" not in m.text and "thử lại" not in m.text
                   for m in server.sent_to(3104))
        await hung.send("40")
        await hung.sees("câu 3/9")
        answers = await _answers(bot.core, "3104")
        assert (answers["staff_total"], answers["participants"]) == (45, 40), answers


async def test_an_answer_sent_while_the_database_is_locked_is_kept(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        hung = Chat(server, 3105, "Hùng")
        await _interim_started(hung)
        locker = sqlite3.connect(config.bot.database, timeout=0)
        locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock for 6 s
        try:
            await hung.send("45")
            await asyncio.sleep(6)
        finally:
            locker.rollback()
            locker.close()
        await hung.sees("câu 2/9", timeout=20)
        assert await _answers(bot.core, "3105") == {"staff_total": 45}
        assert all("không bị mất" not in m.text and "sự cố" not in m.text
                   for m in server.sent_to(3105))


# --- item 2: /link never moves admin rights ---------------------------------------------------


async def test_an_admin_cannot_be_linked_into_a_teachers_account(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    import re

    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        mai = Chat(server, 3201, "Mai")
        await mai.join("Phan Thị Mai", "KIMDONG-GV-4356")
        await mai.send("/link")
        shown = await mai.sees("/link ")
        code = re.search(r"/link ([A-Z0-9]{6})", shown)
        assert code is not None
        await admin.send(f"/link {code.group(1)}")
        await admin.sees("quản trị")
        await mai.send("/export")
        await mai.sees("chỉ dành cho")
        teacher = await bot.core.users.by_identity("telegram", "3201")
        still_admin = await bot.core.users.by_identity("telegram", str(ADMIN_TG_ID))
        assert teacher is not None and not teacher.is_admin
        assert still_admin is not None and still_admin.is_admin and still_admin.id != teacher.id
        # the other way round too: a teacher typing an admin's code
        await admin.send("/link")
        shown = await admin.sees("/link ")
        code = re.search(r"/link ([A-Z0-9]{6})", shown)
        assert code is not None
        await mai.send(f"/link {code.group(1)}")
        await mai.sees("quản trị")
        teacher = await bot.core.users.by_identity("telegram", "3201")
        assert teacher is not None and not teacher.is_admin


# --- item 16: invisible characters and files that are not what they say --------------------


async def test_names_lose_invisible_characters_and_codes_still_match(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        lan = Chat(server, 3202, "Lan\u202e\u200b")
        await lan.send("/start")
        await lan.sees("?")
        await lan.send("Nguyễn \u202eThị\u200b Lan\u2066\u200d")
        await lan.sees("Cảm ơn Nguyễn Thị Lan.")
        await lan.send("\u200bHOASEN-GV-\u200c4821\ufeff")
        await lan.sees("Chào mừng thầy/cô!")
        user = await bot.core.users.by_identity("telegram", "3202")
        assert user is not None and user.full_name == "Nguyễn Thị Lan"
        shown = await bot.core.db.fetchval(
            "SELECT display_name FROM identities WHERE external_id = '3202'")
        assert shown == "Lan"


async def test_a_program_named_pdf_and_an_empty_file_are_refused(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        hung = Chat(server, 3203, "Hùng")
        await _interim_until_summary(hung)
        await hung.press("9. Tệp báo cáo")
        await hung.sees("Tệp báo cáo")
        await hung.send_document("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200,
                                 "application/pdf")
        await hung.sees("không đúng như tên tệp")
        await hung.send_document("trong.pdf", b"", "application/pdf")
        await hung.sees("không đúng như tên tệp")
        await hung.send_document("bao-cao-that.pdf", b"%PDF-1.4 real", "application/pdf")
        await hung.sees("bao-cao-that.pdf")
        await hung.press("✅ Gửi")
        await hung.sees("Số biên nhận")
        names = [r["name"] for r in await bot.core.db.fetchall(
            "SELECT name FROM submission_files")] if await bot.core.db.fetchval(
            "SELECT 1 FROM sqlite_master WHERE name = 'submission_files'") else []
        assert "bao-cao.pdf" not in names and "trong.pdf" not in names
        stored = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
        assert stored and all(p.read_bytes().startswith(b"%PDF") for p in stored)


# --- item 11: roles are checked at every step of a flow --------------------------------------


async def test_an_admin_removed_mid_flow_cannot_finish_it(server: FakeTelegramServer,
                                                         tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    admin = Chat(server, ADMIN_TG_ID, "Admin")
    other = Chat(server, 9001, "Admin 2")
    config = dataclasses.replace(config, bot=dataclasses.replace(
        config.bot, admins=(*config.bot.admins, "telegram:9001")))
    async with running_bot(server, config, may_2027()) as bot:
        await admin.join_as_admin()
        await other.join_as_admin()
        # the first is also a principal (an admin who leads a school): a unit member
        user = await bot.core.users.by_identity("telegram", str(ADMIN_TG_ID))
        assert user is not None
        await bot.core.users.join(user.id, "MN-HOASEN", Role.LEADER, at("2027-05-01 08:00"))
        for chat in (admin, other):
            await chat.send("/broadcast")
            await chat.sees("nội dung thông báo")
    demoted = dataclasses.replace(config, bot=dataclasses.replace(
        config.bot, admins=("console:admin",)))  # both removed from BOT_ADMIN_IDS, restarted
    async with running_bot(server, demoted, may_2027()) as bot:
        await admin.send("Thông báo giả mạo gửi mọi người")
        await admin.sees("không dành cho thầy/cô")
        await other.send("Thông báo giả mạo gửi mọi người")
        await other.sees("họ và tên")  # no unit and no longer an admin: registers anew
        for chat in (ADMIN_TG_ID, 9001):
            assert not any("Ai sẽ nhận" in m.text for m in server.sent_to(chat))
        user = await bot.core.users.by_identity("telegram", str(ADMIN_TG_ID))
        assert user is not None and await bot.core.conversations.get(user.id) is None
        denied = await bot.core.db.fetchval(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND details LIKE '%flow%'")
        assert denied == 1


# --- item 4: retired units, and /members ------------------------------------------------------


async def test_a_retired_units_members_lose_their_role(server: FakeTelegramServer,
                                                       tmp_path: Path) -> None:
    from bot.admin.audience import AudienceKind, AudienceSpec
    from bot.features.broadcast import audiences

    config = telegram_config(tmp_path, server)
    hung = Chat(server, 3301, "Hùng")
    async with running_bot(server, config, may_2027()):
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/unit")
        assert "chỉ dành cho" not in await hung.sees("")
    units = tmp_path / "units.csv"
    units.write_text("".join(line for line in (ROOT / "data" / "units.csv").read_text(
        "utf-8").splitlines(keepends=True) if not line.startswith("MN-HOASEN")), "utf-8")
    retired = dataclasses.replace(config, bot=dataclasses.replace(config.bot, units_csv=units))
    async with running_bot(server, retired, may_2027()) as bot:
        for command in ("/unit", "/report"):  # back to registering: no unit, no role
            await hung.send(command)
            await hung.sees("họ và tên")
        user = await bot.core.users.by_identity("telegram", "3301")
        assert user is not None and user.role is None and not user.onboarded
        everyone = await audiences(bot.core).recipients(AudienceSpec(AudienceKind.ALL))
        assert user.id not in everyone
        assert user.id not in await bot.core.users.members()
        assert await bot.core.db.fetchval(  # the history is kept
            "SELECT COUNT(*) FROM memberships WHERE user_id = ?", (user.id,)) == 1


async def test_an_admin_removes_a_member_and_changes_a_role(server: FakeTelegramServer,
                                                            tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        lan = Chat(server, 3302, "Lan")
        await lan.join("Nguyễn Thị Lan", "SONCA-GV-1573")
        mai = Chat(server, 3303, "Mai")
        await mai.join("Phan Thị Mai", "SONCA-GV-1573")
        await lan.send("/members")
        await lan.sees("chỉ dành cho")
        await lan.press_data("mem1:rm:3")  # forged: only admins
        await lan.sees("không dành cho thầy/cô")
        await admin.send("/members MN-SONCA")
        await admin.sees("2 người: 0 lãnh đạo, 2 giáo viên/nhân viên")
        await admin.press("Nguyễn Thị Lan")
        await admin.sees("giáo viên")
        await admin.press("Xóa khỏi đơn vị")
        await admin.sees("Đã xóa Nguyễn Thị Lan")
        await lan.sees("đã xóa thầy/cô khỏi đơn vị")
        await lan.send("/report")
        await lan.sees("họ và tên")  # she registers again, with a code, if she is to report
        await admin.press("Phan Thị Mai")
        await admin.sees("Phan Thị Mai: giáo viên")
        await admin.press("lãnh đạo")
        await admin.sees("Phan Thị Mai nay là")
        await mai.send("/unit")
        assert "chỉ dành cho" not in await mai.sees("")
        actions = [r["action"] for r in await bot.core.db.fetchall(
            "SELECT action FROM audit_log ORDER BY id")]
        assert "member_removed" in actions and "member_role" in actions
        await admin.send("/audit")
        audit = await admin.sees("Nhật ký thao tác")
        assert "đã xóa Nguyễn Thị Lan (giáo viên, nhân viên) khỏi đơn vị Trường Mầm non Sơn Ca" \
            in audit
        assert "đã đổi vai trò của Phan Thị Mai tại đơn vị Trường Mầm non Sơn Ca" in audit


# --- item 10: guessing join codes from many accounts -------------------------------------------


async def _guesser(server: FakeTelegramServer, user_id: int) -> Chat:
    chat = Chat(server, user_id, "X")
    await chat.send("/start")
    await chat.sees("?")
    await chat.send("Người Đoán Mã")
    await chat.sees("mã tham gia")
    return chat


async def test_guessing_one_units_code_from_many_accounts_is_stopped(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        guess = 0
        for account in range(3):
            chat = await _guesser(server, 3400 + account)
            for _ in range(4):  # under the per-account limit of 5
                await chat.send(f"HOASEN-HT-{guess:04d}")
                await chat.sees("")
                guess += 1
        await chat.send("HOASEN-HT-7390")  # even the right code waits now
        await chat.sees("tạm dừng")
        alert = await admin.sees("/rotatecodes MN-HOASEN")
        assert "Hoa Sen" in alert
        user = await bot.core.users.by_identity("telegram", "3402")
        assert user is not None and user.role is None
        other = Chat(server, 3410, "Lan")
        await other.join("Nguyễn Thị Lan", "SONCA-GV-1573")  # other units are not affected


async def test_guessing_across_units_pauses_all_joining(server: FakeTelegramServer,
                                                         tmp_path: Path) -> None:
    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        for account in range(10):
            chat = await _guesser(server, 3420 + account)
            for n in range(4):
                await chat.send(f"Q{account}Z{n}W-{n}")
                await chat.sees("")
        late = await _guesser(server, 3440)
        await late.send("SONCA-GV-1573")
        await late.sees("tạm dừng")
        await admin.sees("nhiều tài khoản")
        assert (await bot.core.users.by_identity("telegram", "3440")).role is None


async def test_an_admin_rotates_a_units_codes(server: FakeTelegramServer,
                                              tmp_path: Path) -> None:
    import re

    units = tmp_path / "units.csv"
    units.write_text((ROOT / "data" / "units.csv").read_text("utf-8"), "utf-8")
    config = telegram_config(tmp_path, server)
    config = dataclasses.replace(config, bot=dataclasses.replace(config.bot, units_csv=units))
    async with running_bot(server, config, may_2027()):
        admin = Chat(server, ADMIN_TG_ID, "Admin")
        await admin.join_as_admin()
        await admin.send("/rotatecodes MN-HOASEN")
        shown = await admin.sees("HOASEN-HT-")
        readable = "[A-HJ-NP-Z2-9]{4}"
        leader = re.search(rf"HOASEN-HT-{readable}-{readable}", shown)
        staff = re.search(rf"HOASEN-GV-{readable}-{readable}", shown)
        assert leader and staff
        assert leader.group(0) in units.read_text("utf-8")
        old = await _guesser(server, 3450)
        await old.send("HOASEN-HT-7390")
        await old.sees("Mã chưa đúng")
    async with running_bot(server, config, may_2027()) as bot:  # kept across a restart
        hung = Chat(server, 3451, "Hùng")
        await hung.join("Trần Văn Hùng", leader.group(0).lower())
        user = await bot.core.users.by_identity("telegram", "3451")
        assert user is not None and user.unit is not None and user.unit.id == "MN-HOASEN"
        rotated = await bot.core.db.fetchval(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'codes_rotated'")
        assert rotated == 1


# --- item 13: files nobody needs any more ------------------------------------------------------


async def test_files_of_discarded_drafts_are_deleted_after_the_retention_period(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    clock = may_2027()
    config = telegram_config(tmp_path, server)
    store = tmp_path / "files"

    def stored() -> set[bytes]:
        return {p.read_bytes() for p in store.rglob("*") if p.is_file()}

    async with running_bot(server, config, clock):
        hung = Chat(server, 3501, "Hùng")
        await _interim_until_summary(hung)
        await hung.press("9. Tệp báo cáo")
        await hung.sees("Tệp báo cáo")
        await hung.send_document("gui-that.pdf", b"%PDF-1.4 submitted", "application/pdf")
        await hung.sees("gui-that.pdf")
        await hung.press("✅ Gửi")
        await hung.sees("Số biên nhận")
        await hung.send("/report")
        await hung.sees("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.press("Báo cáo sơ kết 6 tháng đầu năm")
        await hung.sees("câu 1/9")
        for answer in ("45", "40", "Dạy tốt", "Hội giảng"):
            await hung.send(answer)
            await hung.sees("câu")
        for _ in range(4):
            await hung.press("Bỏ qua")
            await hung.sees("câu")
        await hung.send_document("bo-di.pdf", b"%PDF-1.4 discarded", "application/pdf")
        await hung.sees("bo-di.pdf")
        await hung.send("/cancel")
        await hung.sees("")
        await hung.press("Xóa bản nháp")
        await hung.sees("Đã xóa bản nháp")
        assert stored() == {b"%PDF-1.4 submitted", b"%PDF-1.4 discarded"}
    clock.advance(days=10)
    async with running_bot(server, config, clock):  # within the retention period: kept
        await server.wait_until(lambda: True)
    assert stored() == {b"%PDF-1.4 submitted", b"%PDF-1.4 discarded"}
    clock.advance(days=25)
    async with running_bot(server, config, clock) as bot:
        async def swept() -> bool:
            for _ in range(100):
                if stored() == {b"%PDF-1.4 submitted"}:
                    return True
                await asyncio.sleep(0.05)
            return False

        assert await swept(), stored()
        assert await bot.core.db.fetchval("SELECT COUNT(*) FROM submission_files") == 1


async def test_after_a_failure_the_current_question_is_asked_again_in_the_users_language(
        server: FakeTelegramServer, tmp_path: Path) -> None:
    from bot.port import Reply
    from bot.registry import Ctx

    async def broken(ctx: Ctx) -> list[Reply] | None:
        raise RuntimeError("a bug in the core")

    config = telegram_config(tmp_path, server)
    async with running_bot(server, config, may_2027()) as bot:
        hung = Chat(server, 3601, "Hung", lang="en")
        await hung.join("Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        await hung.sees("Six-month interim report")
        await hung.press("Six-month interim report")
        await hung.sees("question 1 of 9")
        form = bot.core.registry.flows["report"]
        bot.core.registry.flows["report"] = dataclasses.replace(form, on_text=broken)
        await hung.send("45")
        apology = await hung.sees("may not have been saved")
        assert "not lost" not in apology
        await hung.sees("question 1 of 9")  # the question it was answering, again
        bot.core.registry.flows["report"] = form
        await hung.send("45")
        await hung.sees("question 2 of 9")
        assert await _answers(bot.core, "3601") == {"staff_total": 45}
