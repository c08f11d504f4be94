"""Scripted users for the fake Telegram server: a conversation test reads like the chat.

    lan = server.user(id=1001, first_name="Lan", language_code="vi")
    await lan.send("/start")
    await lan.expect("họ và tên")
    await lan.send("Nguyễn Thị Lan")
    menu = await lan.expect("Chọn")
    await lan.press("Báo cáo")
    await lan.expect_edit("Đã chọn")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .telegram_server import BotMessage, make_png

if TYPE_CHECKING:
    from collections.abc import Callable

    from .telegram_server import FakeTelegramServer


class FakeUser:
    """A Telegram user in a private chat with the bot (chat id = user id).

    ``send*`` and ``press*`` queue an update and return it at once; ``expect*`` wait (without
    sleeping) for what the bot does, and fail with a transcript of the chat on timeout.
    """

    def __init__(
        self, server: FakeTelegramServer, id: int, first_name: str, *,
        last_name: str | None = None, username: str | None = None,
        language_code: str | None = "vi",
    ) -> None:
        self.server = server
        self.id = id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.sent: list[dict] = []  # the updates this user caused, in order

    @property
    def chat_id(self) -> int:
        return self.id

    @property
    def user_dict(self) -> dict[str, Any]:
        """The Telegram User object of this user."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    # ------------------------------------------------------------ what the user does

    def _queued(self, update: dict) -> dict:
        self.sent.append(update)
        return update

    async def send(self, text: str, *, reply_to: BotMessage | int | None = None) -> dict:
        """Send a text message ("/start ..." carries a bot_command entity). Returns the
        update."""
        reply_id = reply_to.message_id if isinstance(reply_to, BotMessage) else reply_to
        return self._queued(self.server.queue_message(
            self.user_dict, text, reply_to_message_id=reply_id))

    async def send_document(
        self, file_name: str, data: bytes, mime_type: str = "application/octet-stream", *,
        caption: str | None = None,
    ) -> dict:
        stored = self.server.store_file(data, kind="document", file_name=file_name,
                                        mime_type=mime_type)
        document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                    "file_name": file_name, "mime_type": mime_type, "file_size": stored.size}
        return self._queued(self.server.queue_message(
            self.user_dict, document=document, **_caption(caption)))

    async def send_photo(self, data: bytes | None = None, *, caption: str | None = None,
                         ) -> dict:
        """Send a photo (a small PNG unless ``data`` is given); Telegram makes two sizes."""
        stored = self.server.store_file(data if data is not None else make_png(64, 48),
                                        kind="photo", mime_type="image/jpeg")
        return self._queued(self.server.queue_message(
            self.user_dict, photo=self.server.photo_sizes(stored), **_caption(caption)))

    async def send_sticker(self, emoji: str = "👍", *, data: bytes | None = None) -> dict:
        stored = self.server.store_file(data or make_png(512, 512), kind="sticker",
                                        mime_type="image/webp")
        sticker = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                   "type": "regular", "width": 512, "height": 512, "is_animated": False,
                   "is_video": False, "emoji": emoji, "set_name": "FakeStickers",
                   "file_size": stored.size}
        return self._queued(self.server.queue_message(self.user_dict, sticker=sticker))

    async def send_voice(self, data: bytes = b"OggS\x00fake-voice", *, duration: int = 2,
                         ) -> dict:
        stored = self.server.store_file(data, kind="voice", mime_type="audio/ogg")
        voice = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                 "duration": duration, "mime_type": "audio/ogg", "file_size": stored.size}
        return self._queued(self.server.queue_message(self.user_dict, voice=voice))

    async def send_contact(self, phone_number: str) -> dict:
        """Share the user's own contact (as a request_contact keyboard button does)."""
        contact = {"phone_number": phone_number, "first_name": self.first_name,
                   "user_id": self.id}
        if self.last_name:
            contact["last_name"] = self.last_name
        return self._queued(self.server.queue_message(self.user_dict, contact=contact))

    async def press(self, label: str) -> str:
        """Press the inline button whose label is (or contains) ``label`` on the latest bot
        message that has one; returns the callback query id. If no inline button matches but
        the reply keyboard shown has such a button, its text is sent as a message instead
        (returns "")."""
        for message in reversed(self.server.sent_to(self.id)):
            if message.deleted:
                continue
            button = message.find_button(label)
            if button is None:
                continue
            if "callback_data" not in button:
                raise AssertionError(
                    f"button {button['text']!r} of message #{message.message_id} has no "
                    f"callback_data: {button}")
            return await self.press_data(button["callback_data"], message=message)
        keyboard = self.server.reply_keyboard(self.id) or {}
        keys = [b["text"] for row in keyboard.get("keyboard", []) for b in row]
        matches = [k for k in keys if k == label] or [k for k in keys if label in k]
        if len(matches) == 1:
            await self.send(matches[0])
            return ""
        raise AssertionError(
            f"{self.first_name}: no button {label!r} to press; "
            f"{self.server.describe_chat(self.id)}"
            + (f"\nreply keyboard: {keys}" if keys else ""))

    async def press_data(self, data: str, *, message: BotMessage | None = None) -> str:
        """Send a callback query with any ``data`` (forged unless it came from a button), from
        ``message`` or the latest bot message. Returns the callback query id."""
        if message is None:
            alive = [m for m in self.server.sent_to(self.id) if not m.deleted]
            if not alive:
                raise AssertionError(f"{self.first_name}: the bot sent no message to press on")
            message = alive[-1]
        update = self.server.queue_callback_query(self.user_dict, message, data)
        self._queued(update)
        return update["callback_query"]["id"]

    # ------------------------------------------------------------ what the user sees

    async def expect(
        self, contains: str | None = None, *, timeout: float = 10.0,
        predicate: Callable[[BotMessage], bool] | None = None,
    ) -> BotMessage:
        """Wait for the next new bot message in this chat; fail if it does not contain
        ``contains`` (case-sensitive, on the visible text or caption) or match ``predicate``.
        """
        try:
            message = await self.server.wait_for_message(self.id, timeout=timeout)
        except AssertionError:
            raise AssertionError(
                f"{self.first_name} waited {timeout}s for a bot message"
                + (f" containing {contains!r}" if contains is not None else "")
                + f" but none came; {self.server.describe_chat(self.id)}") from None
        self._check(message, contains, predicate, "message")
        return message

    async def expect_edit(
        self, contains: str | None = None, *, timeout: float = 10.0,
        predicate: Callable[[BotMessage], bool] | None = None,
    ) -> BotMessage:
        """Wait for the next edit of a bot message in this chat (text, caption or buttons)."""
        try:
            message = await self.server.wait_for_edit(self.id, timeout=timeout)
        except AssertionError:
            raise AssertionError(
                f"{self.first_name} waited {timeout}s for an edited message"
                + (f" containing {contains!r}" if contains is not None else "")
                + f" but none came; {self.server.describe_chat(self.id)}") from None
        self._check(message, contains, predicate, "edited message")
        return message

    async def callback_answer(self, callback_query_id: str | None = None, *,
                              timeout: float = 10.0) -> dict:
        """The bot's answerCallbackQuery parameters (text, show_alert, url) for the given (or
        the latest) callback query of this user."""
        if callback_query_id is None:
            queries = [u["callback_query"]["id"] for u in self.sent if "callback_query" in u]
            if not queries:
                raise AssertionError(f"{self.first_name} pressed no button")
            callback_query_id = queries[-1]
        return await self.server.wait_for_callback_answer(callback_query_id, timeout)

    def _check(self, message: BotMessage, contains: str | None,
               predicate: Callable[[BotMessage], bool] | None, what: str) -> None:
        if contains is not None and contains not in message.text:
            raise AssertionError(
                f"{self.first_name} expected a {what} containing {contains!r}, got "
                f"{message.describe()}; {self.server.describe_chat(self.id)}")
        if predicate is not None and not predicate(message):
            raise AssertionError(
                f"{self.first_name}: {what} {message.describe()} does not match the predicate")

    @property
    def messages(self) -> list[BotMessage]:
        """Every message the bot sent to this user, in its current state."""
        return self.server.sent_to(self.id)

    @property
    def last(self) -> BotMessage | None:
        messages = self.messages
        return messages[-1] if messages else None

    def block_bot(self) -> None:
        self.server.block(self.id)

    def unblock_bot(self) -> None:
        self.server.unblock(self.id)

    def __repr__(self) -> str:
        return f"FakeUser(id={self.id}, first_name={self.first_name!r})"


def _caption(caption: str | None) -> dict[str, Any]:
    return {} if caption is None else {"caption": caption}
