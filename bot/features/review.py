"""/submissions and the review of one submission: admins accept it, or return it for
correction with a comment that reaches the submitter with a button to revise; 📎 sends the
attached files, each under its original name."""

from __future__ import annotations

from html import escape

from bot.admin.actions import REVIEW
from bot.callbacks import Press, stale
from bot.conversations import Conversation
from bot.core import Core
from bot.forms import actions
from bot.forms.fields import display
from bot.forms.schema import ReportTypeRegistry
from bot.forms.status import STATUS_ICONS, SubmissionStatus, status_name
from bot.forms.submissions import ReviewedSubmission as Submission
from bot.i18n import N_, _, format_datetime
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx, Registry

FLOW = "review_comment"
MAX_COMMENT = 1000


def register(r: Registry, core: Core) -> None:
    r.command("submissions", N_("Review the reports units have sent"), list_periods,
              roles={Role.ADMIN})
    r.action(REVIEW, on_action, roles={Role.ADMIN})
    r.flow(FLOW, on_comment, roles={Role.ADMIN})


def _types(core: Core) -> ReportTypeRegistry:
    return core.report_types


async def list_periods(ctx: Ctx) -> list[Reply]:
    periods = await ctx.core.submissions.periods()
    if not periods:
        return [Reply(_("No reports have been sent yet."))]
    types = _types(ctx.core)
    buttons = []
    for type_id, period, n in periods[:20]:
        rt = types.get(type_id)
        title = rt.title.get() if rt else type_id
        if rt is None:
            label = f"{title} · {period}"
        elif rt.period is not None:  # the period's name says which report: "Sơ kết … 2027"
            label = rt.period_name(period)
        else:
            label = f"{title} · {rt.period_name(period)}"
        buttons.append([Button(f"{label} · {n}", REVIEW.build("list", type_id, period))])
    return [Reply(_("Which reports do you want to review?"), buttons=buttons)]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    verb = press.verb
    if verb == "list":
        return await _list(ctx, press.text(0), press.text(1))
    submission = await ctx.core.submissions.get(press.integer(0))
    if submission is None:
        return [stale()]
    if verb == "open":
        return [await _detail(ctx, submission)]
    if verb == "files":
        return await _files(ctx, submission)
    if verb == "ok":
        return await _decide(ctx, submission, SubmissionStatus.ACCEPTED, None)
    if verb == "ret":
        conv = Conversation(FLOW, "comment", {"submission": submission.id})
        await ctx.core.conversations.set(ctx.user.id, conv, ctx.now)
        return [Reply(_("What should {unit} correct? Type your comment; it is sent to the "
                        "submitter with the report.").format(unit=escape(submission.unit_name)))]
    return [stale()]


async def _list(ctx: Ctx, type_id: str, period: str) -> list[Reply]:
    rt = _types(ctx.core).get(type_id)
    if rt is None:
        return [stale()]
    items = await ctx.core.submissions.latest(type_id, period)
    if not items:
        return [Reply(_("No reports of this kind for {period}.").format(
            period=escape(rt.period_name(period))))]
    buttons = [[Button(f"{STATUS_ICONS.get(s.status, '')} {s.unit_name} · {s.submitter_name}"
                       [:60], REVIEW.build("open", s.id))] for s in items[:40]]
    head = _("<b>{title}</b> · {period}: {n} sent. Open one to review it.").format(
        title=escape(rt.title.get()), period=escape(rt.period_name(period)), n=len(items))
    return [Reply(head, buttons=buttons)]


async def _detail(ctx: Ctx, s: Submission) -> Reply:
    rt = _types(ctx.core).get(s.report_type)
    title = rt.title.get() if rt else s.report_type
    local = s.submitted_at.astimezone(ctx.core.config.bot.tz)
    lines = [
        f"<b>{escape(title)}</b> · {escape(rt.period_name(s.period) if rt else s.period)}",
        _("Unit: {unit}").format(unit=escape(s.unit_name)),
        _("Sent by {name} on {when}, {timing}; receipt {receipt}, version {version}.").format(
            name=escape(s.submitter_name), when=format_datetime(local, "short"),
            timing=(_("on time") if s.on_time else _("late")) if s.has_deadline
            else _("no deadline"), receipt=s.receipt,
            version=s.version),
        _("Status: {status}").format(status=status_name(s.status)),
    ]
    if s.review_comment:
        lines.append(_("Comment: {comment}").format(comment=escape(s.review_comment)))
    lines.append("")
    for spec in rt.fields if rt else ():
        value = display(spec, s.answers.get(spec.key))
        lines.append(f"<b>{escape(spec.label.get())}</b>: {value}")
    buttons = []
    if s.latest:  # an accepted report is not offered "Accept" again; it may still be returned
        accept = [] if s.status == SubmissionStatus.ACCEPTED else [
            Button(_("✅ Accept"), REVIEW.build("ok", s.id))]
        buttons.append([*accept, Button(_("↩ Return for correction"), REVIEW.build("ret", s.id))])
    else:
        lines.append(_("(A newer version exists; only the latest can be reviewed.)"))
    files = await ctx.core.submissions.files(s.id)
    if files:
        buttons.append([Button(_("📎 Attached files ({n})").format(n=len(files)),
                               REVIEW.build("files", s.id))])
    return Reply("\n".join(lines), buttons=buttons)


