"""An admin's corrections to what the importer extracted, kept beside the plan.

``data/plans/<stem>.overrides.toml`` survives re-imports: it is applied after every parse (and
is part of the content hash, so editing it re-imports the plan)::

    [plan]                      # any of: title, issuer, number, issued_date, signer
    issuer = "Phòng Giáo dục và Đào tạo Quận 1"

    [[campaigns]]               # match: part of an extracted name (diacritics ignored)
    match = "Chung tay xây dựng"
    name = "…"                  # and/or period_start, period_end, period_label, role
    [[campaigns]]
    match = "Toàn tỉnh chung sức"
    remove = true
    [[campaigns]]               # no match: a campaign added by hand
    name = "…"
    period_start = 2024-01-01
    period_end = 2024-12-31

    [[deadlines]]               # match on the due date, or on part of "what"
    match = "2024-05-31"
    what = "…"                  # and/or due_date, precision, who, to_whom, report_type…
    [[deadlines]]
    match = "sơ kết"
    remove = true
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from bot.knowledge.model import ParsedCampaign, ParsedDeadline, ParsedPlan, Period
from bot.knowledge.textnorm import fold

PLAN_FIELDS = ("title", "issuer", "number", "issued_date", "signer", "signer_title")
DEADLINE_FIELDS = ("what", "who", "to_whom", "precision", "report_type", "audience",
                   "section_number")


def overrides_path(plan_path: Path) -> Path:
    return plan_path.with_name(plan_path.stem + ".overrides.toml")


def read_overrides_bytes(plan_path: Path) -> bytes:
    path = overrides_path(plan_path)
    return path.read_bytes() if path.is_file() else b""


def read_overrides(plan_path: Path) -> dict[str, Any]:
    data = read_overrides_bytes(plan_path)
    return tomllib.loads(data.decode("utf-8")) if data else {}


def apply_overrides(plan: ParsedPlan, overrides: dict[str, Any]) -> None:
    for key, value in (overrides.get("plan") or {}).items():
        if key in PLAN_FIELDS:
            setattr(plan, key, str(value))
    for entry in overrides.get("campaigns") or []:
        _apply_campaign(plan, entry)
    for entry in overrides.get("deadlines") or []:
        _apply_deadline(plan, entry)
    plan.overrides_applied = True


def _apply_campaign(plan: ParsedPlan, entry: dict[str, Any]) -> None:
    match = entry.get("match")
    if not match:
        campaign = ParsedCampaign(str(entry.get("name", "")), None, entry.get("role", "related"))
        campaign.period = _period(entry, None)
        if campaign.name:
            plan.campaigns.append(campaign)
        return
    for campaign in list(plan.campaigns):
        if fold(str(match)) not in fold(campaign.name):
            continue
        if entry.get("remove"):
            plan.campaigns.remove(campaign)
            continue
        campaign.name = str(entry.get("name", campaign.name))
        campaign.role = str(entry.get("role", campaign.role))
        campaign.period = _period(entry, campaign.period)


def _period(entry: dict[str, Any], current: Period | None) -> Period | None:
    start, end = entry.get("period_start"), entry.get("period_end")
    if start is None and end is None:
        return current
    start = _date(start) if start is not None else (current.start if current else None)
    end = _date(end) if end is not None else (current.end if current else None)
    if start is None or end is None:
        return current
    label = str(entry.get("period_label") or f"{start.year}–{end.year}")
    return Period(label, start, end)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _apply_deadline(plan: ParsedPlan, entry: dict[str, Any]) -> None:
    match = entry.get("match")
    if not match:
        due = _date(entry["due_date"])
        deadline = ParsedDeadline("date", str(entry.get("precision", "day")),
                                  str(entry.get("what", "")), due_date=due)
        _set_fields(deadline, entry)
        plan.deadlines.append(deadline)
        return
    for deadline in list(plan.deadlines):
        if not _deadline_matches(deadline, str(match)):
            continue
        if entry.get("remove"):
            plan.deadlines.remove(deadline)
            continue
        if "due_date" in entry:
            deadline.due_date = _date(entry["due_date"])
        _set_fields(deadline, entry)


def _deadline_matches(deadline: ParsedDeadline, match: str) -> bool:
    if deadline.due_date and deadline.due_date.isoformat() == match:
        return True
    return fold(match) in fold(deadline.what)


def _set_fields(deadline: ParsedDeadline, entry: dict[str, Any]) -> None:
    for key in DEADLINE_FIELDS:
        if key in entry:
            setattr(deadline, key, str(entry[key]))
