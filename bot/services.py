"""The core's services, built once from the config (the composition root for the core)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.audit import AuditLog
from bot.clock import Clock
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

log = logging.getLogger(__name__)

Fallback = Callable[[Ctx], Awaitable[list[Reply] | None]]


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
    extras: dict[str, Any] = field(default_factory=dict)
    # channel → download(file_id) -> bytes; channels add theirs when they start
    downloaders: dict[str, Callable[[str], Awaitable[bytes]]] = field(default_factory=dict)
    # prefix → view(key) -> (reply, finished): messages a channel keeps refreshing (progress)
    live_views: dict[str, Callable[[str], Awaitable[tuple[Reply, bool]]]] = field(
        default_factory=dict
    )
    outbox_listeners: list[Callable[[], None]] = field(default_factory=list)
    nightly_backup: NightlyBackup | None = None

    def now(self) -> dt.datetime:
        return self.clock.now()

    async def start(self) -> None:
        """Start what runs on its own (the reminder scheduler, the office's daily digest, the
        nightly backup, the sweeper of left-over files); channels start after this."""
        for name in ("reminder_scheduler", "office_digest_scheduler"):
            scheduler = self.extras.get(name)
            if scheduler is not None:
                await scheduler.start()
        if self.nightly_backup is not None:
            await self.nightly_backup.start()
        from bot.housekeeping import run_sweeper

        stop = self.extras["sweeper_stop"] = asyncio.Event()
        self.extras["sweeper"] = asyncio.create_task(
            run_sweeper(self.db, self.config.bot.files_dir, self.now, stop))

    async def stop(self) -> None:
        sweeper = self.extras.pop("sweeper", None)
        if sweeper is not None:
            self.extras["sweeper_stop"].set()
            await sweeper
        for name in ("reminder_scheduler", "office_digest_scheduler"):
            scheduler = self.extras.get(name)
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


async def read_local_file(file_id: str) -> bytes:
    """The console's files are paths on this machine."""
    return await asyncio.to_thread(Path(file_id).read_bytes)


async def build_services(config: Config, clock: Clock) -> Services:
    db = await Database.open(config.bot.database)
    try:
        return await _build(config, clock, db)
    except BaseException:
        await db.close()  # a half-built bot must not keep the process alive
        raise


async def _build(config: Config, clock: Clock, db: Database) -> Services:
    users = UserRepo(db, config.bot.admins)
    units = UnitRepo(db)
    services = Services(
        config=config,
        db=db,
        clock=clock,
        users=users,
        units=units,
        conversations=ConversationRepo(db),
        outbox=Outbox(db, users, clock.now),
        audit=AuditLog(db),
    )
    services.extras["inbox"] = Inbox(db)
    services.downloaders["console"] = read_local_file
    b = config.backup
    if b.nightly and str(config.bot.database) != ":memory:":
        services.nightly_backup = NightlyBackup(Path(config.bot.database), b.folder, b.keep,
                                                b.hour, b.minute, clock)
    if config.bot.units_csv.exists():
        loaded = await units.load_csv(config.bot.units_csv)
        log.info("loaded %d units from %s", len(loaded), config.bot.units_csv)
    else:
        log.warning("no unit list at %s: nobody can join a unit yet", config.bot.units_csv)
    from bot.features import register_all

    await register_all(services)
    return services
