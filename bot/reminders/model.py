"""A deadline as the reminders see it: one row of ``deadlines`` with its plan's title."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import current_language


class ReminderStatus(StrEnum):
    """What became of one person's reminder slot, as ``reminder_log.status`` saves it."""

    SENT = "sent"  # queued in the outbox
    MISSED = "missed"  # fell due while the bot was stopped, and too late to send
    SNOOZED = "snoozed"  # the person asked to be reminded later


@dataclass(frozen=True)
class Deadline:
    id: int
    kind: str  # 'date' (once, on due_date) or 'yearly' (every year on day/month)
    what: str  # Vietnamese, as the plan or the admin wrote it
    due_date: dt.date | None = None
    month: int | None = None
    day: int | None = None
    precision: str = "day"
    what_en: str | None = None
    report_type: str | None = None  # the report type that answers it, if any
    audience: str = "leaders"  # see bot.reminders.audience.Audience
    plan_id: int | None = None
    plan_title: str | None = None
    key: str | None = None  # the yearly defaults' name in data/deadlines.toml
    active: bool = True

    def what_text(self, lang: str | None = None) -> str:
        """What is due, in the current (or given) language where an English text exists."""
        if (lang or current_language()) == "en" and self.what_en:
            return self.what_en
        return self.what

    @property
    def yearly(self) -> bool:
        return self.kind == "yearly"
