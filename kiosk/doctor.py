"""`kiosk doctor`: what a technician checks first, each with OK/WARN/FAIL and a hint."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.config import Settings, default_config_file, translations_path

OK, WARN, FAIL = "OK", "WARN", "FAIL"
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str
    detail: str
    hint: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def check_python(settings: Settings) -> CheckResult:
    return CheckResult("python", OK, f"Python {platform.python_version()}")


def check_qt(settings: Settings) -> CheckResult:
    try:
        from PySide6 import QtCore  # doctor is an operator tool, not part of the core

        version = QtCore.qVersion()
        pyside = importlib.metadata.version("PySide6")
    except (ImportError, importlib.metadata.PackageNotFoundError, OSError) as exc:
        return CheckResult("qt", FAIL, f"PySide6 not usable: {exc}",
                           "Run `make run` to install the Qt runtime libraries.")
    plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
    if not any((plugins / "platforminputcontexts").glob("*virtualkeyboard*")):
        return CheckResult("qt", WARN, f"Qt {version}, PySide6 {pyside}, no virtual keyboard",
                           "Install the full `pyside6` package, not only the Essentials.")
    return CheckResult("qt", OK, f"Qt {version}, PySide6 {pyside}")


def check_translations(settings: Settings) -> CheckResult:
    directory = translations_path()
    missing = [lang for lang in ("vi", "en") if not (directory / f"kiosk_{lang}.qm").is_file()]
    if missing:
        return CheckResult("translations", FAIL, f"missing {', '.join(missing)} in {directory}",
                           "Run `make translations` (builds .qm from translations/*.ts).")
    return CheckResult("translations", OK, f"vi, en in {directory}")


def check_pcsc(settings: Settings) -> CheckResult:
    try:
        from smartcard.System import readers
    except ImportError as exc:
        return CheckResult("pcsc", FAIL, f"pyscard not installed: {exc}", "Run `make run`.")
    try:
        names = [str(r) for r in readers()]
    except Exception as exc:  # pyscard raises several unrelated classes when pcscd is down
        running = PCSCD_SOCKET.exists()
        return CheckResult(
            "pcsc", FAIL, f"PC/SC service not answering ({type(exc).__name__})",
            "Start it: `systemctl enable --now pcscd.socket`" if not running
            else "Restart pcscd: `systemctl restart pcscd`.")
    if not names:
        return CheckResult("pcsc", WARN, "PC/SC service up, no reader connected",
                           "Plug in the card reader (or start the demo's virtual reader).")
    wanted = settings.card_reader
    if wanted and not any(wanted in n for n in names):
        return CheckResult("pcsc", WARN, f"readers: {', '.join(names)}",
                           f"Configured reader {wanted!r} not found; check card_reader.")
    return CheckResult("pcsc", OK, f"readers: {', '.join(names)}")


def check_printer(settings: Settings) -> CheckResult:
    if settings.mobile_mode:
        return CheckResult("printer", OK, "mobile mode: receipts as QR and PDF, no printer")
    if shutil.which("lpstat") is None:
        return CheckResult("printer", WARN, "CUPS client tools not installed",
                           "Install cups-client, or set mobile_mode for a tablet.")
    try:
        out = subprocess.run(["lpstat", "-p", "-d"], capture_output=True, text=True, timeout=5,
                             check=False)
    except subprocess.TimeoutExpired:
        return CheckResult("printer", FAIL, "CUPS did not answer in 5 s",
                           "Restart CUPS: `systemctl restart cups`.")
    text = out.stdout + out.stderr
    printers = [line.split()[1] for line in out.stdout.splitlines()
                if line.startswith("printer ")]
    if not printers:
        return CheckResult("printer", WARN, "no printer configured in CUPS",
                           "Add the receipt printer in CUPS (lpadmin) and set printer_name.")
    name = settings.printer_name or _default_printer(text) or printers[0]
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith(f"printer {name} ")), "")
    if not line:
        return CheckResult("printer", FAIL, f"printer {name!r} not in CUPS ({', '.join(printers)})",
                           "Fix printer_name in the settings file.")
    if "disabled" in line:
        return CheckResult("printer", FAIL, f"{name}: disabled/paused",
                           f"Check paper and cable, then `cupsenable {name}`.")
    return CheckResult("printer", OK, f"{name}: {line.split(' is ', 1)[-1].strip()}")


def _default_printer(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("system default destination:"):
            return line.split(":", 1)[1].strip()
    return None


def check_portal(settings: Settings) -> CheckResult:
    import requests

    url = settings.portal_url.rstrip("/") + "/v1/health"
    try:
        response = requests.get(
            url, timeout=(settings.portal_connect_timeout_s, settings.portal_read_timeout_s),
            verify=str(settings.portal_ca_bundle) if settings.portal_ca_bundle else True,
        )
    except requests.RequestException as exc:
        return CheckResult("portal", WARN, f"{settings.portal_url} unreachable "
                           f"({type(exc).__name__})",
                           "Dossiers queue safely offline; check the network or portal_url.")
    if response.status_code != 200:
        return CheckResult("portal", WARN, f"{url} answered {response.status_code}",
                           "The portal is up but unhealthy; dossiers wait in the queue.")
    return CheckResult("portal", OK, f"{settings.portal_url} healthy")


def check_keyring(settings: Settings) -> CheckResult:
    import keyring

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if "fail" in name.lower() or "null" in name.lower():
        return CheckResult("keyring", FAIL, f"no usable keyring ({name})",
                           "Install a keyring backend (e.g. keyrings.alt or Secret Service) "
                           "so the device token can be stored.")
    return CheckResult("keyring", OK, name)


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
    free = shutil.disk_usage(target).free
    mib = free // (1024 * 1024)
    if mib < 200:
        return CheckResult("disk", FAIL, f"{mib} MiB free",
                           "Free space now: dossiers cannot be saved below 200 MiB.")
    if mib < 1024:
        return CheckResult("disk", WARN, f"{mib} MiB free", "Free some space soon.")
    return CheckResult("disk", OK, f"{mib} MiB free")


def check_settings(settings: Settings) -> CheckResult:
    path = default_config_file()
    if path.is_file():
        return CheckResult("settings", OK, str(path))
    return CheckResult("settings", WARN, f"no settings file at {path}; using defaults",
                       "Write the kiosk's settings file (see installer/README.md).")


CHECKS: tuple[Callable[[Settings], CheckResult], ...] = (
    check_python,
    check_qt,
    check_translations,
    check_settings,
    check_data_dir,
    check_disk,
    check_keyring,
    check_pcsc,
    check_printer,
    check_portal,
)


def run_checks(settings: Settings) -> list[CheckResult]:
    results = []
    for check in CHECKS:
        try:
            results.append(check(settings))
        except Exception as exc:  # a broken check must not hide the others
            name = check.__name__.removeprefix("check_")
            results.append(CheckResult(name, FAIL, f"check crashed: {type(exc).__name__}: {exc}"))
    return results


def format_table(results: list[CheckResult]) -> str:
    width = max(len(r.name) for r in results)
    lines = []
    for r in results:
        lines.append(f"{r.status:<4}  {r.name:<{width}}  {r.detail}")
        if r.hint and r.status != OK:
            lines.append(f"{'':<4}  {'':<{width}}  -> {r.hint}")
    return "\n".join(lines)
