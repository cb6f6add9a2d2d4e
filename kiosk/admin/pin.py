"""The admin PIN: a salted argon2id hash with a persisted lockout.

Hash parameters (``PIN_HASH_PARAMETERS``): argon2id, 3 passes, 64 MiB of memory, 4 lanes,
16-byte random salt, 32-byte tag: RFC 9106's second recommended option (argon2-cffi's
``RFC_9106_LOW_MEMORY`` profile); about 0.1 s per check on a kiosk PC. The hash string
carries its parameters, so a later change re-hashes on the next correct PIN.

Stored in ``<data_dir>/admin/pin.json`` (mode 0600)::

    {"format": 1, "hash": "$argon2id$v=19$m=65536,t=3,p=4$...",
     "lock": {"failures": 0, "locked_until": 0.0, "locked_for": 0.0}}

A PIN is 6-12 digits, not one digit repeated and not a straight run (123456, 987654).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kiosk.admin.errors import (
    AdminStoreError,
    PinLockedError,
    PinNotSetError,
    WeakPinError,
    WrongPinError,
)
from kiosk.admin.lockout import Clock, LockoutPolicy, LockState
from kiosk.admin.private_file import admin_dir, read_json, write_json

log = logging.getLogger(__name__)

PIN_HASH_PARAMETERS = profiles.RFC_9106_LOW_MEMORY
FORMAT = 1


def default_hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(PIN_HASH_PARAMETERS)


@dataclass(frozen=True)
class PinRules:
    min_len: int = 6
    max_len: int = 12

    def check(self, pin: str) -> None:
        """Raise WeakPinError unless ``pin`` is acceptable."""
        ok = (
            pin.isascii()
            and pin.isdigit()
            and self.min_len <= len(pin) <= self.max_len
            and len(set(pin)) > 1
            and not _is_run(pin)
        )
        if not ok:
            raise WeakPinError(self.min_len, self.max_len)


def _is_run(pin: str) -> bool:
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {9})


@dataclass(frozen=True)
class LockStatus:
    """For the PIN screen: show a countdown while locked, else the tries left."""

    locked: bool
    retry_after_s: float
    attempts_left: int
    failures: int = 0  # wrong tries since the last success or unlock (for the CLI)


class PinCheck:
    """Check a PIN against a hash under a lockout; shared by the admin PIN and volunteers."""

    def __init__(self, hasher: PasswordHasher, policy: LockoutPolicy, clock: Clock) -> None:
        self.hasher = hasher
        self.policy = policy
        self.clock = clock

    def status(self, lock: LockState) -> LockStatus:
        remaining = lock.remaining(self.clock())
        return LockStatus(
            remaining > 0, remaining, lock.attempts_left(self.policy), lock.failures
        )

    def check(self, encoded: str | None, pin: str, lock: LockState) -> str | None:
        """Verify, updating ``lock`` (the caller persists it). Returns a new hash when the
        parameters changed, else None. Raises PinLockedError / WrongPinError.

        ``encoded`` None (unknown volunteer code) costs a check all the same and fails,
        so timing does not tell which codes exist."""
        now = self.clock()
        remaining = lock.remaining(now)
        if remaining > 0:
            raise PinLockedError(remaining)
        try:
            if encoded is None:
                self.hasher.verify(_dummy_hash(self.hasher), pin + "\x00unknown")
            else:
                self.hasher.verify(encoded, pin)
        except VerifyMismatchError:
            lock.record_failure(now, self.policy)
            remaining = lock.remaining(now)
            if remaining > 0:
                raise PinLockedError(remaining) from None
            raise WrongPinError(lock.attempts_left(self.policy)) from None
        except (VerificationError, InvalidHashError):
            raise AdminStoreError("PIN hash") from None
        if encoded is None:  # unreachable in practice: the dummy never matches
            lock.record_failure(now, self.policy)
            raise WrongPinError(lock.attempts_left(self.policy))
        lock.record_success()
        if self.hasher.check_needs_rehash(encoded):
            return self.hasher.hash(pin)
        return None


_DUMMY: dict[tuple[Any, ...], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism, hasher.hash_len)
    if key not in _DUMMY:
        _DUMMY[key] = hasher.hash("\x00no-such-volunteer")
    return _DUMMY[key]


class PinStore:
    """A JSON file of PIN hashes in the admin folder, checked under one lockout policy: the
    admin PIN and the volunteers' accounts. Thread-safe within one process."""

    FILE = ""

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Clock = time.time,
        policy: LockoutPolicy | None = None,
        hasher: PasswordHasher | None = None,
        rules: PinRules | None = None,
    ) -> None:
        self.path = admin_dir(data_dir) / self.FILE
        self.rules = rules or PinRules()
        self._check = PinCheck(hasher or default_hasher(), policy or LockoutPolicy(), clock)
        self._lock = threading.Lock()


class AdminPin(PinStore):
    """The kiosk's admin PIN."""

    FILE = "pin.json"

    def is_set(self) -> bool:
        data = read_json(self.path)
        return bool(data and data.get("hash"))

    def set(self, pin: str) -> None:
        """Set (or reset) the PIN; clears any lockout. For the technician's CLI and the
        first start; from the admin panel use ``change``."""
        self.rules.check(pin)
        encoded = self._check.hasher.hash(pin)
        with self._lock:
            data = {"format": FORMAT, "hash": encoded, "lock": LockState().to_json()}
            write_json(self.path, data)
        log.info("admin PIN set", extra={"event": "admin_pin_set"})

    def verify(self, pin: str) -> None:
        """Return if ``pin`` is right; raise PinNotSetError, PinLockedError or WrongPinError."""
        with self._lock:
            data, lock = self._load()
            try:
                rehash = self._check.check(data["hash"], pin, lock)
            except (PinLockedError, WrongPinError) as exc:
                self._save(data, lock)
                log.warning("admin PIN refused", extra={"event": exc.code})
                raise
            if rehash:
                data["hash"] = rehash
            self._save(data, lock, force=rehash is not None)
        log.info("admin PIN accepted", extra={"event": "admin_pin_ok"})

    def change(self, old_pin: str, new_pin: str) -> None:
        """Check the old PIN (under the lockout), then store the new one."""
        self.rules.check(new_pin)
        self.verify(old_pin)
        self.set(new_pin)

    def status(self) -> LockStatus:
        with self._lock:
            _, lock = self._load()
            return self._check.status(lock)

    def unlock(self) -> LockStatus | None:
        """End a lockout and forget the wrong tries, so the doubling starts again from the
        first step (technician's CLI). Returns the state it cleared; None when no PIN is
        set (nothing to unlock)."""
        with self._lock:
            data = read_json(self.path)
            if not data or not isinstance(data.get("hash"), str):
                return None
            before = self._check.status(LockState.from_json(data.get("lock")))
            self._save(data, LockState())
            return before

    def _load(self) -> tuple[dict[str, Any], LockState]:
        data = read_json(self.path)
        if not data or not isinstance(data.get("hash"), str):
            raise PinNotSetError()
        return data, LockState.from_json(data.get("lock"))

    def _save(self, data: dict[str, Any], lock: LockState, force: bool = False) -> None:
        if force or data.get("lock") != lock.to_json():
            data["lock"] = lock.to_json()
            write_json(self.path, data)
