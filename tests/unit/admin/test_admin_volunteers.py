"""Volunteer accounts: add, sign in/out, one lockout per kiosk, and the `kiosk admin` CLI."""

from __future__ import annotations

import argparse
import io
import json
import stat
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles

from kiosk.admin.errors import PinLockedError, VolunteerError, WeakPinError, WrongPinError
from kiosk.admin.pin import AdminPin
from kiosk.admin.volunteers import VolunteerRegistry
from kiosk.commands import admin_cli
from kiosk.config import Settings

CHEAP = PasswordHasher.from_parameters(profiles.CHEAPEST)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def registry(tmp_path: Path, clock: FakeClock) -> VolunteerRegistry:
    reg = VolunteerRegistry(tmp_path, clock=clock, hasher=CHEAP)
    reg.add("tnv-001", "482915", "Trần Minh Anh", team="Đoàn phường Hoàn Kiếm")
    reg.add("TNV-002", "739261", "Lê Thu Trang")
    return reg


def test_volunteer_add_and_list(registry: VolunteerRegistry) -> None:
    listed = registry.list()
    assert [v.code for v in listed] == ["TNV-001", "TNV-002"]
    assert listed[0].display_name == "Trần Minh Anh"
    assert listed[0].team == "Đoàn phường Hoàn Kiếm"
    text = registry.path.read_text()
    assert "482915" not in text and "$argon2id$" in text
    assert stat.S_IMODE(registry.path.stat().st_mode) == 0o600


def test_volunteer_sign_in_and_out(registry: VolunteerRegistry, clock: FakeClock) -> None:
    assert registry.current is None
    session = registry.sign_in(" tnv-001 ", "482915")
    assert session.code == "TNV-001" and session.signed_in_at == clock.now
    assert registry.current == session
    registry.sign_out()
    assert registry.current is None
    assert registry.sign_in("TNV-002", "739261").volunteer.display_name == "Lê Thu Trang"


def test_volunteer_wrong_pin_and_unknown_code_look_alike(registry: VolunteerRegistry) -> None:
    with pytest.raises(WrongPinError) as wrong_pin:
        registry.sign_in("TNV-001", "111112")
    with pytest.raises(WrongPinError) as unknown:
        registry.sign_in("TNV-999", "482915")
    assert type(wrong_pin.value) is type(unknown.value)
    assert wrong_pin.value.message_en.split(".")[0] == unknown.value.message_en.split(".")[0]
    assert unknown.value.attempts_left == 3  # both counted in the kiosk's one lockout
    assert registry.current is None


def test_volunteer_lockout_is_per_kiosk_and_persisted(
    registry: VolunteerRegistry, tmp_path: Path, clock: FakeClock
) -> None:
    for code in ("X01", "X02", "X03", "X04"):
        with pytest.raises(WrongPinError):
            registry.sign_in(code, "000000")
    with pytest.raises(PinLockedError) as info:
        registry.sign_in("X05", "000000")
    assert info.value.retry_after_s == 30
    restarted = VolunteerRegistry(tmp_path, clock=clock, hasher=CHEAP)
    with pytest.raises(PinLockedError):
        restarted.sign_in("TNV-001", "482915")
    clock.now += 30
    assert restarted.sign_in("TNV-001", "482915").code == "TNV-001"
    assert restarted.status().attempts_left == 5


def test_volunteer_add_validation(registry: VolunteerRegistry) -> None:
    with pytest.raises(VolunteerError, match="exists"):
        registry.add("tnv-001", "250613", "Someone")
    for code in ("", "ab", "TNV 003", "x" * 40, "-AB"):
        with pytest.raises(VolunteerError):
            registry.add(code, "250613", "Someone")
    for name in ("", "   ", "a" * 81, "tab\x00name"):
        with pytest.raises(VolunteerError):
            registry.add("TNV-003", "250613", name)
    with pytest.raises(WeakPinError):
        registry.add("TNV-003", "123456", "Someone")
    assert len(registry.list()) == 2


def test_volunteer_remove_and_set_pin(registry: VolunteerRegistry) -> None:
    registry.sign_in("TNV-002", "739261")
    registry.remove("tnv-002")
    assert registry.current is None
    with pytest.raises(WrongPinError):
        registry.sign_in("TNV-002", "739261")
    registry.set_pin("TNV-001", "250613")
    assert registry.sign_in("TNV-001", "250613").code == "TNV-001"
    with pytest.raises(VolunteerError):
        registry.remove("TNV-404")


# The CLI, through its own parser (the handlers are what `kiosk admin ...` runs).


def run_cli(
    argv: list[str], settings: Settings, monkeypatch: pytest.MonkeyPatch, stdin: str = ""
) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    admin_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return int(args.handler(args, settings))


def test_admin_cli_is_registered() -> None:
    from kiosk import cli

    assert "kiosk.commands.admin_cli" in cli.COMMAND_MODULES


def test_admin_cli_set_pin_from_stdin(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="482915\n") == 0
    pin = AdminPin(settings.data_dir)
    pin.verify("482915")
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="123456\n") == 1
    assert "PIN" in capsys.readouterr().err
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="") == 1
    pin.verify("482915")  # unchanged by the refused attempts


def test_admin_cli_never_takes_a_pin_in_argv(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit):
        run_cli(["admin", "set-pin", "482915"], settings, monkeypatch)
    with pytest.raises(SystemExit):
        run_cli(
            ["admin", "volunteer", "add", "TNV-1", "--name", "A", "--pin", "1"],
            settings,
            monkeypatch,
        )


