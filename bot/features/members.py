"""/members and /rotatecodes: an admin sees who belongs to a unit, removes one person or
changes their role (staff ↔ leader), and gives a unit new join codes. A removed person keeps
their account and history but has no role; every change is in the audit log and the person is
told.

A unit's list shows leaders first, then staff, a page at a time (``bot.admin.roster``), with
the count of each; the buttons carry the page, so "« Back" and a change return to it.

Button data is never trusted: the unit, the person and their current membership are read again
before anything changes, and a page that does not exist (stale or forged) gets the stale reply
(the dispatcher already checks that the presser is an admin).
"""

from __future__ import annotations

import asyncio
import logging
from html import escape

from bot.admin.roster import nearest_page, page_of, roster_page
from bot.callbacks import INT, KEY, Codec, Press, member, optional, stale
from bot.core import Core
from bot.features.roles import role_name
from bot.i18n import N_, _, ngettext
from bot.joinguard import code_prefix, new_code
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx, Registry
from bot.units import UnitListError, rewrite_codes

log = logging.getLogger(__name__)

ADMIN = {Role.ADMIN}
PAGE = optional(INT)  # the page of the unit's list to show (or go back to); absent: the first
BUTTONS = Codec("mem", 1, {
    "u": (KEY, PAGE),  # a page of a unit's members
    "p": (INT, PAGE),  # one person
    "rm": (INT, PAGE),  # remove them from their unit
    "role": (INT, member(Role), PAGE),  # give them this role
})


def register(r: Registry, core: Core) -> None:
    r.command("members", N_("Who belongs to a unit; remove someone or change their role"),
              members, roles=ADMIN)
    r.action(BUTTONS, on_action, roles=ADMIN)
    r.command("rotatecodes", N_("Give a unit new join codes (the old ones stop working)"),
              rotate_codes, roles=ADMIN)


async def members(ctx: Ctx) -> list[Reply]:
    wanted = ctx.incoming.text.strip()
    if wanted:
        unit = await ctx.core.units.get(wanted)
        if unit is None:
            return [Reply(_("There is no unit with the id {id}.").format(id=escape(wanted[:40])))]
        return [await _unit_view(ctx, unit.id)]
    units = await ctx.core.units.all()
    buttons = [[Button(u.name, BUTTONS.build("u", u.id))] for u in units]
    return [Reply(_("Whose members do you want to see?"), buttons=buttons)]


async def _unit_view(ctx: Ctx, unit_id: str, page: int = 0, *, edit: bool = False,
                     near: bool = False, showing: int | None = None) -> Reply:
    """Page ``page`` of the unit's list; a page that does not exist is stale, or with ``near``
    (after a change) the nearest one; ``showing`` opens the page that person is on."""
    unit = await ctx.core.units.get(unit_id)
    if unit is None:
        return stale()
    people = await ctx.core.users.unit_members(unit_id)
    found = page_of(people, showing) if showing is not None else None
    if found is not None:
        page = found
    elif near:
        page = nearest_page(people, page)
    shown = roster_page(people, page)
    if shown is None:
        return stale()
    lines = ["<b>" + escape(unit.name) + "</b>", _count(shown.total, shown.leaders, shown.staff)]
    if shown.pages > 1:
        lines.append(_("Page {n} of {pages}: people {first}–{last}").format(
            n=shown.number + 1, pages=shown.pages, first=shown.first,
            last=shown.first + len(shown.people) - 1))
    if not unit.active:
        lines.append(_("This unit is no longer in the unit list: its members have no role."))
    if not people:
        lines.append(_("Nobody has joined this unit yet."))
    buttons = []
    for user_id, name, role in shown.people:
        label = f"{'👔' if role is Role.LEADER else '👤'} {name}"
        buttons.append([Button(label[:60], BUTTONS.build("p", user_id, shown.number))])
    nav = []
    if shown.number > 0:
        nav.append(Button(_("◀ Previous"), BUTTONS.build("u", unit.id, shown.number - 1)))
    if shown.number + 1 < shown.pages:
        nav.append(Button(_("Next ▶"), BUTTONS.build("u", unit.id, shown.number + 1)))
    return Reply("\n".join(lines), buttons=[*buttons, *([nav] if nav else [])], edit=edit)


def _count(total: int, leaders: int, staff: int) -> str:
    """E.g. "42 people: 3 leaders, 39 staff"."""
    return _("{people}: {leaders}, {staff}").format(
        people=ngettext("{n} person", "{n} people", total).format(n=total),
        leaders=ngettext("{n} leader", "{n} leaders", leaders).format(n=leaders),
        staff=ngettext("{n} staff member", "{n} staff", staff).format(n=staff))


