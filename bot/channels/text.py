"""Rendering for text-only channels: HTML to plain text, buttons to numbered choices.

The console and Zalo share this. A user answers a numbered menu with the number, or with the
option's text typed with or without diacritics.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from bot.i18n import _
from bot.port import Button, Reply

_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a\s+href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def html_to_text(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(_TAG.sub("", text))


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), for matching what a user typed."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def numbered(reply: Reply) -> list[Button]:
    """The buttons of ``reply`` that become numbered choices (not the slash commands)."""
    return [b for b in reply.choices() if not b.command]


def numbering(replies: list[Reply]) -> list[int]:
    """The first number of each reply's choices when they are numbered on, message after
    message, so that no two choices shown together share a number."""
    starts, next_number = [], 1
    for reply in replies:
        starts.append(next_number)
        next_number += len(numbered(reply))
    return starts


def render(reply: Reply, *, numbered_hint: bool = True, start: int = 1) -> tuple[str, list[str]]:
    """The text to show and the actions that the numbers ``start``… stand for."""
    body = html_to_text(reply.text).strip()
    all_buttons = reply.choices()
    choices = [b for b in all_buttons if not b.command]
    commands = [b for b in all_buttons if b.command]
    lines = [body] if body else []
    if choices:
        lines.append("")
        lines += [f"  {i}. {html_to_text(b.label)}" for i, b in enumerate(choices, start=start)]
        if numbered_hint and len(choices) == 1:
            lines.append(_("(Reply with {n} to choose it.)").format(n=start))
        elif numbered_hint and start == 1:
            lines.append(_("(Reply with a number from 1 to {n}.)").format(n=len(choices)))
        elif numbered_hint:
            lines.append(_("(Reply with a number from {first} to {last}.)").format(
                first=start, last=start + len(choices) - 1))
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


def menu_number(text: str) -> int | None:
    """``"2"`` or ``"2."``: a number typed to pick a choice (at most three digits)."""
    stripped = text.strip().rstrip(".").strip()
    return int(stripped) if stripped.isdigit() and len(stripped) <= 3 else None


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


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Split at paragraph, then line, then word boundaries so that no part measures more than
    ``limit`` (in characters, or in what ``measure`` counts)."""
    parts: list[str] = []
    rest = text.strip()
    while measure(rest) > limit:
        room = _prefix_fitting(rest, limit, measure)
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, room + 1)
            if cut > room // 3:
                break
        if cut <= 0:
            cut = room
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _prefix_fitting(text: str, limit: int, measure: Callable[[str], int]) -> int:
    """How many characters from the start of ``text`` measure at most ``limit`` (at least 1)."""
    if measure is len:
        return max(1, min(limit, len(text)))
    low, high = 1, min(limit, len(text))
    while low < high:
        mid = (low + high + 1) // 2
        if measure(text[:mid]) <= limit:
            low = mid
        else:
            high = mid - 1
    return low
