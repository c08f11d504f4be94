"""Replies of the admins' deadline management (``bot.features.reminders.manage``)."""

from __future__ import annotations

import datetime as dt
from html import escape

from bot.i18n import _, format_date, format_day
from bot.port import Button, Reply
from bot.reminders.actions import DEADLINES
from bot.reminders.audience import Audience, audience_choices
from bot.reminders.model import Deadline
from bot.reminders.occurrences import next_due
from bot.reminders.service import Preview, describe_fire
from bot.reminders.views import source_text

MAX_LISTED = 25


def act(verb: str, *args: object) -> str:
    return DEADLINES.build(verb, *args)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def when_text(d: Deadline) -> str:
    """"31/5 every year" or "15/12/2026"."""
    if d.yearly:
        text = _("{day}/{month} every year").format(day=d.day, month=d.month)
        if (d.day, d.month) == (29, 2):
            text += " " + _("(28/2 in years without 29 February)")
        return text
    return format_day(d.due_date) if d.due_date else "?"


def manage_button() -> Button:
    """For admins under the /deadlines listing: opens the management (``list``)."""
    return Button("⚙️ " + _("Manage deadlines"), act("list"))


def back_button() -> Button:
    return Button("⬅️ " + _("Back to the list"), act("list"))


def cancel_button() -> Button:
    return Button("✖️ " + _("Cancel"), act("cancel"))


def deadline_list(items: list[tuple[Deadline, dt.date]]) -> Reply:
    lines = ["<b>" + _("Deadlines that send reminders") + "</b>"]
    buttons = [[Button("➕ " + _("Add a yearly deadline"), act("add", "yearly"))],
               [Button("➕ " + _("Add a one-off deadline"), act("add", "date"))]]
    if not items:
        lines.append(_("There are no upcoming deadlines."))
    for d, due in items[:MAX_LISTED]:
        lines.append(_("#{id} · {when} · {what} · next: {date}").format(
            id=d.id, when=when_text(d), what=escape(clip(d.what_text(), 70)),
            date=format_date(due)))
        buttons.append([Button(f"✏️ #{d.id} · {clip(d.what_text(), 32)}", act("show", d.id))])
    if len(items) > MAX_LISTED:
        lines.append(_("… and {n} more.").format(n=len(items) - MAX_LISTED))
    lines.append("")
    lines.append(_("Past one-off deadlines (such as those of earlier years' plans) remind "
                   "nobody and are not listed."))
    return Reply("\n".join(lines), buttons=buttons)


def report_title(report_types: dict[str, str], type_id: str | None) -> str:
    if not type_id:
        return _("none (a reminder only)")
    return escape(report_types.get(type_id, type_id))


def preview_lines(p: Preview) -> list[str]:
    lines = [_("People who will be reminded now: {people}.").format(people=p.people)]
    if p.units:
        lines.append(_("Units covered: {units}; already sent: {done}; where none of the people "
                       "it is for has registered in the bot: {unreachable}.").format(
            units=p.units, done=p.units_done, unreachable=p.units_unreachable))
    lines.append(_("Next reminder: {when}").format(when=describe_fire(p.next_fire)))
    return lines


def deadline_detail(d: Deadline, today: dt.date, preview: Preview,
                    report_types: dict[str, str]) -> Reply:
    due = next_due(d, today)
    lines = [
        "<b>" + escape(d.what_text()) + f"</b> (#{d.id})",
        _("Due: {when}").format(when=when_text(d))
        + (" — " + _("next: {date}").format(date=format_date(due)) if due else ""),
        _("Reminds: {who}").format(who=Audience.parse(d.audience).describe()),
        _("Report: {report}").format(report=report_title(report_types, d.report_type)),
        source_text(d),
        "",
        *preview_lines(preview),
    ]
    buttons = [
        [Button("📅 " + _("Date"), act("edit", d.id, "date")),
         Button("📝 " + _("What"), act("edit", d.id, "what"))],
        [Button("👥 " + _("Who"), act("edit", d.id, "audience")),
         Button("📄 " + _("Report"), act("edit", d.id, "report"))],
        [Button("🗑 " + _("Delete"), act("del", d.id)), back_button()],
    ]
    return Reply("\n".join(lines), buttons=buttons)


def ask_date(yearly: bool, error: str | None = None) -> Reply:
    if yearly:
        text = _("Send the day and month it is due every year, for example <b>31/5</b>.")
    else:
        text = _("Send the date it is due, for example <b>15/12/2027</b>.")
    return Reply((error + "\n" if error else "") + text, buttons=[[cancel_button()]])


def ask_what(error: str | None = None) -> Reply:
    text = _("What is due? Write it as people should read it, for example <i>Báo cáo "
             "tổng kết năm học</i>.")
    return Reply((error + "\n" if error else "") + text, buttons=[[cancel_button()]])


def ask_audience(unit_types: list[str]) -> Reply:
    rows = [[Button(a.describe(), act("aud", a.who, ",".join(a.unit_types)))]
            for a in audience_choices(unit_types)]
    return Reply(_("Who should be reminded?"), buttons=[*rows, [cancel_button()]])


def ask_report(report_types: dict[str, str]) -> Reply:
    rows = [[Button(title, act("rt", type_id))] for type_id, title in report_types.items()]
    rows.append([Button(_("No report: only a reminder"), act("rt", "-"))])
    return Reply(_("Which report answers this deadline? Units that have sent it are not "
                   "reminded."), buttons=[*rows, [cancel_button()]])


def confirm_new(d: Deadline, preview: Preview, report_types: dict[str, str]) -> Reply:
    lines = [
        "<b>" + _("Check the new deadline") + "</b>",
        _("What: {what}").format(what=escape(d.what)),
        _("Due: {when}").format(when=when_text(d)),
        _("Reminds: {who}").format(who=Audience.parse(d.audience).describe()),
        _("Report: {report}").format(report=report_title(report_types, d.report_type)),
        "",
        *preview_lines(preview),
    ]
    return Reply("\n".join(lines), buttons=[[Button("✅ " + _("Save"), act("save")),
                                             cancel_button()]])


def confirm_delete(d: Deadline) -> Reply:
    return Reply(
        _("Delete the deadline <b>{what}</b> ({when})? Nobody will be reminded of it any "
          "more.").format(what=escape(d.what_text()), when=when_text(d)),
        buttons=[[Button("🗑 " + _("Yes, delete it"), act("delok", d.id)),
                  Button(_("No, keep it"), act("show", d.id))]])
