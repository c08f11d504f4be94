"""/audit: the admin actions and refused attempts, each as a sentence in the reader's
language, latest first, ten to a page, filtered by kind, person or unit. Admins only.

Buttons (``BUTTONS``): ``pg`` shows a page with a filter (kind, person, unit; empty parts
filter nothing); ``f`` offers the choices of one part of the filter. The kind is checked again
against the known kinds when it comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from bot.audit import AuditEntry, AuditFilter
from bot.callbacks import INT, KEY, WORD, Codec, Press, choice, optional, stale
from bot.core import Core
from bot.forms.status import SubmissionStatus
from bot.i18n import N_, _, format_moment
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

PAGE = 10
KIND_NAMES = {
    "broadcast": N_("announcements"),
    "denied": N_("refused attempts"),
    "joined": N_("joining a unit"),
    "join_locked": N_("locked out for wrong join codes"),
    "linked": N_("linked apps"),
    "plan_import": N_("plan imports"),
    "export": N_("exports"),
    "deadline_added": N_("deadlines added"),
    "deadline_changed": N_("deadlines changed"),
    "deadline_edited": N_("deadlines changed"),
    "deadline_deleted": N_("deadlines deleted"),
    "review": N_("reviews of reports"),
    "remind_missing": N_("reminders to units that have not sent"),
    "question_answered": N_("questions answered by the office"),
    "question_dismissed": N_("questions dismissed"),
    "office_answer_saved": N_("office answers saved"),
    "office_answer_edited": N_("office answers edited"),
    "office_answer_retired": N_("office answers retired"),
    "member_removed": N_("people removed from units"),
    "member_role": N_("roles changed"),
    "codes_rotated": N_("new join codes"),
    "link_refused": N_("refused account links"),
    "join_paused": N_("joining paused for wrong codes"),
}
FIELD_NAMES = {"due_date": N_("date"), "day": N_("date"), "month": N_("date"),
               "what": N_("what is due"), "audience": N_("who is reminded"),
               "report_type": N_("report"), "kind": N_("kind of deadline")}
ROLE_NAMES = {"staff": N_("staff"), "leader": N_("leader")}
REVIEW_SENTENCES = {
    SubmissionStatus.ACCEPTED: N_("{who} accepted the report {receipt}."),
    SubmissionStatus.RETURNED: N_("{who} returned the report {receipt} for correction."),
    SubmissionStatus.SUBMITTED: N_("{who} reopened the report {receipt} for review."),
}


_FILTER = (optional(WORD), optional(INT), optional(KEY))  # kind, person, unit
BUTTONS = Codec("au", 1, {
    "pg": (INT, *_FILTER),  # a page of the entries that match the filter
    "f": (choice("kind", "person", "unit"), *_FILTER),  # choose one part of the filter
})


def register(r: Registry, core: Core) -> None:
    r.command("audit", N_("Latest admin actions (audit log)"), show,
              roles={Role.ADMIN})
    r.action(BUTTONS, on_action, roles={Role.ADMIN})


def _d(details: dict[str, Any], key: str) -> str:
    value = details.get(key)
    return escape(str(value)) if value not in (None, "") else "?"


def _sentence_makers(names: dict[str, str] | None = None
                     ) -> dict[str, Callable[[str, dict[str, Any]], str]]:
    """kind → (who, details) → sentence; ``who`` is already escaped. ``names`` gives the
    display names of unit and report type ids, and of people as ``user:<id>``."""
    shown = names or {}

    def name(d: dict[str, Any], key: str) -> str:
        value = str(d.get(key) or "")
        return escape(shown[value]) if value in shown else _d(d, key)

    def person(d: dict[str, Any]) -> str:
        key = f"user:{d.get('user')}"
        return escape(shown[key]) if key in shown else _("User #{id}").format(id=_d(d, "user"))

    def role(d: dict[str, Any], key: str) -> str:
        value = str(d.get(key) or "")
        return _(ROLE_NAMES[value]) if value in ROLE_NAMES else escape(value or "?")

    def member_removed(who: str, d: dict[str, Any]) -> str:
        return _("{who} removed {person} ({role}) from {unit}.").format(
            who=who, person=person(d), role=role(d, "role"), unit=name(d, "unit"))

    def member_role(who: str, d: dict[str, Any]) -> str:
        return _("{who} changed the role of {person} in {unit} from {old} to {new}.").format(
            who=who, person=person(d), unit=name(d, "unit"), old=role(d, "from"),
            new=role(d, "to"))

    def join_paused(who: str, d: dict[str, Any]) -> str:
        parts = str(d.get("key") or "").split(":")  # join_guessing:<unit or *>:<hour>
        if len(parts) == 3 and parts[1] != "*":
            return _("Joining {unit} was paused after many wrong join codes.").format(
                unit=name({"unit": parts[1]}, "unit"))
        return _("Joining every unit was paused after many wrong join codes from several "
                 "accounts.")

    def denied(who: str, d: dict[str, Any]) -> str:
        if d.get("command"):
            return _("{who} was refused /{command} (not allowed for their role).").format(
                who=who, command=_d(d, "command"))
        if d.get("flow"):  # the role was lost in the middle of a flow: it ended
            return _("{who} could not go on with a task their role no longer allows.").format(
                who=who)
        return _("{who} pressed a button not allowed for their role.").format(who=who)

    def plan_import(who: str, d: dict[str, Any]) -> str:
        text = (_("{who} imported the plan {file}.") if d.get("changed", True)
                else _("{who} imported the plan {file} again; nothing had changed."))
        return text.format(who=who, file=_d(d, "file"))

    def review(who: str, d: dict[str, Any]) -> str:
        try:
            status = SubmissionStatus(str(d.get("status")))
        except ValueError:
            status = SubmissionStatus.SUBMITTED
        return _(REVIEW_SENTENCES[status]).format(who=who, receipt=_d(d, "submission"))

    def joined(who: str, d: dict[str, Any]) -> str:
        return _("{who} joined {unit} as {role}.").format(
            who=who, unit=name(d, "unit"), role=role(d, "role"))

    def export(who: str, d: dict[str, Any]) -> str:
        kind = str(d.get("report_type") or "")
        period = str(d.get("period") or "")
        return _("{who} exported {rows} reports ({what}, {period}, {format}).").format(
            who=who, rows=_d(d, "rows"), format=_d(d, "format").upper(),
            what=_("all report types") if kind == "all" else name(d, "report_type"),
            period=_("all years") if period == "all" else escape(period))

    def deadline(text: str) -> Callable[[str, dict[str, Any]], str]:
        return lambda who, d: text.format(who=who, id=_d(d, "id"), what=_d(d, "what"))

    def edited(who: str, d: dict[str, Any]) -> str:
        after = d.get("after")
        if not isinstance(after, dict):
            after = {}
        names = [_(FIELD_NAMES[k]) if k in FIELD_NAMES else escape(str(k)) for k in after]
        changed = ", ".join(dict.fromkeys(names)) or "?"
        return _("{who} changed deadline #{id} ({fields}).").format(
            who=who, id=_d(d, "id"), fields=changed)

    def simple(text: str) -> Callable[[str, dict[str, Any]], str]:
        return lambda who, d: text.format(who=who, **{k: _d(d, k) for k in (
            "broadcast", "audience", "recipients", "channel", "queued", "deadline", "question",
            "answer", "people", "count")})

    return {
        "broadcast": simple(_("{who} sent announcement #{broadcast} to {audience} "
                              "({recipients} people).")),
        "denied": denied,
        "joined": joined,
        "join_locked": simple(_("{who} was locked out for a while after too many wrong join "
                                "codes.")),
        "linked": simple(_("{who} linked their {channel} account.")),
        "plan_import": plan_import,
        "export": export,
        "deadline_added": deadline(_("{who} added deadline #{id}: {what}.")),
        "deadline_changed": edited,
        "deadline_edited": edited,
        "deadline_deleted": deadline(_("{who} deleted deadline #{id}: {what}.")),
        "review": review,
        "remind_missing": simple(_("{who} reminded the units that have not sent the report for "
                                   "deadline #{deadline} ({queued} messages).")),
        "question_answered": simple(_("{who} answered “{question}” for {people} people.")),
        "question_dismissed": simple(_("{who} dismissed “{question}” ({count} times asked).")),
        "office_answer_saved": simple(_("{who} saved an office answer to “{question}”.")),
        "office_answer_edited": simple(_("{who} edited the office answer to “{question}”.")),
        "office_answer_retired": simple(_("{who} retired the office answer to “{question}”.")),
        "member_removed": member_removed,
        "member_role": member_role,
        "codes_rotated": lambda who, d: _("{who} gave {unit} new join codes.").format(
            who=who, unit=name(d, "unit")),
        "link_refused": simple(_("{who} was refused linking accounts: an office admin's "
                                 "account is never linked with another.")),
        "join_paused": join_paused,
    }


def sentence(entry: AuditEntry, names: dict[str, str] | None = None) -> str:
    """One entry in words; a kind this version does not know is still shown, by its name."""
    if entry.actor_name:
        who = escape(entry.actor_name)
    elif entry.details.get("by") == "command line":
        who = _("The command line")
    elif entry.actor_user_id:
        who = _("User #{id}").format(id=entry.actor_user_id)
    else:
        who = _("The bot")
    make = _sentence_makers(names).get(entry.action)
    if make is None:
        return _("{who}: {kind}.").format(who=who, kind=escape(entry.action))
    return make(who, entry.details)


def _filter_from(press: Press, first: int) -> AuditFilter | None:
    """The filter in the press's fields from ``first`` on: kind, person, unit (each may be
    empty)."""
    kind, person, unit = press.arg(first) or "", press.number(first + 1), press.arg(first + 2)
    if kind and kind not in KIND_NAMES:
        return None
    return AuditFilter(kind, person, unit or "")


def _filter_fields(f: AuditFilter) -> tuple[str, int | None, str]:
    return f.kind, f.person, f.unit


def _encode(page: int, f: AuditFilter) -> str:
    return BUTTONS.build("pg", page, *_filter_fields(f))


async def show(ctx: Ctx) -> list[Reply]:
    return [await _page(ctx, 0, AuditFilter(), edit=False)]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    if press.verb == "f":
        chosen = _filter_from(press, 1)
        return [await _choices(ctx, press.text(0), chosen)] if chosen is not None else [stale()]
    page = press.integer(0)
    chosen = _filter_from(press, 1)
    if chosen is None or page > 10_000:
        return [stale()]
    return [await _page(ctx, page, chosen, edit=True)]


async def _page(ctx: Ctx, page: int, chosen: AuditFilter, *, edit: bool) -> Reply:
    entries, total = await ctx.core.audit.page(chosen, page * PAGE, PAGE)
    tz = ctx.core.config.bot.tz
    pages = max(1, -(-total // PAGE))
    lines = ["<b>" + _("Audit log") + "</b> " + _("(latest first, page {n} of {pages})").format(
        n=min(page + 1, pages), pages=pages)]
    label = await _filter_label(ctx, chosen)
    if label:
        lines.append(_("Showing: {what}").format(what=label))
    if not entries:
        lines.append(_("Nothing recorded matches.") if total or label
                     else _("The audit log is empty."))
    names = {u.id: u.name for u in await ctx.core.units.all(active_only=False)}
    types = ctx.core.report_types
    names |= {t.id: t.title.get() for t in types.all()} if types is not None else {}
    for uid in {e.details.get("user") for e in entries}:
        if isinstance(uid, int) and not isinstance(uid, bool):
            someone = await ctx.core.users.get(uid)
            if someone is not None and someone.full_name:
                names[f"user:{uid}"] = someone.full_name
    for e in entries:
        lines.append(f"• {format_moment(e.at, tz)} — {sentence(e, names)}")
    nav = []
    if page > 0:
        nav.append(Button(_("◀ Newer"), _encode(page - 1, chosen)))
    if (page + 1) * PAGE < total:
        nav.append(Button(_("Older ▶"), _encode(page + 1, chosen)))
    f = _filter_fields(chosen)
    buttons = [nav] if nav else []
    buttons.append([Button(_("Kind"), BUTTONS.build("f", "kind", *f)),
                    Button(_("Person"), BUTTONS.build("f", "person", *f)),
                    Button(_("Unit"), BUTTONS.build("f", "unit", *f))])
    if label:
        buttons.append([Button(_("Show everything"), _encode(0, AuditFilter()))])
    return Reply("\n".join(lines), buttons=buttons, edit=edit)


async def _filter_label(ctx: Ctx, chosen: AuditFilter) -> str:
    parts = []
    if chosen.kind:
        parts.append(_(KIND_NAMES[chosen.kind]))
    if chosen.person is not None:
        person = await ctx.core.users.get(chosen.person)
        parts.append(escape(person.full_name or "?") if person else f"#{chosen.person}")
    if chosen.unit:
        unit = await ctx.core.units.get(chosen.unit)
        parts.append(escape(unit.name if unit else chosen.unit))
    return " · ".join(parts)


async def _choices(ctx: Ctx, which: str, chosen: AuditFilter) -> Reply:
    log = ctx.core.audit
    rows: list[list[Button]] = []
    if which == "kind":
        kinds = [k for k in await log.kinds() if k in KIND_NAMES]
        rows = [[Button(_(KIND_NAMES[k]), _encode(0, AuditFilter(k, chosen.person,
                                                                   chosen.unit)))]
                for k in kinds]
    elif which == "person":
        rows = [[Button(name[:40], _encode(0, AuditFilter(chosen.kind, pid, chosen.unit)))]
                for pid, name in await log.people()]
    else:
        rows = [[Button(u.name[:40], _encode(0, AuditFilter(chosen.kind, chosen.person, u.id)))]
                for u in await ctx.core.units.all()]
    rows.append([Button(_("◀ Back"), _encode(0, chosen))])
    return Reply(_("Show only:"), buttons=rows, edit=True)
