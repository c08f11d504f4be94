"""The core, wired once: every repository and service the features use, each a typed field.

``bot.app.build_core`` builds it from the config; nothing is added to it afterwards (it is
frozen). A feature's ``register(registry, core)`` and each handler (through ``Ctx.core``)
take what they need from it by name, checked by mypy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.admin.daily_digest import DigestSender
from bot.admin.digest import OfficeNotices
from bot.audit import AuditLog
from bot.background import Background
from bot.broadcast_repo import BroadcastRepo
from bot.clock import Clock
from bot.concurrency import OrderedPool
from bot.config import Config
from bot.conversations import ConversationRepo
from bot.downloads import Downloads
from bot.forms.schema import ReportTypeRegistry
from bot.forms.service import ReportService
from bot.forms.submissions import SubmissionRepo
from bot.inbox import Inbox
from bot.joinguard import JoinGuard
from bot.knowledge.last_questions import LastQuestions
from bot.knowledge.pool import AnswerPool
from bot.knowledge.service import KnowledgeBase
from bot.links import LinkRepo
from bot.office_answers import OfficeAnswerRepo
from bot.outbox import Outbox
from bot.registry import Registry
from bot.reminders.service import ReminderService
from bot.storage.db import Database
from bot.units import UnitRepo
from bot.users import UserRepo


@dataclass(frozen=True)
class Core:
    config: Config
    clock: Clock
    db: Database
    registry: Registry  # commands, buttons and flows, filled by the features' register()
    users: UserRepo
    units: UnitRepo
    conversations: ConversationRepo
    links: LinkRepo
    audit: AuditLog
    inbox: Inbox  # updates kept until handled, so a crash loses none
    outbox: Outbox
    broadcasts: BroadcastRepo
    downloads: Downloads  # each channel's file downloader, added when the channel starts
    report_types: ReportTypeRegistry
    reports: ReportService
    submissions: SubmissionRepo  # the office's reads and review of sent reports
    office_notices: OfficeNotices
    office_digest: DigestSender
    reminders: ReminderService
    knowledge: KnowledgeBase
    answers: AnswerPool  # questions answered off the event loop, in worker processes
    last_questions: LastQuestions  # for "More results"
    join_guard: JoinGuard  # limits on guessing join codes across accounts
    office_answers: OfficeAnswerRepo
    background: Background
    updates: OrderedPool  # every channel's updates: concurrent across chats, in order per chat

    def now(self) -> dt.datetime:
        return self.clock.now()

    async def start(self) -> None:
        """Start what runs on its own; channels start after this."""
        await self.answers.start()
        await self.background.start()

    async def stop(self) -> None:
        await self.background.stop()

    async def close(self) -> None:
        """Stop the answer workers, then close the database (always, even if the first
        fails: its thread would keep the process alive)."""
        try:
            await self.answers.close()
        finally:
            await self.db.close()
