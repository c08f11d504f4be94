"""The composition root of the core: the services built once from the config, every feature
registered on them. The channels (``bot.cli``) start from here."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.audit import AuditLog
from bot.clock import Clock
from bot.config import Config
from bot.conversations import ConversationRepo
from bot.features import register_all
from bot.inbox import Inbox
from bot.outbox import Outbox
from bot.services import Services
from bot.storage.backup import NightlyBackup
from bot.storage.connect import open_database
from bot.storage.db import Database
from bot.units import UnitRepo
from bot.users import UserRepo

log = logging.getLogger(__name__)


async def read_local_file(file_id: str) -> bytes:
    """The console's files are paths on this machine."""
    return await asyncio.to_thread(Path(file_id).read_bytes)


async def build_services(config: Config, clock: Clock) -> Services:
    db = await open_database(config.database_target)
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
        inbox=Inbox(db),
    )
    services.downloaders["console"] = read_local_file
    b = config.backup
    if b.nightly and not config.on_postgres and str(config.bot.database) != ":memory:":
        services.nightly_backup = NightlyBackup(Path(config.bot.database), b.folder, b.keep,
                                                b.hour, b.minute, clock)
    if config.bot.units_csv.exists():
        loaded = await units.load_csv(config.bot.units_csv)
        log.info("loaded %d units from %s", len(loaded), config.bot.units_csv)
    else:
        log.warning("no unit list at %s: nobody can join a unit yet", config.bot.units_csv)
    await register_all(services)
    return services
