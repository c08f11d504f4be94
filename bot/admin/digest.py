"""New reports reach the office without a flood.

Unit reports (one per unit, the ones the office reviews) and resent versions of returned
reports are announced to admins at once. Everything else (a teacher's title registration, a
nomination) is summed up in one digest a day at the configured time, with counts per report
type and buttons to the lists. An admin can ask to hear of every report at once instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from bot.admin.actions import REVIEW
from bot.forms.repo import Submission
from bot.forms.schema import ReportTypeRegistry, Scope
from bot.i18n import _, format_datetime, ngettext
from bot.office_digests import OfficeDigestRepo
from bot.port import Button, Reply
from bot.users import UserRepo

KIND = "report_digest"


class NoticeMode(StrEnum):
    DIGEST = "digest"
    EACH = "each"


@dataclass(frozen=True)
class DigestLine:
    report_type: str
    period: str
    count: int
    units: int


class OfficeNotices:
    """Who among the admins is told of a submission at once (``Submitter`` asks)."""

    def __init__(self, repo: OfficeDigestRepo, users: UserRepo, types: ReportTypeRegistry,
                 default: NoticeMode = NoticeMode.DIGEST) -> None:
        self.repo, self.users, self.types, self.default = repo, users, types, default

    def needs_review(self, sub: Submission) -> bool:
        rt = self.types.get(sub.type_id)
        return rt is None or rt.scope is Scope.UNIT or sub.version > 1

    async def mode(self, user_id: int) -> NoticeMode:
        value = await self.repo.notice_mode(user_id)
        return NoticeMode(value) if value else self.default

    async def set_mode(self, user_id: int, mode: NoticeMode) -> None:
        await self.repo.set_notice_mode(user_id, mode.value)

    async def admins_now(self, sub: Submission) -> list[int]:
        admins = await self.users.admin_ids()
        if self.needs_review(sub):
            return admins
        return [a for a in admins if await self.mode(a) is NoticeMode.EACH]


def digest_lines(received: list[tuple[str, str, str, int]],
                 types: ReportTypeRegistry) -> list[DigestLine]:
    """Counts per report type and period of what was not announced at once."""
    counts: dict[tuple[str, str], tuple[int, set[str]]] = {}
    for type_id, period, unit_id, version in received:
        rt = types.get(type_id)
        if rt is None or rt.scope is Scope.UNIT or version > 1:
            continue  # announced at once already
        n, units = counts.get((type_id, period), (0, set()))
        counts[(type_id, period)] = (n + 1, units | {unit_id})
    return [DigestLine(t, p, n, len(u)) for (t, p), (n, u) in sorted(counts.items())]


def digest_reply(lines: list[DigestLine], types: ReportTypeRegistry,
                 since: dt.datetime | None) -> Reply:
    total = sum(line.count for line in lines)
    head = ngettext("📥 <b>{n} new report</b> since {since}", "📥 <b>{n} new reports</b> since "
                    "{since}", total) if since else ngettext(
        "📥 <b>{n} new report</b>", "📥 <b>{n} new reports</b>", total)
    text = [head.format(n=total, since=format_datetime(since) if since else "")]
    buttons = []
    for line in lines:
        rt = types.get(line.report_type)
        title = rt.title.get() if rt else line.report_type
        period = rt.period_name(line.period) if rt else line.period  # "Năm 2027"
        text.append("• " + _("{title} ({period}): {n}, from {units} units").format(
            title=escape(title), period=escape(period), n=line.count, units=line.units))
        buttons.append([Button(_("Open: {title}").format(title=title)[:60],
                               REVIEW.build("list", line.report_type, line.period))])
    text.append(_("Reports that need review were announced as they came. To hear of every "
                  "report at once: /notices"))
    return Reply("\n".join(text), buttons=buttons)
