"""Backoff with full jitter, Retry-After parsing, offline probe spacing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from kiosk.sync.backoff import Backoff, parse_retry_after, probe_delay


def test_full_jitter_stays_under_the_exponential_ceiling():
    b = Backoff(1.0, 600.0, random.Random(1))
    for n in range(0, 15):
        ceiling = min(600.0, 2.0**n)
        samples = [b.delay(n) for _ in range(300)]
        assert all(0.0 <= s <= ceiling for s in samples)
        # Full jitter: spread over the whole range, not bunched at the top.
        assert min(samples) < 0.1 * ceiling and max(samples) > 0.9 * ceiling
    assert b.ceiling(10_000) == 600.0


def test_probe_delay_is_never_shorter_than_the_interval():
    rng = random.Random(2)
    delays = [probe_delay(5.0, rng) for _ in range(500)]
    assert min(delays) >= 5.0 and max(delays) <= 10.0
    assert max(delays) - min(delays) > 4.0  # spread: kiosks do not probe in step


def test_retry_after_seconds_and_dates():
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after("-5") == 0.0
    date = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(date, now) == pytest.approx(90.0)
    past = format_datetime(now - timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(past, now) == 0.0
    for junk in (None, "", "soon", "inf", "nan"):
        assert parse_retry_after(junk) is None
