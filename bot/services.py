"""The core's services: what the features share, each a typed attribute. ``bot.app`` builds them
once from the config; a feature's own service is ``None`` until that feature is registered."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from bot.audit import AuditLog
from bot.clock import Clock
from bot.concurrency import OrderedPool
from bot.config import Config
from bot.conversations import ConversationRepo
from bot.inbox import Inbox
from bot.models import User
from bot.outbox import Outbox
from bot.port import Reply
from bot.registry import Ctx, Registry
from bot.storage.backup import NightlyBackup
from bot.storage.db import Database
from bot.units import UnitRepo
from bot.users import UserRepo

if TYPE_CHECKING:
    from bot.admin.digest import OfficeNotices
    from bot.features.notices import DigestScheduler, DigestSender
    from bot.forms.schema import ReportTypeRegistry
    from bot.forms.service import ReportService
    from bot.knowledge.service import KnowledgeBase
    from bot.office_answers import OfficeAnswerRepo
    from bot.reminders.scheduler import ReminderScheduler
    from bot.reminders.service import ReminderService

Fallback = Callable[[Ctx], Awaitable[list[Reply] | None]]
T = TypeVar("T")


def need(service: T | None, what: str) -> T:
    """A feature's service that must be there by now (its feature registers it)."""
    if service is None:
        raise RuntimeError(f"{what} is not set up: its feature was not registered")
    return service


@dataclass
class Services:
    config: Config
    db: Database
    clock: Clock
    users: UserRepo
    units: UnitRepo
    conversations: ConversationRepo
    outbox: Outbox
    audit: AuditLog
    registry: Registry = field(default_factory=Registry)
    text_fallbacks: list[Fallback] = field(default_factory=list)
    file_fallbacks: list[Fallback] = field(default_factory=list)
    cancel_hooks: list[Callable[[Ctx], Awaitable[list[Reply]]]] = field(default_factory=list)
    # "where is this person now": the question of a flow they are in, shown again after an error
    resume_hooks: list[Callable[[User], Awaitable[list[Reply]]]] = field(default_factory=list)
    # channel → download(file_id) -> bytes; channels add theirs when they start
    downloaders: dict[str, Callable[[str], Awaitable[bytes]]] = field(default_factory=dict)
    # prefix → view(key) -> (reply, finished): messages a channel keeps refreshing (progress)
    live_views: dict[str, Callable[[str], Awaitable[tuple[Reply, bool]]]] = field(
        default_factory=dict
    )
    outbox_listeners: list[Callable[[], None]] = field(default_factory=list)
    nightly_backup: NightlyBackup | None = None
    inbox: Inbox | None = None  # updates kept until handled, so a crash loses none
    # every channel's updates: concurrent across chats, in order within one, bounded
    updates: OrderedPool = field(default_factory=lambda: OrderedPool(16))
    # set by the features that own them (bot.features.register_all)
    reports: ReportService | None = None
    report_types: ReportTypeRegistry | None = None
    office_notices: OfficeNotices | None = None
    office_digest: DigestSender | None = None
    office_digest_scheduler: DigestScheduler | None = None
    reminders: ReminderService | None = None
    reminder_scheduler: ReminderScheduler | None = None
    knowledge: KnowledgeBase | None = None
    office_answers: OfficeAnswerRepo | None = None
    _sweeper: asyncio.Task[None] | None = field(default=None, init=False, repr=False)
    _sweeper_stop: asyncio.Event = field(default_factory=asyncio.Event, init=False, repr=False)

    def now(self) -> dt.datetime:
        return self.clock.now()

    async def start(self) -> None:
        """Start what runs on its own (the reminder scheduler, the office's daily digest, the
        nightly backup, the sweeper of left-over files); channels start after this."""
        for scheduler in (self.reminder_scheduler, self.office_digest_scheduler):
            if scheduler is not None:
                await scheduler.start()
        if self.nightly_backup is not None:
            await self.nightly_backup.start()
        from bot.housekeeping import run_sweeper

        self._sweeper_stop = asyncio.Event()
        self._sweeper = asyncio.create_task(
            run_sweeper(self.db, self.config.bot.files_dir, self.now, self._sweeper_stop))

    async def stop(self) -> None:
        sweeper, self._sweeper = self._sweeper, None
        if sweeper is not None:
            self._sweeper_stop.set()
            await sweeper
        for scheduler in (self.reminder_scheduler, self.office_digest_scheduler):
            if scheduler is not None:
                await scheduler.stop()  # a run in progress ends before the database closes
        if self.nightly_backup is not None:
            self.nightly_backup.shutdown()

    def outbox_changed(self) -> None:
        """Wake the channel senders: something was queued."""
        for listener in self.outbox_listeners:
            listener()

    async def close(self) -> None:
        await self.db.close()
