from __future__ import annotations

import logging

from bot.logsafe import RedactingFormatter

TOKEN = "1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_tokens_are_masked_in_messages_and_tracebacks() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise ConnectionError(f"https://api.telegram.org/bot{TOKEN}/getUpdates failed")
    except ConnectionError as exc:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "calling %s", (
            f"/bot{TOKEN}/sendMessage",), (type(exc), exc, exc.__traceback__))
    text = formatter.format(record)
    assert TOKEN not in text and "<token>" in text and "ConnectionError" in text


def test_log_times_are_in_vietnam_time_on_a_utc_server() -> None:
    from zoneinfo import ZoneInfo

    formatter = RedactingFormatter("%(asctime)s %(message)s", ZoneInfo("Asia/Ho_Chi_Minh"))
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, "The bot is running.", (), None)
    record.created = 1700000000.0  # 14/11/2023 22:13:20 UTC
    assert formatter.format(record) == "2023-11-15 05:13:20+0700 The bot is running."
