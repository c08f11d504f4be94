"""Campaign knowledge: /campaigns, /deadlines, /ask and any other text as a question (what
nobody could answer goes to /unanswered, ``bot.features.office_answers``); an admin's plan file
(.txt, .md, .docx, .doc, .pdf) is previewed, then imported."""

from __future__ import annotations

import contextlib
import datetime as dt
from html import escape
from pathlib import Path

from bot.callbacks import INT, Codec, Press
from bot.conversations import Conversation
from bot.core import Core
from bot.i18n import N_, _, current_language, format_day
from bot.knowledge.actions import BUTTONS
from bot.knowledge.answer import Answer
from bot.knowledge.model import PlanReadError
from bot.knowledge.pool import AnswerPool
from bot.knowledge.reader import MAX_BYTES
from bot.knowledge.sandbox import parse_in_worker
from bot.knowledge.service import KnowledgeBase
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

IMPORT_FLOW = "plan_import"
MORE = Codec("ask", 1, {"more": (INT,)})  # the next page of answers to the last question
IMPORT = Codec("imp", 1, {"ok": (), "no": ()})  # import the plan just previewed, or not
PLAN_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf")
MAX_QUESTION = 500


def register(r: Registry, core: Core) -> None:
    r.command("campaigns", N_("The campaigns and their plans"), campaigns)
    r.command("deadlines", N_("Upcoming deadlines"), deadlines)
    r.command("ask", N_("Ask about the plans (or just type your question)"), ask)
    r.action(BUTTONS, on_action)
    r.action(MORE, more)
    r.action(IMPORT, on_import_action, roles={Role.ADMIN})
    r.flow(IMPORT_FLOW, waiting_for_confirmation, roles={Role.ADMIN})
    r.otherwise(question, plan_file)  # any other text is a question; a document, a plan


def _kb(ctx: Ctx) -> KnowledgeBase:
    return ctx.core.knowledge


async def campaigns(ctx: Ctx) -> list[Reply]:
    return [await _kb(ctx).campaigns_reply(ctx.today)]


async def deadlines(ctx: Ctx) -> list[Reply]:
    reply = await _kb(ctx).deadlines_reply(ctx.today)
    if ctx.user.is_admin:
        from bot.features.reminders.views import manage_button

        reply.buttons.append([manage_button()])
    return [reply]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    return await _kb(ctx).handle_action(press, ctx.today)


async def ask(ctx: Ctx) -> list[Reply]:
    if not ctx.incoming.text.strip():
        return [Reply(_("Type your question after /ask, or simply send it as a message. For "
                        "example: hạn nộp báo cáo sơ kết là khi nào?"))]
    return await answer_question(ctx, ctx.incoming.text)


async def question(ctx: Ctx) -> list[Reply] | None:
    return await answer_question(ctx, ctx.incoming.text)


async def answer_question(ctx: Ctx, text: str, page: int = 0) -> list[Reply]:
    text = text.strip()
    if len(text) > MAX_QUESTION:
        return [Reply(_("Please ask in fewer words (at most {limit} characters).").format(
            limit=MAX_QUESTION))]
    reply, found = await answer_reply(ctx.core.answers, text, ctx.today, page)
    await ctx.core.last_questions.remember(ctx.user.id, text, page, ctx.now)
    office = ctx.core.office_answers
    if not found.confident and page == 0 and office is not None:
        await office.log_unanswered(ctx.user.id, text, current_language(), ctx.now)
    return [reply]


async def answer_reply(answers: AnswerPool, text: str, today: dt.date,
                       page: int = 0) -> tuple[Reply, Answer]:
    """The reply to a question, as every channel and ``school-bot ask`` show it."""
    found = await answers.answer(text, today=today, offset=page)
    buttons = [list(row) for row in found.buttons]
    if found.has_more:
        buttons.append([Button(_("More results"), MORE.build("more", page + 1))])
    return Reply(found.text, buttons=buttons), found


async def more(ctx: Ctx, press: Press) -> list[Reply]:
    page = press.integer(0)
    asked = await ctx.core.last_questions.question(ctx.user.id)
    if asked is None or not 0 < page < 20:
        return [Reply(_("Please ask your question again."))]
    return await answer_question(ctx, asked, page)


