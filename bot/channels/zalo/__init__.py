"""Zalo: the same bot in the messenger Vietnamese schools already use (Zalo Bot API, aiohttp).

The Zalo Bot API is modelled on Telegram's, but has no buttons and plain text only (at most
2,000 UTF-16 units a message), so replies are numbered text as on the console. The modules:

* ``client`` — the HTTP API, as the real one answers (errors in HTTP 200 bodies, string error
  codes, idle polls in three shapes, 404 for "no webhook"), and the photo downloader;
* ``updates`` — real updates (no ``event_name``, several name and image fields) to ``Incoming``;
* ``render`` — replies to text parts measured in UTF-16 units;
* ``transport`` — sending a part, and Zalo as a transport for the outbox;
* ``poller`` / ``webhook`` — the two ways of receiving;
* ``handling`` — one update into the core, its replies back (``replies``);
* ``channel`` — ``ZaloChannel``, the ``bot.channels.runtime.Channel`` that runs them, and
  ``run_zalo`` (Zalo alone).
"""

from bot.channels.zalo.channel import ZaloChannel, run_zalo
from bot.channels.zalo.client import (
    Backoff,
    ZaloApi,
    ZaloApiError,
    ZaloConfigError,
    api_root,
    download,
)
from bot.channels.zalo.render import MAX_TEXT, render_parts, utf16_len
from bot.channels.zalo.transport import ZaloTransport
from bot.channels.zalo.updates import CHANNEL, unwrap

__all__ = [
    "CHANNEL", "MAX_TEXT", "Backoff", "ZaloApi", "ZaloApiError", "ZaloChannel",
    "ZaloConfigError", "ZaloTransport", "api_root", "download", "render_parts", "run_zalo",
    "unwrap", "utf16_len",
]
