"""/broadcast: compose → audience → preview with the recipient count → send. /broadcasts lists
past ones with their delivery counts. Admins only, checked for every command and button."""

from __future__ import annotations

import secrets
from enum import StrEnum
from html import escape
from pathlib import Path

from bot import confirm
from bot.admin import broadcasts
from bot.admin.audience import (
    UNIT_TYPES,
    AudienceKind,
    Audiences,
    AudienceSpec,
    describe,
    match_units,
)
from bot.callbacks import WORD, Codec, Press, choice, member, stale
from bot.conversations import Conversation
from bot.core import Core
from bot.i18n import N_, _, format_moment, format_number
from bot.models import Role, UnitType
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

FLOW = "broadcast"
MAX_TEXT = 3500
MAX_CAPTION = 1000
ADMIN = {Role.ADMIN}


class Step(StrEnum):
    COMPOSE = "compose"
    AUDIENCE = "audience"
    UNITS = "units"
    PREVIEW = "preview"


BUTTONS = Codec("bc", 1, {
    "aud": (choice("all", "leaders", "staff", "type", "units", "missing"),),  # who receives it
    "type": (member(UnitType),),  # the units of this type
    "missing": (WORD,),  # the units that have not sent this report type
    "send": (WORD,),  # yes, send the announcement with this token
    "cancel": (),
})


def _audience(kind: str) -> str:
    return BUTTONS.build("aud", kind)


def register(r: Registry, core: Core) -> None:
    r.command("broadcast", N_("Send an announcement to chosen people"), start, roles=ADMIN)
    r.command("broadcasts", N_("Past announcements and their delivery"), history, roles=ADMIN)
    r.action(BUTTONS, on_action, roles=ADMIN)
    r.flow(FLOW, on_text, on_file, roles=ADMIN)
    r.live("bc:live:", lambda key: live_view(core, key))


async def start(ctx: Ctx) -> list[Reply]:
    conv = Conversation(FLOW, Step.COMPOSE, {"token": secrets.token_hex(8)})
    await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
    return [Reply(_("Send the text of the announcement. You may also send a document or a "
                    "photo, with the text as its caption. /cancel stops."))]


async def _conv(ctx: Ctx) -> Conversation | None:
    conv = await ctx.core.conversations.get(ctx.user.id)
    return conv if conv is not None and conv.flow == FLOW else None


def _formatted(ctx: Ctx, plain: str) -> str:
    """The admin's text as HTML: their bold, italic and links kept (Telegram sends them as
    entities, which the channel turns into escaped HTML); plain text is escaped."""
    return ctx.incoming.html.strip() or escape(plain)


async def on_text(ctx: Ctx) -> list[Reply]:
    conv = await _conv(ctx)
    if conv is None:
        return []
    text = ctx.incoming.text.strip()
    if conv.state == Step.UNITS:
        return await _take_units(ctx, conv, text)
    if conv.state != Step.COMPOSE:
        return [Reply(_("Please use the buttons above, or /cancel."))]
    limit = MAX_CAPTION if conv.data.get("file") else MAX_TEXT
    if len(text) > limit:
        return [Reply(_("The announcement is {n} characters long; the limit is {limit}. "
                        "Please shorten it.").format(n=len(text), limit=limit))]
    conv.data["text"] = _formatted(ctx, text)
    return await _ask_audience(ctx, conv)


async def on_file(ctx: Ctx) -> list[Reply]:
    conv = await _conv(ctx)
    file = ctx.incoming.file
    if conv is None or conv.state != Step.COMPOSE or file is None:
        return [Reply(_("Please use the buttons above, or /cancel."))]
    download = ctx.core.downloads.get(ctx.incoming.channel)
    if download is None:
        return [Reply(_("Files cannot be attached from this app. Please send text only."))]
    folder = ctx.core.config.bot.files_dir / "broadcasts" / conv.data["token"]
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(file.name or f"{file.kind}.bin").name
    path = folder / name
    path.write_bytes(await download(file.file_id))
    conv.data.update(file=str(path), file_name=name, file_kind=file.kind)
    caption = ctx.incoming.text.strip()
    if caption:
        if len(caption) > MAX_CAPTION:
            return [Reply(_("The announcement is {n} characters long; the limit is {limit}. "
                            "Please shorten it.").format(n=len(caption), limit=MAX_CAPTION))]
        conv.data["text"] = _formatted(ctx, caption)
        return await _ask_audience(ctx, conv)
    await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
    return [Reply(_("File received. Now send the text of the announcement."))]