async def plan_file(ctx: Ctx) -> list[Reply] | None:
    """An admin's document outside any flow is taken as a plan to import, after a preview."""
    file = ctx.incoming.file
    if not ctx.user.is_admin or file is None or file.kind != "document":
        return None
    name = Path(file.name or "plan.txt").name
    if not name.lower().endswith(PLAN_SUFFIXES):
        return [Reply(_("To import a plan, send it as a .txt, .md, .docx, .doc or .pdf file."))]
    download = ctx.core.downloads.get(ctx.incoming.channel)
    if download is None:
        return [Reply(_("Files cannot be attached from this app. Please send text only."))]
    if file.size is not None and file.size > MAX_BYTES:
        return [Reply(_("That file is too big for a plan (over 5 MB)."))]
    folder = ctx.core.config.bot.files_dir / "plans" / f"{ctx.now:%Y%m%d%H%M%S}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(await download(file.file_id))
    try:
        plan, _data = await parse_in_worker(path, current_language())
    except PlanReadError as exc:
        _discard(path)
        return [Reply(escape(str(exc)))]
    conv = Conversation(IMPORT_FLOW, "confirm", {"path": str(path)})
    await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
    return [Reply(_preview(plan), buttons=[[Button(_("✅ Import"), IMPORT.build("ok")),
                                            Button(_("Cancel"), IMPORT.build("no"))]])]


def _discard(path: Path) -> None:
    """A plan file that was refused or cancelled is not kept."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty (another file that second), or gone
        path.parent.rmdir()


def _preview(plan: object) -> str:
    from bot.knowledge.model import parsed_plan_to_json

    data = parsed_plan_to_json(plan)  # type: ignore[arg-type]
    lines = [_("<b>Preview of the plan</b>"), escape(str(data.get("title") or "—"))]
    if data.get("issuer"):
        lines.append(_("Issued by: {issuer}").format(issuer=escape(str(data["issuer"]))))
    for c in data.get("campaigns") or []:  # type: ignore[attr-defined]
        lines.append(f"• {escape(c['name'])}" + (f" ({escape(c['period'])})" if c.get("period")
                                                  else ""))
    deadlines = data.get("deadlines") or []
    lines.append(_("Deadlines found: {n}").format(n=len(deadlines)))  # type: ignore[arg-type]
    for d in deadlines[:10]:  # type: ignore[index]
        shown = format_day(dt.date.fromisoformat(d["date"]))
        lines.append(f"• {shown}: {escape(d['what'][:120])}")
    lines.append(_("Import it?"))
    return "\n".join(lines)


async def waiting_for_confirmation(ctx: Ctx) -> list[Reply]:
    return [Reply(_("Please use the buttons above to import the plan or cancel."))]


async def on_import_action(ctx: Ctx, press: Press) -> list[Reply]:
    """The conversation ends only once the import is done: a press cut short by a crash is
    handled again after the restart, and imports then."""
    conv = await ctx.core.conversations.get(ctx.user.id)
    if conv is None or conv.flow != IMPORT_FLOW:
        return [Reply(_("This plan was already imported or cancelled."), edit=True)]
    path = Path(conv.data["path"])
    if press.verb != "ok":
        await ctx.core.conversations.clear(ctx.user.id)
        _discard(path)
        return [Reply(_("Cancelled. Nothing was imported."), edit=True)]
    try:
        parsed = await parse_in_worker(path, current_language())
        result = await _kb(ctx).import_file(path, now=ctx.now, parsed=parsed)
    except PlanReadError as exc:
        await ctx.core.conversations.clear(ctx.user.id)
        _discard(path)
        return [Reply(escape(str(exc)))]
    await ctx.core.conversations.clear(ctx.user.id)
    await ctx.core.audit.record(ctx.user.id, "plan_import", {
        "file": path.name, "changed": result.changed}, ctx.now)
    reminders = ctx.core.reminders
    if reminders is not None:
        await reminders.deadlines_changed()
    if not result.changed:
        return [Reply(_("This plan was already imported; nothing changed."), edit=True)]
    return [Reply(_("Imported. Its campaigns and deadlines are in /campaigns and /deadlines; "
                    "reminders are planned."), edit=True)]