def test_admin_cli_volunteers(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["admin", "volunteer", "add", "tnv-010", "--name", "Phạm Hà", "--team", "Đội 1"]
    assert run_cli(argv, settings, monkeypatch, stdin="250613\n") == 0
    assert run_cli(argv, settings, monkeypatch, stdin="250613\n") == 1  # exists
    capsys.readouterr()
    assert run_cli(["admin", "volunteer", "list"], settings, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "TNV-010\tPhạm Hà\tĐội 1" in out and "250613" not in out
    stored = json.loads((settings.data_dir / "admin" / "volunteers.json").read_text())
    assert "250613" not in json.dumps(stored)
    assert VolunteerRegistry(settings.data_dir).sign_in("TNV-010", "250613").code == "TNV-010"
    argv = ["admin", "volunteer", "set-pin", "TNV-010"]
    assert run_cli(argv, settings, monkeypatch, stdin="904172\n") == 0
    assert run_cli(["admin", "volunteer", "remove", "TNV-010"], settings, monkeypatch) == 0
    capsys.readouterr()
    run_cli(["admin", "volunteer", "list"], settings, monkeypatch)
    assert "TNV-010" not in capsys.readouterr().out


def test_admin_cli_status_and_unlock(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["admin", "status"], settings, monkeypatch) == 0
    assert "NOT SET" in capsys.readouterr().out
    run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="482915\n")
    pin = AdminPin(settings.data_dir, hasher=CHEAP)
    for _ in range(5):
        with pytest.raises((WrongPinError, PinLockedError)):
            pin.verify("000001")
    capsys.readouterr()
    run_cli(["admin", "status"], settings, monkeypatch)
    assert "LOCKED" in capsys.readouterr().out
    assert run_cli(["admin", "unlock"], settings, monkeypatch) == 0
    pin.verify("482915")


def lock_everything(settings: Settings) -> None:
    """A passer-by at the PIN pad and at the volunteer sign-in: both locked, the admin one
    at its longest (15 min)."""
    clock = FakeClock()
    clock.now = time.time() - 3 * 3600  # rounds of wrong tries over the last hours
    pin = AdminPin(settings.data_dir, hasher=CHEAP, clock=clock)
    pin.verify("482915")  # re-hashed with the cheap parameters: wrong tries cost no time
    for _ in range(8):
        for _ in range(5):
            try:
                pin.verify("000001")
            except PinLockedError as exc:
                clock.now += exc.retry_after_s
            except WrongPinError:
                pass
    clock.now = time.time()
    for _ in range(5):
        with pytest.raises((WrongPinError, PinLockedError)):
            pin.verify("000001")
    registry = VolunteerRegistry(settings.data_dir, hasher=CHEAP)
    registry.add("TNV-020", "250613", "Đỗ Hải")
    for _ in range(5):
        with pytest.raises((WrongPinError, PinLockedError)):
            registry.sign_in("TNV-020", "904172")
    assert pin.status().locked and 800 < pin.status().retry_after_s <= 900
    assert registry.status().locked


def test_admin_cli_unlock_lets_the_technician_in(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="482915\n") == 0
    lock_everything(settings)
    capsys.readouterr()
    assert run_cli(["admin", "unlock"], settings, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "admin PIN: lockout ended" in out and "45 wrong tries forgotten" in out
    assert "volunteer sign-in: lockout ended" in out and "5 wrong tries forgotten" in out
    # In at once, with the PIN and with a volunteer code; the next guesser starts over.
    AdminPin(settings.data_dir, hasher=CHEAP).verify("482915")
    registry = VolunteerRegistry(settings.data_dir, hasher=CHEAP)
    assert registry.sign_in("TNV-020", "250613").code == "TNV-020"
    assert run_cli(["admin", "status"], settings, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "LOCKED" not in out and "5 attempt(s)" in out
    # Nothing locked: says so, and succeeds.
    assert run_cli(["admin", "unlock"], settings, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "admin PIN: was not locked, nothing to clear" in out
    assert "volunteer sign-in: was not locked, nothing to clear" in out


def test_admin_cli_unlock_without_a_pin(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["admin", "unlock"], settings, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "admin PIN: not set, nothing to unlock" in out
    assert "volunteer sign-in: was not locked" in out


def test_admin_cli_set_pin_ends_every_lockout(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="482915\n") == 0
    lock_everything(settings)
    capsys.readouterr()
    # A refused PIN changes nothing, not even the lockouts.
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="111111\n") == 1
    assert AdminPin(settings.data_dir).status().locked
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="736150\n") == 0
    out = capsys.readouterr().out
    assert "admin PIN: lockout ended" in out and "volunteer sign-in: lockout ended" in out
    AdminPin(settings.data_dir, hasher=CHEAP).verify("736150")
    registry = VolunteerRegistry(settings.data_dir, hasher=CHEAP)
    assert registry.sign_in("TNV-020", "250613").code == "TNV-020"


def test_admin_cli_set_pin_repairs_a_damaged_file(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="482915\n") == 0
    path = settings.data_dir / "admin" / "pin.json"
    path.write_text("{not json")
    assert run_cli(["admin", "set-pin"], settings, monkeypatch, stdin="736150\n") == 0
    AdminPin(settings.data_dir, hasher=CHEAP).verify("736150")
