"""The fake Telegram server, checked with the real PTB Application talking to it over HTTP."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

try:  # the repository root is on sys.path (tests is a package, or pythonpath is set)
    from tests.fakes import FakeTelegramServer, build_echo_app, make_png, polling
except ImportError:  # tests/ is not a package: pytest put tests/ itself on sys.path
    from fakes import FakeTelegramServer, build_echo_app, make_png, polling  # type: ignore[no-redef]

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as srv:
        yield srv


def echo_app(server: FakeTelegramServer) -> Application:
    return build_echo_app(server.token, server.base_url, server.base_file_url)


@pytest.fixture
async def app(server: FakeTelegramServer) -> AsyncIterator[Application]:
    application = echo_app(server)
    async with polling(application):
        yield application


async def test_echo_roundtrip(server: FakeTelegramServer, app: Application) -> None:
    lan = server.user(id=1001, first_name="Lan", language_code="vi")
    tom = server.user(id=1002, first_name="Tom", language_code="en")

    start = await lan.send("/start")
    assert start["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    await tom.send("/start")
    await lan.expect("Xin chào, Lan!")
    await tom.expect("Hello, Tom!")
    await lan.send("Nguyễn Thị Lan")
    reply = await lan.expect("Nguyễn Thị Lan")

    assert reply.raw["from"]["id"] == server.bot_id
    assert reply.raw["chat"] == {"id": 1001, "type": "private", "first_name": "Lan"}
    # user and bot messages share the chat's increasing message ids
    assert [m.message_id for m in lan.messages] == [2, 4]
    assert [m.text for m in lan.messages] == ["Xin chào, Lan!", "Nguyễn Thị Lan"]
    assert {"getMe", "getUpdates", "sendMessage"} <= {r.method for r in server.requests}
    assert server.calls("sendMessage")[-1]["chat_id"] == 1001


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("Đồng ý ✅", callback_data="menu:yes"),
        InlineKeyboardButton("Không", callback_data="menu:no"),
    ]])
    assert update.effective_message is not None
    await update.effective_message.reply_text("Chọn một:", reply_markup=keyboard)


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"Đã nhận {query.data}")
    await query.edit_message_text(f"Bạn chọn <b>{query.data}</b>", parse_mode=ParseMode.HTML)


async def test_press_button_answer_and_edit(server: FakeTelegramServer, app: Application) -> None:
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(on_press))
    lan = server.user(id=1001, first_name="Lan")

    await lan.send("/menu")
    shown = await lan.expect("Chọn một")
    assert shown.labels == ["Đồng ý ✅", "Không"]
    query_id = await lan.press("Đồng ý")
    assert (await lan.callback_answer(query_id))["text"] == "Đã nhận menu:yes"
    edited = await lan.expect_edit("Bạn chọn menu:yes")

    assert edited is shown and edited.history[0]["text"] == "Chọn một:"
    assert edited.entities == [{"type": "bold", "offset": 9, "length": 8}]
    assert edited.buttons == []  # editMessageText without reply_markup drops the keyboard
    with pytest.raises(AssertionError, match="no button 'Không'"):
        await lan.press("Không")
    assert server.callback_answers[query_id]["show_alert"] is False


async def test_edit_message(server: FakeTelegramServer, app: Application) -> None:
    bot = app.bot
    server.user(id=1001, first_name="Lan")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(1001, "Một", reply_markup=keyboard)
    record = server.sent_to(1001)[-1]
    assert sent.reply_markup == keyboard and record.labels == ["A"]

    edited = await bot.edit_message_text("Hai", chat_id=1001, message_id=sent.message_id,
                                         reply_markup=keyboard)
    assert edited.text == "Hai" == record.text and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Hai", chat_id=1001, message_id=sent.message_id,
                                    reply_markup=keyboard)
    await bot.edit_message_reply_markup(chat_id=1001, message_id=sent.message_id)
    assert record.buttons == [] and record.text == "Hai"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(chat_id=1001, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("Ba", chat_id=1001, message_id=999)
    assert await bot.delete_message(1001, sent.message_id)
    assert record.deleted


async def test_telegram_error_replies(server: FakeTelegramServer, app: Application) -> None:
    bot = app.bot
    server.user(id=1001, first_name="Lan")

    await bot.send_message(1001, "x" * 4096)
    with pytest.raises(BadRequest, match=r"^Message is too long$"):
        await bot.send_message(1001, "x" * 4097)
    # the limit applies after entity parsing
    await bot.send_message(1001, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)

    for bad in ("<b>đậm", "<div>x</div>", "1 < 2", "Tom & Jerry", "<b>x</i>"):
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await bot.send_message(1001, bad, parse_mode=ParseMode.HTML)
    ok = await bot.send_message(1001, html.escape("1 < 2 & 3 > 0"), parse_mode=ParseMode.HTML)
    assert ok.text == "1 < 2 & 3 > 0"
    with pytest.raises(BadRequest, match="reserved and must be escaped"):
        await bot.send_message(1001, "Xong.", parse_mode=ParseMode.MARKDOWN_V2)

    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(1001, "  \n ")
    long_data = InlineKeyboardMarkup([[InlineKeyboardButton("B", callback_data="đ" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):  # 66 bytes > 64
        await bot.send_message(1001, "chọn", reply_markup=long_data)

    server.block(1001)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1001, "còn đó không?")
    server.unblock(1001)
    await bot.send_message(1001, "còn đó không?")
    assert server.requests[-1].ok


async def test_injected_faults_and_rate_limit(server: FakeTelegramServer,
                                              app: Application) -> None:
    bot = app.bot
    server.user(id=1001, first_name="Lan")
    server.user(id=1002, first_name="Tom")

    server.fail_next("sendMessage", 429, retry_after=7, count=2)
    for _ in range(2):
        with pytest.raises(RetryAfter, match="Retry in 7"):
            await bot.send_message(1001, "chào")
    assert server.requests[-1].response == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await bot.send_message(1001, "chào")
    server.fail_next("sendMessage", 500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(1001, "chào")
    before = len(server.sent_to(1001))
    server.fail_next("sendMessage", 502, after_processing=True)  # delivered, reply lost
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(1001, "chào")
    assert len(server.sent_to(1001)) == before + 1

    server.hold("sendMessage")  # park the call: the bot waits for Telegram's reply
    pending = asyncio.create_task(bot.send_message(1001, "chờ"))
    await server.wait_until(lambda: server.calls("sendMessage")[-1].get("text") == "chờ")
    assert not pending.done()
    server.release("sendMessage")
    assert (await asyncio.wait_for(pending, 5)).text == "chờ"

    now = [1000.0]
    server.monotonic = lambda: now[0]
    server.rate_limit(per_second=3)
    for _ in range(3):
        await bot.send_message(1001, "tin")
    with pytest.raises(RetryAfter, match="Retry in 1"):
        await bot.send_message(1002, "tin")
    now[0] += 1.0
    await bot.send_message(1002, "tin")
    server.rate_limit(None, per_chat_per_second=1)
    await bot.send_message(1001, "một")
    await bot.send_message(1002, "một")
    with pytest.raises(RetryAfter):
        await bot.send_message(1001, "hai")
    server.rate_limit(None)
    await bot.send_message(1001, "hai")


async def test_document_and_photo_roundtrip(server: FakeTelegramServer,
                                            app: Application) -> None:
    lan = server.user(id=1001, first_name="Lan")
    data = bytes(range(256)) * 40
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    await lan.send_document("bao_cao.xlsx", data, xlsx)
    reply = await lan.expect("bao_cao.xlsx: 10240 bytes")  # the bot downloaded it

    assert server.calls("getFile")
    assert reply.method == "sendDocument" and reply.document is not None
    assert reply.document["file_name"] == "bao_cao.xlsx"
    assert reply.document["mime_type"] == xlsx
    assert server.file_bytes(reply.file_id or "") == data  # and uploaded it again
    downloaded = await (await app.bot.get_file(reply.file_id or "")).download_as_bytearray()
    assert bytes(downloaded) == data

    photo = await lan.send_photo(make_png(64, 48), caption="ảnh lớp 5A")
    echoed = await lan.expect("ảnh lớp 5A")
    assert echoed.photo is not None and echoed.photo[-1]["width"] == 64
    assert echoed.file_id == photo["message"]["photo"][-1]["file_id"]  # sent by file_id


async def test_bot_commands_by_scope_and_language(server: FakeTelegramServer,
                                                  app: Application) -> None:
    bot = app.bot
    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("report", "Báo cáo")],
                              language_code="vi")
    await bot.set_my_commands([BotCommand("start", "Start")], scope=BotCommandScopeChat(1001))

    assert server.commands(language_code="vi") == [
        {"command": "start", "description": "Bắt đầu"},
        {"command": "report", "description": "Báo cáo"},
    ]
    assert server.commands({"type": "chat", "chat_id": 1001}) == [
        {"command": "start", "description": "Start"}]
    assert server.commands() is None
    got = await bot.get_my_commands(scope=BotCommandScopeChat(1001))
    assert [c.command for c in got] == ["start"]
    assert await bot.get_my_commands() == ()
    await bot.delete_my_commands(language_code="vi")
    assert server.commands(language_code="vi") is None
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_restart_redelivers_only_unconfirmed_updates(server: FakeTelegramServer) -> None:
    lan = server.user(id=1001, first_name="Lan")
    ids = [(await lan.send(text))["update_id"] for text in ("một", "hai", "ba")]
    api = f"{server.base_url}{server.token}"
    async with aiohttp.ClientSession() as http:
        got = await (await http.post(f"{api}/getUpdates", json={"timeout": 0})).json()
        assert [u["update_id"] for u in got["result"]] == ids
        got = await (await http.get(f"{api}/getUpdates", params={"offset": ids[1]})).json()
        assert [u["update_id"] for u in got["result"]] == ids[1:]  # "một" is confirmed

    async with polling(echo_app(server)):
        await lan.expect("hai")
        await lan.expect("ba")
    assert server.pending_updates() == []  # the last getUpdates confirmed them

    last = await lan.send("bốn")
    async with polling(echo_app(server)):  # a new Application against the same server
        await lan.expect("bốn")
    assert [m.text for m in lan.messages] == ["hai", "ba", "bốn"]
    assert [server.delivery_count(i) for i in [*ids, last["update_id"]]] == [1, 3, 3, 1]


async def test_same_update_delivered_twice(server: FakeTelegramServer, app: Application) -> None:
    lan = server.user(id=1001, first_name="Lan")
    update = await lan.send("xin chào")
    await lan.expect("xin chào")
    await server.wait_confirmed(update["update_id"])

    server.redeliver(update)  # same update_id again, as after a crash before confirming
    await lan.expect("xin chào")
    assert server.delivery_count(update["update_id"]) == 2
    copy = server.redeliver(update, new_update_id=True)
    await lan.expect("xin chào")
    assert copy["update_id"] > update["update_id"] and copy["message"] == update["message"]


async def test_user_updates_parse_in_ptb(server: FakeTelegramServer, app: Application) -> None:
    lan = server.user(id=1001, first_name="Lan", last_name="Nguyễn", language_code="vi")
    updates = [
        await lan.send("/report@fake_school_bot tuần 3"),
        await lan.send_sticker("🎉"),
        await lan.send_voice(duration=4),
        await lan.send_contact("+84901234567"),
    ]
    parsed = [Update.de_json(u, app.bot) for u in updates]
    message = parsed[0].effective_message
    assert message is not None and message.text is not None
    assert message.parse_entities() and message.text.split()[0] == "/report@fake_school_bot"
    assert parsed[0].effective_user is not None
    assert parsed[0].effective_user.language_code == "vi"
    assert parsed[1].effective_message and parsed[1].effective_message.sticker
    assert parsed[1].effective_message.sticker.emoji == "🎉"
    assert parsed[2].effective_message and parsed[2].effective_message.voice
    voice_file = await app.bot.get_file(parsed[2].effective_message.voice.file_id)
    assert bytes(await voice_file.download_as_bytearray()).startswith(b"OggS")
    assert parsed[3].effective_message and parsed[3].effective_message.contact

    # a reply keyboard button is "pressed" by sending its text
    await app.bot.send_message(1001, "Chọn lớp", reply_markup=ReplyKeyboardMarkup([["5A", "5B"]]))
    await lan.expect("Chọn lớp")
    await lan.press("5B")
    await lan.expect("5B")


async def test_http_protocol(server: FakeTelegramServer) -> None:
    lan = server.user(id=1001, first_name="Lan")
    api = f"{server.base_url}{server.token}"
    async with aiohttp.ClientSession() as http:
        response = await http.get(f"{server.url}/bot123:wrong/getMe")
        assert response.status == 401
        assert await response.json() == {
            "ok": False, "error_code": 401, "description": "Unauthorized"}
        response = await http.get(f"{api}/noSuchMethod")
        assert (response.status, (await response.json())["description"]) == (404, "Not Found")
        me = await (await http.get(f"{api}/getme")).json()
        assert me["result"]["is_bot"] and me["result"]["id"] == server.bot_id

        # query string, form, JSON and multipart bodies
        await http.get(f"{api}/sendMessage", params={"chat_id": "1001", "text": "query"})
        await http.post(f"{api}/sendMessage", data={"chat_id": "1001", "text": "form"})
        markup = {"inline_keyboard": [[{"text": "Mở", "url": "https://example.org"}]]}
        await http.post(f"{api}/sendMessage",
                        json={"chat_id": 1001, "text": "json", "reply_markup": markup})
        form = aiohttp.FormData()
        form.add_field("chat_id", "1001")
        form.add_field("document", b"%PDF-1.4", filename="a.pdf", content_type="application/pdf")
        sent = await (await http.post(f"{api}/sendDocument", data=form)).json()
        assert [m.text for m in lan.messages] == ["query", "form", "json", ""]
        assert lan.messages[2].raw["reply_markup"] == markup
        path = (await (await http.post(f"{api}/getFile", json={
            "file_id": sent["result"]["document"]["file_id"]})).json())["result"]["file_path"]
        download = await http.get(f"{server.base_file_url}{server.token}/{path}")
        assert await download.read() == b"%PDF-1.4"

        # a long poll returns as soon as an update is queued
        poll = asyncio.create_task(http.post(f"{api}/getUpdates", json={"timeout": 30}))
        await server.wait_until(lambda: len(server.calls("getUpdates")) == 1, what="the poll")
        update = await lan.send("có ai không")
        response = await asyncio.wait_for(poll, 5)
        assert (await response.json())["result"] == [update]

        # allowed_updates: a message is dropped when only callback queries are wanted
        later = await lan.send("bị bỏ qua")
        got = await (await http.post(f"{api}/getUpdates", json={
            "offset": later["update_id"], "allowed_updates": ["callback_query"]})).json()
        assert got["result"] == [] and server.pending_updates() == []

        # a newer getUpdates terminates the older long poll
        poll = asyncio.create_task(http.post(f"{api}/getUpdates", json={"timeout": 30}))
        await server.wait_until(lambda: len(server.calls("getUpdates")) == 3, what="the poll")
        await http.post(f"{api}/getUpdates", json={"timeout": 0})
        response = await asyncio.wait_for(poll, 5)
        assert response.status == 409

        # while a webhook is set, getUpdates is a conflict
        await http.post(f"{api}/setWebhook", json={"url": "https://example.org/hook"})
        info = (await (await http.get(f"{api}/getWebhookInfo")).json())["result"]
        assert info["url"] == "https://example.org/hook"
        assert (await http.get(f"{api}/getUpdates")).status == 409
        await http.post(f"{api}/deleteWebhook")
        assert (await http.get(f"{api}/getUpdates")).status == 200
