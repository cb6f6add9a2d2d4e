"""`kiosk doctor`: what a technician checks first, each with OK/WARN/FAIL and a hint.

The checks of this machine (Python, Qt, files, disk, logs, keyring) and the one list of all
checks are here; the devices (reader, card, printer) are in `kiosk.doctor.device_checks`, the
portal, token, clock and queue in `kiosk.doctor.sync_checks`, the catalogue in use and its
facts' age in `kiosk.doctor.catalogue_checks`; what a check returns in
`kiosk.doctor.result`. A check returns one result or several (the portal probe answers three
questions with one request). Doctor is an operator tool: it may import Qt and kiosk.ui.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from kiosk.config import Settings, default_config_file, translations_path
from kiosk.doctor.result import FAIL, OK, WARN, Check, CheckResult, format_table

__all__ = ["FAIL", "OK", "WARN", "Check", "CheckResult", "format_table", "run_checks"]

DISK_FAIL_MIB = 200
DISK_WARN_MIB = 1024
KEYRING_PROBE_USER = "doctor-probe"


def check_python(settings: Settings) -> CheckResult:
    return CheckResult("python", OK, f"Python {platform.python_version()}")


def check_qt(settings: Settings) -> CheckResult:
    try:
        from kiosk.ui.qt_checks import qt_status
    except ImportError as exc:  # PySide6 itself is missing or broken
        return CheckResult("qt", FAIL, f"PySide6 not usable: {exc}",
                           "Run `make run` to install the Qt runtime libraries.")
    return CheckResult("qt", *qt_status())


def check_translations(settings: Settings) -> CheckResult:
    directory = translations_path()
    missing = [lang for lang in ("vi", "en") if not (directory / f"kiosk_{lang}.qm").is_file()]
    if missing:
        return CheckResult("translations", FAIL, f"missing {', '.join(missing)} in {directory}",
                           "Run `make translations` (builds .qm from translations/*.ts).")
    return CheckResult("translations", OK, f"vi, en in {directory}")


def check_settings(settings: Settings) -> CheckResult:
    path = default_config_file()
    if path.is_file():
        return CheckResult("settings", OK, str(path))
    return CheckResult("settings", WARN, f"no settings file at {path}; using defaults",
                       "Write the kiosk's settings file (see installer/README.md).")


def check_data_dir(settings: Settings) -> CheckResult:
    directory = settings.data_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".doctor-probe"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return CheckResult("data_dir", FAIL, f"{directory} not writable: {exc.strerror}",
                           "Fix its owner/permissions or set data_dir.")
    return CheckResult("data_dir", OK, str(directory))


def check_disk(settings: Settings) -> CheckResult:
    target = settings.data_dir if settings.data_dir.exists() else Path(os.sep)
    return disk_result(shutil.disk_usage(target).free)


def disk_result(free_bytes: int) -> CheckResult:
    mib = free_bytes // (1024 * 1024)
    if mib < DISK_FAIL_MIB:
        return CheckResult("disk", FAIL, f"{mib} MiB free",
                           f"Free space now: dossiers cannot be saved below {DISK_FAIL_MIB} MiB.")
    if mib < DISK_WARN_MIB:
        return CheckResult("disk", WARN, f"{mib} MiB free", "Free some space soon.")
    return CheckResult("disk", OK, f"{mib} MiB free")


def check_logs(settings: Settings) -> CheckResult:
    """The log folder: there, writable by this user, private, and owned like the data dir
    (a `sudo kiosk ...` run as root would otherwise leave files the kiosk cannot append to)."""
    from kiosk.logs.structured import log_file

    path = log_file(settings)
    directory = path.parent
    if not directory.is_dir():
        return CheckResult("logs", WARN, f"no log folder {directory} yet",
                           "It is made when the kiosk first starts; start it once.")
    if not os.access(directory, os.W_OK | os.X_OK):
        return CheckResult("logs", FAIL, f"{directory} not writable by this user",
                           "Run doctor as the kiosk user (sudo -u kiosk ...), or "
                           "`chown -R kiosk: <data_dir>/logs`.")
    files = sorted(directory.glob(path.name + "*"))
    owner = settings.data_dir.stat().st_uid
    foreign = [f.name for f in [directory, *files] if f.stat().st_uid != owner]
    if foreign:
        return CheckResult("logs", FAIL, f"owned by another user than {settings.data_dir}: "
                           f"{', '.join(foreign)}",
                           "The kiosk cannot write them: `chown -R kiosk: <data_dir>/logs` "
                           "and run admin commands as the kiosk user.")
    if os.name == "posix" and stat.S_IMODE(directory.stat().st_mode) & 0o077:
        return CheckResult("logs", WARN, f"{directory} readable by other users",
                           f"`chmod 700 {directory}`.")
    size = sum(f.stat().st_size for f in files)
    newest = max((f.stat().st_mtime for f in files), default=None)
    age = "" if newest is None else f", last write {_age(time.time() - newest)} ago"
    return CheckResult("logs", OK, f"{directory}: {len(files)} file(s), "
                       f"{size / 1048576:.1f} MiB{age}")


def _age(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def check_keyring(settings: Settings) -> CheckResult:
    """The keyring is usable when a secret can be stored, read back and removed."""
    import keyring
    import keyring.errors

    from kiosk.sync.credentials import SERVICE, backend_name

    name = backend_name()
    if "fail" in name.lower() or "null" in name.lower():
        return CheckResult("keyring", FAIL, f"no usable keyring ({name})",
                           "Install a keyring backend (Secret Service, or select one with "
                           "PYTHON_KEYRING_BACKEND) so the device token can be stored.")
    user = f"{KEYRING_PROBE_USER}:{settings.kiosk_id}"
    try:
        keyring.set_password(SERVICE, user, "ok")
        read = keyring.get_password(SERVICE, user)
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, user)
    except keyring.errors.KeyringError as exc:
        return CheckResult("keyring", FAIL, f"{name} refused a test secret "
                           f"({type(exc).__name__})",
                           "Unlock or repair the keyring for the kiosk user (a Secret Service "
                           "needs the user's D-Bus session).")
    if read != "ok":
        return CheckResult("keyring", FAIL, f"{name} did not return a stored test secret",
                           "The keyring loses secrets: choose another backend.")
    return CheckResult("keyring", OK, f"{name}: store, read and delete work")


def all_checks() -> tuple[Check, ...]:
    from kiosk.doctor.catalogue_checks import check_catalogue
    from kiosk.doctor.device_checks import check_card, check_pcsc, check_printer
    from kiosk.doctor.sync_checks import check_portal, check_queue

    return (
        check_python,
        check_qt,
        check_translations,
        check_settings,
        check_data_dir,
        check_disk,
        check_logs,
        check_keyring,
        check_catalogue,  # catalogue, facts
        check_pcsc,
        check_card,
        check_printer,
        check_portal,  # portal, token, clock
        check_queue,
    )


def run_checks(settings: Settings, checks: Sequence[Check] | None = None) -> list[CheckResult]:
    results: list[CheckResult] = []
    for check in all_checks() if checks is None else checks:
        try:
            outcome = check(settings)
        except Exception as exc:  # a broken check must not hide the others
            name = getattr(check, "__name__", "check").removeprefix("check_")
            results.append(CheckResult(name, FAIL, f"check crashed: {type(exc).__name__}: {exc}"))
            continue
        results.extend([outcome] if isinstance(outcome, CheckResult) else outcome)
    return results
