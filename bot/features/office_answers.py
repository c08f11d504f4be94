"""The office answers what the documents do not.

/unanswered groups similar questions nobody could answer. An admin answers a group in a few
words, and everyone who asked gets the answer, noted as the office's, with the date; the answer
may be saved as an office answer, which answers later questions alike before the documents are
searched. A group can also be dismissed. /officeanswers lists the saved answers, to edit or
retire them. Admins only; the role is checked again at every step of the flows.
"""

from __future__ import annotations

from html import escape

from bot.callbacks import INT, Codec, Press, choice, stale
from bot.conversations import Conversation
from bot.core import Core
from bot.i18n import N_, _, format_day, format_moment, ngettext
from bot.models import Role
from bot.office_answers import OfficeAnswerRepo, QuestionGroup, QuestionStatus
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

ANSWER_FLOW = "office_answer"
EDIT_FLOW = "office_answer_edit"
PAGE = 5
MAX_ANSWER = 2000
KIND = "office_answer"


BUTTONS = Codec("oa", 1, {
    "page": (INT,),  # a page of the open question groups
    "ans": (INT,), "dis": (INT,),  # answer or dismiss a group
    "send": (choice("save", "only"),),  # send the answer, and save it as an office answer?
    "cancel": (),
    "faq": (),  # the saved office answers
    "edit": (INT,), "ret": (INT,),  # edit or retire one
})


def register(r: Registry, core: Core) -> None:
    r.command("unanswered", N_("Questions the plans could not answer: answer or dismiss them"),
              unanswered, roles={Role.ADMIN})
    r.command("officeanswers", N_("The office's saved answers: edit or retire them"),
              saved_answers, roles={Role.ADMIN})
    r.action(BUTTONS, on_action, roles={Role.ADMIN})
    r.flow(ANSWER_FLOW, on_answer_text, roles={Role.ADMIN})
    r.flow(EDIT_FLOW, on_edit_text, roles={Role.ADMIN})


def _repo(ctx: Ctx) -> OfficeAnswerRepo:
    return ctx.core.office_answers


async def unanswered(ctx: Ctx) -> list[Reply]:
    return [await _groups_page(ctx, 0, edit=False)]


