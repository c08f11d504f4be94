"""/audit: the latest admin actions and refused attempts. Admins only."""

from __future__ import annotations

import json
from html import escape

from bot.i18n import N_, _
from bot.models import Role
from bot.port import Reply
from bot.registry import Ctx
from bot.services import Services

ACTION_NAMES = {
    "broadcast": N_("broadcast"),
    "denied": N_("refused"),
    "joined": N_("joined a unit"),
    "join_locked": N_("too many wrong join codes"),
    "plan_import": N_("plan imported"),
    "export": N_("export"),
    "deadline_added": N_("deadline added"),
    "deadline_changed": N_("deadline changed"),
    "deadline_deleted": N_("deadline deleted"),
    "review": N_("report reviewed"),
    "remind_missing": N_("reminded the units that have not sent"),
}


def register(services: Services) -> None:
    services.registry.command("audit", N_("Latest admin actions (audit log)"), show,
                              roles={Role.ADMIN})


async def show(ctx: Ctx) -> list[Reply]:
    entries = await ctx.services.audit.latest(20)
    if not entries:
        return [Reply(_("The audit log is empty."))]
    lines = [_("<b>Audit log</b> (latest first)")]
    for e in entries:
        what = _(ACTION_NAMES[e.action]) if e.action in ACTION_NAMES else e.action
        details = json.dumps(e.details, ensure_ascii=False)[:120] if e.details else ""
        who = e.actor_name or (f"#{e.actor_user_id}" if e.actor_user_id else "—")
        lines.append(f"{e.at[:16].replace('T', ' ')} · {escape(who)} · {escape(what)}"
                     + (f" · <code>{escape(details)}</code>" if details else ""))
    return [Reply("\n".join(lines))]
