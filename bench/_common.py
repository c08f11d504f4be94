"""Shared bits of the benchmarks: the repository on sys.path, percentiles, a line printer."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def show(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def quiet_logs() -> None:
    """The outbox sender handles 429s itself; PTB's limiter would print each one."""
    import logging

    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)


quiet_logs()
