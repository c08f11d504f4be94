"""Deadline reminders: the right people, at the right time, exactly once.

- ``occurrences`` — pure date rules (29/2 in other years, weekends, the slots of an occurrence);
- ``planner`` — which slots fire in a window of time, from the deadlines and the policy;
- ``audience`` — who a deadline reminds, and who has already sent what is due;
- ``repo`` — all SQL (deadlines, ``reminder_log``, ``reminder_state``, submissions read);
- ``service`` — ``ReminderService``: ``send_due(now)``, catch-up at start, snooze, digest;
- ``scheduler`` — ``ReminderScheduler``: one APScheduler job for the next fire instant;
- ``views`` — the reminders' replies.

The admins' deadline screens are a feature: ``bot.features.reminders``.
"""

from bot.reminders.planner import Policy
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.service import ReminderService, RunReport

__all__ = ["Policy", "ReminderScheduler", "ReminderService", "RunReport"]
