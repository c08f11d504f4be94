"""How the office hears of new reports: /notices lets an admin choose every report at once, or
the daily digest (reports needing review still at once); the digest goes out at the time set in
``[office]`` (16:30 by default), or at start if the bot was down then."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.admin.digest import (
    KIND,
    DigestRepo,
    NoticeMode,
    OfficeNotices,
    digest_lines,
    digest_reply,
)
from bot.callbacks import Codec, Press, member
from bot.clock import Clock
from bot.forms.schema import ReportTypeRegistry
from bot.i18n import N_, _
from bot.models import Role
from bot.port import Button, Reply
from bot.registry import Ctx
from bot.services import Services, need

log = logging.getLogger(__name__)
STOP_WAIT = 5.0  # seconds a cancelled run may take to end when the bot stops
JOB_ID = "office:digest"


BUTTONS = Codec("nt", 1, {"set": (member(NoticeMode),)})  # how the office hears of reports


def register(services: Services) -> None:
    notices = need(services.office_notices, "office notices")
    sender = DigestSender(services, notices, need(services.report_types, "report types"))
    services.office_digest = sender
    services.office_digest_scheduler = DigestScheduler(sender, services.clock)
    r = services.registry
    r.command("notices", N_("How you hear of new reports: at once or a daily digest"), choose,
              roles={Role.ADMIN})
    r.action(BUTTONS, on_action, roles={Role.ADMIN})


class DigestSender:
    def __init__(self, services: Services, notices: OfficeNotices,
                 types: ReportTypeRegistry) -> None:
        self.s, self.notices, self.types = services, notices, types
        self.repo = DigestRepo(services.db)
        office = services.config.office
        self.at = dt.time(office.digest_hour, office.digest_minute)

    def time_on(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.at, tzinfo=self.s.config.bot.tz)

    async def next_run(self, now: dt.datetime) -> dt.datetime:
        """Today's digest time if it has not gone out yet (now, if that time has passed)."""
        today = now.astimezone(self.s.config.bot.tz).date()
        if not await self.repo.sent_on(today):
            return max(now, self.time_on(today))
        return self.time_on(today + dt.timedelta(days=1))

    async def send_due(self, now: dt.datetime) -> int:
        """Send today's digest if its time has come; how many admins it was queued for."""
        today = now.astimezone(self.s.config.bot.tz).date()
        if now < self.time_on(today) or await self.repo.sent_on(today):
            return 0
        after, last_sent = await self.repo.covered()
        received, until = await self.repo.received(after)
        lines = digest_lines(received, self.types)
        if not await self.repo.mark(today, until, sum(line.count for line in lines), now):
            return 0
        if not lines:
            return 0
        since = dt.datetime.fromisoformat(last_sent).astimezone(self.s.config.bot.tz) if (
            last_sent) else None
        admins = [a for a in await self.s.users.admin_ids()
                  if await self.notices.mode(a) is NoticeMode.DIGEST]
        await self.s.outbox.notify_users(admins, lambda: digest_reply(lines, self.types, since),
                                         kind=KIND, dedupe_key=f"digest:{today.isoformat()}")
        self.s.outbox_changed()
        return len(admins)


class DigestScheduler:
    """One APScheduler job: the next digest. The bot's clock may be shifted for rehearsals, so
    a time on the bot clock runs at ``real_now + (time − clock.now())``."""

    def __init__(self, sender: DigestSender, clock: Clock, *,
                 real_now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> None:
        self.sender, self.clock, self.real_now = sender, clock, real_now
        self.scheduler = AsyncIOScheduler()
        self._running: asyncio.Task[object] | None = None  # a run in progress

    async def start(self) -> None:
        if not self.scheduler.running:
            self.scheduler.start()
        await self.plan()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def stop(self) -> None:
        """Shut down, and let a run in progress end (it is cancelled) before the database
        closes."""
        self.shutdown()
        run = self._running
        if run is not None and not run.done():
            run.cancel()
            await asyncio.wait({run}, timeout=STOP_WAIT)

    async def plan(self) -> None:
        fire = await self.sender.next_run(self.clock.now())
        run_date = self.real_now() + (fire - self.clock.now())
        self.scheduler.add_job(self._run, "date", run_date=run_date, id=JOB_ID,
                               replace_existing=True, misfire_grace_time=None, coalesce=True)

    async def _run(self) -> None:
        """Send what is due, then plan the next digest. When the bot stops, APScheduler cancels
        a run in progress: it ends quietly and plans nothing (the database is closing)."""
        self._running = asyncio.current_task()
        try:
            try:
                await self.sender.send_due(self.clock.now())
            except Exception:
                log.exception("office digest failed")
            if self.scheduler.running:
                await self.plan()
        except asyncio.CancelledError:
            log.debug("office digest: stopped with the bot")
        finally:
            self._running = None


async def choose(ctx: Ctx) -> list[Reply]:
    notices = need(ctx.services.office_notices, "office notices")
    mode = await notices.mode(ctx.user.id)
    office = ctx.services.config.office
    when = f"{office.digest_hour:02d}:{office.digest_minute:02d}"
    now = (_("You hear of every new report at once.") if mode is NoticeMode.EACH else
           _("You hear at once of reports that need review (unit reports, resent reports); "
             "the rest come in one digest a day at {time}.").format(time=when))
    mark = {mode: "✓ "}
    return [Reply(now, buttons=[
        [Button(mark.get(NoticeMode.DIGEST, "") + _("Daily digest"),
                BUTTONS.build("set", NoticeMode.DIGEST))],
        [Button(mark.get(NoticeMode.EACH, "") + _("Every report at once"),
                BUTTONS.build("set", NoticeMode.EACH))]])]


async def on_action(ctx: Ctx, press: Press) -> list[Reply]:
    mode = press.member(0, NoticeMode)
    assert mode is not None  # the codec's field
    notices = need(ctx.services.office_notices, "office notices")
    await notices.set_mode(ctx.user.id, mode)
    replies = await choose(ctx)
    replies[0].edit = True
    return replies
