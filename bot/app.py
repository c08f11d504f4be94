"""The composition root of the core: every repository and service built once from the config,
each given only what it uses, then every feature registered. The channels (``bot.cli``) start
from here."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from bot.admin.daily_digest import DigestScheduler, DigestSender
from bot.admin.digest import NoticeMode, OfficeNotices
from bot.audit import AuditLog
from bot.background import Background
from bot.broadcast_repo import BroadcastRepo
from bot.channels.console import read_local_file
from bot.clock import Clock
from bot.concurrency import OrderedPool
from bot.config import Config
from bot.conversations import ConversationRepo
from bot.core import Core
from bot.downloads import Downloads
from bot.features import register_all
from bot.forms.files import FileStore
from bot.forms.loader import load_registry
from bot.forms.service import ReportService
from bot.forms.submissions import SubmissionRepo
from bot.housekeeping import FileOwners
from bot.inbox import Inbox, OrphanSweep
from bot.joinguard import JoinGuard
from bot.knowledge.last_questions import LastQuestions
from bot.knowledge.pool import AnswerPool
from bot.knowledge.pool_worker import default_processes
from bot.knowledge.service import KnowledgeBase
from bot.links import LinkRepo
from bot.office_answers import OfficeAnswerRepo
from bot.office_digests import OfficeDigestRepo
from bot.outbox import Outbox
from bot.registry import Registry
from bot.reminders.planner import Policy
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.service import ReminderService
from bot.storage.backup import NightlyBackup
from bot.storage.connect import open_database
from bot.storage.db import Database
from bot.units import UnitRepo
from bot.users import UserRepo

log = logging.getLogger(__name__)


async def build_core(config: Config, clock: Clock) -> Core:
    db = await open_database(config.database_target)
    try:
        return await _build(config, clock, db)
    except BaseException:
        await db.close()  # a half-built bot must not keep the process alive
        raise


def reminder_service(config: Config, db: Database, users: UserRepo, outbox: Outbox,
                     clock: Clock, policy: Policy | None = None) -> ReminderService:
    return ReminderService(db, users, outbox, policy or Policy.from_config(config),
                           config.bot.data_dir / "deadlines.toml", clock.now)


def link_repo(config: Config, db: Database, users: UserRepo) -> LinkRepo:
    settings = config.onboarding
    return LinkRepo(db, max_failures=settings.max_code_attempts,
                    lockout=dt.timedelta(minutes=settings.lockout_minutes),
                    admins=frozenset(config.bot.admins), on_change=users.note_change)


def answer_processes(config: Config) -> int:
    """``[knowledge] processes``, or the machine's default when it is not set."""
    chosen = config.knowledge.processes
    return default_processes() if chosen is None else chosen


async def _build(config: Config, clock: Clock, db: Database) -> Core:
    users = UserRepo(db, config.bot.admins)
    units = UnitRepo(db)
    outbox = Outbox(db, users, clock.now)
    downloads = Downloads()
    downloads.add("console", read_local_file)  # also for the core's tests, which play it
    types = load_registry()
    digests = OfficeDigestRepo(db)
    submissions = SubmissionRepo(db)
    office = OfficeNotices(digests, users, types,
                           NoticeMode.EACH if config.office.notify_every_submission
                           else NoticeMode.DIGEST)
    conversations = ConversationRepo(db)
    reports = ReportService(db, conversations, types,
                            FileStore(config.bot.files_dir, downloads), outbox, office)
    reminders = reminder_service(config, db, users, outbox, clock)
    await reminders.load_defaults()
    digest = DigestSender(config, users, outbox, office, types, digests, submissions)
    office_answers = OfficeAnswerRepo(db)
    await office_answers.reload()
    knowledge = await KnowledgeBase.load(db, clock=clock, office=office_answers,
                                         home=config.knowledge.home)
    await knowledge.import_directory(config.bot.data_dir / "plans", now=clock.now())
    if config.knowledge.home and not knowledge.answerer.home:
        log.warning("[knowledge] home %s names no place of the loaded documents: every "
                    "office's plan counts as its own", list(config.knowledge.home))
    b = config.backup
    backup = None
    if b.nightly and not config.on_postgres and str(config.bot.database) != ":memory:":
        backup = NightlyBackup(Path(config.bot.database), b.folder, b.keep, b.hour, b.minute,
                               clock)
    inbox = Inbox(db)
    background = Background(ReminderScheduler(reminders, clock), DigestScheduler(digest, clock),
                            backup, files_dir=config.bot.files_dir, now=clock.now,
                            files=FileOwners(submissions, reports.repo, knowledge.repo,
                                             conversations),
                            orphans=OrphanSweep(inbox, clock.now) if db.shared else None)
    registry = Registry()
    core = Core(
        config=config, clock=clock, db=db, registry=registry, users=users, units=units,
        conversations=conversations, links=link_repo(config, db, users), audit=AuditLog(db),
        inbox=inbox, outbox=outbox,
        broadcasts=BroadcastRepo(db, outbox), downloads=downloads, report_types=types,
        reports=reports, submissions=submissions, office_notices=office,
        office_digest=digest, reminders=reminders,
        knowledge=knowledge, answers=AnswerPool(knowledge, answer_processes(config)),
        last_questions=LastQuestions(db),
        join_guard=JoinGuard(db, dt.timedelta(minutes=config.onboarding.lockout_minutes)),
        office_answers=office_answers, background=background,
        updates=OrderedPool(config.bot.concurrent_updates),
    )
    await _load_units(config, units)
    register_all(registry, core)
    return core


async def _load_units(config: Config, units: UnitRepo) -> None:
    if config.bot.units_csv.exists():
        loaded = await units.load_csv(config.bot.units_csv)
        log.info("loaded %d units from %s", len(loaded), config.bot.units_csv)
    else:
        log.warning("no unit list at %s: nobody can join a unit yet", config.bot.units_csv)
