"""Feature modules of the core: each registers its commands, buttons and flows with
``register(registry, core)``. ``register_all`` calls them in one place; the order is the order
of /help and the command menus:

1. onboarding — the flow every new user goes through first;
2. basics — /start, /help, /me, /lang, /cancel; linking — /link (also while registering),
   /channels;
3. reports — /report, /myreports, /unit, and the report form (a flow);
4. reminders — the buttons on reminders; /managedeadlines;
5. admin tools — /stats, /submissions, /export, /notices, /broadcast, /audit, /members,
   /rotatecodes;
6. knowledge — /campaigns, /deadlines, /ask; any text outside a flow is a question, an admin's
   document a plan to import; office answers — /unanswered, /officeanswers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core import Core
    from bot.registry import Registry


def register_all(registry: Registry, core: Core) -> None:
    from bot.features import (
        audit,
        basics,
        broadcast,
        export,
        knowledge,
        linking,
        members,
        notices,
        office_answers,
        onboarding,
        reminders,
        reports,
        review,
        stats,
    )

    for feature in (onboarding, basics, linking, reports, reminders, stats, review, export,
                    notices, broadcast, audit, members, knowledge, office_answers):
        feature.register(registry, core)
