"""Satisfaction ratings and service usage, as anonymous counts per service per day.

What is stored is only ``(day, service, rating) -> count`` and ``(day, service, event) ->
count``: no citizen data, no dossier code, no time finer than the day, no row per event
(each event adds 1 to an existing counter), so nothing links a rating to a person or to a
dossier. Ratings are 1..5; a three-face screen uses ``FACE_SAD``, ``FACE_NEUTRAL``,
``FACE_HAPPY`` (1, 3, 5), so both screens add up on one scale.

SQLite in ``<data_dir>/stats.sqlite3``. Each call opens its own short connection, so any
thread may call; the GUI thread should still hand writes to the background runner.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

FACE_SAD = 1
FACE_NEUTRAL = 3
FACE_HAPPY = 5
RATINGS = (1, 2, 3, 4, 5)

# A catalogue service code (e.g. "1.001612", "khai-sinh"), never free text.
SERVICE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

Today = Callable[[], dt.date]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ratings (
    day TEXT NOT NULL, service TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (day, service, rating)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS usage (
    day TEXT NOT NULL, service TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('started', 'confirmed')),
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (day, service, event)
) WITHOUT ROWID;
"""


class UsageEvent(StrEnum):
    STARTED = "started"  # a citizen opened the service's form
    CONFIRMED = "confirmed"  # a dossier was confirmed (into the outbox)


class StatsError(ValueError):
    """A caller passed something that must not be stored (a bug, not a citizen's error)."""


class _Rated:
    """The rating histogram's totals (index 0 = rating 1), for a day or a period."""

    ratings: tuple[int, int, int, int, int]

    @property
    def rating_count(self) -> int:
        return sum(self.ratings)

    @property
    def mean_rating(self) -> float | None:
        n = self.rating_count
        return sum(r * c for r, c in zip(RATINGS, self.ratings, strict=True)) / n if n else None


@dataclass(frozen=True)
class ServiceDay(_Rated):
    """One service on one day: usage and the rating histogram (index 0 = rating 1)."""

    day: dt.date
    service: str
    started: int = 0
    confirmed: int = 0
    ratings: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)


@dataclass(frozen=True)
class ServiceSummary(_Rated):
    """Totals for one service over a period (one bar of the admin chart)."""

    service: str
    started: int
    confirmed: int
    ratings: tuple[int, int, int, int, int]
    days: tuple[ServiceDay, ...] = field(default=(), repr=False)

    @property
    def satisfied_share(self) -> float | None:
        """Share of ratings 4-5 (the "hài lòng" figure public-service indexes report)."""
        n = self.rating_count
        return (self.ratings[3] + self.ratings[4]) / n if n else None


class ServiceStats:
    def __init__(self, data_dir: Path, *, today: Today = dt.date.today) -> None:
        self.path = Path(data_dir) / "stats.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._today = today
        with self._connect() as db:
            db.executescript(_SCHEMA)

    def record_rating(self, service: str, rating: int) -> None:
        if isinstance(rating, bool) or rating not in RATINGS:
            raise StatsError(f"rating must be 1..5, not {rating!r}")
        self._add(
            "INSERT INTO ratings (day, service, rating, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (day, service, rating) DO UPDATE SET count = count + 1",
            (self._day(), _service(service), rating),
        )

    def record_usage(self, service: str, event: UsageEvent | str) -> None:
        try:
            kind = UsageEvent(event)
        except ValueError:
            raise StatsError(f"unknown usage event {event!r}") from None
        self._add(
            "INSERT INTO usage (day, service, event, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (day, service, event) DO UPDATE SET count = count + 1",
            (self._day(), _service(service), kind.value),
        )

    def record_started(self, service: str) -> None:
        self.record_usage(service, UsageEvent.STARTED)

    def record_confirmed(self, service: str) -> None:
        self.record_usage(service, UsageEvent.CONFIRMED)

    def daily(self, start: dt.date, end: dt.date, service: str | None = None) -> list[ServiceDay]:
        """Every (day, service) with any count in ``start..end`` (inclusive), by day."""
        rows: dict[tuple[str, str], dict[str, int]] = {}
        svc_filter = None if service is None else _service(service)
        args = (start.isoformat(), end.isoformat(), svc_filter, svc_filter)
        with self._connect() as db:
            for day, svc, event, count in db.execute(
                "SELECT day, service, event, count FROM usage "
                "WHERE day BETWEEN ? AND ? AND (? IS NULL OR service = ?)",
                args,
            ):
                rows.setdefault((day, svc), {})[event] = int(count)
            for day, svc, rating, count in db.execute(
                "SELECT day, service, rating, count FROM ratings "
                "WHERE day BETWEEN ? AND ? AND (? IS NULL OR service = ?)",
                args,
            ):
                rows.setdefault((day, svc), {})[f"r{rating}"] = int(count)
        out = []
        for (day, svc), values in sorted(rows.items()):
            hist = [values.get(f"r{r}", 0) for r in RATINGS]
            out.append(
                ServiceDay(
                    day=dt.date.fromisoformat(day),
                    service=svc,
                    started=values.get("started", 0),
                    confirmed=values.get("confirmed", 0),
                    ratings=(hist[0], hist[1], hist[2], hist[3], hist[4]),
                )
            )
        return out

    def by_service(self, start: dt.date, end: dt.date) -> list[ServiceSummary]:
        """Totals per service over ``start..end``, most used first (for a bar chart)."""
        grouped: dict[str, list[ServiceDay]] = {}
        for day in self.daily(start, end):
            grouped.setdefault(day.service, []).append(day)
        out = []
        for svc, days in grouped.items():
            hist = [sum(d.ratings[i] for d in days) for i in range(5)]
            out.append(
                ServiceSummary(
                    service=svc,
                    started=sum(d.started for d in days),
                    confirmed=sum(d.confirmed for d in days),
                    ratings=(hist[0], hist[1], hist[2], hist[3], hist[4]),
                    days=tuple(days),
                )
            )
        out.sort(key=lambda s: (-s.started, -s.confirmed, s.service))
        return out

    def last_days(self, days: int = 30) -> list[ServiceSummary]:
        end = self._today()
        return self.by_service(end - dt.timedelta(days=days - 1), end)

    def purge_before(self, day: dt.date) -> int:
        """Delete counts older than ``day``; returns how many counters went."""
        with self._connect() as db:
            n = db.execute("DELETE FROM ratings WHERE day < ?", (day.isoformat(),)).rowcount
            n += db.execute("DELETE FROM usage WHERE day < ?", (day.isoformat(),)).rowcount
        return n

    def _day(self) -> str:
        return self._today().isoformat()

    def _add(self, sql: str, args: tuple[object, ...]) -> None:
        with self._connect() as db:
            db.execute(sql, args)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=5.0)
        try:
            # secure_delete: purged counters are overwritten, not left in free pages.
            db.execute("PRAGMA secure_delete = ON")
            with db:
                yield db
        finally:
            db.close()


def _service(code: str) -> str:
    if not isinstance(code, str) or not SERVICE_CODE.fullmatch(code):
        raise StatsError("service must be a catalogue code (letters, digits, . _ -)")
    return code
