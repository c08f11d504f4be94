"""Fuzz: 1,000 random updates of every kind over the fake Bot API — text with HTML, emoji,
bidi and zero-width characters, commands, stickers, photos, documents, voice, contacts, forged
callback data, edited messages, group chats. Nothing crashes, every private update is answered,
and the database passes ``PRAGMA integrity_check`` (issue 12)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeTelegramServer, make_png
from tests.helpers import ADMIN_TG_ID, ROOT
from tests.telegram_env import running_bot, telegram_config

UPDATES = 1000
SEED = 20261130
GROUP = -100777
ANSWERS = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")

WORDS = [
    "/start", "/help", "/report", "/myreports", "/unit", "/cancel", "/back", "/skip", "/done",
    "/export", "/broadcast", "/members", "/rotatecodes MN-HOASEN", "/link", "/link ABC234",
    "/channels", "/campaigns", "/deadlines", "/ask hạn nộp", "/lang", "/stats", "/audit",
    "/submissions", "/unanswered", "/khonglenh", "/start@fake_school_bot", "/ ", "/",
    "HOASEN-GV-4821", "HOASEN-HT-7390", "SONCA-GV-\u200b1573", "KIMDONG-GV-4356", "45", "40",
    "-1", "9" * 30, "31/5/2027", "có", "không", "Nguyễn Thị Lan", "hạn nộp báo cáo sơ kết?",
    "<b>đậm</b>", "</i>", "<a href='javascript:x'>x</a>", "&amp;", "&", "<", "=1+2",
    "=HYPERLINK(\"http://evil.example\")", "🎉👍🏽👨‍👩‍👧", "\u202eadmin\u202c", "A\u200bB\u200dC",
    "\u2066Lan\u2069", "\ufeffBOM", "\u00a0", "   ", "\t", "x" * 4500, "ك", "中文", "Ωmega",
    "' OR 1=1 --", "'; DROP TABLE users; --", "%s%s%n", "{name}", "\\", "\x01\x02",
]
CALLBACKS = [
    "rp1:ok:1", "rp1:ok:999999", "rp1:disc:1", "rp1:v:1", "rp1:f:1", "rp1:unit", "rp1:my", "rp1:",
    "sub1:list:interim:2027", "sub1:ok:1", "sub1:ret:1", "bc1:aud:all", "bc1:send", "imp1:ok",
    "imp1:no", "lang1:set:en", "lang1:set:vi", "lang1:set:xx", "chan1:to:all", "chan1:to:nope",
    "kb1:c:1", "kb1:", "rp:ok:1", "lang:en", "rm:adm:list", "mem:rm:1", "au:0:::",
    "ask1:more:1", "ask1:more:99", "mem1:u:MN-HOASEN", "mem1:rm:1", "mem1:role:1:LEADER",
    "mem1:role:1:ADMIN", "rma1:x", "", ":", "x" * 64, "\u202e", "rp1:ok:-1", "rp1:ok:1e9",
]


def random_text(rng: random.Random) -> str:
    parts = [rng.choice(WORDS) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        parts.append("".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 40))))
    text = " ".join(parts) if not parts[0].startswith("/") else parts[0] + " " + " ".join(
        parts[1:])
    return text[:4096].strip() or "."


def random_file(rng: random.Random) -> tuple[str, bytes, str]:
    name = rng.choice(["bao-cao.pdf", "virus.pdf", "a.exe", "ke-hoach.docx", "ke-hoach.txt",
                       "anh.jpg", "trong.pdf", "\u202efdp.exe", "x" * 200 + ".pdf"])
    data = rng.choice([b"%PDF-1.4 ok", b"MZ\x90\x00", b"", b"PK\x03\x04broken",
                       "Kế hoạch thi đua\n".encode() * 50, make_png(4, 4),
                       bytes(rng.randrange(256) for _ in range(300))])
    return name, data, rng.choice(["application/pdf", "text/plain", "image/jpeg",
                                   "application/octet-stream"])


class Fuzzer:
    def __init__(self, server: FakeTelegramServer, rng: random.Random) -> None:
        self.server, self.rng = server, rng
        self.users = [server.user(id=ADMIN_TG_ID, first_name="Admin")] + [
            server.user(id=7700 + i, first_name=rng.choice(["Lan", "\u202eHùng", "Mai\u200b"]),
                        language_code=rng.choice(["vi", "en", None, "fr"])) for i in range(7)]
        server.group(GROUP, "Nhóm phụ huynh")

    def answers_to(self, chat_id: int) -> int:
        return sum(1 for r in self.server.requests if r.method in ANSWERS
                   and str(r.params.get("chat_id")) == str(chat_id))

    async def one(self) -> tuple[dict, int | None, str | None]:
        """Queue one random update; return it, the private chat that must be answered, and
        the callback query that must be answered (if any)."""
        rng, user = self.rng, self.rng.choice(self.users)
        kind = rng.choices(
            ["text", "text", "text", "callback", "file", "photo", "sticker", "voice",
             "contact", "edited", "group", "group_callback"],
            weights=[30, 10, 10, 15, 6, 4, 3, 2, 2, 6, 8, 4])[0]
        if kind == "text":
            return await user.send(random_text(rng)), user.id, None
        if kind == "file":
            return await user.send_document(*random_file(rng)), user.id, None
        if kind == "photo":
            return await user.send_photo(caption=rng.choice([None, random_text(rng)])), \
                user.id, None
        if kind == "sticker":
            return await user.send_sticker(), user.id, None
        if kind == "voice":
            return await user.send_voice(), user.id, None
        if kind == "contact":
            return await user.send_contact("+84901234567"), user.id, None
        if kind == "edited":
            message = {"message_id": 10**6 + rng.randrange(1000), "date": 0,
                       "edit_date": 1, "chat": {"id": user.id, "type": "private"},
                       "from": user.user_dict, "text": random_text(rng)}
            return self.server.queue_update({"edited_message": message}), user.id, None
        if kind == "group":
            return self.server.queue_message(user.user_dict, random_text(rng),
                                             chat_id=GROUP), None, None
        data = rng.choice(CALLBACKS) if rng.random() < 0.8 else random_text(rng)[:64]
        chat = GROUP if kind == "group_callback" else user.id
        query_id = f"fz{rng.randrange(10**12)}"
        self.server._callbacks[query_id] = {"answered": False, "data": data,
                                            "user_id": user.id}
        chat_info = ({"id": GROUP, "type": "group", "title": "Nhóm"} if chat == GROUP
                     else {"id": user.id, "type": "private", "first_name": "x"})
        update = self.server.queue_update({"callback_query": {
            "id": query_id, "from": user.user_dict, "chat_instance": "1", "data": data,
            "message": {"message_id": rng.randint(1, 50), "date": 0, "chat": chat_info,
                        "text": "một nút"}}})
        return update, (user.id if chat != GROUP else None), query_id


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


async def test_a_thousand_random_updates(server: FakeTelegramServer, tmp_path: Path,
                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    units = tmp_path / "units.csv"  # /rotatecodes rewrites the list: never the shipped one
    units.write_text((ROOT / "data" / "units.csv").read_text("utf-8"), "utf-8")
    config = telegram_config(tmp_path, server)
    config = dataclasses.replace(config, bot=dataclasses.replace(config.bot, units_csv=units))
    rng = random.Random(SEED)
    fuzz = Fuzzer(server, rng)
    async with running_bot(server, config, rate_limited=False) as bot:
        for n in range(UPDATES):
            before = {u.id: fuzz.answers_to(u.id) for u in fuzz.users}
            group_before = fuzz.answers_to(GROUP)
            update, chat, query = await fuzz.one()
            key = str(update["update_id"])

            async def handled(key: str = key, chat: int | None = chat,
                              seen: int = before.get(chat or 0, 0)) -> bool:
                """Out of the inbox (the core's writes are done), and answered if private."""
                if chat is not None and fuzz.answers_to(chat) <= seen:
                    return False
                return not await bot.core.db.fetchval(
                    "SELECT 1 FROM inbox WHERE update_key = ?", (key,))

            await server.wait_confirmed(update["update_id"])  # so it is in the inbox
            for _ in range(400):
                if await handled():
                    break
                await asyncio.sleep(0.005)
            assert await handled(), f"update #{n} never finished: {update}"
            if chat is not None:
                assert fuzz.answers_to(chat) > before[chat], f"#{n} unanswered: {update}"
            if query is not None:
                assert server._callbacks[query]["answered"], f"#{n} spinner left: {update}"
            assert fuzz.answers_to(GROUP) == group_before, f"#{n} answered in a group"
        handled_by_core = await bot.core.db.fetchval("SELECT COUNT(*) FROM processed_updates")
        assert handled_by_core > UPDATES // 2
        db_path = config.bot.database
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR
                and r.name.startswith(("bot", "handlers", "telegram.ext"))]
    assert not problems, [f"{r.name}: {r.getMessage()}" for r in problems[:5]]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
