"""What the admins' deadline screens share: the flow and its steps, the report titles and
unit types offered, the list and a deadline's detail."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from bot.callbacks import Press
from bot.conversations import Conversation
from bot.features.reminders import views
from bot.port import Reply
from bot.registry import Ctx
from bot.reminders.model import Deadline
from bot.reminders.occurrences import next_due
from bot.reminders.service import ReminderService

FLOW = "deadline_admin"


class Step(StrEnum):
    DATE = "date"
    WHAT = "what"
    AUDIENCE = "audience"
    REPORT = "report"
    CONFIRM = "confirm"


def service(ctx: Ctx) -> ReminderService:
    return ctx.core.reminders


def report_titles(ctx: Ctx) -> dict[str, str]:
    """{report type id: its title in the current language}."""
    return {t.id: str(t.title) for t in ctx.core.report_types.all()}


async def unit_types(ctx: Ctx) -> list[str]:
    """The types of the office's active units (only those are offered)."""
    return sorted({u.type.value for u in await ctx.core.units.all()})


def draft_deadline(data: dict[str, Any]) -> Deadline:
    due = data.get("due_date")
    return Deadline(
        id=int(data.get("id") or 0), kind=data["kind"], what=data.get("what", ""),
        due_date=dt.date.fromisoformat(due) if due else None, month=data.get("month"),
        day=data.get("day"), report_type=data.get("report_type") or None,
        audience=data.get("audience", "leaders"))


async def list_reply(ctx: Ctx) -> Reply:
    today = ctx.today
    items = [(d, due) for d in await service(ctx).deadlines.active()
             if (due := next_due(d, today)) is not None]
    items.sort(key=lambda p: (p[1], p[0].id))
    return views.deadline_list(items)


async def detail_reply(ctx: Ctx, deadline: Deadline) -> Reply:
    preview = await service(ctx).preview(deadline, ctx.now)
    return views.deadline_detail(deadline, ctx.today, preview, report_titles(ctx))


async def deadline_of(ctx: Ctx, press: Press) -> Deadline | None:
    """The active deadline a button names (its first field)."""
    deadline_id = press.number(0)
    found = await service(ctx).deadlines.get(deadline_id) if deadline_id else None
    return found if found is not None and found.active else None


async def in_flow(ctx: Ctx) -> Conversation | None:
    conv = await ctx.core.conversations.get(ctx.user.id)
    return conv if conv is not None and conv.flow == FLOW else None


async def set_step(ctx: Ctx, step: Step, data: dict[str, Any]) -> None:
    await ctx.core.conversations.set(ctx.user.id, Conversation(FLOW, step, data), ctx.now)