async def _files(ctx: Ctx, s: Submission) -> list[Reply]:
    """Each attached file, sent under the name it had when the unit sent it."""
    rows = await ctx.core.submissions.files(s.id)
    root = ctx.core.config.bot.files_dir
    present = [r for r in rows if (root / r["path"]).is_file()]
    if not rows:
        return [Reply(_("This report has no attached files."))]
    head = _("Files of {receipt} ({unit}): {n}.").format(
        receipt=s.receipt, unit=escape(s.unit_name), n=len(present))
    if len(present) < len(rows):
        head += "\n" + _("{n} file(s) are no longer on the server.").format(
            n=len(rows) - len(present))
    return [Reply(head)] + [Reply("", document=root / r["path"], document_name=r["name"])
                            for r in present]


async def on_comment(ctx: Ctx) -> list[Reply]:
    conv = await ctx.core.conversations.get(ctx.user.id)
    comment = ctx.incoming.text.strip()
    if conv is None or not comment:
        return [Reply(_("Please type your comment, or /cancel."))]
    if len(comment) > MAX_COMMENT:
        return [Reply(_("Please keep the comment within {limit} characters (yours has {n}).")
                      .format(limit=MAX_COMMENT, n=len(comment)))]
    submission = await ctx.core.submissions.get(int(conv.data["submission"]))
    await ctx.core.conversations.clear(ctx.user.id)
    if submission is None:
        return [stale()]
    return await _decide(ctx, submission, SubmissionStatus.RETURNED, comment)


async def _decide(ctx: Ctx, s: Submission, status: SubmissionStatus,
                  comment: str | None) -> list[Reply]:
    repo = ctx.core.submissions
    accepted = SubmissionStatus.ACCEPTED
    if status is accepted and s.status == accepted:  # an old button, pressed again
        return [Reply(_("This report has already been accepted.")), await _detail(ctx, s)]
    if not await repo.decide(s.id, status, comment, ctx.user.id, ctx.now):
        return [Reply(_("A newer version of this report has been sent; please review that "
                        "one."))]
    await ctx.core.audit.record(ctx.user.id, "review", {
        "submission": s.receipt, "status": status}, ctx.now)
    if s.user_id is not None:
        await _notify_submitter(ctx, s, status, comment)
    updated = await repo.get(s.id)
    assert updated is not None
    done = (_("Accepted. The submitter has been told.") if status is SubmissionStatus.ACCEPTED
            else _("Returned for correction. The submitter has the comment and a button to "
                   "revise."))
    return [Reply(done), await _detail(ctx, updated)]


async def _notify_submitter(ctx: Ctx, s: Submission, status: SubmissionStatus,
                            comment: str | None) -> None:
    rt = _types(ctx.core).get(s.report_type)

    def build() -> Reply:
        title = escape(rt.title.get() if rt else s.report_type)
        if status is SubmissionStatus.ACCEPTED:
            return Reply(_("✅ The office accepted your report “{title}” (receipt {receipt})."
                           ).format(title=title, receipt=s.receipt))
        text = _("↩ The office returned your report “{title}” (receipt {receipt}) for "
                 "correction:\n<i>{comment}</i>").format(
            title=title, receipt=s.receipt, comment=escape(comment or ""))
        buttons = ([[Button(_("✏️ Revise it"), actions.build(actions.Verb.REVISE, s.id))]]
                   if ctx.core.reports is not None else [])
        return Reply(text, buttons=buttons)

    assert s.user_id is not None
    await ctx.core.outbox.notify_users([s.user_id], build, kind="review",
                                           dedupe_key=f"review:{s.id}:{status}:{ctx.now:%s}")
    ctx.core.outbox.changed()
