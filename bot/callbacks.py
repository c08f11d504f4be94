"""Button data: what a pressed button says, and the one reply to a button that no longer works.

Every button the core sends carries data that comes back from the channel untrusted.
"""

from __future__ import annotations

from bot.i18n import _
from bot.port import Reply


def stale(*, edit: bool = False) -> Reply:
    """The reply to a button that no longer works: unknown, forged, from an older version of
    the bot, or about something that has changed since it was sent. ``edit`` replaces the
    message the button was on."""
    return Reply(_("That button no longer works. Please start again from the menu: /help"),
                 edit=edit)
