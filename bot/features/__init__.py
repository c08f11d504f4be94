"""Feature modules of the core. ``register_all`` wires them, in this order:

1. onboarding — the flow every new user goes through first;
2. basics — /start, /help, /me, /lang, /cancel;
3. knowledge — questions, /campaigns, /deadlines (plain text falls through to questions last);
4. reports — /report, /myreports, /unit;
then admin tools. Text that no flow claims goes to the text fallbacks in the order added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import Services


async def register_all(services: Services) -> None:
    from bot.features import audit, basics, broadcast, linking, onboarding, reminders

    onboarding.register(services)
    basics.register(services)
    linking.register(services)  # wraps the onboarding flow, so after it
    await reminders.register(services)
    broadcast.register(services)
    audit.register(services)
