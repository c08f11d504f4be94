"""The yes/no question asked before any action that messages many people (reminding the units
that have not sent a report, a broadcast, a re-send), on every channel: one tap or one typed
number must never reach many people by itself."""

from __future__ import annotations

from bot.i18n import _
from bot.port import Button, Reply


def ask(question: str, yes_action: str, no_action: str) -> Reply:
    """``question`` (HTML) with the answers Có / Không; "Có" runs ``yes_action``."""
    return Reply(question, buttons=[[Button(_("Yes"), yes_action), Button(_("No"), no_action)]])
