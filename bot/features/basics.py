"""/start, /help, /me, /lang and /cancel: what every user has."""

from __future__ import annotations

from html import escape

from bot.callbacks import LANGUAGE, Press
from bot.core import Core
from bot.features import onboarding
from bot.features.roles import describe_membership
from bot.i18n import LANGUAGES, N_, _, set_language
from bot.port import Reply
from bot.registry import Ctx, Registry

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def register(r: Registry, core: Core) -> None:
    r.command("start", N_("Start, or show the welcome again"), start)
    r.command("help", N_("What I can do for you"), help_)
    r.command("me", N_("Your profile: name, unit, role"), me)
    r.command("lang", N_("Change language (Tiếng Việt / English)"), lang)
    r.command("cancel", N_("Leave what you are doing"), cancel)
    r.action(LANGUAGE, choose_language)


async def start(ctx: Ctx) -> list[Reply]:
    name = escape(ctx.user.full_name or "")
    return [
        Reply(_("Welcome back, {name}! You are {membership}.").format(
            name=name, membership=describe_membership(ctx.user))),
        help_reply(ctx),
    ]


def help_reply(ctx: Ctx) -> Reply:
    lines = [_("<b>What you can do</b>")]
    for spec in ctx.core.registry.menu_for(ctx.user):
        lines.append(f"/{spec.name} — {_(spec.description)}")
    lines.append("")
    lines.append(_("Or just type a question, for example: <i>hạn nộp báo cáo sơ kết là khi "
                   "nào?</i>"))
    return Reply("\n".join(lines))


async def help_(ctx: Ctx) -> list[Reply]:
    return [help_reply(ctx)]


async def me(ctx: Ctx) -> list[Reply]:
    u = ctx.user
    idents = await ctx.core.users.identities(u.id)
    channels = ", ".join(sorted({i["channel"] for i in idents}))
    text = "\n".join([
        _("<b>Your profile</b>"),
        _("Name: {name}").format(name=escape(u.full_name or "—")),
        _("Role: {membership}").format(membership=describe_membership(u)),
        _("Language: {lang}").format(lang=LANGUAGE_NAMES.get(u.language, u.language)),
        _("Channels: {channels}").format(channels=escape(channels)),
    ])
    return [Reply(text)]


async def lang(ctx: Ctx) -> list[Reply]:
    wanted = ctx.incoming.text.strip().lower()[:2]
    if wanted in LANGUAGES:
        return await _switch(ctx, wanted, edit=False)
    return [Reply(_("Choose your language:"), buttons=onboarding.language_buttons())]


async def choose_language(ctx: Ctx, press: Press) -> list[Reply]:
    return await _switch(ctx, press.text(0), edit=True)


async def _switch(ctx: Ctx, lang_code: str, *, edit: bool) -> list[Reply]:
    await ctx.core.users.set_language(ctx.user.id, lang_code)
    set_language(lang_code)
    replies = [Reply(_("Language set to English."), edit=edit)]
    if not ctx.user.onboarded:
        conv = await ctx.core.conversations.get(ctx.user.id)
        if conv is not None and conv.flow == onboarding.FLOW:
            replies.append(onboarding.current_question(conv))
    return replies


async def cancel(ctx: Ctx) -> list[Reply]:
    """Leave the flow the user is in; a flow with its own way of leaving (the report form keeps
    the draft) says so itself."""
    conv = await ctx.core.conversations.get(ctx.user.id)
    flow = ctx.core.registry.flows.get(conv.flow) if conv else None
    replies: list[Reply] = []
    if flow is not None and flow.on_cancel is not None:
        replies += await flow.on_cancel(ctx)
    await ctx.core.conversations.clear(ctx.user.id)
    if not replies:
        text = _("Cancelled.") if conv else _("There is nothing to cancel.")
        replies.append(Reply(text + " " + _("Send /help to see what I can do.")))
    return replies


