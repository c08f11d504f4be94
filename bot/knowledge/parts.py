"""Pieces of the views: a campaign's sections by topic, its deadlines, upcoming deadlines."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from bot.i18n import _, format_date
from bot.knowledge import fmt
from bot.knowledge.actions import BUTTONS
from bot.knowledge.dates import next_yearly, short_date
from bot.knowledge.repo import DeadlineRow, KnowledgeRepo, SectionRow
from bot.knowledge.textnorm import truncate
from bot.port import Button, Reply

MAX_TEXT = 3600
UPCOMING_MAX = 10
TOPICS = {
    "g": re.compile(r"mục đích|yêu cầu|mục tiêu", re.I),
    "cr": re.compile(r"tiêu chí|tiêu chuẩn|nội dung|chỉ tiêu|đối tượng|giải pháp|biện pháp",
                     re.I),
    "aw": re.compile(r"khen thưởng|hồ sơ", re.I),
}


def part_sections(sections: list[SectionRow], part: str) -> list[SectionRow]:
    """Sections whose heading is about the topic, with everything under them."""
    pattern = TOPICS.get(part)
    if pattern is None:
        return []
    chosen: list[SectionRow] = []
    for s in sections:
        under = any(s.number.startswith(c.number + ".") for c in chosen if c.number)
        short = len(s.heading) <= 100 and not s.heading.endswith("…")
        if under or (s.number and short and pattern.search(s.heading)):
            chosen.append(s)
    if not chosen and part == "g":
        chosen = [s for s in sections if s.ordinal == 0]
    return chosen


def sections_reply(head: str, sections: list[SectionRow], back: list[list[Button]]) -> Reply:
    if not sections:
        return Reply(head + "\n" + _("The plan has no section about this."), back)
    blocks = [f"<b>{escape(s.number)}. {escape(s.heading)}</b>" + (
        f"\n{escape(s.body)}" if s.body else "") for s in sections]
    text = "\n\n".join([head, *blocks])
    if len(text) <= MAX_TEXT:
        return Reply(text, back)
    with_body = [s for s in sections if s.body][:8]
    lines = [head, _("This part of the plan is long. Choose a section to read:")]
    lines += [f"• {escape(s.number)}. {escape(truncate(s.heading, 120))}" for s in sections]
    buttons = [[Button(truncate(f"{s.number}. {s.heading}", 40), BUTTONS.build("s", s.id))]
               for s in with_body]
    return Reply("\n".join(lines), buttons + back)


def deadline_block(d: DeadlineRow, today: dt.date, plan_title: str | None = None) -> str:
    lines = fmt.deadline_lines(d, today, escape(fmt.what_due(d)))
    if plan_title:
        lines.append(f"<i>{escape(fmt.short_title(plan_title))}</i>")
    return "\n".join(lines)


async def deadline_lines(repo: KnowledgeRepo, plan_id: int, today: dt.date) -> list[str]:
    deadlines = await repo.deadlines(plan_id)
    if not deadlines:
        return [_("The plan gives no dates.")]
    return [deadline_block(d, today) for d in deadlines]


def _projected(d: DeadlineRow, today: dt.date) -> dt.date | None:
    """When a periodic report of a past plan comes round again (31/5, 10/11 …)."""
    if d.kind != "date" or not d.recurs_yearly or d.due_date is None or d.due_date >= today:
        return None
    if d.precision not in ("day", "before", "by"):
        return None
    return next_yearly(d.due_date.month, d.due_date.day, today)


def upcoming(deadlines: list[DeadlineRow], today: dt.date
             ) -> list[tuple[dt.date, DeadlineRow, bool]]:
    """(date, deadline, projected from a past plan) for what is still to come, soonest first."""
    found = [(n, d, False) for d in deadlines if (n := fmt.next_date(d, today))]
    taken = {(n.month, n.day) for n, _d, _p in found}
    for d in deadlines:
        n = _projected(d, today)
        if n and (n.month, n.day) not in taken:
            taken.add((n.month, n.day))
            found.append((n, d, True))
    found.sort(key=lambda item: (item[0], item[1].id))
    return found


async def upcoming_deadlines_text(repo: KnowledgeRepo, today: dt.date) -> str:
    deadlines = await repo.deadlines()
    titles = {p.id: p.title for p in await repo.plans()}
    coming = upcoming(deadlines, today)[:UPCOMING_MAX]
    head = "<b>" + _("Upcoming deadlines") + "</b> — " + escape(format_date(today))
    if not coming:
        return "\n\n".join([head, *_nothing_upcoming(deadlines, today, titles)])
    blocks = [head]
    for when, d, projected in coming:
        title = titles.get(d.plan_id or 0)
        if projected:
            blocks.append(_projected_block(d, when, today, title))
        else:
            blocks.append(deadline_block(d, today, title))
    return "\n\n".join(blocks)


def _projected_block(d: DeadlineRow, when: dt.date, today: dt.date, title: str | None) -> str:
    lines = [f"📅 <b>{escape(short_date(when))}</b> ({escape(fmt.weekday(when))}) — "
             f"{escape(fmt.countdown(when, today))}", escape(d.what),
             "🔁 " + escape(_("Every year; last set for {date} by the plan below.").format(
                 date=short_date(d.due_date or when)))]
    if title:
        lines.append(f"<i>{escape(fmt.short_title(title))}</i>")
    return "\n".join(lines)


def _nothing_upcoming(deadlines: list[DeadlineRow], today: dt.date,
                      titles: dict[int, str]) -> list[str]:
    if not deadlines:
        return [_("The plans loaded set no deadlines yet.")]
    past = sorted((d for d in deadlines if d.due_date), key=lambda d: d.due_date or today,
                  reverse=True)[:3]
    out = [_("No deadline is coming up in the plans loaded: every date they set has passed. "
             "The most recent ones were:")]
    out += [deadline_block(d, today, titles.get(d.plan_id or 0)) for d in past]
    return out
