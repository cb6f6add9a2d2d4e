"""Shared by the admin, volunteer, Telex and accessibility UI tests."""

from __future__ import annotations

from argon2 import PasswordHasher

# Cheap argon2 parameters: lockouts and sign-ins are what is tested, not the hash's cost.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    """A settable time.time / time.monotonic."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now
