"""`kiosk doctor`'s checks with the outside world replaced: thresholds, states and hints."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from kiosk.config import Settings, load
from kiosk.devices.printer.cups_client import (
    PRINTER_IDLE,
    PRINTER_STOPPED,
    CupsError,
    PrinterStatus,
)
from kiosk.doctor.checks import FAIL, OK, WARN, CheckResult, check_keyring, check_logs, disk_result
from kiosk.doctor.checks import run_checks as run_doctor
from kiosk.doctor.device_checks import check_card, printer_state, reader_state
from kiosk.doctor.sync_checks import check_portal, clock_result


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load(tmp_path / "none.toml", {}, data_dir=tmp_path / "data")


# Clock.

@pytest.mark.parametrize(("skew", "status"), [
    (0.0, OK), (45.0, OK), (-59.0, OK), (61.5, WARN), (-300.0, WARN), (601.0, FAIL),
    (-7200.0, FAIL),
])
def test_clock_skew_thresholds(skew: float, status: str) -> None:
    portal = 1_800_000_000.0
    result = clock_result(formatdate(portal, usegmt=True), portal + skew)
    assert result.status == status
    if status != OK:
        assert "timedatectl" in result.hint
        assert ("ahead" if skew > 0 else "behind") in result.detail


def test_clock_without_or_with_a_bad_date_header() -> None:
    assert clock_result(None, time.time()).status == WARN
    assert clock_result("yesterday", time.time()).status == WARN


# Disk.

def test_disk_thresholds() -> None:
    mib = 1024 * 1024
    assert disk_result(100 * mib).status == FAIL
    assert disk_result(500 * mib).status == WARN
    assert disk_result(5000 * mib).status == OK


# Printer through a stand-in for the CUPS client.

class FakeCups:
    def __init__(self, printers: dict[str, PrinterStatus], default: str | None = None,
                 down: bool = False) -> None:
        self.printers, self.default, self.down = printers, default, down

    def _check(self) -> None:
        if self.down:
            raise CupsError("CUPS at /run/cups/cups.sock unreachable: ConnectionRefusedError")

    def default_printer(self) -> str | None:
        self._check()
        return self.default

    def printer_names(self) -> list[str]:
        self._check()
        return list(self.printers)

    def printer(self, name: str) -> PrinterStatus | None:
        self._check()
        return self.printers.get(name)


def _printer(state: int = PRINTER_IDLE, reasons: tuple[str, ...] = (), accepting: bool = True,
             message: str = "") -> PrinterStatus:
    return PrinterStatus("RECEIPT80", state, reasons, accepting, message)


@pytest.mark.parametrize(("status", "code", "level"), [
    (_printer(), "ok", OK),
    (_printer(reasons=("offline-report",)), "ok", OK),  # a report, not a fault
    (_printer(state=PRINTER_STOPPED, message="Paused"), "paused", FAIL),
    (_printer(accepting=False), "not_accepting", FAIL),
    (_printer(reasons=("media-empty-error",)), "out_of_paper", FAIL),
    (_printer(reasons=("media-jam",)), "out_of_paper", FAIL),
    (_printer(reasons=("offline",)), "offline", FAIL),
])
def test_printer_states(settings: Settings, status: PrinterStatus, code: str,
                        level: str) -> None:
    configured = dataclasses.replace(settings, printer_name="RECEIPT80")
    state = printer_state(configured, FakeCups({"RECEIPT80": status}))
    assert (state.code, state.status) == (code, level)
    assert level == OK or state.hint


def test_printer_default_missing_and_down(settings: Settings) -> None:
    assert printer_state(settings, FakeCups({"RECEIPT80": _printer()}, "RECEIPT80")).code == "ok"
    none = printer_state(settings, FakeCups({"OTHER": _printer()}))
    assert none.code == "no_printer" and "OTHER" in none.detail and none.status == FAIL
    named = dataclasses.replace(settings, printer_name="GONE")
    assert printer_state(named, FakeCups({"RECEIPT80": _printer()})).code == "printer_missing"
    down = printer_state(settings, FakeCups({}, down=True))
    assert down.code == "cups_unavailable" and "systemctl" in down.hint
    mobile = dataclasses.replace(settings, mobile_mode=True)
    assert printer_state(mobile, FakeCups({}, down=True)).status == OK


# Reader, with the PC/SC layer replaced.

def test_reader_states(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.devices.card import pcsc_reader
    from kiosk.devices.card.apdu import NoReader

    def down() -> list[str]:
        raise NoReader("PC/SC service: Service not available. (0x8010001D)")

    monkeypatch.setattr(pcsc_reader, "list_readers", down)
    assert reader_state(settings).code == "no_service"
    assert check_card(settings).status == WARN  # not tested without a reader
    monkeypatch.setattr(pcsc_reader, "list_readers", lambda: [])
    assert reader_state(settings).code == "no_reader"
    monkeypatch.setattr(pcsc_reader, "list_readers", lambda: ["ACS ACR39U 00 00"])
    assert reader_state(settings).code == "ok"
    other = dataclasses.replace(settings, card_reader="Identiv")
    state = reader_state(other)
    assert state.code == "reader_not_found" and "Identiv" in state.hint


# Keyring.

@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


class BrokenKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("locked")


def test_keyring_round_trip(settings: Settings, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch, restore_keyring: None) -> None:
    from keyring.backends import fail

    from kiosk.sync.credentials import FileKeyring

    monkeypatch.setenv("KIOSK_KEYRING_FILE", str(tmp_path / "keyring.json"))
    keyring.set_keyring(FileKeyring())
    good = check_keyring(settings)
    assert good.status == OK, good
    assert "doctor-probe" not in (tmp_path / "keyring.json").read_text()  # cleaned up
    keyring.set_keyring(BrokenKeyring())
    broken = check_keyring(settings)
    assert broken.status == FAIL and "PasswordSetError" in broken.detail
    keyring.set_keyring(fail.Keyring())
    assert check_keyring(settings).status == FAIL


# Logs.

def test_log_folder_states(settings: Settings) -> None:
    from kiosk.logs.structured import log_file

    assert check_logs(settings).status == WARN  # never started
    path = log_file(settings)
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_text('{"msg": "x"}\n')
    ok = check_logs(settings)
    assert ok.status == OK and "1 file(s)" in ok.detail
    os.chmod(path.parent, 0o750)  # noqa: S103 (group may read: a warning)
    assert check_logs(settings).status == WARN
    os.chmod(path.parent, 0o700)
    if os.geteuid() == 0:  # a file left by `sudo kiosk ...` (root) in the kiosk's logs
        os.chown(settings.data_dir, 4242, 4242)
        os.chown(path.parent, 4242, 4242)
        foreign = check_logs(settings)
        assert foreign.status == FAIL and "kiosk.jsonl" in foreign.detail
        assert "chown" in foreign.hint


# The runner.

def test_run_checks_flattens_and_survives_a_crash(settings: Settings) -> None:
    def several(_: Settings) -> list[CheckResult]:
        return [CheckResult("a", OK, "1"), CheckResult("b", WARN, "2")]

    def crashes(_: Settings) -> CheckResult:
        raise RuntimeError("boom")

    results = run_doctor(settings, [several, crashes])
    assert [(r.name, r.status) for r in results] == [("a", OK), ("b", WARN), ("crashes", FAIL)]
    assert "boom" in results[2].detail


def test_portal_url_must_be_https_off_loopback(settings: Settings) -> None:
    insecure = dataclasses.replace(settings, portal_url="http://portal.example.gov.vn")
    portal, token, clock = check_portal(insecure)
    assert portal.status == FAIL and "https" in portal.hint
    assert token.status == WARN and clock.status == WARN


# The machine's own checks.

def test_translations_settings_and_qt(settings: Settings, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.doctor import checks as doctor

    assert doctor.check_translations(settings).status == OK  # built by `make translations`
    monkeypatch.setattr(doctor, "translations_path", lambda: tmp_path / "empty")
    missing = doctor.check_translations(settings)
    assert missing.status == FAIL and "make translations" in missing.hint
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    assert doctor.check_settings(settings).status == WARN
    (tmp_path / "kiosk.toml").write_text('kiosk_id = "HK-01"\n')
    assert doctor.check_settings(settings).status == OK
    qt = doctor.check_qt(settings)
    assert qt.status == OK and "PySide6" in qt.detail  # the full PySide6, with the keyboard


def test_data_dir_must_be_writable(settings: Settings, tmp_path: Path) -> None:
    from kiosk.doctor import checks as doctor

    assert doctor.check_data_dir(settings).status == OK
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    broken = dataclasses.replace(settings, data_dir=blocker / "data")
    result = doctor.check_data_dir(broken)
    assert result.status == FAIL and result.hint
