"""Satisfaction and usage counts: anonymous per service per day, queryable for a chart."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kiosk.session.usage import (
    FACE_HAPPY,
    FACE_NEUTRAL,
    FACE_SAD,
    ServiceStats,
    StatsError,
    UsageEvent,
)


class FakeToday:
    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def today() -> FakeToday:
    return FakeToday(dt.date(2025, 7, 1))


@pytest.fixture
def stats(tmp_path: Path, today: FakeToday) -> ServiceStats:
    return ServiceStats(tmp_path, today=today)


def test_stats_counts_per_service_per_day(stats: ServiceStats, today: FakeToday) -> None:
    for _ in range(3):
        stats.record_started("khai-sinh")
    stats.record_confirmed("khai-sinh")
    stats.record_confirmed("khai-sinh")
    stats.record_rating("khai-sinh", FACE_HAPPY)
    stats.record_rating("khai-sinh", FACE_HAPPY)
    stats.record_rating("khai-sinh", FACE_SAD)
    stats.record_usage("1.001612", "started")
    today.day += dt.timedelta(days=1)
    stats.record_started("khai-sinh")
    stats.record_rating("khai-sinh", 4)

    days = stats.daily(dt.date(2025, 7, 1), dt.date(2025, 7, 2))
    assert [(d.day.day, d.service) for d in days] == [
        (1, "1.001612"),
        (1, "khai-sinh"),
        (2, "khai-sinh"),
    ]
    first = days[1]
    assert (first.started, first.confirmed) == (3, 2)
    assert first.ratings == (1, 0, 0, 0, 2)
    assert first.mean_rating == pytest.approx((1 + 5 + 5) / 3)
    assert days[0].mean_rating is None

    summary = stats.by_service(dt.date(2025, 7, 1), dt.date(2025, 7, 31))
    assert [s.service for s in summary] == ["khai-sinh", "1.001612"]
    top = summary[0]
    assert (top.started, top.confirmed, top.ratings) == (4, 2, (1, 0, 0, 1, 2))
    assert top.satisfied_share == pytest.approx(3 / 4)
    assert len(top.days) == 2
    only = stats.daily(dt.date(2025, 7, 1), dt.date(2025, 7, 1), service="1.001612")
    assert [d.service for d in only] == ["1.001612"]
    assert stats.last_days(1)[0].started == 1  # today (2 July) only


def test_stats_store_only_counts_no_time_no_person(stats: ServiceStats) -> None:
    for rating in (FACE_SAD, FACE_NEUTRAL, FACE_HAPPY, FACE_HAPPY):
        stats.record_rating("khai-sinh", rating)
    stats.record_started("khai-sinh")
    db = sqlite3.connect(stats.path)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"ratings", "usage"}
        columns = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in sorted(tables)}
        assert columns == {
            "ratings": ["day", "service", "rating", "count"],
            "usage": ["day", "service", "event", "count"],
        }
        # One counter row per (day, service, rating): the fourth rating added to a row.
        assert db.execute("SELECT COUNT(*) FROM ratings").fetchone()[0] == 3
        assert db.execute("SELECT DISTINCT day FROM ratings").fetchall() == [("2025-07-01",)]
    finally:
        db.close()


@pytest.mark.parametrize("bad", [0, 6, -1, True, 3.5, "5"])
def test_stats_rejects_bad_ratings(stats: ServiceStats, bad: object) -> None:
    with pytest.raises(StatsError):
        stats.record_rating("khai-sinh", bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "Nguyễn Văn A", "001099012345 x", "a" * 65, "x;drop"])
def test_stats_rejects_anything_but_a_service_code(stats: ServiceStats, bad: str) -> None:
    with pytest.raises(StatsError):
        stats.record_started(bad)
    with pytest.raises(StatsError):
        stats.record_rating(bad, 5)


def test_stats_rejects_unknown_event(stats: ServiceStats) -> None:
    with pytest.raises(StatsError):
        stats.record_usage("khai-sinh", "printed")
    assert UsageEvent("confirmed") is UsageEvent.CONFIRMED


def test_stats_survive_reopen_and_purge(tmp_path: Path, today: FakeToday) -> None:
    stats = ServiceStats(tmp_path, today=today)
    stats.record_started("khai-sinh")
    today.day = dt.date(2025, 9, 1)
    stats.record_started("khai-sinh")
    reopened = ServiceStats(tmp_path, today=today)
    assert sum(d.started for d in reopened.daily(dt.date(2025, 1, 1), dt.date(2025, 12, 31))) == 2
    assert reopened.purge_before(dt.date(2025, 8, 1)) == 1
    assert [d.day for d in reopened.daily(dt.date(2025, 1, 1), dt.date(2025, 12, 31))] == [
        dt.date(2025, 9, 1)
    ]
