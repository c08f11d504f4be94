"""Deadline reminders: the buttons on a reminder, and the admins' deadline management.

Registers (all role checks are made by the dispatcher and again in the handlers):
- ``/managedeadlines`` (alias ``/quanlyhan``), admins only: list, add, edit, delete, preview
  (``manage``; its typed steps are the flow ``deadline_admin``, ``steps``);
- the buttons ``bot.reminders.actions.DEADLINES`` (admins only) for that management;
- the buttons ``bot.reminders.actions.REMINDER`` on a reminder (``buttons``).

The reminders themselves are ``core.reminders`` (``bot.reminders.ReminderService``).
"""

from __future__ import annotations

from bot.core import Core
from bot.features.reminders import buttons, manage, steps
from bot.features.reminders.common import FLOW
from bot.i18n import N_
from bot.models import Role
from bot.registry import Registry
from bot.reminders.actions import DEADLINES, REMINDER


def register(r: Registry, core: Core) -> None:
    r.command("managedeadlines", N_("Manage deadlines and their reminders"),
              manage.manage_command, roles={Role.ADMIN}, aliases=("quanlyhan",))
    r.action(DEADLINES, manage.on_action, roles={Role.ADMIN})
    r.action(REMINDER, buttons.on_reminder_button)
    r.flow(FLOW, steps.on_text, roles={Role.ADMIN})
