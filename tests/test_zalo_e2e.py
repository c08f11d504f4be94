"""The Zalo channel end to end: real Core on a temporary database, over the fake Zalo API.

No fixed sleeps: every wait is on an event (a message recorded, a call made) with a timeout.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.conversations import Conversation
from bot.dispatcher import Dispatcher
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx
from bot.sender import OutboxSender
from tests.fakes.zalo_server import BOT_ID, FakeZaloServer
from tests.helpers import CoreUser
from tests.zalo_env import FAST, REGISTERED, SECRET, Rig, onboard, zalo_config


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


@pytest.fixture
async def rig(tmp_path: Path, server: FakeZaloServer, clock: ManualClock) -> AsyncIterator[Rig]:
    r = Rig(zalo_config(tmp_path, server), clock)
    await r.start()
    yield r
    await r.stop()


async def test_onboarding_in_vietnamese(rig: Rig, server: FakeZaloServer) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await lan.send("/start")
    greeting = await lan.expect(contains="Xin chào")
    assert "1. 🇻🇳 Tiếng Việt" in greeting and "2. 🇬🇧 English" in greeting
    assert "(Trả lời bằng một số từ 1 đến 2.)" in greeting
    await lan.expect(contains="Thầy/cô vui lòng cho biết họ và tên")
    await lan.send("Nguyễn Thị Lan")
    assert "Cảm ơn Nguyễn Thị Lan." in await lan.expect(contains="Cảm ơn")
    await lan.send("hoasen-gv-4821")
    done = await lan.expect(contains=REGISTERED)
    assert "giáo viên/nhân viên" in done and "Trường Mầm non Hoa Sen" in done
    assert "<b>" not in done  # plain text: no HTML on Zalo
    user = await rig.s.users.by_identity("zalo", "zalo-user-1")
    assert user is not None and user.role is Role.STAFF and user.full_name == "Nguyễn Thị Lan"
    identity = (await rig.s.users.identities(user.id))[0]
    assert identity["display_name"] == "Lan"


async def test_polling_deletes_the_webhook_first(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    server.webhook = {"url": "https://old.example/zalo", "secret_token": "x" * 8,
                      "updated_at": 1}
    rig = Rig(zalo_config(tmp_path, server), clock)
    await rig.start()
    try:
        await server.wait_for_call("getUpdates")
        methods = [c.method for c in server.calls]
        assert methods.index("deleteWebhook") < methods.index("getUpdates")
        lan = server.user("zalo-user-1", "Lan")
        await lan.send("/start")
        await lan.expect(contains="Xin chào")
    finally:
        await rig.stop()


async def test_a_numbered_answer_or_the_options_text_picks_a_choice(
    rig: Rig, server: FakeZaloServer,
) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await lan.send("/start")
    await lan.expect(contains="họ và tên")
    await lan.send("english")  # the option's text, case and diacritics optional
    await lan.expect(contains="Language set to English.")
    await lan.send("Nguyễn Thị Lan")
    await lan.expect(contains="join code")
    await lan.send("HOASEN-GV-4821")
    await lan.expect(contains="registered as staff")
    await lan.send("/lang")
    await lan.expect(contains="1. 🇻🇳 Tiếng Việt")
    await lan.send("1.")
    await lan.expect(contains="Đã chuyển sang tiếng Việt.")


async def test_a_stale_number_is_refused_and_the_menu_shown_again(
    rig: Rig, server: FakeZaloServer,
) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    await lan.send("/lang")
    await lan.expect(contains="1. 🇻🇳 Tiếng Việt")
    await lan.send("/me")  # a plain answer: the language menu is no longer live
    await lan.expect(contains="Nguyễn Thị Lan")
    await lan.send("2")
    assert await lan.expect() == "Danh sách lựa chọn đó đã hết hiệu lực; xin gửi lại đây:"
    again = await lan.expect(contains="2. 🇬🇧 English")
    assert "1. 🇻🇳 Tiếng Việt" in again
    user = await rig.s.users.by_identity("zalo", lan.id)
    assert user is not None and user.language == "vi"  # "2" did not pick English
    assert await rig.s.db.fetchval("SELECT COUNT(*) FROM unanswered_questions") == 0
    await lan.send("2")  # the menu shown again is live
    await lan.expect(contains="Language set to English.")
    await lan.send("7")  # a number for no live menu, in English now: still not a question
    await lan.expect(contains="That menu has expired; here it is again:")
    assert await rig.s.db.fetchval("SELECT COUNT(*) FROM unanswered_questions") == 0


@pytest.mark.needs_knowledge
async def test_a_question_gets_its_cited_answer(rig: Rig, server: FakeZaloServer) -> None:
    if rig.s.knowledge is None:
        pytest.skip("the knowledge feature is not wired yet")
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    await lan.send("hạn nộp báo cáo sơ kết là khi nào?")
    answer = await lan.expect(contains="31/5")
    assert "<" not in answer
    typing = await server.wait_for_call("sendChatAction")
    assert typing.params == {"chat_id": lan.id, "action": "typing"}


async def test_a_queued_notice_arrives_as_numbered_text(rig: Rig, server: FakeZaloServer) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    uid = await rig.user_id(lan.id)
    notice = Reply(
        "<b>Nhắc hạn</b>: báo cáo sơ kết nộp trước <i>31/5</i>.",
        buttons=[[Button("Tiếng Việt", "lang1:set:vi"), Button("English", "lang1:set:en")]],
    )
    assert await rig.s.outbox.enqueue(uid, notice, kind="reminder", dedupe_key="r1") == 1
    rig.s.outbox.changed()
    text = await lan.expect(contains="Nhắc hạn")
    assert text.startswith("Nhắc hạn: báo cáo sơ kết nộp trước 31/5.")
    assert "  1. Tiếng Việt" in text and "  2. English" in text
    assert "(Trả lời bằng một số từ 1 đến 2.)" in text
    await lan.send("2")  # the number answers the notice's menu, after delivery
    await lan.expect(contains="Language set to English.")
    rows = await rig.s.db.fetchall("SELECT channel, status FROM outbox")
    assert [(r["channel"], r["status"]) for r in rows] == [("zalo", "sent")]


async def test_a_long_reply_is_split_at_a_paragraph(rig: Rig, server: FakeZaloServer) -> None:
    first, second = "Đoạn một. " * 150, "Đoạn hai. " * 100  # 1,500 + 1,000 characters

    async def long(ctx: Ctx) -> list[Reply]:
        return [Reply(first.strip() + "\n\n" + second.strip())]

    rig.s.registry.command("long", "A long answer", long)
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    start = len(lan.received())
    await lan.send("/long")
    await lan.expect(contains="Đoạn hai")
    parts = lan.received()[start:]
    assert parts == [first.strip(), second.strip()]
    assert all(len(p) <= 2000 for p in parts)


async def test_webhook_checks_the_secret_and_takes_both_body_shapes(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    config = zalo_config(tmp_path, server, mode="webhook", webhook_port=0,
                         webhook_url="https://bot.example.edu.vn/zalo/hook",
                         webhook_secret=SECRET)
    rig = Rig(config, clock)
    channel = await rig.start()
    try:
        assert server.webhook["url"] == "https://bot.example.edu.vn/zalo/hook"
        assert server.webhook["secret_token"] == SECRET
        url = f"http://127.0.0.1:{channel.webhook_port}/zalo/hook"
        lan = server.user("zalo-user-1", "Lan")

        for secret in ("wrong-secret-value", None, SECRET[:-1]):
            status, _body = await server.post_webhook(url, lan.update(text="/start"),
                                                      secret=secret)
            assert status in (401, 403)
        assert lan.received() == []

        start = lan.update(text="/start")
        assert (await server.post_webhook(url, start, secret=SECRET, wrapped=True))[0] == 200
        await lan.expect(contains="họ và tên")  # answered before the HTTP reply
        status, _ = await server.post_webhook(url, lan.update(text="Nguyễn Thị Lan"),
                                              secret=SECRET, wrapped=False)
        assert status == 200
        await lan.expect(contains="Cảm ơn Nguyễn Thị Lan.")
        await lan.expect(contains="mã tham gia")

        count = len(lan.received())
        assert (await server.post_webhook(url, start, secret=SECRET))[0] == 200  # a retry
        await lan.send_to_webhook(url, SECRET, "/help")  # handled after the retry
        await lan.expect(contains="đăng ký")
        assert len(lan.received()) == count + 1
        status, _ = await server.post_webhook(url, {"nonsense": 1}, secret=SECRET)
        assert status == 400
    finally:
        await rig.stop()


async def test_onboarding_resumes_after_a_restart(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    rig = Rig(zalo_config(tmp_path, server), clock)
    await rig.start()
    lan = server.user("zalo-user-1", "Lan")
    await lan.send("/start")
    await lan.expect(contains="họ và tên")
    await lan.send("Nguyễn Thị Lan")
    await lan.expect(contains="mã tham gia")
    await rig.stop()

    await lan.send("HOASEN-GV-4821")  # typed while the bot is down: waits at Zalo
    assert server.pending == 1
    await rig.start()
    try:
        done = await lan.expect(contains=REGISTERED)
        assert "Trường Mầm non Hoa Sen" in done
    finally:
        await rig.stop()


async def test_stopping_finishes_the_poll_in_flight(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    rig = Rig(zalo_config(tmp_path, server), clock, poll_timeout=5)
    await rig.start()
    lan = server.user("zalo-user-1", "Lan")
    try:
        await lan.send("/start")
        await lan.expect(contains="họ và tên")
        assert rig._task is not None
        rig._stop.set()  # while the next poll is (most likely) waiting at Zalo …
        await lan.send("Nguyễn Thị Lan")  # … this arrives: taken means handled
        await asyncio.wait_for(rig._task, 10)
        handled = any("Cảm ơn" in t for t in lan.received())
        assert (server.pending, handled) in ((0, True), (1, False))
    finally:
        await rig.stop()


async def test_a_duplicate_message_id_is_handled_once(rig: Rig, server: FakeZaloServer) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    start = len(lan.received())
    await lan.send("/me", message_id="dup-1")
    await lan.send("/me", message_id="dup-1")
    await lan.send("/help")
    await lan.expect(contains="/help")
    replies = lan.received()[start:]
    assert sum("Nguyễn Thị Lan" in r for r in replies) == 1
    assert len(replies) == 2


async def test_the_bots_own_messages_and_group_chats_are_ignored(
    rig: Rig, server: FakeZaloServer,
) -> None:
    lan = server.user("zalo-user-1", "Lan")
    server.push(lan.update(text="/start", sender_id=BOT_ID))  # from.id == getMe id
    server.push(lan.update(text="/start", is_bot=True))
    server.push(lan.update(text="/start", chat_type="GROUP"))
    await lan.send("/start")
    await lan.expect(contains="họ và tên")
    assert sum("Xin chào" in t for t in lan.received()) == 1
    assert server.taken == 4
    rows = await rig.s.db.fetchall("SELECT channel, external_id FROM identities")
    assert [(r["channel"], r["external_id"]) for r in rows] == [("zalo", "zalo-user-1")]


async def test_a_429_then_success_on_send_message(rig: Rig, server: FakeZaloServer) -> None:
    lan = server.user("zalo-user-1", "Lan")
    server.fail("sendMessage", 429, times=1)
    await lan.send("/start")
    await lan.expect(contains="họ và tên")
    statuses = [c.status for c in server.calls_of("sendMessage")]
    assert statuses[0] == 429 and statuses[1:] == [200] * (len(statuses) - 1)
    assert sum("Xin chào" in t for t in lan.received()) == 1


async def test_5xx_are_retried_and_a_lasting_outage_goes_to_the_outbox(
    rig: Rig, server: FakeZaloServer,
) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    server.fail("sendMessage", 502, times=2)
    await lan.send("/me")
    await lan.expect(contains="Nguyễn Thị Lan")
    server.fail("sendMessage", 503, times=FAST.attempts)  # every try of the reply fails
    await lan.send("/help")
    await lan.expect(contains="/help")  # then the outbox sends it
    rows = await rig.s.db.fetchall("SELECT kind, status FROM outbox")
    assert [(r["kind"], r["status"]) for r in rows] == [("reply", "sent")]


async def test_a_queued_message_waits_after_a_429(
    rig: Rig, server: FakeZaloServer, clock: ManualClock,
) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    uid = await rig.user_id(lan.id)
    server.fail("sendMessage", 429, times=1)
    before = len(server.calls_of("sendMessage"))
    await rig.s.outbox.enqueue(uid, Reply("Thông báo họp"), kind="broadcast", dedupe_key="b")
    rig.s.outbox.changed()
    await server.wait_for_call("sendMessage", count=before + 1)
    assert server.calls_of("sendMessage")[-1].status == 429
    clock.advance(seconds=1)
    rig.s.outbox.changed()
    await lan.expect(contains="Thông báo họp")
    assert sum("Thông báo họp" in t for t in lan.received()) == 1


async def test_photos_are_files_and_stickers_are_unsupported(
    rig: Rig, server: FakeZaloServer,
) -> None:
    got: list[bytes] = []

    async def on_file(ctx: Ctx) -> list[Reply]:
        file = ctx.incoming.file
        assert file is not None and file.kind == "photo"
        download = ctx.core.downloads.get("zalo")
        assert download is not None
        got.append(await download(file.file_id))
        return [Reply(f"Đã nhận ảnh minh chứng ({len(got[-1])} byte).")]

    async def on_text(ctx: Ctx) -> list[Reply]:
        return [Reply("Gửi ảnh minh chứng.")]

    rig.s.registry.flow("evidence", on_text, on_file)
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    url = server.add_file("evidence.jpg", b"\xff\xd8\xff" + b"x" * 1000)

    await lan.send_image(url)
    await lan.expect(contains="Lúc này tôi chưa cần tệp")  # no report asks for one yet

    await rig.s.conversations.set(await rig.user_id(lan.id), Conversation("evidence", "ask", {}),
                                  rig.s.now())
    await lan.send_image(url)
    await lan.expect(contains="Đã nhận ảnh minh chứng (1003 byte).")
    assert got == [b"\xff\xd8\xff" + b"x" * 1000]

    await rig.s.conversations.clear(await rig.user_id(lan.id))
    await lan.send_sticker()
    await lan.expect(contains="Ở đây tôi chỉ đọc được tin nhắn chữ")
    await lan.send_unsupported()  # a document, say: Zalo does not pass it on
    await lan.expect(contains="Ở đây tôi chỉ đọc được tin nhắn chữ")
    await lan.expect(contains="Telegram")


async def test_a_linked_user_gets_a_message_once_or_on_both_channels(
    rig: Rig, server: FakeZaloServer, clock: ManualClock,
) -> None:
    s = rig.s
    tg_user, _ = await s.users.resolve("telegram", "5001", "Lan", "en", s.now())
    await s.users.set_name(tg_user.id, "Nguyễn Thị Lan")
    await s.users.join(tg_user.id, "MN-HOASEN", Role.STAFF, s.now())
    telegram = CoreUser(Dispatcher(s), "5001", channel="telegram", lang="en")
    await telegram.send("/link")
    code = next(line.split()[-1] for line in telegram.text().splitlines()
                if line.startswith("/link "))

    clock.advance(minutes=1)
    lan = server.user("zalo-user-1", "Lan")
    await lan.send(f"/link {code}")  # a new Zalo user: no join code needed
    await lan.expect(contains="Telegram, Zalo")
    zalo_user = await s.users.by_identity("zalo", lan.id)
    assert zalo_user is not None and zalo_user.id == tg_user.id and zalo_user.onboarded
    assert await s.db.fetchval("SELECT COUNT(*) FROM users") == 1

    tg_sent: list[tuple[str, str]] = []

    class TelegramRecorder:
        name = "telegram"

        async def deliver(self, external_id: str, reply: Reply) -> None:
            tg_sent.append((external_id, reply.text))

    tg_sender = OutboxSender(s.outbox, s.users, TelegramRecorder(), s.config.sending, s.now)

    # Used Zalo last: a broadcast goes there, once.
    await s.outbox.enqueue(tg_user.id, Reply("Thông báo 1"), kind="broadcast", dedupe_key="b1")
    s.outbox.changed()
    await lan.expect(contains="Thông báo 1")
    await tg_sender.drain()
    assert tg_sent == []

    # The preference "every linked app", chosen on Zalo from the numbered menu.
    clock.advance(minutes=1)
    await lan.send("/channels")
    menu = await lan.expect(contains="2. ")
    assert "Telegram, Zalo" in menu
    await lan.send("2")
    await lan.expect(contains="Saved")
    await s.outbox.enqueue(tg_user.id, Reply("Thông báo 2"), kind="broadcast", dedupe_key="b2")
    s.outbox.changed()
    await lan.expect(contains="Thông báo 2")
    await tg_sender.drain()
    assert tg_sent == [("5001", "Thông báo 2")]
    assert sum("Thông báo" in t for t in lan.received()) == 2


async def test_the_interim_report_end_to_end_with_a_restart(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    clock.set(clock.now().replace(year=2027, month=5, day=20))
    rig = Rig(zalo_config(tmp_path, server), clock)
    await rig.start()
    hung = server.user("zalo-leader-1", "Hùng")
    try:
        await onboard(hung, "Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        menu = await hung.expect(contains="Báo cáo sơ kết 6 tháng đầu năm")
        assert "1." in menu and "<" not in menu
        await hung.send("bao cao so ket 6 thang dau nam")  # the option's text, no diacritics
        await hung.expect(contains="câu 1/9")
        await hung.send("45")
        await hung.expect(contains="câu 2/9")
    finally:
        await rig.stop()
    await rig.start()  # a restart in the middle of the report
    try:
        await hung.send("40")
        await hung.expect(contains="câu 3/9")
        await hung.send("Dạy tốt – Học tốt")
        await hung.expect(contains="câu 4/9")
        await hung.send("Hội giảng cấp trường")
        for step in (5, 6, 7, 8, 9):
            prompt = await hung.expect(contains=f"câu {step}/9")
            assert "1." not in prompt.split("câu")[-1]  # no numbered menu on a number prompt
            await hung.send("/skip")
        summary = await hung.expect(contains="xin kiểm tra lại")
        assert "10. ✅ Gửi" in summary
        await hung.send("10")
        receipt = await hung.expect(contains="BC-2027-")
        assert "đúng hạn" in receipt
    finally:
        await rig.stop()


async def test_a_reminder_arrives_and_reply_1_starts_the_report(
    rig: Rig, server: FakeZaloServer, clock: ManualClock,
) -> None:
    hung = server.user("zalo-leader-2", "Hùng")
    await onboard(hung, "Trần Văn Hùng", "HOASEN-HT-7390")
    fire = clock.now().replace(year=2027, month=5, day=28, hour=8, minute=0, second=0)
    clock.set(fire)  # Friday 28/5/2027: three days before 31/5
    await rig.s.reminders.send_due(fire)
    reminder = await hung.expect(contains="Nhắc hạn")
    assert "1. 📝 Nộp báo cáo ngay" in reminder and "Thứ Hai, 31/5/2027" in reminder
    await hung.send("1")
    await hung.expect(contains="câu 1/9")


async def test_after_a_failure_the_apology_is_honest_and_the_question_is_asked_again(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    async def broken(ctx: Ctx) -> list[Reply] | None:
        raise RuntimeError("a bug in the core")

    clock.set(clock.now().replace(year=2027, month=5, day=20))
    rig = Rig(zalo_config(tmp_path, server), clock)
    await rig.start()
    hung = server.user("zalo-leader-3", "Hùng")
    try:
        await onboard(hung, "Trần Văn Hùng", "HOASEN-HT-7390")
        await hung.send("/report")
        await hung.expect(contains="Báo cáo sơ kết 6 tháng đầu năm")
        await hung.send("bao cao so ket 6 thang dau nam")
        await hung.expect(contains="câu 1/9")
        form = rig.s.registry.flows["report"]
        rig.s.registry.flows["report"] = dataclasses.replace(form, on_text=broken)
        await hung.send("45")
        apology = await hung.expect(contains="Xin lỗi")
        assert "có thể chưa được lưu" in apology and "không bị mất" not in apology
        await hung.expect(contains="câu 1/9")  # the question it was answering, again
        rig.s.registry.flows["report"] = form
        await hung.send("45")
        await hung.expect(contains="câu 2/9")
    finally:
        await rig.stop()


async def test_a_photo_sent_on_zalo_is_kept_in_the_reports_evidence_field(
    rig: Rig, server: FakeZaloServer,
) -> None:
    """The photo goes through the one wiring every channel has: the Zalo downloader that
    ``run_channels`` registers, the report form's flow, the file store."""
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    await lan.send("/report")
    menu = await lan.expect(contains="Đề xuất gương điển hình")
    number = next(line.split(".")[0].strip() for line in menu.splitlines()
                  if "Đề xuất gương điển hình" in line and line.strip()[0].isdigit())
    await lan.send(number)
    await lan.expect(contains="Người tốt việc tốt")
    await lan.send("Người tốt việc tốt")
    await lan.expect(contains="Họ và tên người")
    await lan.send("Cô Trần Thị Mai")
    await lan.expect(contains="Chức vụ")
    await lan.send("Nhân viên y tế, Trường Mầm non Hoa Sen")
    await lan.expect(contains="diễn ra ngày nào")
    await lan.send("/skip")
    await lan.expect(contains="Tóm tắt thành tích")
    await lan.send("Nhặt được ví có 5 triệu đồng và trả lại người đánh rơi.")
    await lan.expect(contains="Gửi ảnh hoặc giấy tờ minh chứng")
    photo = b"\xff\xd8\xff\xe0" + b"x" * 2000
    await lan.send_image(server.add_file("minh-chung.jpg", photo))
    summary = await lan.expect(contains="xin kiểm tra lại")
    send = next(line.split(".")[0].strip() for line in summary.splitlines()
                if "✅ Gửi" in line and line.strip()[0].isdigit())
    await lan.send(send)
    await lan.expect(contains="GD-")
    row = await rig.s.db.fetchone(
        "SELECT f.channel, f.kind, f.size, f.path FROM submission_files f"
        " JOIN submissions s ON s.id = f.submission_id WHERE s.report_type = 'good_example'")
    assert row is not None and (row["channel"], row["kind"]) == ("zalo", "photo")
    assert row["size"] == len(photo)
    assert (rig.s.config.bot.files_dir / row["path"]).read_bytes() == photo
