"""Retry timing: exponential backoff with full jitter, Retry-After, and the offline probe.

Kept free of I/O so that the worker, the tests and the reconnect simulation in the benchmark
use the very same rules.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


class Backoff:
    """delay(n) = uniform(0, min(cap, base * 2**n)), n = failures so far minus one."""

    def __init__(self, base_s: float, cap_s: float, rng: random.Random | None = None) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self.rng = rng or random.Random()

    def ceiling(self, n: int) -> float:
        # Cap the exponent first: 2**n overflows floats long before n matters.
        return min(self.cap_s, self.base_s * 2.0 ** min(max(n, 0), 60))

    def delay(self, n: int) -> float:
        return self.rng.uniform(0.0, self.ceiling(n))


def probe_delay(interval_s: float, rng: random.Random) -> float:
    """Time to the next health probe while offline: never sooner than `interval_s` (the
    protocol's "at most every few seconds"), spread over one more interval so that kiosks cut
    off by the same outage do not all probe in step when it ends."""
    return interval_s + rng.uniform(0.0, interval_s)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
