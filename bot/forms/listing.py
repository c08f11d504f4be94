"""Replies about submissions: the receipt, lists, one submission in full, notices."""

from __future__ import annotations

from bot.forms.actions import Verb, build
from bot.forms.repo import Submission, SubmissionFile
from bot.forms.schema import ReportType, ReportTypeRegistry
from bot.forms.status import status_name
from bot.forms.text import clip
from bot.forms.views import MAX_TEXT, answer_text, esc, when
from bot.i18n import _, format_short_date
from bot.port import Button, Reply

LIST_LIMIT = 20


def title_of(registry: ReportTypeRegistry, sub: Submission) -> str:
    rt = registry.get(sub.type_id)
    return rt.title.get() if rt else sub.type_id


def period_of(registry: ReportTypeRegistry, sub: Submission) -> str:
    """The period's name: "Sơ kết 6 tháng đầu năm 2026"."""
    rt = registry.get(sub.type_id)
    return rt.period_name(sub.period) if rt else sub.period


def timeliness(sub: Submission) -> str:
    if sub.due_date is None:
        return _("no deadline")
    if sub.on_time:
        return _("on time (due {date})").format(date=format_short_date(sub.due_date))
    return _("late (due {date})").format(date=format_short_date(sub.due_date))


def receipt(registry: ReportTypeRegistry, sub: Submission, *, again: bool = False) -> Reply:
    head = _("This report was already sent.") if again else _("✅ Your report was received.")
    lines = [
        head,
        _("Receipt number: <code>{receipt}</code>").format(receipt=esc(sub.receipt)),
        _("Report: {title}, {period}").format(title=esc(title_of(registry, sub)),
                                               period=esc(period_of(registry, sub))),
        _("Sent at: {time}").format(time=when(sub.submitted_at)),
        _("Timeliness: {timeliness}").format(timeliness=timeliness(sub)),
    ]
    if sub.version > 1:
        lines.append(_("This is version {version}; the earlier versions are kept.").format(
            version=sub.version))
    return Reply("\n".join(lines), [[Button(_("My reports"), build(Verb.MINE))]], edit=True)


def _line(registry: ReportTypeRegistry, sub: Submission, with_sender: bool) -> str:
    line = _("<code>{receipt}</code> {title} — {period}, version {version}, {timeliness}, "
             "{status}").format(
        receipt=esc(sub.receipt), title=esc(title_of(registry, sub)),
        period=esc(period_of(registry, sub)), version=sub.version,
        timeliness=timeliness(sub), status=status_name(sub.status))
    if with_sender:
        line += " — " + esc(sub.submitter_name or "?")
    return "• " + line


def submission_list(registry: ReportTypeRegistry, subs: list[Submission], heading: str,
                    empty: str, *, with_sender: bool = False) -> Reply:
    if not subs:
        return Reply(empty)
    lines = [heading, *(_line(registry, s, with_sender) for s in subs)]
    if len(subs) >= LIST_LIMIT:
        lines.append(_("(the {count} most recent)").format(count=LIST_LIMIT))
    buttons = [[Button(f"{s.receipt} · {clip(title_of(registry, s), 30)}",
                       build(Verb.VIEW, s.id))] for s in subs]
    return Reply("\n".join(lines), buttons)


def full(registry: ReportTypeRegistry, sub: Submission, files: list[SubmissionFile],
         back: Verb = Verb.MINE, *, can_revise: bool = False) -> list[Reply]:
    """The submission with every answer in full, over several messages if it is long;
    ``can_revise``: with a button to correct it (the office returned it)."""
    rt = registry.get(sub.type_id)
    lines = [
        f"<b>{esc(title_of(registry, sub))}</b> — <code>{esc(sub.receipt)}</code>",
        _("Period: {period}, version {version}").format(period=esc(period_of(registry, sub)),
                                                        version=sub.version),
        _("Unit: {unit}").format(unit=esc(sub.unit_name)),
        _("Sent by {name} at {time}").format(name=esc(sub.submitter_name or "?"),
                                             time=when(sub.submitted_at)),
        _("Timeliness: {timeliness}").format(timeliness=timeliness(sub)),
        _("Status: {status}").format(status=status_name(sub.status)),
    ]
    if sub.review_comment:
        lines.append(_("Office's comment: {comment}").format(comment=esc(sub.review_comment)))
    lines.append("")
    lines.extend(_answers(rt, sub))
    replies = [Reply(text) for text in _chunks(lines)]
    replies[0].edit = True
    buttons = [[Button(f"📎 {clip(f.name, 40)}", build(Verb.FILE, f.id))] for f in files]
    if can_revise:
        buttons.insert(0, [Button(_("✏️ Revise it"), build(Verb.REVISE, sub.id))])
    replies[-1].buttons = [*buttons, [Button(_("« Back to the list"), build(back))]]
    return replies


def _answers(rt: ReportType | None, sub: Submission) -> list[str]:
    if rt is None:  # the type's file was removed: show what was stored
        return [f"<b>{esc(k)}</b>: {esc(v)}" for k, v in sub.answers.items()]
    return [f"<b>{esc(spec.label)}</b>: {answer_text(spec, sub.answers.get(spec.key))}"
            for spec in rt.fields]


def _chunks(lines: list[str]) -> list[str]:
    """``lines`` joined into texts that each fit one message (whole lines only)."""
    chunks: list[str] = [""]
    for line in lines:
        if chunks[-1] and len(chunks[-1]) + len(line) + 1 > MAX_TEXT:
            chunks.append("")
        chunks[-1] += ("\n" if chunks[-1] else "") + line
    return chunks


def notice(registry: ReportTypeRegistry, sub: Submission) -> Reply:
    """What a leader or an admin gets when a report comes in (built in their language)."""
    text = _("📥 New report from {name} ({unit}): <b>{title}</b>, {period}, version {version}."
             "\nReceipt <code>{receipt}</code>, {timeliness}.").format(
        name=esc(sub.submitter_name or "?"), unit=esc(sub.unit_name),
        title=esc(title_of(registry, sub)), period=esc(period_of(registry, sub)),
        version=sub.version,
        receipt=esc(sub.receipt), timeliness=timeliness(sub))
    return Reply(text, [[Button(_("Open"), build(Verb.VIEW, sub.id))]])
