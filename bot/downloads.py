"""How the core fetches a file a user sent: one downloader per channel, added by the app when
it starts that channel (``bot.channels.run_channels``), looked up by the channel's name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

Downloader = Callable[[str], Awaitable[bytes]]


class Downloads:
    def __init__(self) -> None:
        self._by_channel: dict[str, Downloader] = {}

    def add(self, channel: str, download: Downloader) -> None:
        self._by_channel[channel] = download

    def get(self, channel: str) -> Downloader | None:
        return self._by_channel.get(channel)
