"""The office's daily digest: once a day at the time set in ``[office]`` (16:30 by default), or
at start if the bot was down then, the admins who chose it hear of the reports that were not
announced at once. ``bot.features.notices`` holds the /notices screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.admin.digest import (
    KIND,
    NoticeMode,
    OfficeNotices,
    digest_lines,
    digest_reply,
)
from bot.clock import Clock
from bot.config import Config
from bot.forms.schema import ReportTypeRegistry
from bot.forms.submissions import SubmissionRepo
from bot.office_digests import OfficeDigestRepo
from bot.outbox import Outbox
from bot.scheduling import AlarmScheduler, _real_now
from bot.users import UserRepo

JOB_ID = "office:digest"


class DigestSender:
    def __init__(self, config: Config, users: UserRepo, outbox: Outbox, notices: OfficeNotices,
                 types: ReportTypeRegistry, repo: OfficeDigestRepo,
                 submissions: SubmissionRepo) -> None:
        self.users, self.outbox, self.notices, self.types, self.repo = (
            users, outbox, notices, types, repo)
        self.submissions = submissions
        self.tz = config.bot.tz
        self.at = dt.time(config.office.digest_hour, config.office.digest_minute)

    def time_on(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.at, tzinfo=self.tz)

    async def next_run(self, now: dt.datetime) -> dt.datetime:
        """Today's digest time if it has not gone out yet (now, if that time has passed)."""
        today = now.astimezone(self.tz).date()
        if not await self.repo.sent_on(today):
            return max(now, self.time_on(today))
        return self.time_on(today + dt.timedelta(days=1))

    async def send_due(self, now: dt.datetime) -> int:
        """Send today's digest if its time has come; how many admins it was queued for."""
        today = now.astimezone(self.tz).date()
        if now < self.time_on(today) or await self.repo.sent_on(today):
            return 0
        after, last_sent = await self.repo.covered()
        received, until = await self.submissions.received_after(after)
        lines = digest_lines(received, self.types)
        if not await self.repo.mark(today, until, sum(line.count for line in lines), now):
            return 0
        if not lines:
            return 0
        since = dt.datetime.fromisoformat(last_sent).astimezone(self.tz) if last_sent else None
        admins = [a for a in await self.users.admin_ids()
                  if await self.notices.mode(a) is NoticeMode.DIGEST]
        await self.outbox.notify_users(admins, lambda: digest_reply(lines, self.types, since),
                                       kind=KIND, dedupe_key=f"digest:{today.isoformat()}")
        self.outbox.changed()
        return len(admins)


class DigestScheduler(AlarmScheduler):
    """The digest's alarm clock: always planned (there is a digest every day)."""

    job_id = JOB_ID
    what = "office digest"

    def __init__(self, sender: DigestSender, clock: Clock, *,
                 real_now: Callable[[], dt.datetime] = _real_now) -> None:
        super().__init__(clock, real_now=real_now)
        self.sender = sender

    async def next_fire(self, after: dt.datetime) -> dt.datetime | None:
        return await self.sender.next_run(after)

    async def run_due(self, now: dt.datetime) -> None:
        await self.sender.send_due(now)
