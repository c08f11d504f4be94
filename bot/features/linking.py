"""/link and /channels: one person on Telegram and Zalo (and the console) is one user.

``/link`` on app A shows a short one-time code, valid ``CODE_TTL``; ``/link CODE`` on app B
joins B's account to A's: B's identities move to A's user, and B's user is deleted. If B was
still registering (or is registered but has done nothing yet), nothing is lost. If both
accounts hold work (reports, drafts …) or are registered in different units or roles, the link
is refused with a clear message rather than losing or silently overriding anything.

``/link CODE`` also works before registering: a new Zalo user who already uses the bot on
Telegram needs no join code (the command is open to people still registering).

The codes and the merging are ``bot.links.LinkRepo``; wrong codes count like wrong join codes
(``[onboarding] max_code_attempts`` within ``lockout_minutes``).

``/channels`` sets where reminders and announcements reach a person with several apps: only
the app they used last (``users.deliver_to = 'last'``, the default) or every linked app
(``'all'``); ``Outbox.enqueue`` reads it.
"""

from __future__ import annotations

from html import escape

from bot.callbacks import Codec, Press, choice
from bot.core import Core
from bot.features.roles import describe_membership
from bot.i18n import N_, _, set_language
from bot.links import CODE_TTL, Outcome
from bot.models import DeliverTo
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "Console"}


DELIVERY = Codec("chan", 1, {"to": (choice(*DeliverTo),)})  # where messages reach a person


def register(r: Registry, core: Core) -> None:
    r.command("link", N_("Use the bot on both Telegram and Zalo: link your accounts"), link,
              before_onboarding=True)
    r.command("channels", N_("Where reminders reach you: the app you used last, or all"),
              channels)
    r.action(DELIVERY, choose_delivery)


def channel_name(channel: str) -> str:
    return CHANNEL_NAMES.get(channel, channel.capitalize())


# --- /link ---------------------------------------------------------------------------------


async def link(ctx: Ctx) -> list[Reply]:
    if ctx.incoming.text.strip():
        return await redeem(ctx)
    if not ctx.user.onboarded:
        return [Reply(_("To link this app to the account you already have, send /link on "
                        "the app where you are registered, then send the code here: "
                        "<code>/link CODE</code>."))]
    code = await ctx.core.links.issue(ctx.user.id, ctx.incoming.channel, ctx.now)
    minutes = int(CODE_TTL.total_seconds() // 60)
    return [Reply("\n".join([
        _("Your link code: <b>{code}</b> (valid for {minutes} minutes, once).").format(
            code=code, minutes=minutes),
        _("On your other app (Telegram or Zalo), send this to the bot:"),
        f"<code>/link {code}</code>",
        _("Your reports, reminders and role then belong to one account on both apps."),
    ]))]


async def redeem(ctx: Ctx) -> list[Reply]:
    links = ctx.core.links
    result = await links.redeem(ctx.incoming.text, ctx.user, ctx.incoming.channel, ctx.now)
    if result.outcome is Outcome.LINKED and result.user_id is not None:
        await ctx.core.audit.record(
            result.user_id, "linked",
            {"channel": ctx.incoming.channel, "merged_user": ctx.user.id}, ctx.now,
        )
        user = await ctx.core.users.get(result.user_id)
        assert user is not None
        set_language(user.language)
        idents = await ctx.core.users.identities(user.id)
        apps = ", ".join(sorted({channel_name(i["channel"]) for i in idents}))
        return [Reply("\n".join([
            _("Linked. {apps} now reach the same account: {name}, {membership}.").format(
                apps=escape(apps), name=escape(user.full_name or "—"),
                membership=describe_membership(user)),
            _("Reminders and announcements reach you once, on the app you used last. To get "
              "them on every app, send /channels."),
        ]))]
    if result.outcome is Outcome.SAME:
        return [Reply(_("This code belongs to this same account. Send it on your other app."))]
    if result.outcome is Outcome.LOCKED:
        minutes = max(1, int(((result.retry_after or ctx.now) - ctx.now).total_seconds()
                             // 60) + 1)
        return [Reply(_("Too many wrong link codes. Please wait {minutes} minutes, then ask "
                        "for a new code with /link on your other app.").format(minutes=minutes))]
    if result.outcome is Outcome.DIFFERENT_ROLES:
        return [Reply(_("These two accounts are registered in different units or roles, so I "
                        "can't join them. Please ask the office to help."))]
    if result.outcome is Outcome.ADMIN:
        await ctx.core.audit.record(ctx.user.id, "link_refused", {"reason": "admin"},
                                        ctx.now)
        return [Reply(_("An office admin's account cannot be linked with another account, so "
                        "nothing was changed. To use the bot as an admin on another app too, "
                        "add that app's id to the admin list (BOT_ADMIN_IDS)."))]
    if result.outcome is Outcome.BOTH_HAVE_DATA:
        return [Reply(_("Both accounts already hold reports or other work, so I can't join "
                        "them without losing something. Nothing was changed. Please ask the "
                        "office to help."))]
    return [Reply(_("That link code is not right, or it has expired. Send /link on your other "
                    "app to get a new code, then send it here within {minutes} minutes.").format(
                        minutes=int(CODE_TTL.total_seconds() // 60)))]


# --- /channels -----------------------------------------------------------------------------


def delivery_buttons(current: DeliverTo) -> list[list[Button]]:
    mark = {current: "✓ "}
    return [
        [Button(mark.get(DeliverTo.LAST, "") + _("Only the app I used last"),
                DELIVERY.build("to", DeliverTo.LAST))],
        [Button(mark.get(DeliverTo.ALL, "") + _("Every linked app"),
                DELIVERY.build("to", DeliverTo.ALL))],
    ]


async def channels(ctx: Ctx) -> list[Reply]:
    links = ctx.core.links
    current = await links.deliver_to(ctx.user.id)
    idents = await ctx.core.users.identities(ctx.user.id)
    apps = sorted({channel_name(i["channel"]) for i in idents})
    lines = [
        _("<b>Where reminders and announcements reach you</b>"),
        _("Your apps: {apps}").format(apps=escape(", ".join(apps))),
    ]
    if len(apps) < 2:
        lines.append(_("To use the bot on another app too, send /link here and the code "
                       "there."))
    return [Reply("\n".join(lines), buttons=delivery_buttons(current))]


async def choose_delivery(ctx: Ctx, press: Press) -> list[Reply]:
    wanted = DeliverTo(press.text(0))
    await ctx.core.links.set_deliver_to(ctx.user.id, wanted)
    if wanted is DeliverTo.ALL:
        text = _("Saved: reminders and announcements reach you on every linked app.")
    else:
        text = _("Saved: reminders and announcements reach you once, on the app you used "
                 "last.")
    return [Reply(text, edit=True)]
