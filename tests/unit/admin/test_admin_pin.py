"""Admin PIN: argon2id storage, lockout that grows, survives restarts and clock jumps."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from argon2.profiles import Parameters

from kiosk.admin.errors import (
    AdminStoreError,
    PinLockedError,
    PinNotSetError,
    WeakPinError,
    WrongPinError,
)
from kiosk.admin.lockout import LockoutPolicy
from kiosk.admin.pin import PIN_HASH_PARAMETERS, AdminPin

CHEAP = PasswordHasher.from_parameters(profiles.CHEAPEST)
GOOD = "482915"
OTHER = "739261"


class FakeClock:
    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_pin(data_dir: Path, clock: FakeClock, hasher: PasswordHasher = CHEAP) -> AdminPin:
    return AdminPin(data_dir, clock=clock, hasher=hasher)


def fail_times(pin: AdminPin, n: int) -> list[Exception]:
    errors: list[Exception] = []
    for _ in range(n):
        try:
            pin.verify(OTHER)
        except (WrongPinError, PinLockedError) as exc:
            errors.append(exc)
    return errors


def test_admin_pin_default_hash_is_argon2id_with_documented_parameters(tmp_path: Path) -> None:
    assert PIN_HASH_PARAMETERS.type.name == "ID"
    assert (PIN_HASH_PARAMETERS.time_cost, PIN_HASH_PARAMETERS.memory_cost) == (3, 65536)
    pin = AdminPin(tmp_path)
    pin.set(GOOD)
    stored = json.loads(pin.path.read_text())
    assert stored["hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert GOOD not in pin.path.read_text()
    pin.verify(GOOD)


def test_admin_pin_file_and_dir_are_private(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    assert stat.S_IMODE(pin.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(pin.path.parent.stat().st_mode) == 0o700
    assert pin.path == tmp_path / "admin" / "pin.json"
    assert not list(pin.path.parent.glob(".*.tmp"))


def test_admin_pin_salted(tmp_path: Path, clock: FakeClock) -> None:
    a = make_pin(tmp_path / "a", clock)
    b = make_pin(tmp_path / "b", clock)
    a.set(GOOD)
    b.set(GOOD)
    assert json.loads(a.path.read_text())["hash"] != json.loads(b.path.read_text())["hash"]


def test_admin_pin_not_set(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    assert not pin.is_set()
    with pytest.raises(PinNotSetError) as info:
        pin.verify(GOOD)
    # Whoever opened the pad may be a passer-by: no hint of how to set a PIN.
    assert info.value.message_en == "This function is for technical staff only."
    assert info.value.message_vi == "Chức năng này chỉ dành cho cán bộ kỹ thuật."
    for text in (info.value.message_en, info.value.message_vi):
        assert "set-pin" not in text and "kiosk" not in text
    assert pin.unlock() is None  # nothing to unlock


@pytest.mark.parametrize(
    "weak",
    [
        "12345",
        "111111",
        "123456",
        "987654",
        "890123",
        "abcdef",
        "1234567890123",
        "48 291",
        "٤٨٢٩١٥",
        "",
    ],
)
def test_admin_pin_rejects_weak_pins(tmp_path: Path, clock: FakeClock, weak: str) -> None:
    pin = make_pin(tmp_path, clock)
    with pytest.raises(WeakPinError) as info:
        pin.set(weak)
    assert info.value.message_vi != info.value.message_en
    assert not pin.is_set()


def test_admin_pin_lockout_after_five_and_growing(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    errors = fail_times(pin, 5)
    assert [e.attempts_left for e in errors[:4] if isinstance(e, WrongPinError)] == [4, 3, 2, 1]
    assert isinstance(errors[4], PinLockedError) and errors[4].retry_after_s == 30
    # Locked: even the right PIN is refused without being checked.
    with pytest.raises(PinLockedError):
        pin.verify(GOOD)
    assert pin.status().locked and pin.status().retry_after_s == 30
    clock.advance(29)
    with pytest.raises(PinLockedError) as info:
        pin.verify(GOOD)
    assert info.value.retry_after_s == pytest.approx(1)
    clock.advance(1)
    # Open again, but the next round of five locks twice as long, then four times.
    assert isinstance(fail_times(pin, 5)[-1], PinLockedError)
    assert pin.status().retry_after_s == 60
    clock.advance(60)
    fail_times(pin, 5)
    assert pin.status().retry_after_s == 120
    clock.advance(120)
    pin.verify(GOOD)  # success resets everything
    status = pin.status()
    assert not status.locked and status.attempts_left == 5
    assert isinstance(fail_times(pin, 5)[-1], PinLockedError)
    assert pin.status().retry_after_s == 30


def test_admin_pin_lockout_cap() -> None:
    policy = LockoutPolicy(max_attempts=5, base_lock_s=30, max_lock_s=3600)
    assert [policy.lock_for(n) for n in (4, 5, 6, 10, 15)] == [0, 30, 0, 60, 120]
    assert policy.lock_for(5 * 200) == 3600


def test_admin_pin_default_lockout_is_capped_at_15_minutes(
    tmp_path: Path, clock: FakeClock
) -> None:
    policy = LockoutPolicy()
    assert policy.max_lock_s == 15 * 60
    assert [policy.lock_for(5 * n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 900, 900, 900]
    assert policy.lock_for(5 * 10_000) == 900
    # A passer-by who keeps typing wrong PINs for a day keeps the technician out at most
    # 15 minutes at a time.
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    locks = []
    for _ in range(40):
        error = fail_times(pin, 5)[-1]
        assert isinstance(error, PinLockedError)
        locks.append(error.retry_after_s)
        clock.advance(error.retry_after_s)
    assert max(locks) == 900 and locks[-1] == 900
    pin.verify(GOOD)


def test_admin_pin_lockout_survives_restart(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    fail_times(pin, 3)
    restarted = make_pin(tmp_path, clock)
    assert restarted.status().attempts_left == 2
    fail_times(restarted, 2)
    again = make_pin(tmp_path, clock)
    with pytest.raises(PinLockedError):
        again.verify(GOOD)


def test_admin_pin_lock_survives_clock_set_back(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    fail_times(pin, 5)
    clock.advance(-365 * 86400)  # the kiosk lost its time (dead RTC battery)
    status = pin.status()
    assert status.locked and status.retry_after_s <= 30  # not a year
    with pytest.raises(PinLockedError):
        pin.verify(GOOD)
    clock.advance(30)
    pin.verify(GOOD)


def test_admin_pin_change(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    with pytest.raises(WrongPinError):
        pin.change(OTHER, "250613")
    pin.verify(GOOD)
    with pytest.raises(WeakPinError):
        pin.change(GOOD, "000000")
    pin.change(GOOD, "250613")
    pin.verify("250613")
    with pytest.raises(WrongPinError):
        pin.verify(GOOD)


def test_admin_set_pin_and_unlock_clear_the_lockout(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    fail_times(pin, 5)
    pin.unlock()
    pin.verify(GOOD)
    fail_times(pin, 5)
    pin.set(OTHER)
    pin.verify(OTHER)


def test_admin_unlock_reports_and_restarts_the_doubling(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    for _ in range(3):  # locked 30 s, 60 s, then 120 s
        error = fail_times(pin, 5)[-1]
        assert isinstance(error, PinLockedError)
        clock.advance(error.retry_after_s)
    fail_times(pin, 2)
    cleared = pin.unlock()
    assert cleared is not None
    assert (cleared.locked, cleared.failures) == (False, 17)
    fail_times(pin, 5)
    cleared = pin.unlock()
    assert cleared is not None and cleared.locked and cleared.retry_after_s == 30
    status = pin.status()
    assert (status.locked, status.attempts_left, status.failures) == (False, 5, 0)
    # Forgotten tries: the next lock is the first step again, not the fifth.
    errors = fail_times(pin, 5)
    assert isinstance(errors[-1], PinLockedError) and errors[-1].retry_after_s == 30


def test_admin_pin_rehashes_when_parameters_change(tmp_path: Path, clock: FakeClock) -> None:
    old = make_pin(tmp_path, clock)
    old.set(GOOD)
    stronger = PasswordHasher.from_parameters(
        Parameters(
            type=profiles.CHEAPEST.type,
            version=19,
            salt_len=16,
            hash_len=16,
            time_cost=2,
            memory_cost=16,
            parallelism=1,
        )
    )
    new = make_pin(tmp_path, clock, hasher=stronger)
    new.verify(GOOD)
    stored = json.loads(new.path.read_text())["hash"]
    assert "m=16,t=2,p=1" in stored
    new.verify(GOOD)


def test_admin_pin_damaged_file(tmp_path: Path, clock: FakeClock) -> None:
    pin = make_pin(tmp_path, clock)
    pin.set(GOOD)
    pin.path.write_text("{not json")
    with pytest.raises(AdminStoreError) as info:
        pin.verify(GOOD)
    assert info.value.message_vi and info.value.message_en
    pin.path.write_text(json.dumps({"hash": "not-an-argon2-hash"}))
    with pytest.raises(AdminStoreError):
        pin.verify(GOOD)


def test_admin_pin_errors_speak_both_languages() -> None:
    for exc in (WrongPinError(3), PinLockedError(30), PinLockedError(125), PinNotSetError()):
        assert exc.message("vi") == exc.message_vi and exc.message("en") == exc.message_en
        assert exc.message_vi != exc.message_en
    assert "3 min" in PinLockedError(125).message_en
    assert "30 giây" in PinLockedError(30).message_vi
