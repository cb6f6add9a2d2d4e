"""Shared by the admin, volunteer, Telex and accessibility UI tests."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

# Cheap argon2 parameters: lockouts and sign-ins are what is tested, not the hash's cost.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    """A settable time.time / time.monotonic."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def collect_closed_kiosks() -> Iterator[None]:
    """Closed KioskApplications sit in reference cycles. Left to Python's automatic GC, a
    worker thread's allocation (a BackgroundTask) can collect them and delete their QObjects
    (running timers included) from the wrong thread, which crashes later. So: collect on the
    GUI thread before each test (the last test's fixtures are released by then) and keep
    the automatic collector off while the test runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
