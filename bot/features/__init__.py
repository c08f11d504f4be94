"""Feature modules of the core. ``register_all`` wires them, in this order:

1. onboarding — the flow every new user goes through first;
2. basics — /start, /help, /me, /lang, /cancel; linking — /link, /channels;
3. reports — /report, /myreports, /unit (text in a report goes to the form);
4. reminders — deadlines and their reminders; /managedeadlines;
5. admin tools — /stats, /submissions, /export, /notices (and the daily digest), /broadcast,
   /audit, /members, /rotatecodes;
6. knowledge — /campaigns, /deadlines, and any other text is a question (last fallback);
   office answers — /unanswered, /officeanswers (matched before the documents are searched).
Text that no flow claims goes to the text fallbacks in the order added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import Services


async def register_all(services: Services) -> None:
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

    onboarding.register(services)
    basics.register(services)
    linking.register(services)  # wraps the onboarding flow, so after it
    reports.register(services)  # its text fallback comes before questions
    await reminders.register(services)
    stats.register(services)
    review.register(services)
    export.register(services)
    notices.register(services)
    broadcast.register(services)
    audit.register(services)
    members.register(services)
    await knowledge.register(services)  # the last text fallback: anything else is a question
    office_answers.register(services)  # needs the knowledge base
    await office_answers.load(services)
