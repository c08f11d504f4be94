"""The channel port: what a channel hands the core, and what the core hands back.

Telegram, the terminal console and Zalo each turn their own updates into ``Incoming`` and render
``Reply`` in their own way (inline buttons, or numbered choices in text). Reply text is a small
HTML subset (``<b>``, ``<i>``, ``<code>``, ``<a>``); everything a user typed is escaped with
``html.escape`` before it goes in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class InKind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    ACTION = "action"  # a button pressed (Telegram callback data, or a numbered choice)
    FILE = "file"
    UNSUPPORTED = "unsupported"  # a sticker, voice, location … where text is expected


@dataclass(frozen=True)
class IncomingFile:
    file_id: str  # the channel's handle to download it later
    kind: str  # "document" or "photo"
    name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    unique_id: str | None = None


@dataclass(frozen=True)
class Incoming:
    """One thing a user did, already stripped of the channel's particulars."""

    channel: str
    external_id: str  # the user's id on that channel, as text
    kind: InKind
    display_name: str = ""
    language_code: str | None = None
    text: str = ""  # the text, or the command's arguments
    html: str = ""  # the text with the sender's formatting as HTML (escaped), where the channel
    # has formatting (Telegram's entities); empty otherwise
    command: str = ""  # without the slash, lower case
    action: str = ""  # button data; untrusted
    file: IncomingFile | None = None
    update_key: str | None = None  # the channel's update id, to drop the same update twice
    inbox_key: str | None = None  # its key in the durable inbox, cleared once it is handled


@dataclass(frozen=True)
class Button:
    label: str
    action: str  # opaque to channels; parsed and checked again by the core on return
    command: str | None = None  # a slash command doing the same ("back"); text channels show it


@dataclass
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit: bool = False  # replace the message whose button was pressed, where the channel can
    document: Path | None = None
    document_name: str | None = None
    photo: Path | None = None
    live: str | None = None  # a key the channel may refresh the message with (progress)

    def choices(self) -> list[Button]:
        return [b for row in self.buttons for b in row]
