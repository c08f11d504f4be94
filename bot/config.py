"""Configuration: what the bot is set up with, one typed, frozen object per section.

``bot.config_file`` reads it from a TOML file and the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

TELEGRAM_API = "https://api.telegram.org/bot"


class ConfigError(Exception):
    """A configuration problem, explained in one line."""


@dataclass(frozen=True)
class BotSettings:
    timezone: str = "Asia/Ho_Chi_Minh"
    database: Path = Path("var/bot.sqlite3")
    data_dir: Path = Path("data")
    files_dir: Path = Path("var/files")
    units_csv: Path = Path("data/units.csv")
    log_level: str = "INFO"
    admins: tuple[str, ...] = ()  # "telegram:123", "console:admin", "zalo:…"; bare ids = telegram
    concurrent_updates: int = 16  # updates of different people handled at the same time

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class TelegramSettings:
    token: str = ""
    api_base_url: str = TELEGRAM_API
    mode: str = "polling"  # or "webhook"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str = ""
    read_timeout: float = 5.0  # seconds to wait for Telegram's answer to one request

    @property
    def file_base_url(self) -> str:
        """The file download base that goes with ``api_base_url`` (…/bot → …/file/bot)."""
        base = self.api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"


@dataclass(frozen=True)
class OnboardingSettings:
    max_code_attempts: int = 5
    lockout_minutes: int = 15


@dataclass(frozen=True)
class ReminderSettings:
    offsets_days: tuple[int, ...] = (14, 7, 3, 1, 0)
    hour: int = 8
    minute: int = 0
    overdue_notice: bool = True
    grace_hours: int = 6


@dataclass(frozen=True)
class SendingSettings:
    messages_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    max_attempts: int = 8
    reply_budget: float = 8.0  # seconds to get a reply through before it goes to the outbox


@dataclass(frozen=True)
class BackupSettings:
    """The nightly backup: one consistent copy of the database a night, the newest kept."""

    nightly: bool = True
    folder: Path = Path("var/backups")
    hour: int = 2
    minute: int = 30
    keep: int = 14


@dataclass(frozen=True)
class ZaloSettings:
    token: str = ""
    api_base_url: str = "https://bot-api.zaloplatforms.com/bot"
    mode: str = "polling"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8444
    webhook_secret: str = ""


@dataclass(frozen=True)
class OfficeSettings:
    """How the office is kept informed, and how exports are packed."""

    digest_hour: int = 16  # the daily digest of new submissions, bot time
    digest_minute: int = 30
    notify_every_submission: bool = False  # True: a message per submission, as it arrives
    zip_part_mb: float = 49.0  # Telegram bots may send files up to 50 MB


@dataclass(frozen=True)
class KnowledgeSettings:
    """``processes``: worker processes that answer questions off the event loop
    (``bot.knowledge.pool``); 0 answers in the bot's own process; None: 1 when the machine
    has more than one CPU, else 0. ``home``: the places the office serves; their documents
    answer before other places' plans."""

    processes: int | None = None
    home: tuple[str, ...] = ()  # the places the office serves ("Quận 11"): its plans first


@dataclass(frozen=True)
class StorageSettings:
    """Where the data lives: ``url`` a ``postgresql://`` URL (several workers may share it),
    or empty for the SQLite file ``[bot] database``. ``DATABASE_URL`` overrides it."""

    url: str = ""


@dataclass(frozen=True)
class Config:
    bot: BotSettings = field(default_factory=BotSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    onboarding: OnboardingSettings = field(default_factory=OnboardingSettings)
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    sending: SendingSettings = field(default_factory=SendingSettings)
    zalo: ZaloSettings = field(default_factory=ZaloSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    office: OfficeSettings = field(default_factory=OfficeSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    knowledge: KnowledgeSettings = field(default_factory=KnowledgeSettings)
    source: Path | None = None

    @property
    def database_target(self) -> str | Path:
        """What ``Database.open`` takes: the PostgreSQL URL if one is set, else the file."""
        return self.storage.url or self.bot.database

    @property
    def on_postgres(self) -> bool:
        return bool(self.storage.url)

    def is_admin(self, channel: str, external_id: str) -> bool:
        return f"{channel}:{external_id}" in self.bot.admins
