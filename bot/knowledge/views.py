"""Replies for /campaigns, a campaign's detail and its parts, a section, and /deadlines.

Buttons (``actions.BUTTONS``, checked by the codec when they come back; a campaign or section
gone since gets ``gone()``): ``cs`` the campaign list, ``c`` a campaign or one part of it
(``g`` goals, ``cr`` content and criteria, ``aw`` awards and dossier, ``dl`` deadlines, ``src``
the source document), ``s`` a section, ``dl`` upcoming deadlines.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from bot.callbacks import Press
from bot.i18n import _, format_stored_date
from bot.knowledge import fmt
from bot.knowledge.actions import BUTTONS
from bot.knowledge.dates import short_date
from bot.knowledge.parts import (
    deadline_lines,
    part_sections,
    sections_reply,
    upcoming_deadlines_text,
)
from bot.knowledge.repo import CampaignRow, KnowledgeRepo
from bot.knowledge.textnorm import truncate
from bot.port import Button, Reply

LIST_ENDED = 8
LABEL_MAX = 40
MAX_TEXT = 3800


async def route(repo: KnowledgeRepo, press: Press, today: dt.date) -> Reply:
    if press.verb == "cs":
        return await campaigns_view(repo, today)
    if press.verb == "dl":
        return await deadlines_view(repo, today)
    if press.verb == "s":
        return await section_view(repo, press.integer(0))
    campaign = await repo.campaign(press.integer(0))
    if campaign is None:
        return gone()
    part = press.arg(1)
    if part is None:
        return await campaign_view(repo, campaign, today)
    return await part_view(repo, campaign, part, today)


def gone() -> Reply:
    return Reply(_("Sorry, I cannot find that any more: the plans may have been updated. "
                   "Send /campaigns to see the current list."))


def _status(c: CampaignRow, today: dt.date) -> str:
    if c.period is None:
        return ""
    state = c.period.status(today)
    if state == "ongoing":
        return _("ongoing, until {date}").format(date=short_date(c.period.end))
    if state == "upcoming":
        return _("starts {date}").format(date=short_date(c.period.start))
    return _("ended {date}").format(date=short_date(c.period.end))


def _line(c: CampaignRow, today: dt.date) -> str:
    period = f" — {escape(c.period.label)}" if c.period else ""
    status = _status(c, today)
    return f"• <b>{escape(truncate(c.name, 160))}</b>{period}" + (
        f" <i>({escape(status)})</i>" if status else "")


async def campaigns_view(repo: KnowledgeRepo, today: dt.date) -> Reply:
    return campaigns_reply(await repo.campaigns("main"), today)


UNDATED_RUNS = dt.timedelta(days=400)
"""How long a campaign whose plan gives no period counts as running after the plan's date:
a school year and a little more. A 2021 guidance is not running in 2026."""


def _status_of(c: CampaignRow, today: dt.date) -> str:
    if c.period is not None:
        return c.period.status(today)
    if c.issued is not None and today - c.issued > UNDATED_RUNS:
        return "ended"
    return "ongoing"


def campaigns_reply(mains: list[CampaignRow], today: dt.date) -> Reply:
    """The campaigns the plans launch: running, starting soon, ended recently."""
    if not mains:
        return Reply(_("No plan has been loaded yet, so I know of no campaign. The office can "
                       "send me the year's plans."))
    groups: dict[str, list[CampaignRow]] = {"ongoing": [], "upcoming": [], "ended": []}
    for c in mains:
        groups[_status_of(c, today)].append(c)
    groups["ongoing"].sort(key=lambda c: c.period.end if c.period else dt.date.max)
    groups["upcoming"].sort(key=lambda c: c.period.start if c.period else dt.date.max)
    groups["ended"].sort(key=lambda c: c.period.end if c.period else c.issued or dt.date.min,
                         reverse=True)
    ended = groups["ended"][:LIST_ENDED]
    parts = ["<b>" + _("Emulation campaigns") + "</b>"]
    if groups["ongoing"]:
        parts.append(_("Running now:"))
        parts += [_line(c, today) for c in groups["ongoing"]]
    else:
        parts.append(_("According to the plans loaded, no campaign is running today."))
    if groups["upcoming"]:
        parts.append(_("Starting soon:"))
        parts += [_line(c, today) for c in groups["upcoming"]]
    if ended:
        parts.append(_("Ended recently:"))
        parts += [_line(c, today) for c in ended]
    parts.append(_("Tap a campaign for its goals, criteria, awards, dossier and deadlines."))
    shown = groups["ongoing"] + groups["upcoming"] + ended
    buttons = [[Button(truncate(c.name, LABEL_MAX), BUTTONS.build("c", c.id))] for c in shown]
    return Reply("\n".join(parts), buttons)


async def campaign_view(repo: KnowledgeRepo, c: CampaignRow, today: dt.date) -> Reply:
    plan = await repo.plan(c.plan_id)
    if plan is None:
        return gone()
    lines = [f"<b>{escape(c.name)}</b>"]
    if c.period:
        lines.append(f"{escape(c.period.label)} — {escape(_status(c, today))}")
    issued = format_stored_date(plan.issued_date)
    doc = " · ".join(escape(x) for x in filter(None, [plan.number, issued]))
    lines.append(_("Plan: {title}").format(title=escape(fmt.short_title(plan.title)))
                 + (f" ({doc})" if doc else ""))
    if plan.issuer:
        lines.append(_("Issued by: {issuer}").format(issuer=escape(plan.issuer)))
    if plan.awards:
        lines.append(_("Awards: {items}").format(items=escape("; ".join(plan.awards))))
    if plan.dossier:
        lines.append(_("Dossier: {items}").format(items=escape("; ".join(plan.dossier))))
    lines += await _deadline_summary(repo, c.plan_id, today)
    lines += await _related(repo, c)
    return Reply("\n".join(lines), _campaign_buttons(c.id))


async def _deadline_summary(repo: KnowledgeRepo, plan_id: int, today: dt.date) -> list[str]:
    deadlines = await repo.deadlines(plan_id)
    if not deadlines:
        return [_("Deadlines: the plan gives no dates.")]
    upcoming = [d for d in deadlines if fmt.next_date(d, today)]
    if not upcoming:
        return [_("Deadlines: {n} in the plan, all passed.").format(n=len(deadlines))]
    first = min(upcoming, key=lambda d: fmt.next_date(d, today) or dt.date.max)
    return [_("Next deadline: {line}").format(line=fmt.dated_line(first, today))]


async def _related(repo: KnowledgeRepo, c: CampaignRow) -> list[str]:
    others = [o for o in await repo.campaigns_of(c.plan_id) if o.id != c.id]
    if not others:
        return []
    names = [escape(truncate(o.name, 90)) for o in others[:6]]
    more = len(others) - len(names)
    text = "; ".join(names) + (_(" … and {n} more").format(n=more) if more > 0 else "")
    return [_("Also carried out under this plan: {names}").format(names=text)]


def _campaign_buttons(cid: int) -> list[list[Button]]:
    return [
        [Button(_("Goals"), BUTTONS.build("c", cid, "g")),
         Button(_("Content & criteria"), BUTTONS.build("c", cid, "cr"))],
        [Button(_("Awards & dossier"), BUTTONS.build("c", cid, "aw")),
         Button(_("Deadlines"), BUTTONS.build("c", cid, "dl"))],
        [Button(_("Source document"), BUTTONS.build("c", cid, "src")),
         Button(_("« All campaigns"), BUTTONS.build("cs"))],
    ]


async def part_view(repo: KnowledgeRepo, c: CampaignRow, part: str, today: dt.date) -> Reply:
    back = [[Button(_("« Back to the campaign"), BUTTONS.build("c", c.id))]]
    head = f"<b>{escape(truncate(c.name, 160))}</b>"
    if part == "dl":
        lines = await deadline_lines(repo, c.plan_id, today)
        return Reply("\n\n".join([head, *lines]), back)
    if part == "src":
        return await source_view(repo, c.plan_id, back)
    sections = await repo.sections(c.plan_id)
    if part == "aw":
        plan = await repo.plan(c.plan_id)
        return _awards_reply(head, plan.awards if plan else [], plan.dossier if plan else [],
                             part_sections(sections, "aw"), back)
    return sections_reply(head, part_sections(sections, part), back)


def _awards_reply(head: str, awards: list[str], dossier: list[str], sections: list,
                  back: list[list[Button]]) -> Reply:
    if not awards and not dossier:
        reply = sections_reply(head, sections, back)
        if sections:
            return reply
        return Reply(head + "\n" + _("This plan names no award forms or dossier items."), back)
    lines = [head]
    if awards:
        lines.append("<b>" + _("Award forms") + "</b>")
        lines += [f"• {escape(a)}" for a in awards]
    if dossier:
        lines.append("<b>" + _("Award dossier") + "</b>")
        lines += [f"• {escape(d)}" for d in dossier]
    return Reply("\n".join(lines), back)


async def source_view(repo: KnowledgeRepo, plan_id: int, back: list[list[Button]]) -> Reply:
    plan = await repo.plan(plan_id)
    if plan is None:
        return gone()
    facts = [f"<b>{escape(plan.doc_type)} {escape(plan.title)}</b>"]
    for label, value in ((_("Issued by"), plan.issuer), (_("Number"), plan.number),
                         (_("Date"), format_stored_date(plan.issued_date)),
                         (_("Signed by"), plan.signer)):
        if value:
            facts.append(f"{escape(label)}: {escape(value)}")
    path = Path(plan.source_path) if plan.source_path else None
    if path is not None and path.is_file():
        return Reply("\n".join(facts), back, document=path, document_name=plan.source_name)
    facts.append(_("The original file is no longer on the server."))
    return Reply("\n".join(facts), back)


async def section_view(repo: KnowledgeRepo, section_id: int) -> Reply:
    """A section in full; one with no text of its own shows the sections under it."""
    section = await repo.section(section_id)
    plan = await repo.plan(section.plan_id) if section else None
    if section is None or plan is None:
        return gone()
    body = section.body
    if not body and section.number:
        kids = [s for s in await repo.sections(plan.id)
                if s.number.startswith(section.number + ".")]
        body = "\n\n".join(f"{s.number}. {s.heading}\n{s.body}".strip() for s in kids)
    text = "\n".join([
        f"<b>{escape(section.heading_path or fmt.section_label('', ''))}</b>",
        escape(truncate_text(body or section.heading, MAX_TEXT - 400)),
        fmt.citation(plan.title, section.number, section.heading),
    ])
    return Reply(text)


def truncate_text(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit("\n", 1)[0] + "\n…"


async def deadlines_view(repo: KnowledgeRepo, today: dt.date) -> Reply:
    return Reply(await upcoming_deadlines_text(repo, today),
                 [[Button(_("Campaigns"), BUTTONS.build("cs"))]])
