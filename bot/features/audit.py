"""/audit: the admin actions and refused attempts, each as a sentence in the reader's
language, latest first, ten to a page, filtered by kind, person or unit. Admins only.

Buttons (``BUTTONS``): ``pg`` shows a page with a filter (kind, person, unit; empty parts
filter nothing); ``f`` offers the choices of one part of the filter. The kind is checked again
against the known kinds when it comes back.
"""

from __future__ import annotations

from html import escape

from bot.admin.audit_sentences import sentence
from bot.audit import AuditFilter
from bot.callbacks import INT, KEY, WORD, Codec, Press, choice, optional, stale
from bot.core import Core
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


_FILTER = (optional(WORD), optional(INT), optional(KEY))  # kind, person, unit
BUTTONS = Codec("au", 1, {
    "pg": (INT, *_FILTER),  # a page of the entries that match the filter
    "f": (choice("kind", "person", "unit"), *_FILTER),  # choose one part of the filter
})


def register(r: Registry, core: Core) -> None:
    r.command("audit", N_("Latest admin actions (audit log)"), show,
              roles={Role.ADMIN})
    r.action(BUTTONS, on_action, roles={Role.ADMIN})


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