async def _groups_page(ctx: Ctx, page: int, *, edit: bool) -> Reply:
    groups = await _repo(ctx).open_groups()
    office = [Button(_("📚 Office answers"), BUTTONS.build("faq"))]
    if not groups:
        return Reply(_("No open questions: every question has been answered or dismissed."),
                     buttons=[office], edit=edit)
    pages = -(-len(groups) // PAGE)
    page = min(page, pages - 1)
    tz = ctx.core.config.bot.tz
    lines = ["<b>" + _("Questions nobody could answer") + "</b> " + _(
        "({n} groups, most asked first; page {page} of {pages})").format(
        n=len(groups), page=page + 1, pages=pages)]
    buttons: list[list[Button]] = []
    for n, g in enumerate(groups[page * PAGE:(page + 1) * PAGE], start=page * PAGE + 1):
        asked = ngettext("asked once", "asked {n} times", len(g.ids)).format(n=len(g.ids))
        people = ngettext("{n} person", "{n} people", len(g.askers)).format(n=len(g.askers))
        lines.append(f"\n<b>{n}.</b> “{escape(g.question[:200])}” — {asked}, {people}, "
                     + _("last on {date}").format(date=format_moment(g.last_at, tz)))
        others = [t for t in g.texts if t != g.question][:2]
        if others:
            lines.append(_("Also asked as: {texts}").format(
                texts="; ".join(f"“{escape(t[:80])}”" for t in others)))
        buttons.append([Button(_("✍️ Answer {n}").format(n=n), BUTTONS.build("ans", g.key)),
                        Button(_("🗑 Dismiss {n}").format(n=n), BUTTONS.build("dis", g.key))])
    nav = []
    if page > 0:
        nav.append(Button(_("◀ Previous"), BUTTONS.build("page", page - 1)))
    if page + 1 < pages:
        nav.append(Button(_("Next ▶"), BUTTONS.build("page", page + 1)))
    return Reply("\n".join(lines), buttons=[*buttons, *([nav] if nav else []), office],
                 edit=edit)


async def _group(ctx: Ctx, key: int) -> QuestionGroup | None:
    return next((g for g in await _repo(ctx).open_groups() if g.key == key), None)


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    verb, number = press.verb, press.number(0)
    if verb == "page" and number is not None and number < 1000:
        return [await _groups_page(ctx, number, edit=True)]
    if verb in ("ans", "dis") and number is not None:
        group = await _group(ctx, number)
        if group is None:
            return [Reply(_("These questions were already answered or dismissed."))]
        return await (_start_answer(ctx, group) if verb == "ans" else _dismiss(ctx, group))
    if verb == "send":
        return await _send(ctx, save=press.arg(0) == "save")
    if verb == "cancel":
        await ctx.core.conversations.clear(ctx.user.id)
        return [Reply(_("Cancelled. Nothing was sent."), edit=True)]
    if verb == "faq":
        return [await _saved_list(ctx, edit=True)]
    if verb in ("edit", "ret") and number is not None:
        return await _edit_or_retire(ctx, verb, number)
    return [stale()]


async def _start_answer(ctx: Ctx, group: QuestionGroup) -> list[Reply]:
    conv = Conversation(ANSWER_FLOW, "text", {"key": group.key})
    await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
    return [Reply(_("Type the answer to “{question}” in a few words. It goes to the {n} people "
                    "who asked, noted as the office's answer. /cancel to stop.").format(
        question=escape(group.question[:200]), n=len(group.askers)))]


async def on_answer_text(ctx: Ctx) -> list[Reply]:
    conv = await ctx.core.conversations.get(ctx.user.id)
    if not ctx.user.is_admin or conv is None:
        await ctx.core.conversations.clear(ctx.user.id)
        return [Reply(_("Sorry, that is not available to you."))]
    text = ctx.incoming.text.strip()
    if conv.state != "text":
        return [Reply(_("Please use the buttons above, or /cancel."))]
    if not text or len(text) > MAX_ANSWER:
        return [Reply(_("Please type the answer (at most {limit} characters), or /cancel.")
                      .format(limit=MAX_ANSWER))]
    conv.data["answer"] = text
    await ctx.core.conversations.set(ctx.user.id, Conversation(ANSWER_FLOW, "confirm",
                                                                   conv.data), ctx.now)
    return [Reply(_("Your answer:\n<i>{answer}</i>\n\nSend it to everyone who asked?").format(
        answer=escape(text)), buttons=[
        [Button(_("📤 Send and save as an office answer"), BUTTONS.build("send", "save"))],
        [Button(_("📤 Send only"), BUTTONS.build("send", "only"))],
        [Button(_("Cancel"), BUTTONS.build("cancel"))]])]


async def _send(ctx: Ctx, *, save: bool) -> list[Reply]:
    conv = await ctx.core.conversations.get(ctx.user.id)
    if conv is None or conv.flow != ANSWER_FLOW or conv.state != "confirm":
        return [Reply(_("This answer was already sent or cancelled."), edit=True)]
    await ctx.core.conversations.clear(ctx.user.id)
    key = str(conv.data.get("key", ""))
    group = await _group(ctx, int(key)) if key.isdigit() else None
    if group is None:
        return [Reply(_("These questions were already answered or dismissed."), edit=True)]
    answer, repo = str(conv.data["answer"]), _repo(ctx)
    answer_id = await repo.save(group.question, group.texts, answer, ctx.user.id,
                                ctx.now) if save else None
    await repo.close(group.ids, QuestionStatus.ANSWERED, ctx.user.id, ctx.now, answer_id)
    day = ctx.now.astimezone(ctx.core.config.bot.tz).date()
    for uid, question in group.askers.items():
        def build(question: str = question) -> Reply:
            return Reply(_("💬 <b>The office answered your question</b> ({date}):\n<i>{question}"
                           "</i>\n\n{answer}").format(date=format_day(day),
                                                       question=escape(question),
                                                       answer=escape(answer)))

        await ctx.core.outbox.notify_users([uid], build, kind=KIND,
                                               dedupe_key=f"oa:{group.key}:{ctx.now:%s}")
    ctx.core.outbox.changed()
    await ctx.core.audit.record(ctx.user.id, "question_answered", {
        "question": group.question[:200], "people": len(group.askers)}, ctx.now)
    if save:
        await ctx.core.audit.record(ctx.user.id, "office_answer_saved", {
            "question": group.question[:200], "id": answer_id}, ctx.now)
    done = _("Sent to {n} people.").format(n=len(group.askers))
    if save:
        done += " " + _("Saved as an office answer: later questions like it are answered "
                        "from it.")
    return [Reply(done, edit=True), await _groups_page(ctx, 0, edit=False)]


async def _dismiss(ctx: Ctx, group: QuestionGroup) -> list[Reply]:
    await _repo(ctx).close(group.ids, QuestionStatus.DISMISSED, ctx.user.id, ctx.now)
    await ctx.core.audit.record(ctx.user.id, "question_dismissed", {
        "question": group.question[:200], "count": len(group.ids)}, ctx.now)
    return [Reply(_("Dismissed “{question}”.").format(question=escape(group.question[:200]))),
            await _groups_page(ctx, 0, edit=False)]


async def saved_answers(ctx: Ctx) -> list[Reply]:
    return [await _saved_list(ctx, edit=False)]


async def _saved_list(ctx: Ctx, *, edit: bool) -> Reply:
    answers = [a for a in await _repo(ctx).all() if a.active]
    if not answers:
        return Reply(_("The office has no saved answers yet. Answer a question in /unanswered "
                       "and save it."), edit=edit)
    tz = ctx.core.config.bot.tz
    lines = ["<b>" + _("Office answers") + "</b>"]
    buttons = []
    for n, a in enumerate(answers[:30], start=1):
        when = format_moment(a.updated_at, tz)
        lines.append(f"\n<b>{n}.</b> “{escape(a.question[:150])}” ({when})\n"
                     + escape(a.answer[:300]))
        buttons.append([Button(_("✏️ Edit {n}").format(n=n), BUTTONS.build("edit", a.id)),
                        Button(_("🗄 Retire {n}").format(n=n), BUTTONS.build("ret", a.id))])
    return Reply("\n".join(lines), buttons=buttons, edit=edit)


async def _edit_or_retire(ctx: Ctx, verb: str, answer_id: int) -> list[Reply]:
    found = await _repo(ctx).get(answer_id)
    if found is None or not found.active:
        return [Reply(_("That office answer is no longer in use."))]
    if verb == "ret":
        await _repo(ctx).retire(answer_id, ctx.now)
        await ctx.core.audit.record(ctx.user.id, "office_answer_retired", {
            "question": found.question[:200], "id": answer_id}, ctx.now)
        return [Reply(_("Retired: questions like “{question}” are answered from the documents "
                        "again.").format(question=escape(found.question[:200])))]
    await ctx.core.conversations.set(
        ctx.user.id, Conversation(EDIT_FLOW, "text", {"id": answer_id}), ctx.now)
    return [Reply(_("The answer now reads:\n<i>{answer}</i>\n\nType the new answer, or "
                    "/cancel.").format(answer=escape(found.answer)))]


async def on_edit_text(ctx: Ctx) -> list[Reply]:
    conv = await ctx.core.conversations.get(ctx.user.id)
    if not ctx.user.is_admin or conv is None:
        await ctx.core.conversations.clear(ctx.user.id)
        return [Reply(_("Sorry, that is not available to you."))]
    text = ctx.incoming.text.strip()
    if not text or len(text) > MAX_ANSWER:
        return [Reply(_("Please type the answer (at most {limit} characters), or /cancel.")
                      .format(limit=MAX_ANSWER))]
    await ctx.core.conversations.clear(ctx.user.id)
    answer_id = int(conv.data.get("id", 0))
    found = await _repo(ctx).get(answer_id)
    if found is None or not await _repo(ctx).edit(answer_id, text, ctx.now):
        return [Reply(_("That office answer is no longer in use."))]
    await ctx.core.audit.record(ctx.user.id, "office_answer_edited", {
        "question": found.question[:200], "id": answer_id}, ctx.now)
    return [Reply(_("Saved. Later questions like “{question}” get the new answer.").format(
        question=escape(found.question[:200])))]
