"""The Zalo channel against the fake playing the real API's ways (issue 11), end to end.

Every test here runs with the fake's variants on: 404s from the webhook calls, idle polls in
three shapes, errors in HTTP-200 bodies, updates without ``event_name``, other name and image
fields, and the limit in UTF-16 units.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_core
from bot.channels.zalo import ZaloChannel, utf16_len
from bot.channels.zalo.channel import spool_folder
from bot.channels.zalo.webhook import Spool
from bot.clock import ManualClock
from bot.port import Button, Reply
from bot.registry import Ctx
from tests.fakes.zalo_server import IMAGE_FIELDS, FakeZaloServer, Variants
from tests.helpers import at
from tests.zalo_env import FAST, SECRET, Rig, onboard, to_the_evidence_question, zalo_config


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


def zalo_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name.startswith("bot.channels.zalo") and r.levelno >= logging.WARNING]


# Starting ----------------------------------------------------------------------------------


async def test_polling_starts_on_a_bot_that_never_had_a_webhook(
    rig: Rig, server: FakeZaloServer,
) -> None:
    await server.wait_for_call("getUpdates")
    assert [c.status for c in server.calls_of("getWebhookInfo")] == [404]
    assert server.calls_of("deleteWebhook") == []  # nothing to delete
    lan = server.user("zalo-user-1", "Lan")
    await lan.send("/start")
    await lan.expect(contains="Xin chào")


async def test_polling_starts_even_if_clearing_the_webhook_fails(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    server.webhook = {"url": "https://old.example/zalo", "secret_token": "x" * 8,
                      "updated_at": 1}
    server.fail("getWebhookInfo", 500)  # the clean-up fails once …
    rig = Rig(zalo_config(tmp_path, server), clock)
    await rig.start()
    try:  # … polls are refused while the webhook is set, so it is cleared then
        lan = server.user("zalo-user-1", "Lan")
        await lan.send("/start")
        await lan.expect(contains="Xin chào", timeout=10)
        assert server.webhook["url"] == ""
        assert server.calls_of("getUpdates")[0].status == 400
    finally:
        await rig.stop()


async def test_the_host_alone_is_a_base_url(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    rig = Rig(zalo_config(tmp_path, server, api_base_url=server.url("")), clock)
    await rig.start()
    try:
        lan = server.user("zalo-user-1", "Lan")
        await lan.send("/start")
        await lan.expect(contains="Xin chào")
    finally:
        await rig.stop()


async def test_a_401_at_start_up_stops_the_channel_with_one_line(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    token = "999:revoked-token-abcdefghijklmnop"
    config = zalo_config(tmp_path, server, token=token)
    core = await build_core(config, clock)
    try:
        channel = ZaloChannel(core, backoff=FAST)
        with caplog.at_level(logging.INFO):
            await asyncio.wait_for(channel.run(asyncio.Event()), 5)  # returns: no retrying
        assert channel.refused is not None and channel.refused.code == 401
        assert len(server.calls_of("getMe")) == 1
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and "401" in errors[0] and "ZALO_BOT_TOKEN" in errors[0]
        assert token not in caplog.text and "revoked-token" not in caplog.text
        assert server.calls_of("getUpdates") == []
    finally:
        await core.close()


async def test_a_token_revoked_while_running_stops_the_channel_once(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rig = Rig(zalo_config(tmp_path, server), clock, poll_timeout=0.05)
    await rig.start()
    try:
        assert rig._task is not None and rig.channel is not None
        with caplog.at_level(logging.INFO):
            server.token = "1234567890:a-new-token-abcdefghijklmnop"  # revoked in the app
            await asyncio.wait_for(asyncio.shield(rig._task), 5)  # the channel ends by itself
        assert rig.channel.refused is not None and rig.channel.refused.code == 401
        assert sum(c.status == 401 for c in server.calls) == 1  # not retried
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and "401" in errors[0]
    finally:
        await rig.stop()


# Polling -----------------------------------------------------------------------------------


async def test_idle_polls_in_every_shape_cost_no_wait_and_no_warning(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rig = Rig(zalo_config(tmp_path, server), clock, poll_timeout=0.02)
    with caplog.at_level(logging.INFO):
        await rig.start()
        try:
            await server.wait_for_call("getUpdates", count=7)
            assert {"http408", "string408", "empty"} <= set(server.idle_polls)
            lan = server.user("zalo-user-1", "Lan")
            await lan.send("/start")
            await lan.expect(contains="Xin chào")
        finally:
            await rig.stop()
    assert zalo_warnings(caplog) == []


async def test_updates_without_event_name_and_with_other_name_fields(
    rig: Rig, server: FakeZaloServer,
) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)  # three updates: display_name, name, first_name; one has no event_name
    sent = [c for c in server.calls_of("getUpdates") if c.status == 200]
    assert len(sent) >= 3
    user = await rig.s.users.by_identity("zalo", lan.id)
    assert user is not None and user.onboarded
    identity = (await rig.s.users.identities(user.id))[0]
    assert identity["display_name"] == "Lan"


# Sending -----------------------------------------------------------------------------------


async def test_a_403_marks_the_user_unreachable_without_retrying(
    rig: Rig, server: FakeZaloServer,
) -> None:
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    before = len(server.calls_of("sendMessage"))
    server.forbid(lan.id)
    await lan.send("/me")
    bob = server.user("zalo-user-2", "Bob")
    await bob.send("/start")  # polled after Lan's update was handled to the end
    await bob.expect(contains="Xin chào")
    uid = await rig.user_id(lan.id)
    assert await rig.s.db.fetchval(
        "SELECT blocked FROM identities WHERE channel = 'zalo' AND external_id = ?", (lan.id,))
    to_lan = [c for c in server.calls_of("sendMessage")[before:]
              if c.params["chat_id"] == lan.id]
    assert [c.status for c in to_lan] == [403]  # tried once: a 403 is final
    assert await rig.s.db.fetchval("SELECT COUNT(*) FROM outbox WHERE user_id = ?", (uid,)) == 0


async def test_a_reply_is_split_by_utf16_units_and_split_again_when_refused(
    rig: Rig, server: FakeZaloServer,
) -> None:
    text = " ".join(["Thi đua 🏆"] * 300) + " HẾT."  # 3,000 characters, 3,305 UTF-16 units

    async def trophies(ctx: Ctx) -> list[Reply]:
        return [Reply(text)]

    rig.s.registry.command("trophies", "Many emoji", trophies)
    lan = server.user("zalo-user-1", "Lan")
    await onboard(lan)
    start = len(lan.received())
    await lan.send("/trophies")
    await lan.expect(contains="HẾT.")
    parts = lan.received()[start:]
    assert len(parts) == 2
    assert all(utf16_len(p) <= 2000 for p in parts)
    assert " ".join(parts) == text

    server.text_limit = 900  # Zalo turns out stricter than documented: parts are split again
    start = len(lan.received())
    await lan.send("/trophies")
    await lan.expect(contains="HẾT.")
    parts = lan.received()[start:]
    assert all(utf16_len(p) <= 900 for p in parts)
    assert " ".join(parts) == text  # nothing dropped
    assert any(c.status == 400 for c in server.calls_of("sendMessage"))


# Webhook -----------------------------------------------------------------------------------


async def test_the_webhook_answers_before_the_reply_is_sent(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    config = zalo_config(tmp_path, server, mode="webhook", webhook_port=0,
                         webhook_url="https://bot.example.edu.vn/zalo/hook",
                         webhook_secret=SECRET)
    rig = Rig(config, clock)
    channel = await rig.start()
    url = f"http://127.0.0.1:{channel.webhook_port}/zalo/hook"
    lan = server.user("zalo-user-1", "Lan")
    try:
        gate = server.hold("sendMessage")  # Zalo is slow to take the reply …
        status = await asyncio.wait_for(lan.send_to_webhook(url, SECRET, "/start"), 2)
        assert status == 200  # … yet the webhook call was answered
        assert lan.received() == []
        gate.set()
        await lan.expect(contains="Xin chào")
    finally:
        await rig.stop()


async def test_webhook_events_left_by_a_crash_are_handled_on_start(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    config = zalo_config(tmp_path, server, mode="webhook", webhook_port=0,
                         webhook_url="https://bot.example.edu.vn/zalo/hook",
                         webhook_secret=SECRET)
    lan = server.user("zalo-user-1", "Lan")
    rig = Rig(config, clock)
    await rig.start()
    folder = spool_folder(rig.s)
    await rig.stop()
    Spool(folder).put(lan.update(text="/start"))  # recorded, then the process died
    await rig.start()
    try:
        await lan.expect(contains="Xin chào")
        await lan.expect(contains="họ và tên")
    finally:
        await rig.stop()
    # an event leaves the spool only after its replies are sent, so not at once when they
    # arrive; stopping finishes the event in hand
    assert Spool(folder).pending() == []


# Photos into a report ----------------------------------------------------------------------


@pytest.mark.parametrize("field_name", IMAGE_FIELDS)
async def test_a_zalo_photo_becomes_a_reports_evidence(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock, field_name: str,
) -> None:
    clock.set(at("2027-05-20 09:00"))
    rig = Rig(zalo_config(tmp_path, server), clock)
    await rig.start()
    mai = server.user("zalo-mai", "Mai")
    photo = b"\xff\xd8\xff\xe0" + b"evidence" * 200
    url = server.add_file("viec-tot.jpg", photo)
    try:
        await to_the_evidence_question(mai)
        await mai.send_image(url, field_name=field_name)
        summary = await mai.expect(contains="xin kiểm tra lại")
        assert "photo.jpg" in summary
        assert not any("không nhận được tệp" in t for t in mai.received())
        stored = list((tmp_path / "files").rglob("*.jpg"))
        assert [p.read_bytes() for p in stored] == [photo]
    finally:
        await rig.stop()


# Numbered menus on Zalo --------------------------------------------------------------------


async def test_stats_menus_on_zalo_are_numbered_on_and_reminding_asks_first(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    clock.set(at("2027-05-20 09:00"))
    admin_id = "zalo-admin"
    rig = Rig(zalo_config(tmp_path, server, admins=(f"zalo:{admin_id}",)), clock)
    await rig.start()
    try:
        hung = server.user("zalo-hung", "Hùng")
        await onboard(hung, "Trần Văn Hùng", "HOASEN-HT-7390")
        admin = server.user(admin_id, "Phòng GD")
        await admin.send("/start")
        await admin.expect(contains="họ và tên")
        await admin.send("Chuyên Viên Phòng")
        await admin.expect(contains="Chào mừng")
        await admin.send("/stats")
        first = await admin.expect(contains="31/5/2027")
        second = await admin.expect(contains="10/11/2027")
        assert "  1. 🔔 Nhắc 20 đơn vị chưa nộp" in first
        assert "  2. 🔔 Nhắc 20 đơn vị chưa nộp" in second  # numbered on, not from 1 again
        await admin.expect(contains="theo loại đơn vị")  # the chart, explained in text

        await admin.send("1")
        asked = await admin.expect(contains="Nhắc 20 đơn vị chưa nộp?")
        assert "  1. Có" in asked and "  2. Không" in asked
        assert await rig.s.db.fetchval("SELECT COUNT(*) FROM outbox") == 0
        await admin.send("1")
        await admin.expect(contains="Có 20 đơn vị chưa nộp; đã xếp lịch nhắc 1 lãnh đạo đơn vị")
        await hung.expect(contains="Nhắc hạn")

        await admin.send("2")  # the confirmation was answered: a stale number
        await admin.expect(contains="Danh sách lựa chọn đó đã hết hiệu lực")
        assert await rig.s.db.fetchval("SELECT COUNT(*) FROM unanswered_questions") == 0
    finally:
        await rig.stop()


async def test_a_reminder_mid_report_on_zalo_keeps_the_reports_numbers(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    clock.set(at("2027-05-28 07:00"))
    rig = Rig(zalo_config(tmp_path, server), clock)
    await rig.start()
    mai = server.user("zalo-mai", "Mai")
    try:
        await onboard(mai, "Lê Thị Mai", "HOASEN-GV-4821")
        await mai.send("/report")
        await mai.expect(contains="Đề xuất gương điển hình")
        await mai.send("de xuat guong dien hinh, nguoi tot viec tot")
        await mai.expect(contains="Gương điển hình tiên tiến")
        uid = await rig.user_id(mai.id)
        notice = Reply("Nhắc hạn: báo cáo sơ kết nộp trước 31/5.",
                       buttons=[[Button("📝 Nộp báo cáo ngay", "rm1:go:1")]])
        await rig.s.outbox.enqueue(uid, notice, kind="reminder", dedupe_key="mid")
        rig.s.outbox.changed()
        shown = await mai.expect(contains="Nhắc hạn")
        assert "Nộp báo cáo ngay" not in shown
        again = await mai.expect(contains="Thầy/cô đang điền dở báo cáo")
        assert "Gương điển hình tiên tiến" in again and "1. " in again
        await mai.send("2")  # the report's second option
        await mai.expect(contains="Họ và tên người")
    finally:
        await rig.stop()


def test_the_fake_is_unkind_by_default() -> None:
    v = Variants()
    assert v.webhook_404 and v.errors_in_body and v.missing_event_name and v.utf16
    assert set(v.idle) == {"http408", "string408", "empty"}
    assert not Variants.friendly().webhook_404


async def test_a_broadcast_from_zalo_asks_first(
    tmp_path: Path, server: FakeZaloServer, clock: ManualClock,
) -> None:
    admin_id = "zalo-admin"
    rig = Rig(zalo_config(tmp_path, server, admins=(f"zalo:{admin_id}",)), clock)
    await rig.start()
    try:
        hung = server.user("zalo-hung", "Hùng")
        await onboard(hung, "Trần Văn Hùng", "HOASEN-HT-7390")
        admin = server.user(admin_id, "Phòng GD")
        await admin.send("/start")
        await admin.expect(contains="họ và tên")
        await admin.send("Chuyên Viên Phòng")
        await admin.expect(contains="Chào mừng")
        await admin.send("/broadcast")
        await admin.expect(contains="nội dung thông báo")
        await admin.send("Họp giao ban hiệu trưởng lúc 8 giờ thứ Hai")
        audience = await admin.expect(contains="Ai sẽ nhận")
        leaders = next(line.split(".")[0].strip() for line in audience.splitlines()
                       if line.strip().endswith("Lãnh đạo đơn vị"))
        await admin.send(leaders)
        preview = await admin.expect(contains="Gửi cho 1 người?")
        assert "  1. Có" in preview and "  2. Không" in preview
        assert await rig.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 0
        await admin.send("1")
        await hung.expect(contains="Họp giao ban hiệu trưởng")
        assert await rig.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 1
    finally:
        await rig.stop()
