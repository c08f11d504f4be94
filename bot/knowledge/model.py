"""What the importer extracts from a plan document, before it is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class PlanReadError(Exception):
    """A plan file that cannot be read (unsupported, corrupt or empty); the message is for
    the admin who sent it, already translated."""


@dataclass(frozen=True)
class Period:
    label: str  # as a person would write it: "giai đoạn 2021–2025", "năm học 2023–2024"
    start: dt.date
    end: dt.date

    def status(self, today: dt.date) -> str:
        """'ongoing', 'ended' or 'upcoming' on ``today``."""
        if today < self.start:
            return "upcoming"
        return "ended" if today > self.end else "ongoing"


@dataclass
class ParsedCampaign:
    name: str
    period: Period | None
    role: str = "related"  # 'main': the campaign the plan launches; 'related': also carried out
    section_number: str = ""


@dataclass
class ParsedSection:
    ordinal: int
    number: str  # "II.5.1"; "" for the preamble and the distribution list
    heading: str
    heading_path: str  # "II. NỘI DUNG … > 5. Tiêu chuẩn … > 5.1. Đối với Giấy khen:"
    body: str
    level: int = 0


@dataclass
class ParsedDeadline:
    kind: str  # 'date' or 'yearly'
    precision: str  # 'day', 'before', 'by', 'month' (within), 'from' (starts), 'year'
    what: str
    due_date: dt.date | None = None  # for 'date'
    month: int | None = None  # for 'yearly'
    day: int | None = None
    who: str | None = None
    to_whom: str | None = None
    report_type: str | None = None  # 'interim', 'final', 'award_dossier'
    audience: str = "leaders"  # 'leaders', 'admins', 'staff' or 'all'
    section_number: str = ""
    raw: str = ""
    recurs_yearly: bool = False  # the document calls it periodic or a year-end report

    def key(self) -> tuple[object, ...]:
        return (self.kind, self.due_date, self.month, self.day, self.precision, self.report_type)


@dataclass
class ParsedPlan:
    source_name: str
    text: str  # the cleaned text (markup removed, page breaks joined)
    title: str
    doc_type: str = "Kế hoạch"
    issuer: str | None = None
    number: str | None = None
    issued_date: str | None = None  # ISO, as precise as the document: "2024-01-02", "2022-03"
    place: str | None = None
    signer: str | None = None  # the name, or the title alone when unsigned ("GIÁM ĐỐC")
    signer_title: str | None = None
    period: Period | None = None
    campaigns: list[ParsedCampaign] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    deadlines: list[ParsedDeadline] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    dossier: list[str] = field(default_factory=list)
    overrides_applied: bool = False

    @property
    def year(self) -> int | None:
        """The year the plan is about: its issue date's, else its period's last."""
        if self.issued_date:
            return int(self.issued_date[:4])
        return self.period.end.year if self.period else None


def parsed_plan_to_json(plan: ParsedPlan) -> dict[str, object]:
    """What was extracted, as JSON-ready data (for ``import-plan --json`` and previews)."""

    def period(p: Period | None) -> dict[str, str | None]:
        return {"period": p.label if p else None, "start": p.start.isoformat() if p else None,
                "end": p.end.isoformat() if p else None}

    return {
        "source": plan.source_name, "type": plan.doc_type, "title": plan.title,
        "issuer": plan.issuer, "number": plan.number, "date": plan.issued_date,
        "place": plan.place, "signer": plan.signer, "signer_title": plan.signer_title,
        **period(plan.period),
        "campaigns": [{"name": c.name, **period(c.period), "role": c.role}
                      for c in plan.campaigns],
        "deadlines": [{
            "date": d.due_date.isoformat() if d.due_date else None, "kind": d.kind,
            "month": d.month, "day": d.day, "precision": d.precision, "what": d.what,
            "who": d.who, "to_whom": d.to_whom, "report_type": d.report_type,
            "section": d.section_number, "recurs_yearly": d.recurs_yearly,
        } for d in plan.deadlines],
        "awards": list(plan.awards), "dossier": list(plan.dossier),
        "sections": [{"number": s.number, "heading": s.heading} for s in plan.sections],
        "overrides_applied": plan.overrides_applied,
    }