async def _person(ctx: Ctx, user_id: int) -> tuple[int, str, Role] | None:
    user = await ctx.core.users.get(user_id)
    membership = await ctx.core.users.membership(user_id) if user else None
    if user is None or membership is None:
        return None
    return user.id, membership[0], membership[1]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    if press.verb == "u":
        return [await _unit_view(ctx, press.text(0), press.number(1) or 0, edit=True)]
    found = await _person(ctx, press.integer(0))
    if found is None:
        return [Reply(_("That person is no longer in a unit."), edit=True)]
    user_id, unit_id, role = found
    page = press.number(2 if press.verb == "role" else 1) or 0
    if press.verb == "p":
        return [await _person_view(ctx, user_id, unit_id, role, page)]
    if press.verb == "rm":
        return await _remove(ctx, user_id, unit_id, role, page)
    new_role = press.member(1, Role)
    if new_role not in (Role.STAFF, Role.LEADER):
        return [stale()]
    return await _change_role(ctx, user_id, unit_id, role, new_role)


async def _person_view(ctx: Ctx, user_id: int, unit_id: str, role: Role, page: int) -> Reply:
    user = await ctx.core.users.get(user_id)
    name = escape(user.full_name or "—") if user else "—"
    other = Role.STAFF if role is Role.LEADER else Role.LEADER
    return Reply(
        _("<b>{name}</b>: {role}.").format(name=name, role=role_name(role)),
        buttons=[
            [Button(_("Make {role}").format(role=role_name(other)),
                    BUTTONS.build("role", user_id, other, page))],
            [Button(_("Remove from the unit"), BUTTONS.build("rm", user_id, page))],
            [Button(_("« Back"), BUTTONS.build("u", unit_id, page))],
        ], edit=True)


async def _remove(ctx: Ctx, user_id: int, unit_id: str, role: Role,
                  page: int) -> list[Reply]:
    s = ctx.core
    await s.users.leave_unit(user_id)
    await s.conversations.clear(user_id)
    await s.audit.record(ctx.user.id, "member_removed",
                         {"user": user_id, "unit": unit_id, "role": role.value}, ctx.now)
    await s.outbox.notify_users([user_id], lambda: Reply(_(
        "The office removed you from your unit. Your reports are kept. If this is a mistake, "
        "please contact the office; to join a unit again, send /start and its join code.")),
        kind="notice", dedupe_key=f"member_removed:{user_id}:{ctx.now.isoformat()}")
    user = await s.users.get(user_id)
    done = _("Removed {name} from the unit. The change is in the audit log.").format(
        name=escape(user.full_name or "—") if user else "—")
    return [Reply(done), await _unit_view(ctx, unit_id, page, near=True)]


async def _change_role(ctx: Ctx, user_id: int, unit_id: str, old: Role,
                       new: Role) -> list[Reply]:
    s = ctx.core
    if old is not new:
        await s.users.set_role(user_id, new)
        await s.conversations.clear(user_id)  # a flow of the old role ends
        await s.audit.record(ctx.user.id, "member_role",
                             {"user": user_id, "unit": unit_id, "from": old.value,
                              "to": new.value}, ctx.now)
        await s.outbox.notify_users([user_id], lambda: Reply(_(
            "The office changed your role: you are now {role}.").format(role=role_name(new))),
            kind="notice", dedupe_key=f"member_role:{user_id}:{ctx.now.isoformat()}")
    user = await s.users.get(user_id)
    done = _("{name} is now {role}. The change is in the audit log.").format(
        name=escape(user.full_name or "—") if user else "—", role=role_name(new))
    return [Reply(done), await _unit_view(ctx, unit_id, showing=user_id)]


async def rotate_codes(ctx: Ctx) -> list[Reply]:
    """New staff and leader codes for one unit, written to the unit list file too."""
    wanted = ctx.incoming.text.strip()
    unit = await ctx.core.units.get(wanted) if wanted else None
    if unit is None or not unit.active:
        return [Reply(_("Send /rotatecodes and the unit's id, for example: "
                        "<code>/rotatecodes MN-HOASEN</code>. /members lists the units."))]
    prefix = code_prefix(unit.staff_join_code)
    staff, leader = new_code(prefix, "GV"), new_code(prefix, "HT")
    path = ctx.core.config.bot.units_csv
    try:
        await asyncio.to_thread(rewrite_codes, path, unit.id, staff, leader)
    except (OSError, UnitListError) as exc:
        log.warning("could not rewrite %s: %s", path, type(exc).__name__)
        return [Reply(_("I could not update the unit list file, so the codes were not "
                        "changed. Please check that the bot may write to it."))]
    await ctx.core.units.set_codes(unit.id, staff, leader)
    await ctx.core.audit.record(ctx.user.id, "codes_rotated", {"unit": unit.id}, ctx.now)
    return [Reply("\n".join([
        _("New join codes for <b>{unit}</b>:").format(unit=escape(unit.name)),
        _("Staff: <code>{code}</code>").format(code=staff),
        _("Leaders: <code>{code}</code>").format(code=leader),
        _("The old codes no longer work; people already registered stay. To remove someone, "
          "use /members."),
    ]))]
