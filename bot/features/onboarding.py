"""Onboarding: greet, ask the full name, then the join code that places the user in a unit.

Admins (listed in the config) only give their name. A wrong code is refused and asked again; after
``max_code_attempts`` wrong codes the user waits ``lockout_minutes``. Until it is finished,
whatever the user sends brings them back to the question they are on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from enum import StrEnum
from html import escape

from bot.callbacks import LANGUAGE
from bot.conversations import Conversation
from bot.core import Core
from bot.features.knowledge import answer_question
from bot.features.roles import describe_membership
from bot.i18n import _, format_datetime
from bot.joinguard import Pause, aimed_at
from bot.knowledge.textnorm import fold
from bot.models import Role
from bot.port import Button, InKind, Reply
from bot.registry import Ctx, Registry
from bot.textsafe import clean_name

FLOW = "onboarding"
NAME_MIN, NAME_MAX = 2, 80
MAX_KEPT_QUESTION = 500


class Step(StrEnum):
    NAME = "ask_name"
    CODE = "ask_code"


def register(r: Registry, core: Core) -> None:
    r.flow(FLOW, on_input)


def language_buttons() -> list[list[Button]]:
    return [[Button("🇻🇳 Tiếng Việt", LANGUAGE.build("set", "vi")),
             Button("🇬🇧 English", LANGUAGE.build("set", "en"))]]


async def on_input(ctx: Ctx) -> list[Reply]:
    conv = await ctx.core.conversations.get(ctx.user.id)
    if conv is None or conv.flow != FLOW:
        conv = Conversation(FLOW, Step.NAME, {})
        await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
        return [greeting(), ask_name()]
    inc = ctx.incoming
    if inc.kind is InKind.COMMAND and inc.command in ("start", "help", "cancel"):
        return [_explain(), current_question(conv)]
    if inc.kind is not InKind.TEXT:
        return [Reply(_("Let's finish registering first.")), current_question(conv)]
    if conv.state == Step.NAME:
        return await _take_name(ctx, conv)
    return await _take_code(ctx, conv)


def greeting() -> Reply:
    return Reply(
        _("Hello! I am the emulation-campaign assistant of the education office. I answer "
          "questions about the campaigns, collect your reports and remind you of deadlines."),
        buttons=language_buttons(),
    )


def ask_name() -> Reply:
    return Reply(_("What is your full name? (for example: Nguyễn Thị Lan)"))


def ask_code() -> Reply:
    return Reply(_("Please send the join code your school or the office gave you "
                   "(for example: HOASEN-GV-4821)."))


def current_question(conv: Conversation) -> Reply:
    return ask_name() if conv.state == Step.NAME else ask_code()


def _explain() -> Reply:
    return Reply(_("To use the bot you first register: your full name, then your unit's join "
                   "code. Ask your principal or the office if you don't have a code."))


async def _take_name(ctx: Ctx, conv: Conversation) -> list[Reply]:
    name = clean_name(ctx.incoming.text)
    if _looks_like_a_question(name):  # kept, and answered once they are registered
        conv.data["question"] = name[:MAX_KEPT_QUESTION]
        await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
        return [Reply(_("That looks like a question: I have kept it and will answer it as soon "
                        "as you are registered.")), ask_name()]
    if not (NAME_MIN <= len(name) <= NAME_MAX) or not any(ch.isalpha() for ch in name):
        return [Reply(_("Please send your full name: {lo} to {hi} characters, with letters.")
                      .format(lo=NAME_MIN, hi=NAME_MAX))]
    await ctx.core.users.set_name(ctx.user.id, name)
    if ctx.user.is_admin:
        await ctx.core.users.mark_onboarded(ctx.user.id, ctx.now)
        await ctx.core.conversations.clear(ctx.user.id)
        return [Reply(_("Welcome, {name}! You are registered as an office admin. Send /help "
                        "to see what you can do.").format(name=escape(name)))]
    conv.state, conv.data["name"] = Step.CODE, name
    await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
    return [Reply(_("Thank you, {name}.").format(name=escape(name))), ask_code()]


async def _take_code(ctx: Ctx, conv: Conversation) -> list[Reply]:
    settings = ctx.core.config.onboarding
    locked_until = conv.data.get("locked_until")
    if locked_until and dt.datetime.fromisoformat(locked_until) > ctx.now:
        return [_locked(dt.datetime.fromisoformat(locked_until))]
    match = await ctx.core.units.by_code(ctx.incoming.text)
    guard = ctx.core.join_guard
    target = match.unit.id if match else aimed_at(ctx.incoming.text,
                                                  await ctx.core.units.all())
    pause = await guard.paused(target, ctx.now)
    if pause is not None:
        await _alert(ctx, pause)
        return [_paused(pause)]
    if match is None:
        await guard.record(ctx.user.id, target, ctx.now)
        pause = await guard.paused(target, ctx.now)
        if pause is not None:
            await _alert(ctx, pause)
        failures = int(conv.data.get("failures", 0)) + 1
        conv.data["failures"] = failures
        if failures >= settings.max_code_attempts:
            until = ctx.now + dt.timedelta(minutes=settings.lockout_minutes)
            conv.data.update(failures=0, locked_until=until.isoformat())
            await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
            await ctx.core.audit.record(ctx.user.id, "join_locked", {}, ctx.now)
            return [_locked(until)]
        await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
        left = settings.max_code_attempts - failures
        return [Reply(_("That code is not right. Please check it with your principal or the "
                        "office and send it again ({left} tries left).").format(left=left))]
    role = Role.LEADER if match.leader else Role.STAFF
    await ctx.core.users.join(ctx.user.id, match.unit.id, role, ctx.now)
    await ctx.core.conversations.clear(ctx.user.id)
    await ctx.core.audit.record(
        ctx.user.id, "joined", {"unit": match.unit.id, "role": role.value}, ctx.now
    )
    user = await ctx.core.users.get(ctx.user.id)
    assert user is not None
    replies = [Reply(_("Welcome! You are registered as {membership}. Send /help to see what "
                       "you can do.").format(membership=describe_membership(user)))]
    kept = conv.data.get("question")
    if kept:
        replies += await answer_question(replace(ctx, user=user), str(kept))
    return replies


_QUESTION_WORDS = re.compile(r"\b(bao nhieu|bao gio|khi nao|ngay nao|la gi|the nao|o dau|"
                             r"han nop|co phai|duoc khong|what|when|how|where|why)\b")


def _looks_like_a_question(text: str) -> bool:
    """A full name has no question mark, no question words and at most seven words."""
    if len(text.split()) < 2:
        return False
    return "?" in text or len(text.split()) > 7 or bool(_QUESTION_WORDS.search(fold(text)))


def _locked(until: dt.datetime) -> Reply:
    return Reply(_("Too many wrong codes. Please try again after {time}, or ask the office for "
                   "help.").format(time=format_datetime(until, "short")))


def _paused(pause: Pause) -> Reply:
    return Reply(_("Joining is paused for a while because of many wrong codes. Please try "
                   "again after {time}, or ask the office for help.").format(
                       time=format_datetime(pause.until, "short")))


async def _alert(ctx: Ctx, pause: Pause) -> None:
    """Tell the admins once per pause that someone is guessing codes."""
    s = ctx.core
    unit = await s.units.get(pause.unit_id) if pause.unit_id else None
    key = f"join_guessing:{pause.unit_id or '*'}:{pause.until.astimezone(dt.UTC):%Y%m%d%H}"
    if await s.audit.recorded("join_paused", {"key": key}):
        return
    await s.audit.record(None, "join_paused", {"key": key}, ctx.now)

    def build() -> Reply:
        if unit is not None:
            text = _("⚠️ Many wrong join codes aimed at {unit}: joining it is paused until "
                     "{time}. If its codes may have leaked, send /rotatecodes {id}.").format(
                unit=escape(unit.name), time=format_datetime(pause.until, "short"),
                id=escape(unit.id))
        else:
            text = _("⚠️ Many wrong join codes from several accounts: joining any unit is "
                     "paused until {time}. If codes may have leaked, rotate them with "
                     "/rotatecodes.").format(time=format_datetime(pause.until, "short"))
        return Reply(text)

    await s.outbox.notify_admins(build, kind="notice", dedupe_key=key)
