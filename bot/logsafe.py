"""Logging that never shows a bot token: the formatter masks anything shaped like one, in the
message and in tracebacks alike."""

from __future__ import annotations

import datetime as dt
import logging
import re
from zoneinfo import ZoneInfo

_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` without anything shaped like a bot token, nor any of ``secrets``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<token>")
    return _TOKEN.sub("<token>", text)


class RedactingFormatter(logging.Formatter):
    """Masks tokens; times are in the office's time zone (the server's may be UTC)."""

    def __init__(self, fmt: str, tz: ZoneInfo | None = None) -> None:
        super().__init__(fmt)
        self.tz = tz

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if self.tz is None:
            return super().formatTime(record, datefmt)
        moment = dt.datetime.fromtimestamp(record.created, self.tz)
        return moment.strftime(datefmt or "%Y-%m-%d %H:%M:%S%z")


def setup_logging(level: str, tz: ZoneInfo | None = None) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                            tz))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and Telegram URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Our outbox sender handles Telegram's 429s itself; PTB's limiter would log each one.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    # An HTML error page (a 502 from a proxy) is logged there with a traceback, then raised as
    # a NetworkError, which the bot handles and logs itself.
    logging.getLogger("telegram.request").setLevel(logging.CRITICAL)
