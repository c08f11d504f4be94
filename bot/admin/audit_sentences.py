"""Audit log entries in words, in the reader's language: one sentence per entry, naming the
people, units and report types it is about where their names are known."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from bot.audit import AuditEntry
from bot.forms.status import SubmissionStatus
from bot.i18n import N_, _

FIELD_NAMES = {"due_date": N_("date"), "day": N_("date"), "month": N_("date"),
               "what": N_("what is due"), "audience": N_("who is reminded"),
               "report_type": N_("report"), "kind": N_("kind of deadline")}
ROLE_NAMES = {"staff": N_("staff"), "leader": N_("leader")}
REVIEW_SENTENCES = {
    SubmissionStatus.ACCEPTED: N_("{who} accepted the report {receipt}."),
    SubmissionStatus.RETURNED: N_("{who} returned the report {receipt} for correction."),
    SubmissionStatus.SUBMITTED: N_("{who} reopened the report {receipt} for review."),
}


def _d(details: dict[str, Any], key: str) -> str:
    value = details.get(key)
    return escape(str(value)) if value not in (None, "") else "?"


def sentence_makers(names: dict[str, str] | None = None
                     ) -> dict[str, Callable[[str, dict[str, Any]], str]]:
    """kind → (who, details) → sentence; ``who`` is already escaped. ``names`` gives the
    display names of unit and report type ids, and of people as ``user:<id>``."""
    shown = names or {}

    def name(d: dict[str, Any], key: str) -> str:
        value = str(d.get(key) or "")
        return escape(shown[value]) if value in shown else _d(d, key)

    def person(d: dict[str, Any]) -> str:
        key = f"user:{d.get('user')}"
        return escape(shown[key]) if key in shown else _("User #{id}").format(id=_d(d, "user"))

    def role(d: dict[str, Any], key: str) -> str:
        value = str(d.get(key) or "")
        return _(ROLE_NAMES[value]) if value in ROLE_NAMES else escape(value or "?")

    def member_removed(who: str, d: dict[str, Any]) -> str:
        return _("{who} removed {person} ({role}) from {unit}.").format(
            who=who, person=person(d), role=role(d, "role"), unit=name(d, "unit"))

    def member_role(who: str, d: dict[str, Any]) -> str:
        return _("{who} changed the role of {person} in {unit} from {old} to {new}.").format(
            who=who, person=person(d), unit=name(d, "unit"), old=role(d, "from"),
            new=role(d, "to"))

    def join_paused(who: str, d: dict[str, Any]) -> str:
        parts = str(d.get("key") or "").split(":")  # join_guessing:<unit or *>:<hour>
        if len(parts) == 3 and parts[1] != "*":
            return _("Joining {unit} was paused after many wrong join codes.").format(
                unit=name({"unit": parts[1]}, "unit"))
        return _("Joining every unit was paused after many wrong join codes from several "
                 "accounts.")

    def denied(who: str, d: dict[str, Any]) -> str:
        if d.get("command"):
            return _("{who} was refused /{command} (not allowed for their role).").format(
                who=who, command=_d(d, "command"))
        if d.get("flow"):  # the role was lost in the middle of a flow: it ended
            return _("{who} could not go on with a task their role no longer allows.").format(
                who=who)
        return _("{who} pressed a button not allowed for their role.").format(who=who)

    def plan_import(who: str, d: dict[str, Any]) -> str:
        text = (_("{who} imported the plan {file}.") if d.get("changed", True)
                else _("{who} imported the plan {file} again; nothing had changed."))
        return text.format(who=who, file=_d(d, "file"))

    def review(who: str, d: dict[str, Any]) -> str:
        try:
            status = SubmissionStatus(str(d.get("status")))
        except ValueError:
            status = SubmissionStatus.SUBMITTED
        return _(REVIEW_SENTENCES[status]).format(who=who, receipt=_d(d, "submission"))

    def joined(who: str, d: dict[str, Any]) -> str:
        return _("{who} joined {unit} as {role}.").format(
            who=who, unit=name(d, "unit"), role=role(d, "role"))

    def export(who: str, d: dict[str, Any]) -> str:
        kind = str(d.get("report_type") or "")
        period = str(d.get("period") or "")
        return _("{who} exported {rows} reports ({what}, {period}, {format}).").format(
            who=who, rows=_d(d, "rows"), format=_d(d, "format").upper(),
            what=_("all report types") if kind == "all" else name(d, "report_type"),
            period=_("all years") if period == "all" else escape(period))

    def deadline(text: str) -> Callable[[str, dict[str, Any]], str]:
        return lambda who, d: text.format(who=who, id=_d(d, "id"), what=_d(d, "what"))

    def edited(who: str, d: dict[str, Any]) -> str:
        after = d.get("after")
        if not isinstance(after, dict):
            after = {}
        names = [_(FIELD_NAMES[k]) if k in FIELD_NAMES else escape(str(k)) for k in after]
        changed = ", ".join(dict.fromkeys(names)) or "?"
        return _("{who} changed deadline #{id} ({fields}).").format(
            who=who, id=_d(d, "id"), fields=changed)

    def simple(text: str) -> Callable[[str, dict[str, Any]], str]:
        return lambda who, d: text.format(who=who, **{k: _d(d, k) for k in (
            "broadcast", "audience", "recipients", "channel", "queued", "deadline", "question",
            "answer", "people", "count")})

    return {
        "broadcast": simple(_("{who} sent announcement #{broadcast} to {audience} "
                              "({recipients} people).")),
        "denied": denied,
        "joined": joined,
        "join_locked": simple(_("{who} was locked out for a while after too many wrong join "
                                "codes.")),
        "linked": simple(_("{who} linked their {channel} account.")),
        "plan_import": plan_import,
        "export": export,
        "deadline_added": deadline(_("{who} added deadline #{id}: {what}.")),
        "deadline_changed": edited,
        "deadline_edited": edited,
        "deadline_deleted": deadline(_("{who} deleted deadline #{id}: {what}.")),
        "review": review,
        "remind_missing": simple(_("{who} reminded the units that have not sent the report for "
                                   "deadline #{deadline} ({queued} messages).")),
        "question_answered": simple(_("{who} answered “{question}” for {people} people.")),
        "question_dismissed": simple(_("{who} dismissed “{question}” ({count} times asked).")),
        "office_answer_saved": simple(_("{who} saved an office answer to “{question}”.")),
        "office_answer_edited": simple(_("{who} edited the office answer to “{question}”.")),
        "office_answer_retired": simple(_("{who} retired the office answer to “{question}”.")),
        "member_removed": member_removed,
        "member_role": member_role,
        "codes_rotated": lambda who, d: _("{who} gave {unit} new join codes.").format(
            who=who, unit=name(d, "unit")),
        "link_refused": simple(_("{who} was refused linking accounts: an office admin's "
                                 "account is never linked with another.")),
        "join_paused": join_paused,
    }


def sentence(entry: AuditEntry, names: dict[str, str] | None = None) -> str:
    """One entry in words; a kind this version does not know is still shown, by its name."""
    if entry.actor_name:
        who = escape(entry.actor_name)
    elif entry.details.get("by") == "command line":
        who = _("The command line")
    elif entry.actor_user_id:
        who = _("User #{id}").format(id=entry.actor_user_id)
    else:
        who = _("The bot")
    make = sentence_makers(names).get(entry.action)
    if make is None:
        return _("{who}: {kind}.").format(who=who, kind=escape(entry.action))
    return make(who, entry.details)
