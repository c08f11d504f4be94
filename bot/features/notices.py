"""How the office hears of new reports: /notices lets an admin choose every report at once, or
the daily digest (reports needing review still at once; ``bot.admin.daily_digest``)."""

from __future__ import annotations

from bot.admin.digest import NoticeMode
from bot.callbacks import Codec, Press, member
from bot.core import Core
from bot.i18n import N_, _
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

BUTTONS = Codec("nt", 1, {"set": (member(NoticeMode),)})  # how the office hears of reports


def register(r: Registry, core: Core) -> None:
    r.command("notices", N_("How you hear of new reports: at once or a daily digest"), choose,
              roles={Role.ADMIN})
    r.action(BUTTONS, on_action, roles={Role.ADMIN})


async def choose(ctx: Ctx) -> list[Reply]:
    notices = ctx.core.office_notices
    mode = await notices.mode(ctx.user.id)
    office = ctx.core.config.office
    when = f"{office.digest_hour:02d}:{office.digest_minute:02d}"
    now = (_("You hear of every new report at once.") if mode is NoticeMode.EACH else
           _("You hear at once of reports that need review (unit reports, resent reports); "
             "the rest come in one digest a day at {time}.").format(time=when))
    mark = {mode: "✓ "}
    return [Reply(now, buttons=[
        [Button(mark.get(NoticeMode.DIGEST, "") + _("Daily digest"),
                BUTTONS.build("set", NoticeMode.DIGEST))],
        [Button(mark.get(NoticeMode.EACH, "") + _("Every report at once"),
                BUTTONS.build("set", NoticeMode.EACH))]])]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    mode = press.member(0, NoticeMode)
    assert mode is not None  # the codec's field
    notices = ctx.core.office_notices
    await notices.set_mode(ctx.user.id, mode)
    replies = await choose(ctx)
    replies[0].edit = True
    return replies
