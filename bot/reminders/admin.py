"""The admins' deadline management: list, add (yearly or one-off), edit, delete, preview.

Entry: ``/managedeadlines`` or a button with action ``rm:adm:list``. Steps that need typing
(the date, what is due) are a Flow kept in ``conversations``; choices (who, which report,
save) are buttons. Every button is checked again here — the dispatcher lets only admins reach
``rm:adm:``, and a button that does not match the step the admin is on is refused as stale.
Every change is written to the audit log and re-plans the reminders at once.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.conversations import Conversation
from bot.i18n import _
from bot.port import InKind, Reply
from bot.registry import Ctx
from bot.reminders import admin_views as views
from bot.reminders.admin_input import (
    WHAT_MAX,
    WHAT_MIN,
    clean_what,
    parse_dated,
    parse_yearly,
    small_int,
)
from bot.reminders.audience import Audience, audience_choices
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
    found = ctx.services.reminders
    return found


@lru_cache(maxsize=4)
def _types_from(folder: Path) -> tuple[tuple[str, Any], ...]:
    try:
        from bot.forms.loader import load_types

        return tuple((t.id, t.title) for t in load_types(folder))
    except Exception:  # no forms, or a broken file: the forms feature reports it
        return ()


def report_titles(ctx: Ctx) -> dict[str, str]:
    """{report type id: its title in the current language}."""
    registry = ctx.services.report_types
    if registry is not None:
        return {t.id: str(t.title) for t in registry.all()}
    folder = ctx.services.config.bot.data_dir / "report_types"
    return {type_id: str(title) for type_id, title in _types_from(folder)}


async def unit_types(ctx: Ctx) -> list[str]:
    """The types of the office's active units (only those are offered)."""
    return sorted({u.type.value for u in await ctx.services.units.all()})


def draft_deadline(data: dict[str, Any]) -> Deadline:
    due = data.get("due_date")
    return Deadline(
        id=int(data.get("id") or 0), kind=data["kind"], what=data.get("what", ""),
        due_date=dt.date.fromisoformat(due) if due else None, month=data.get("month"),
        day=data.get("day"), report_type=data.get("report_type") or None,
        audience=data.get("audience", "leaders"))


# --- entry points --------------------------------------------------------------------------

async def list_reply(ctx: Ctx) -> Reply:
    today = ctx.today
    items = [(d, due) for d in await service(ctx).deadlines.active()
             if (due := next_due(d, today)) is not None]
    items.sort(key=lambda p: (p[1], p[0].id))
    return views.deadline_list(items)


async def manage_command(ctx: Ctx) -> list[Reply]:
    if await _in_flow(ctx):  # starting over leaves a half-made deadline behind
        await ctx.services.conversations.clear(ctx.user.id)
    return [await list_reply(ctx)]


async def detail_reply(ctx: Ctx, deadline: Deadline) -> Reply:
    preview = await service(ctx).preview(deadline, ctx.now)
    return views.deadline_detail(deadline, ctx.today, preview, report_titles(ctx))


async def on_action(ctx: Ctx) -> list[Reply]:
    if not ctx.user.is_admin:  # the registry's role check already refuses; never rely on one
        await ctx.services.audit.record(ctx.user.id, "denied",
                                        {"action": ctx.incoming.action[:64]}, ctx.now)
        return [Reply(_("Sorry, that is not available to you."))]
    verb, *args = ctx.incoming.action.split(":")[2:] or [""]
    handler = _ACTIONS.get(verb)
    if handler is None:
        return [_stale()]
    return await handler(ctx, args)


def _stale() -> Reply:
    return Reply(_("That button no longer works. Please start again from the menu: /help"))


def _int(args: list[str], i: int = 0) -> int | None:
    return small_int(args[i]) if len(args) > i else None


async def _deadline(ctx: Ctx, args: list[str]) -> Deadline | None:
    deadline_id = _int(args)
    found = await service(ctx).deadlines.get(deadline_id) if deadline_id else None
    return found if found is not None and found.active else None


async def _in_flow(ctx: Ctx) -> Conversation | None:
    conv = await ctx.services.conversations.get(ctx.user.id)
    return conv if conv is not None and conv.flow == FLOW else None


async def _set(ctx: Ctx, step: Step, data: dict[str, Any]) -> None:
    await ctx.services.conversations.set(ctx.user.id, Conversation(FLOW, step, data), ctx.now)


# --- buttons -------------------------------------------------------------------------------

async def _list(ctx: Ctx, args: list[str]) -> list[Reply]:
    return [await list_reply(ctx)]


async def _show(ctx: Ctx, args: list[str]) -> list[Reply]:
    deadline = await _deadline(ctx, args)
    if deadline is None:
        return [Reply(_("That deadline no longer exists.")), await list_reply(ctx)]
    return [await detail_reply(ctx, deadline)]


async def _add(ctx: Ctx, args: list[str]) -> list[Reply]:
    kind = args[0] if args and args[0] in ("yearly", "date") else None
    if kind is None:
        return [_stale()]
    await _set(ctx, Step.DATE, {"mode": "add", "kind": kind})
    return [views.ask_date(kind == "yearly")]


async def _edit(ctx: Ctx, args: list[str]) -> list[Reply]:
    deadline = await _deadline(ctx, args)
    field = args[1] if len(args) > 1 else ""
    if deadline is None or field not in ("date", "what", "audience", "report"):
        return [_stale()]
    data = {"mode": "edit", "id": deadline.id, "kind": deadline.kind}
    await _set(ctx, Step(field), data)
    if field == "date":
        return [views.ask_date(deadline.yearly)]
    if field == "what":
        return [views.ask_what()]
    if field == "audience":
        return [views.ask_audience(await unit_types(ctx))]
    return [views.ask_report(report_titles(ctx))]


