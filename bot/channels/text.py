"""Rendering for text-only channels: HTML to plain text, buttons to numbered choices.

The console and Zalo share this. A user answers a numbered menu with the number, or with the
option's text typed with or without diacritics.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata

from bot.i18n import _
from bot.port import Button, Reply
from bot.storage.db import Database

_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a\s+href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def html_to_text(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(_TAG.sub("", text))


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), for matching what a user typed."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def render(reply: Reply, *, numbered_hint: bool = True) -> tuple[str, list[str]]:
    """The text to show and the actions that the numbers 1..n stand for."""
    body = html_to_text(reply.text).strip()
    all_buttons = reply.choices()
    choices = [b for b in all_buttons if not b.command]
    commands = [b for b in all_buttons if b.command]
    lines = [body] if body else []
    if choices:
        lines.append("")
        lines += [f"  {i}. {html_to_text(b.label)}" for i, b in enumerate(choices, start=1)]
        if numbered_hint and len(choices) == 1:
            lines.append(_("(Reply with 1 to choose it.)"))
        elif numbered_hint:
            lines.append(_("(Reply with a number from 1 to {n}.)").format(n=len(choices)))
    commands = [b for b in commands if f"/{b.command}" not in body]  # the text says it already
    if commands:
        lines.append("   ".join(f"/{b.command} {html_to_text(b.label)}" for b in commands))
    return "\n".join(lines), [b.action for b in choices]


def parse_command(text: str) -> tuple[str, str] | None:
    """``"/link AB12CD"`` → ``("link", "AB12CD")``; None when the text is not a command.

    The name is lower-cased and loses a ``@botname`` suffix; the arguments are stripped.
    """
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    body = stripped[1:]
    if not body or body[0].isspace():
        return None
    parts = body.split(maxsplit=1)
    name = parts[0].split("@")[0].lower()
    args = parts[1].strip() if len(parts) > 1 else ""
    return (name, args) if name else None


def match_choice(text: str, labels: list[str]) -> int | None:
    """The index of the option a user meant: its number, or its label (diacritics optional)."""
    stripped = text.strip().rstrip(".")
    if stripped.isdigit():
        n = int(stripped)
        return n - 1 if 1 <= n <= len(labels) else None
    wanted = fold(stripped)
    if not wanted:
        return None
    folded = [fold(html_to_text(label)) for label in labels]
    exact = [i for i, f in enumerate(folded) if f == wanted or _strip_emoji(f) == wanted]
    return exact[0] if len(exact) == 1 else None


def _strip_emoji(text: str) -> str:
    return " ".join(w for w in text.split() if any(c.isalnum() for c in w))


def split_text(text: str, limit: int) -> list[str]:
    """Split at paragraph, then line, then word boundaries so no part exceeds ``limit``."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, limit + 1)
            if cut > limit // 3:
                break
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


class TextMenus:
    """The numbered choices each text-channel user was last shown, kept across restarts."""

    def __init__(self, db: Database, channel: str) -> None:
        self.db = db
        self.channel = channel

    async def remember(self, external_id: str, buttons: list[Button], now: dt.datetime) -> None:
        data = json.dumps([[b.label, b.action] for b in buttons], ensure_ascii=False)
        await self.db.execute(
            "INSERT INTO text_menus (channel, external_id, actions, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT(channel, external_id) DO UPDATE SET actions = excluded.actions,"
            " updated_at = excluded.updated_at",
            (self.channel, external_id, data, now.isoformat()),
        )

    async def resolve(self, external_id: str, text: str) -> str | None:
        """The action a typed answer picks from the last menu, if it picks one."""
        raw = await self.db.fetchval(
            "SELECT actions FROM text_menus WHERE channel = ? AND external_id = ?",
            (self.channel, external_id),
        )
        if not raw:
            return None
        options = json.loads(raw)
        index = match_choice(text, [label for label, _action in options])
        return None if index is None else str(options[index][1])

    async def after(
        self, external_id: str, replies: list[Reply], now: dt.datetime, *, notice: bool = False
    ) -> None:
        """Keep the choices of the last reply that had buttons; a plain answer (not a notice
        the bot sent on its own) clears them, so a later number is not taken for a choice."""
        last: list[Button] | None = None
        for reply in replies:
            if reply.buttons:
                last = [b for b in reply.choices() if not b.command]
        if last:
            await self.remember(external_id, last, now)
        elif replies and not notice:
            await self.forget(external_id)

    async def forget(self, external_id: str) -> None:
        await self.db.execute(
            "DELETE FROM text_menus WHERE channel = ? AND external_id = ?",
            (self.channel, external_id),
        )
