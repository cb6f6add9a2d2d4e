"""Lockout after failed PIN tries: persisted, growing, and safe against clock jumps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Seconds since the epoch (time.time); injectable so tests can move time.
Clock = Callable[[], float]


@dataclass(frozen=True)
class LockoutPolicy:
    """Every ``max_attempts`` consecutive failures lock for ``base_lock_s``, doubling each
    time (30 s, 1 min, 2 min, 4 min, 8 min) up to ``max_lock_s``; a success, ``kiosk admin
    unlock`` or ``kiosk admin set-pin`` resets everything."""

    max_attempts: int = 5
    base_lock_s: float = 30.0
    # 15 minutes. The PIN pad and the volunteer sign-in are open to anyone at the kiosk, so
    # the lockout is also a way for a passer-by to keep the technicians out: the cap bounds
    # that to a short wait (and a technician with a console ends it at once with `kiosk
    # admin unlock`). Guessing stays hopeless: at 5 tries per 15 min a day allows 480
    # guesses, so a 6-digit PIN (about 10^6 allowed) takes some 3 years on average and a
    # longer one far more; an hour would only make the lock-out nuisance four times worse.
    max_lock_s: float = 900.0

    def lock_for(self, failures: int) -> float:
        if failures < self.max_attempts or failures % self.max_attempts:
            return 0.0
        rounds = failures // self.max_attempts - 1
        return float(min(self.base_lock_s * 2 ** min(rounds, 32), self.max_lock_s))


@dataclass
class LockState:
    failures: int = 0
    locked_until: float = 0.0
    locked_for: float = 0.0

    def remaining(self, now: float) -> float:
        """Seconds still locked. If the clock went back before the lock began (a kiosk
        that lost its time), the lock restarts from now instead of lasting for years."""
        if self.locked_for <= 0:
            return 0.0
        if now < self.locked_until - self.locked_for:
            self.locked_until = now + self.locked_for
        return max(0.0, self.locked_until - now)

    def attempts_left(self, policy: LockoutPolicy) -> int:
        return policy.max_attempts - self.failures % policy.max_attempts

    def record_failure(self, now: float, policy: LockoutPolicy) -> None:
        self.failures += 1
        lock = policy.lock_for(self.failures)
        if lock:
            self.locked_until = now + lock
            self.locked_for = lock

    def record_success(self) -> None:
        self.failures = 0
        self.locked_until = 0.0
        self.locked_for = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "failures": self.failures,
            "locked_until": self.locked_until,
            "locked_for": self.locked_for,
        }

    @classmethod
    def from_json(cls, data: Any) -> LockState:
        if not isinstance(data, dict):
            return cls()
        try:
            return cls(
                failures=max(0, int(data.get("failures", 0))),
                locked_until=float(data.get("locked_until", 0.0)),
                locked_for=max(0.0, float(data.get("locked_for", 0.0))),
            )
        except (TypeError, ValueError):
            # Only someone who can rewrite the file (and so the hash) damages it this way.
            return cls()
