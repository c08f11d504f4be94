"""The typed steps of adding or editing a deadline (the date, what is due), and the answers
the buttons give (who, which report); an edit is saved at once, adding goes on step by step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.callbacks import stale
from bot.conversations import Conversation
from bot.features.reminders import views
from bot.features.reminders.common import (
    FLOW,
    Step,
    detail_reply,
    draft_deadline,
    in_flow,
    list_reply,
    report_titles,
    service,
    set_step,
    unit_types,
)
from bot.features.reminders.input import WHAT_MAX, WHAT_MIN, clean_what, parse_dated, parse_yearly
from bot.i18n import _
from bot.port import InKind, Reply
from bot.registry import Ctx


async def on_text(ctx: Ctx) -> list[Reply]:
    conv = await in_flow(ctx)
    if conv is None:
        return [stale()]
    if not ctx.user.is_admin:  # lost admin rights half-way
        await ctx.core.conversations.clear(ctx.user.id)
        return [Reply(_("Sorry, that is not available to you."))]
    text = ctx.incoming.text if ctx.incoming.kind is InKind.TEXT else ""
    if conv.state == Step.DATE:
        return await _take_date(ctx, conv, text)
    if conv.state == Step.WHAT:
        what = clean_what(text)
        if what is None:
            return [views.ask_what(_("Please write {lo} to {hi} characters, with words.").format(
                lo=WHAT_MIN, hi=WHAT_MAX))]
        return await take(ctx, conv, {"what": what})
    return [Reply(_("Please choose one of the buttons.")), await _question(ctx, conv)]


async def _take_date(ctx: Ctx, conv: Conversation, text: str) -> list[Reply]:
    yearly = conv.data.get("kind") == "yearly"
    if yearly:
        parsed_yearly = parse_yearly(text)
        if isinstance(parsed_yearly, str):
            return [views.ask_date(True, parsed_yearly)]
        day, month = parsed_yearly
        return await take(ctx, conv, {"day": day, "month": month, "due_date": None})
    parsed = parse_dated(text, ctx.today)
    if isinstance(parsed, str):
        return [views.ask_date(False, parsed)]
    return await take(ctx, conv, {"due_date": parsed.isoformat(), "day": None, "month": None})


_NEXT = {Step.DATE: Step.WHAT, Step.WHAT: Step.AUDIENCE, Step.AUDIENCE: Step.REPORT,
         Step.REPORT: Step.CONFIRM}


async def take(ctx: Ctx, conv: Conversation, answer: dict[str, Any]) -> list[Reply]:
    """Store one answer: an edit is saved at once; adding goes on to the next step."""
    data = {**conv.data, **answer}
    if data.get("mode") == "edit":
        return await _apply_edit(ctx, data, answer)
    step = _NEXT[Step(conv.state)]
    await set_step(ctx, step, data)
    return [await _question(ctx, Conversation(FLOW, step, data))]


async def _question(ctx: Ctx, conv: Conversation) -> Reply:
    step = Step(conv.state)
    if step == Step.DATE:
        return views.ask_date(conv.data.get("kind") == "yearly")
    if step == Step.WHAT:
        return views.ask_what()
    if step == Step.AUDIENCE:
        return views.ask_audience(await unit_types(ctx))
    if step == Step.REPORT:
        return views.ask_report(report_titles(ctx))
    draft = draft_deadline(conv.data)
    preview = await service(ctx).preview(draft, ctx.now)
    return views.confirm_new(draft, preview, report_titles(ctx))


def values_of(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in ("kind", "due_date", "month", "day", "what",
                                       "audience", "report_type")}
    values["precision"] = "day"
    return values


async def _apply_edit(ctx: Ctx, data: dict[str, Any], answer: dict[str, Any]) -> list[Reply]:
    await ctx.core.conversations.clear(ctx.user.id)
    deadline = await service(ctx).deadlines.get(int(data["id"]))
    if deadline is None or not deadline.active:
        return [Reply(_("That deadline no longer exists.")), await list_reply(ctx)]
    change = dict(answer)
    if "due_date" in answer:
        change["precision"] = "day"  # the admin gave the exact last day
    if "what" in answer:
        change["what_en"] = None  # an English text would no longer match
    before = {k: getattr(deadline, k) for k in change}
    await service(ctx).deadlines.update(deadline.id, change, ctx.now)
    await ctx.core.audit.record(ctx.user.id, "deadline_edited", {
        "id": deadline.id, "before": _plain(before), "after": _plain(change)}, ctx.now)
    await service(ctx).deadlines_changed()
    saved = await service(ctx).deadlines.get(deadline.id)
    assert saved is not None
    return [Reply(_("Saved. The reminders are planned again.")), await detail_reply(ctx, saved)]


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