async def _ask_audience(ctx: Ctx, conv: Conversation) -> list[Reply]:
    conv.state = Step.AUDIENCE
    await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
    rows = [
        [Button(_("Everyone"), _audience("all")), Button(_("Leaders"), _audience("leaders"))],
        [Button(_("Staff"), _audience("staff")), Button(_("By unit type"), _audience("type"))],
        [Button(_("Chosen units"), _audience("units"))],
    ]
    if _report_titles(ctx.core):
        rows.append([Button(_("Units missing a report"), _audience("missing"))])
    rows.append([Button(_("Cancel"), BUTTONS.build("cancel"))])
    return [Reply(_("Who should receive it?"), buttons=rows)]


def _report_titles(core: Core) -> list[tuple[str, str]]:
    types = core.report_types
    return [(t.id, t.title.get()) for t in types.all()] if types is not None else []


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    conv = await _conv(ctx)
    if conv is None:
        return [Reply(_("This announcement was already sent or cancelled. Start a new one "
                        "with /broadcast."), edit=True)]
    verb = press.verb
    unit_type = press.member(0, UnitType)
    arg = unit_type.value if unit_type is not None else press.arg(0) or ""
    if verb == "cancel":
        await ctx.core.conversations.clear(ctx.user.id)
        return [Reply(_("Cancelled. Nothing was sent."), edit=True)]
    if verb == "aud" and conv.state == Step.AUDIENCE:
        return await _choose_kind(ctx, conv, arg)
    if verb in ("type", "missing") and conv.state == Step.AUDIENCE:
        return await _choose_detail(ctx, conv, verb, arg)
    if verb == "send" and conv.state == Step.PREVIEW and arg == conv.data.get("token"):
        return await _send(ctx, conv)
    return [stale()]


async def _choose_kind(ctx: Ctx, conv: Conversation, kind: str) -> list[Reply]:
    if kind == "type":
        buttons = [[Button(t, BUTTONS.build("type", UnitType(t))) for t in UNIT_TYPES]]
        return [Reply(_("Which type of unit?"), buttons=buttons, edit=True)]
    if kind == "missing":
        buttons = [[Button(title, BUTTONS.build("missing", rid))] for rid, title in
                   _report_titles(ctx.core)]
        return [Reply(_("Units that have not sent which report?"), buttons=buttons, edit=True)]
    if kind == "units":
        conv.state = Step.UNITS
        await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
        return [Reply(_("Type the units, separated by commas: their codes or part of their "
                        "names (for example: Hoa Sen, Lac Long Quan)."), edit=True)]
    if kind in (AudienceKind.ALL, AudienceKind.LEADERS, AudienceKind.STAFF):
        return await _preview(ctx, conv, AudienceSpec(AudienceKind(kind)))
    return [stale()]


async def _choose_detail(ctx: Ctx, conv: Conversation, verb: str, arg: str) -> list[Reply]:
    if verb == "type" and arg in UNIT_TYPES:
        return await _preview(ctx, conv, AudienceSpec(AudienceKind.UNIT_TYPE, unit_type=arg))
    titles = dict(_report_titles(ctx.core))
    if verb == "missing" and arg in titles:
        spec = AudienceSpec(AudienceKind.MISSING, report_type=arg, period=ctx.now.year)
        return await _preview(ctx, conv, spec, report_title=titles[arg])
    return [stale()]


async def _take_units(ctx: Ctx, conv: Conversation, text: str) -> list[Reply]:
    units, unknown = await match_units(ctx.core.units, text)
    if unknown or not units:
        return [Reply(_("I could not tell which unit you meant by: {parts}. Please type codes "
                        "or more of the name.").format(parts=escape(", ".join(unknown) or text)))]
    conv.state = Step.AUDIENCE
    spec = AudienceSpec(AudienceKind.UNITS, unit_ids=[u.id for u in units])
    return await _preview(ctx, conv, spec, unit_names=[u.name for u in units])


