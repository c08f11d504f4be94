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
