"""The Zalo channel's parts: reading updates, rendering, the API client and the transport."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.channels.menus import TextMenus
from bot.channels.text import parse_command
from bot.channels.zalo import (
    Backoff,
    ZaloApi,
    ZaloApiError,
    ZaloChannel,
    ZaloConfigError,
    ZaloTransport,
    api_root,
    download,
    render_parts,
    run_zalo,
    unwrap,
    utf16_len,
)
from bot.channels.zalo.client import error_code
from bot.channels.zalo.poller import clear_webhook
from bot.channels.zalo.render import split_utf16
from bot.channels.zalo.updates import event_of, photo_url, sender_name
from bot.config import ZaloSettings
from bot.core import Core
from bot.port import Button, InKind, Reply
from bot.sender import PermanentFailure, RecipientBlocked, RetryLater, TransientFailure
from tests.fakes.zalo_server import BOT_ID, FakeZaloServer


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


@pytest.fixture
async def api(server: FakeZaloServer) -> AsyncIterator[ZaloApi]:
    client = ZaloApi(server.token, server.base_url)
    yield client
    await client.close()


def channel_for(core: Core, **settings: object) -> ZaloChannel:
    zalo = dataclasses.replace(ZaloSettings(token="1:x"), **settings)  # type: ignore[arg-type]
    channel = ZaloChannel(core, zalo)
    channel.bot_id = BOT_ID
    return channel


def update(event: str, **message: object) -> dict[str, object]:
    base: dict[str, object] = {
        "message_id": "m1", "chat": {"id": "u1", "chat_type": "PRIVATE"},
        "from": {"id": "u1", "display_name": "Lan", "is_bot": False}, "date": 1,
    }
    return {"event_name": event, "message": {**base, **message}}


def test_updates_become_what_the_core_understands(core: Core) -> None:
    ch = channel_for(core)
    text = ch.incoming(update("message.text.received", text="hạn nộp?"))
    assert text is not None and text.kind is InKind.TEXT and text.text == "hạn nộp?"
    assert (text.channel, text.external_id, text.display_name) == ("zalo", "u1", "Lan")
    assert text.update_key == "zalo:m1" and text.language_code is None
    cmd = ch.incoming(update("message.text.received", text="/Link  ab12cd "))
    assert cmd is not None and cmd.kind is InKind.COMMAND
    assert (cmd.command, cmd.text) == ("link", "ab12cd")
    photo = ch.incoming(update("message.image.received", photo_url="https://x/p.jpg"))
    assert photo is not None and photo.kind is InKind.FILE and photo.file is not None
    assert (photo.file.kind, photo.file.file_id) == ("photo", "https://x/p.jpg")
    for event in ("message.sticker.received", "message.unsupported.received",
                  "message.voice.received", "message.image.received"):
        inc = ch.incoming(update(event, sticker="s"))
        assert inc is not None and inc.kind is InKind.UNSUPPORTED, event
    first_name = update("message.text.received", text="hi")
    first_name["message"]["from"] = {"id": "u1", "first_name": "Hùng"}  # type: ignore[index]
    assert ch.incoming(first_name).display_name == "Hùng"  # type: ignore[union-attr]
    link = ch.incoming(update("message.link.received", text="xem https://moet.gov.vn"))
    assert link is not None and link.kind is InKind.TEXT and "moet.gov.vn" in link.text


def test_updates_as_they_really_come(core: Core) -> None:
    ch = channel_for(core)
    no_event = update("message.text.received", text="hạn nộp?")
    del no_event["event_name"]
    inc = ch.incoming(no_event)
    assert inc is not None and inc.kind is InKind.TEXT and inc.text == "hạn nộp?"
    for sender, name in (({"display_name": "Lan"}, "Lan"), ({"name": "Mai"}, "Mai"),
                         ({"first_name": "Hùng"}, "Hùng"), ({"name": " "}, "")):
        assert sender_name(sender) == name
    url = "https://f.zalo.me/p.jpg"
    shapes = [{"photo_url": url}, {"photo": url}, {"photo": {"url": url, "width": 1}},
              {"photo": [{"url": url + "?s"}, {"url": url}]}, {"url": url},
              {"attachments": [{"type": "image", "payload": {"url": url}}]}]
    for shape in shapes:
        assert photo_url(shape) == url, shape
        image = update("message.image.received", **shape)
        got = ch.incoming(image)
        assert got is not None and got.file is not None and got.file.file_id == url, shape
        del image["event_name"]  # guessed from the picture
        assert event_of(image) == "message.image.received"
        got = ch.incoming(image)
        assert got is not None and got.kind is InKind.FILE, shape
    assert photo_url({"photo": "file:///etc/passwd"}) is None


def test_parts_are_measured_in_utf16_units() -> None:
    assert utf16_len("a") == 1 and utf16_len("ệ") == 1 and utf16_len("📝") == 2
    text = "📝" * 1500  # 1,500 characters but 3,000 units
    parts = render_parts(Reply(text))
    assert len(parts) == 2 and all(utf16_len(p) <= 2000 for p in parts)
    assert "".join(parts) == text
    words = " ".join(["chữ🙂"] * 700)  # 2,800 units
    assert all(utf16_len(p) <= 1000 for p in split_utf16(words, 1000))
    assert " ".join(split_utf16(words, 1000)) == words


def test_what_is_not_for_the_core_is_dropped(core: Core) -> None:
    ch = channel_for(core)
    own = update("message.text.received", text="x", **{"from": {"id": BOT_ID}})
    flagged = update("message.text.received", text="x",
                     **{"from": {"id": "u9", "is_bot": True}})
    group = update("message.text.received", text="x", chat={"id": "g", "chat_type": "GROUP"})
    reaction = update("message.reaction.received")
    for u in (own, flagged, group, reaction, {"event_name": "x"}, {"message": "nope"}):
        assert ch.incoming(u) is None


def test_webhook_bodies_wrapped_or_flat() -> None:
    event = update("message.text.received", text="hi")
    assert unwrap(event) == event
    assert unwrap({"ok": True, "result": event}) == event
    assert unwrap({"ok": True, "result": "x"}) is None
    assert unwrap([event]) is None


def test_parse_command() -> None:
    assert parse_command("/start") == ("start", "")
    assert parse_command("/link@BotThiDua  AB12 ") == ("link", "AB12")
    assert parse_command("/link\nAB12") == ("link", "AB12")
    assert parse_command("1/2") is None
    assert parse_command("/") is None
    assert parse_command("/ x") is None


def test_rendering_is_plain_text_in_parts_of_2000() -> None:
    reply = Reply("<b>Đậm</b> &amp; <a href=\"https://a.vn\">link</a>",
                  buttons=[[Button("Có", "y:1"), Button("Không", "y:0")]])
    [text] = render_parts(reply)
    assert text.startswith("Đậm & link (https://a.vn)")
    assert "  1. Có\n  2. Không" in text
    parts = render_parts(Reply("a" * 1500 + "\n\n" + "b" * 1000))
    assert parts == ["a" * 1500, "b" * 1000]
    with_file = render_parts(Reply("Xuất dữ liệu", document=Path("/x/bao-cao.xlsx")))
    assert "bao-cao.xlsx" in with_file[0] and "Telegram" in with_file[0]
    assert render_parts(Reply("")) == []


def test_backoff_grows_and_slows_down_on_429() -> None:
    b = Backoff(base=1, cap=8, quota_pause=5)
    assert b.delay(0) <= 1 and 6.4 <= b.delay(3) <= 8 and b.delay(10) <= 8
    assert b.delay(0, 429) >= 4


async def test_api_calls_and_errors(api: ZaloApi, server: FakeZaloServer) -> None:
    me = await api.get_me()
    assert me["id"] == BOT_ID
    assert await api.get_updates(0.05) == []  # idle: 408
    server.push({"event_name": "message.text.received", "message": {"text": "x"}})
    [got] = await api.get_updates(1)
    assert got["message"]["text"] == "x"
    with pytest.raises(ZaloApiError) as err:
        await api.send_message("u1", "x" * 2001)
    assert err.value.code == 400 and not err.value.retryable
    server.fail("sendMessage", 403)
    with pytest.raises(ZaloApiError) as err:
        await api.send_message("u1", "hi")
    assert err.value.forbidden and not err.value.retryable  # a refusal, not a server error
    bad = ZaloApi("1234567:wrong-token-abcdefghijklmnopqrstuv", server.base_url)
    try:
        for _ in range(2):  # once as HTTP 401, once as HTTP 200 with "401" in the body
            with pytest.raises(ZaloApiError) as err:
                await bad.get_me()
            assert err.value.unauthorized and not err.value.retryable
            assert "wrong-token" not in str(err.value)
    finally:
        await bad.close()


async def test_idle_polls_in_every_shape_are_empty(api: ZaloApi, server: FakeZaloServer) -> None:
    for _ in range(3):
        assert await api.get_updates(0.01) == []
    assert server.idle_polls == ["http408", "string408", "empty"]


async def test_errors_in_an_http_200_body_are_errors(
    api: ZaloApi, server: FakeZaloServer,
) -> None:
    server.fail("sendMessage", 500, times=2)
    codes = []
    for _ in range(2):  # the fake answers one as HTTP 500 and the other as HTTP 200 + "500"
        with pytest.raises(ZaloApiError) as err:
            await api.send_message("u1", "hi")
        codes.append(err.value.code)
    assert codes == [500, 500]
    assert await api.send_message("u1", "hi")


@pytest.mark.parametrize(("raw", "code"), [
    (408, 408), ("408", 408), (" 429 ", 429), ("x", None), (True, None), (None, None),
])
def test_error_codes_as_numbers_or_strings(raw: object, code: int | None) -> None:
    assert error_code(raw) == code


def test_the_base_url_may_be_the_host_alone() -> None:
    assert api_root("https://bot-api.zaloplatforms.com") == "https://bot-api.zaloplatforms.com/bot"
    assert api_root("https://bot-api.zaloplatforms.com/") == "https://bot-api.zaloplatforms.com/bot"
    assert api_root("https://bot-api.zaloplatforms.com/bot/") == (
        "https://bot-api.zaloplatforms.com/bot")
    assert api_root("") == "https://bot-api.zaloplatforms.com/bot"
    with pytest.raises(ZaloConfigError):
        api_root("bot-api.zaloplatforms.com")


async def test_the_webhook_is_cleared_only_when_set(
    api: ZaloApi, server: FakeZaloServer,
) -> None:
    assert await api.webhook_url() == ""  # HTTP 404: the bot never had one
    assert await clear_webhook(api) is True
    assert server.calls_of("deleteWebhook") == []
    server.webhook = {"url": "https://old.example/hook", "secret_token": "x" * 8,
                      "updated_at": 1}
    assert await api.webhook_url() == "https://old.example/hook"
    assert await clear_webhook(api) is True
    assert [c.status for c in server.calls_of("deleteWebhook")] == [200]
    server.webhook["url"] = "https://old.example/hook"
    server.fail("deleteWebhook", 500)
    assert await clear_webhook(api) is False  # logged; polling starts anyway


async def test_network_errors_never_show_the_token() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    token = "1234567:secret-token-abcdefghijklmnopqrstuv"
    api = ZaloApi(token, f"http://127.0.0.1:{port}/bot", request_timeout=2)
    try:
        with pytest.raises(ZaloApiError) as err:
            await api.get_me()
        assert err.value.code == 0 and err.value.retryable
        assert "secret-token" not in str(err.value)
    finally:
        await api.close()


async def test_transport_maps_faults_for_the_outbox(
    core: Core, api: ZaloApi, server: FakeZaloServer,
) -> None:
    menus = TextMenus(core.db, "zalo")
    transport = ZaloTransport(api, menus, core.users, core.now,
                              Backoff(quota_pause=7))
    for status, error in ((429, RetryLater), (403, RecipientBlocked), (500, TransientFailure),
                          (408, TransientFailure), (400, PermanentFailure)):
        server.fail("sendMessage", status)
        with pytest.raises(error):
            await transport.deliver("u1", Reply("hi"))
    server.fail("sendMessage", 429)
    with pytest.raises(RetryLater) as later:
        await transport.deliver("u1", Reply("hi"))
    assert later.value.seconds == 7
    await transport.deliver("u1", Reply("Chọn", buttons=[[Button("Một", "a:1")]]))
    assert server.texts("u1")[-1].startswith("Chọn\n\n  1. Một")
    assert await menus.resolve("u1", "1") == "a:1"


async def test_download_gets_the_photo(server: FakeZaloServer) -> None:
    url = server.add_file("p.jpg", b"jpeg-bytes")
    assert await download(url) == b"jpeg-bytes"
    with pytest.raises(ZaloApiError):
        await download(server.url("/files/missing.jpg"))
    with pytest.raises(ZaloApiError):
        await download("file:///etc/passwd")
    with pytest.raises(ZaloApiError) as err:
        await download(server.add_file("big.jpg", b"x" * 100), max_bytes=10)
    assert err.value.code == 413


@pytest.mark.parametrize("settings", [
    {"token": ""},
    {"mode": "webhook", "webhook_url": "", "webhook_secret": "long-enough-secret"},
    {"mode": "webhook", "webhook_url": "https://b.vn/zalo", "webhook_secret": "short"},
    {"mode": "webhook", "webhook_url": "http://b.vn/zalo", "webhook_secret": "long-enough-secret"},
    {"mode": "webhook", "webhook_url": "b.vn/zalo", "webhook_secret": "long-enough-secret"},
])
async def test_settings_that_cannot_work_are_refused(
    core: Core, settings: dict[str, object],
) -> None:
    channel = channel_for(core, **settings)
    with pytest.raises(ZaloConfigError):
        await channel.run(asyncio.Event())


async def test_run_zalo_serves_until_stopped(core: Core, server: FakeZaloServer) -> None:
    settings = ZaloSettings(token=server.token, api_base_url=server.base_url)
    stop = asyncio.Event()
    task = asyncio.create_task(run_zalo(core, stop, settings=settings, poll_timeout=0.1))
    lan = server.user("zalo-user-1", "Lan")
    await lan.send("/start")
    await lan.expect(contains="họ và tên")
    assert core.downloads.get("zalo") is download
    assert core.outbox.listening == 1
    stop.set()
    await asyncio.wait_for(task, 5)
    assert core.outbox.listening == 0  # the core stay open for other channels
    assert await core.db.fetchval("SELECT COUNT(*) FROM users") == 1