async def _preview(ctx: Ctx, conv: Conversation, spec: AudienceSpec, *,
                   unit_names: list[str] | None = None,
                   report_title: str | None = None) -> list[Reply]:
    count = len(await audiences(ctx.core).recipients(spec))
    label = describe(spec, unit_names, report_title)
    conv.state = Step.PREVIEW
    conv.data.update(spec=spec.to_json(), label=label)
    await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
    head = _("<b>Preview</b> — to {label}: {n} people.").format(
        label=label, n=format_number(count))
    attached = _("\n📎 with a file") if conv.data.get("file") else ""
    question = _("Send it to {n} people?").format(n=format_number(count))
    text = f"{head}{attached}\n\n{conv.data.get('text', '')}\n\n<b>{question}</b>"
    return [confirm.ask(text, BUTTONS.build("send", conv.data["token"]), BUTTONS.build("cancel"))]


async def _send(ctx: Ctx, conv: Conversation) -> list[Reply]:
    file = Path(conv.data["file"]) if conv.data.get("file") else None
    photo = file if conv.data.get("file_kind") == "photo" else None
    draft = broadcasts.Draft(
        token=conv.data["token"], text=conv.data.get("text", ""),
        spec=AudienceSpec.from_json(conv.data["spec"]), label=conv.data["label"],
        document=None if photo else file, document_name=conv.data.get("file_name"),
        photo=photo,
    )
    broadcast_id = await broadcasts.create(ctx.core.broadcasts, audiences(ctx.core),
                                           ctx.core.audit, draft, ctx.user.id, ctx.now)
    await ctx.core.conversations.clear(ctx.user.id)
    reply, _done = await live_view(ctx.core, f"bc:live:{broadcast_id}")
    reply.edit = True
    return [reply]


def audiences(core: Core) -> Audiences:
    return Audiences(core.users, core.units, core.submissions)


async def live_view(core: Core, key: str) -> tuple[Reply, bool]:
    """The progress message of a broadcast, refreshed by channels until it is finished."""
    raw = key.removeprefix("bc:live:")
    p = await broadcasts.progress(core.broadcasts, int(raw)) if raw.isdigit() else None
    if p is None:
        return Reply(_("No such announcement.")), True
    rate = core.config.sending.messages_per_second
    seconds_left = int(p.pending / rate) + (1 if p.pending else 0)
    text = progress_text(p, seconds_left)
    return Reply(text, live=None if p.finished else key), p.finished


def progress_text(p: broadcasts.Progress, seconds_left: int) -> str:
    head = (_("✅ Announcement #{id} delivered.") if p.finished
            else _("📤 Sending announcement #{id}…")).format(id=p.broadcast_id)
    lines = [
        head,
        _("To: {label}").format(label=p.label),
        _("Sent: {sent} of {total} · failed: {failed} · blocked the bot: {blocked}").format(
            sent=p.sent, total=p.total, failed=p.failed, blocked=p.blocked),
    ]
    if not p.finished:
        lines.append(_("Left: {left} · about {seconds} s to go").format(
            left=p.pending, seconds=seconds_left))
    return "\n".join(lines)


async def history(ctx: Ctx) -> list[Reply]:
    past = await broadcasts.recent(ctx.core.broadcasts)
    if not past:
        return [Reply(_("No announcements have been sent yet. Send one with /broadcast."))]
    lines = [_("<b>Recent announcements</b>")]
    for p in past:
        lines.append(_("#{id} {at} — {label}: {sent}/{total} sent, {failed} failed, {blocked} "
                       "blocked, {pending} waiting").format(
            id=p.broadcast_id, at=format_moment(p.created_at, ctx.core.config.bot.tz),
            label=p.label,
            sent=p.sent, total=p.total, failed=p.failed, blocked=p.blocked, pending=p.pending))
    return [Reply("\n".join(lines))]