async def _delete(ctx: Ctx, args: list[str]) -> list[Reply]:
    deadline = await _deadline(ctx, args)
    return [views.confirm_delete(deadline)] if deadline else [_stale()]


async def _delete_ok(ctx: Ctx, args: list[str]) -> list[Reply]:
    deadline = await _deadline(ctx, args)
    if deadline is None:
        return [Reply(_("That deadline no longer exists.")), await list_reply(ctx)]
    await service(ctx).deadlines.deactivate(deadline.id, ctx.now)
    await ctx.services.audit.record(ctx.user.id, "deadline_deleted",
                                    {"id": deadline.id, "what": deadline.what}, ctx.now)
    await service(ctx).deadlines_changed()
    return [Reply(_("Deleted. Nobody will be reminded of it any more.")),
            await list_reply(ctx)]


async def _audience(ctx: Ctx, args: list[str]) -> list[Reply]:
    conv = await _in_flow(ctx)
    chosen = Audience.parse(":".join(args))
    allowed = audience_choices(await unit_types(ctx))
    if conv is None or conv.state != Step.AUDIENCE or chosen not in allowed:
        return [_stale()]
    return await _take(ctx, conv, {"audience": chosen.encode()})


async def _report(ctx: Ctx, args: list[str]) -> list[Reply]:
    conv = await _in_flow(ctx)
    type_id = args[0] if args else ""
    if conv is None or conv.state != Step.REPORT or (
            type_id != "-" and type_id not in report_titles(ctx)):
        return [_stale()]
    return await _take(ctx, conv, {"report_type": None if type_id == "-" else type_id})


async def _save(ctx: Ctx, args: list[str]) -> list[Reply]:
    conv = await _in_flow(ctx)
    if conv is None or conv.state != Step.CONFIRM or conv.data.get("mode") != "add":
        return [_stale()]
    values = _values(conv.data)
    deadline_id = await service(ctx).deadlines.add(values, ctx.now)
    await ctx.services.conversations.clear(ctx.user.id)
    await ctx.services.audit.record(ctx.user.id, "deadline_added",
                                    {"id": deadline_id, **values}, ctx.now)
    await service(ctx).deadlines_changed()
    saved = await service(ctx).deadlines.get(deadline_id)
    assert saved is not None
    return [Reply(_("Saved. The reminders are planned.")), await detail_reply(ctx, saved)]


async def _cancel(ctx: Ctx, args: list[str]) -> list[Reply]:
    if await _in_flow(ctx):
        await ctx.services.conversations.clear(ctx.user.id)
    return [Reply(_("Cancelled. Nothing was changed.")), await list_reply(ctx)]


_ACTIONS = {"list": _list, "show": _show, "add": _add, "edit": _edit, "del": _delete,
            "delok": _delete_ok, "aud": _audience, "rt": _report, "save": _save,
            "cancel": _cancel}


# --- typed steps ---------------------------------------------------------------------------

async def on_text(ctx: Ctx) -> list[Reply]:
    conv = await _in_flow(ctx)
    if conv is None:
        return [_stale()]
    if not ctx.user.is_admin:  # lost admin rights half-way
        await ctx.services.conversations.clear(ctx.user.id)
        return [Reply(_("Sorry, that is not available to you."))]
    text = ctx.incoming.text if ctx.incoming.kind is InKind.TEXT else ""
    if conv.state == Step.DATE:
        return await _take_date(ctx, conv, text)
    if conv.state == Step.WHAT:
        what = clean_what(text)
        if what is None:
            return [views.ask_what(_("Please write {lo} to {hi} characters, with words.").format(
                lo=WHAT_MIN, hi=WHAT_MAX))]
        return await _take(ctx, conv, {"what": what})
    return [Reply(_("Please choose one of the buttons.")), await _question(ctx, conv)]


async def _take_date(ctx: Ctx, conv: Conversation, text: str) -> list[Reply]:
    yearly = conv.data.get("kind") == "yearly"
    if yearly:
        parsed_yearly = parse_yearly(text)
        if isinstance(parsed_yearly, str):
            return [views.ask_date(True, parsed_yearly)]
        day, month = parsed_yearly
        return await _take(ctx, conv, {"day": day, "month": month, "due_date": None})
    parsed = parse_dated(text, ctx.today)
    if isinstance(parsed, str):
        return [views.ask_date(False, parsed)]
    return await _take(ctx, conv, {"due_date": parsed.isoformat(), "day": None, "month": None})


_NEXT = {Step.DATE: Step.WHAT, Step.WHAT: Step.AUDIENCE, Step.AUDIENCE: Step.REPORT,
         Step.REPORT: Step.CONFIRM}


async def _take(ctx: Ctx, conv: Conversation, answer: dict[str, Any]) -> list[Reply]:
    """Store one answer: an edit is saved at once; adding goes on to the next step."""
    data = {**conv.data, **answer}
    if data.get("mode") == "edit":
        return await _apply_edit(ctx, data, answer)
    step = _NEXT[Step(conv.state)]
    await _set(ctx, step, data)
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


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in ("kind", "due_date", "month", "day", "what",
                                       "audience", "report_type")}
    values["precision"] = "day"
    return values


async def _apply_edit(ctx: Ctx, data: dict[str, Any], answer: dict[str, Any]) -> list[Reply]:
    await ctx.services.conversations.clear(ctx.user.id)
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
    await ctx.services.audit.record(ctx.user.id, "deadline_edited", {
        "id": deadline.id, "before": _plain(before), "after": _plain(change)}, ctx.now)
    await service(ctx).deadlines_changed()
    saved = await service(ctx).deadlines.get(deadline.id)
    assert saved is not None
    return [Reply(_("Saved. The reminders are planned again.")), await detail_reply(ctx, saved)]


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
