"""Reading the configuration: a TOML file, with secrets and test hooks from the environment.

The file is ``--config``, else ``$BOT_CONFIG``, else ``config.toml`` in the working directory,
else the shipped ``config.example.toml``. Environment variables override the file:
``BOT_TOKEN``, ``TELEGRAM_API_BASE_URL``, ``BOT_ADMIN_IDS``, ``BOT_WEBHOOK_SECRET``,
``ZALO_BOT_TOKEN``, ``ZALO_API_BASE_URL``, ``DATABASE_URL``. A missing or malformed key raises
``ConfigError`` with one line naming the key and what is expected.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import (
    TELEGRAM_API,
    BackupSettings,
    BotSettings,
    Config,
    ConfigError,
    KnowledgeSettings,
    OfficeSettings,
    OnboardingSettings,
    ReminderSettings,
    SendingSettings,
    StorageSettings,
    TelegramSettings,
    ZaloSettings,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = PROJECT_ROOT / "config.example.toml"


def find_config_file(explicit: str | None = None, env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if explicit:
        path = Path(explicit)
        if not path.exists():
            raise ConfigError(f"config file {path} does not exist")
        return path
    if env.get("BOT_CONFIG"):
        path = Path(env["BOT_CONFIG"])
        if not path.exists():
            raise ConfigError(f"BOT_CONFIG points to {path}, which does not exist")
        return path
    local = Path("config.toml")
    return local if local.exists() else EXAMPLE_CONFIG


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    path = path or find_config_file(env=env)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    return _build(raw, env, path)


def _build(raw: dict[str, Any], env: Mapping[str, str], path: Path) -> Config:
    known = {"bot", "telegram", "onboarding", "reminders", "sending", "zalo", "backup",
             "office", "storage", "knowledge"}
    for name in raw:
        if name not in known:
            listed = ", ".join(sorted(known))
            raise ConfigError(f"{path}: unknown section [{name}] (known: {listed})")
    r = _Reader(raw, path)
    admins = [_admin_id(a, f"{path}: [bot] admins") for a in r.items("bot", "admins", str, [])]
    if env.get("BOT_ADMIN_IDS", "").strip():
        admins = [
            _admin_id(a.strip(), "BOT_ADMIN_IDS")
            for a in env["BOT_ADMIN_IDS"].split(",")
            if a.strip()
        ]
    bot = BotSettings(
        timezone=_timezone(r.text("bot", "timezone", "Asia/Ho_Chi_Minh"), path),
        database=Path(r.text("bot", "database", "var/bot.sqlite3")),
        data_dir=Path(r.text("bot", "data_dir", "data")),
        files_dir=Path(r.text("bot", "files_dir", "var/files")),
        units_csv=Path(r.text("bot", "units_csv", "data/units.csv")),
        log_level=r.choice("bot", "log_level", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"),
        admins=tuple(admins),
        concurrent_updates=r.integer("bot", "concurrent_updates", 16, 1, 1000),
    )
    telegram = TelegramSettings(
        token=env.get("BOT_TOKEN") or r.text("telegram", "token", ""),
        api_base_url=env.get("TELEGRAM_API_BASE_URL")
        or r.text("telegram", "api_base_url", TELEGRAM_API),
        mode=r.choice("telegram", "mode", ("polling", "webhook"), "polling"),
        webhook_url=r.text("telegram", "webhook_url", ""),
        webhook_listen=r.text("telegram", "webhook_listen", "127.0.0.1"),
        webhook_port=r.integer("telegram", "webhook_port", 8443, 1, 65535),
        webhook_secret=env.get("BOT_WEBHOOK_SECRET") or r.text("telegram", "webhook_secret", ""),
        read_timeout=r.number("telegram", "read_timeout", 5.0),
    )
    if telegram.mode == "webhook" and telegram.token and not telegram.webhook_url:
        raise ConfigError(f"{path}: [telegram] webhook_url is required when mode = \"webhook\"")
    if telegram.mode == "webhook" and telegram.token and not _good_secret(telegram.webhook_secret):
        raise ConfigError(
            f"{path}: webhook mode needs a secret of 8 to 256 characters (letters, digits, _ "
            "and -): set BOT_WEBHOOK_SECRET or [telegram] webhook_secret")
    return Config(
        bot=bot,
        telegram=telegram,
        onboarding=OnboardingSettings(
            max_code_attempts=r.integer("onboarding", "max_code_attempts", 5, 1, 100),
            lockout_minutes=r.integer("onboarding", "lockout_minutes", 15, 0, 24 * 60),
        ),
        reminders=ReminderSettings(
            offsets_days=tuple(r.items("reminders", "offsets_days", int, [14, 7, 3, 1, 0])),
            hour=r.integer("reminders", "hour", 8, 0, 23),
            minute=r.integer("reminders", "minute", 0, 0, 59),
            overdue_notice=r.flag("reminders", "overdue_notice", True),
            grace_hours=r.integer("reminders", "grace_hours", 6, 0, 24 * 7),
        ),
        sending=SendingSettings(
            messages_per_second=r.number("sending", "messages_per_second", 30.0),
            per_chat_per_second=r.number("sending", "per_chat_per_second", 1.0),
            max_attempts=r.integer("sending", "max_attempts", 8, 1, 100),
            reply_budget=r.number("sending", "reply_budget", 8.0),
        ),
        zalo=ZaloSettings(
            token=env.get("ZALO_BOT_TOKEN") or r.text("zalo", "token", ""),
            api_base_url=env.get("ZALO_API_BASE_URL")
            or r.text("zalo", "api_base_url", ZaloSettings.api_base_url),
            mode=r.choice("zalo", "mode", ("polling", "webhook"), "polling"),
            webhook_url=r.text("zalo", "webhook_url", ""),
            webhook_listen=r.text("zalo", "webhook_listen", "127.0.0.1"),
            webhook_port=r.integer("zalo", "webhook_port", 8444, 1, 65535),
            webhook_secret=env.get("ZALO_WEBHOOK_SECRET") or r.text("zalo", "webhook_secret", ""),
        ),
        backup=BackupSettings(
            nightly=r.flag("backup", "nightly", True),
            folder=Path(r.text("backup", "folder", "var/backups")),
            hour=r.integer("backup", "hour", 2, 0, 23),
            minute=r.integer("backup", "minute", 30, 0, 59),
            keep=r.integer("backup", "keep", 14, 1, 3650),
        ),
        office=OfficeSettings(
            digest_hour=r.integer("office", "digest_hour", 16, 0, 23),
            digest_minute=r.integer("office", "digest_minute", 30, 0, 59),
            notify_every_submission=r.flag("office", "notify_every_submission", False),
            zip_part_mb=r.number("office", "zip_part_mb", 49.0),
        ),
        storage=StorageSettings(url=_storage_url(
            env.get("DATABASE_URL") or r.text("storage", "url", ""), path)),
        knowledge=KnowledgeSettings(
            processes=r.integer("knowledge", "processes", 0, 0, 16)
            if r.has("knowledge", "processes") else None,
            home=tuple(r.items("knowledge", "home", str, []))),
        source=path,
    )


def _storage_url(url: str, path: Path) -> str:
    url = url.strip()
    if url and not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"{path}: [storage] url (or DATABASE_URL) must start with "
                          f"postgresql:// (got {url.split(':', 1)[0]!r}); leave it empty for "
                          "SQLite")
    return url


def _admin_id(value: str, where: str) -> str:
    value = str(value).strip()
    channel, _, ident = value.rpartition(":")
    channel = channel or "telegram"
    if channel not in ("telegram", "console", "zalo") or not ident:
        raise ConfigError(f"{where}: '{value}' is not an admin id (use 123456789 or console:NAME)")
    if channel == "telegram" and not ident.isdigit():
        raise ConfigError(f"{where}: '{value}' is not a Telegram user id (a whole number)")
    return f"{channel}:{ident}"


def _timezone(name: str, path: Path) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: [bot] timezone '{name}' is not a known time zone") from None
    return name


class _Reader:
    """Typed look-ups into the parsed TOML that fail with one clear line."""

    def __init__(self, raw: dict[str, Any], path: Path) -> None:
        self._raw, self._path = raw, path

    def _get(self, section: str, key: str, default: Any) -> Any:
        table = self._raw.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{self._path}: [{section}] must be a table")
        return table.get(key, default)

    def _fail(self, section: str, key: str, expected: str, got: Any) -> ConfigError:
        return ConfigError(f"{self._path}: [{section}] {key} must be {expected} (got {got!r})")

    def has(self, section: str, key: str) -> bool:
        return self._get(section, key, None) is not None

    def text(self, section: str, key: str, default: str) -> str:
        value = self._get(section, key, default)
        if not isinstance(value, str):
            raise self._fail(section, key, "a string", value)
        return value

    def integer(self, section: str, key: str, default: int, lo: int, hi: int) -> int:
        value = self._get(section, key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self._fail(section, key, f"a whole number from {lo} to {hi}", value)
        return value

    def number(self, section: str, key: str, default: float) -> float:
        value = self._get(section, key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self._fail(section, key, "a positive number", value)
        return float(value)

    def flag(self, section: str, key: str, default: bool) -> bool:
        value = self._get(section, key, default)
        if not isinstance(value, bool):
            raise self._fail(section, key, "true or false", value)
        return value

    def choice(self, section: str, key: str, options: tuple[str, ...], default: str) -> str:
        value = self._get(section, key, default)
        if value not in options:
            raise self._fail(section, key, "one of " + ", ".join(options), value)
        return str(value)

    def items(self, section: str, key: str, kind: type, default: list[Any]) -> list[Any]:
        value = self._get(section, key, default)
        ok = isinstance(value, list) and all(
            isinstance(v, kind) and not isinstance(v, bool) for v in value
        )
        if kind is str and isinstance(value, list):
            ok = all(isinstance(v, str | int) and not isinstance(v, bool) for v in value)
            value = [str(v) for v in value] if ok else value
        if not ok:
            raise self._fail(section, key, f"a list of {kind.__name__}", value)
        return list(value)


_SECRET = re.compile(r"[A-Za-z0-9_-]{8,256}")


def _good_secret(secret: str) -> bool:
    """Telegram's rule for ``secret_token``; without one, anyone could post forged updates."""
    return _SECRET.fullmatch(secret) is not None
