"""Fakes for end-to-end tests: a Telegram Bot API server, scripted users, an echo bot."""

from .echo_bot import build_echo_app
from .telegram_server import (
    DEFAULT_TOKEN,
    ApiError,
    BotMessage,
    FakeTelegramServer,
    RecordedRequest,
    StoredFile,
    make_png,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    polling,
)
from .telegram_user import FakeUser

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotMessage",
    "FakeTelegramServer",
    "FakeUser",
    "RecordedRequest",
    "StoredFile",
    "build_echo_app",
    "make_png",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "polling",
]
