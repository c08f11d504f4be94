"""The one source of time. Tests set it; ``BOT_NOW`` starts it at a chosen instant."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.tz)


class ShiftedClock:
    """Starts at ``start`` and runs forward at normal speed (for rehearsals and e2e tests)."""

    def __init__(self, start: dt.datetime, tz: ZoneInfo) -> None:
        self.tz = tz
        self._start = start
        self._t0 = time.monotonic()

    def now(self) -> dt.datetime:
        return (self._start + dt.timedelta(seconds=time.monotonic() - self._t0)).astimezone(
            self.tz
        )


class ManualClock:
    """A clock that moves only when told to (unit tests)."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = start
        self.tz = start.tzinfo

    def now(self) -> dt.datetime:
        return self._now

    def set(self, value: dt.datetime) -> None:
        self._now = value

    def advance(self, **delta: float) -> None:
        self._now += dt.timedelta(**delta)


def parse_bot_now(value: str) -> dt.datetime:
    """ISO 8601 with an offset, e.g. ``2027-05-30T07:59:50+07:00``."""
    parsed = dt.datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        raise ValueError("BOT_NOW needs a UTC offset, e.g. 2027-05-30T07:59:50+07:00")
    return parsed


def clock_from_env(env_value: str | None, tz: ZoneInfo) -> Clock:
    if env_value:
        return ShiftedClock(parse_bot_now(env_value), tz)
    return SystemClock(tz)
