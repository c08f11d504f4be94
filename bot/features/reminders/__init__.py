"""Deadline reminders: the buttons on a reminder, and the admins' deadline management.

Registers (all role checks are made by the dispatcher and again in the handlers):
- ``/managedeadlines`` (alias ``/quanlyhan``), admins only: list, add, edit, delete, preview
  (``manage``; its typed steps are the flow ``deadline_admin``, ``steps``);
- actions ``rm:adm:…`` (admins only) for that management;
- actions ``rm:go:…`` and ``rm:later:…`` on a reminder (``buttons``).

The reminders themselves are ``core.reminders`` (``bot.reminders.ReminderService``).
"""

from __future__ import annotations

from bot.core import Core
from bot.features.reminders import buttons, manage, steps
from bot.features.reminders.common import FLOW
from bot.i18n import N_
from bot.models import Role
from bot.registry import Registry


def register(r: Registry, core: Core) -> None:
    r.command("managedeadlines", N_("Manage deadlines and their reminders"),
              manage.manage_command, roles={Role.ADMIN}, aliases=("quanlyhan",))
    r.action("rm:adm:", manage.on_action, roles={Role.ADMIN})
    r.action("rm:", buttons.on_reminder_button)
    r.flow(FLOW, steps.on_text, roles={Role.ADMIN})
