"""Doctor checks of the devices: the PC/SC reader, a card on it, the receipt printer.

`reader_state` and `printer_state` are also what the heartbeat reports (short codes); they
never touch the card, so they are safe while a citizen is being served. `check_card` does:
it connects and selects the chip ID application, which doctor runs on request only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.doctor.result import FAIL, OK, WARN, CheckResult

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
# Printer-state reasons (CUPS adds -error/-warning/-report) that stop the paper.
OUT_OF_PAPER = ("media-empty", "media-needed", "media-jam", "marker-supply-empty")
OFFLINE = ("offline", "shutdown", "connecting-to-device", "door-open", "cover-open")


@dataclass(frozen=True)
class DeviceState:
    code: str  # short and stable: what the heartbeat sends
    status: str  # OK / WARN / FAIL
    detail: str
    hint: str = ""

    def result(self, name: str) -> CheckResult:
        return CheckResult(name, self.status, self.detail, self.hint)


def reader_state(settings: Settings) -> DeviceState:
    try:
        from kiosk.devices.card.apdu import CardError
        from kiosk.devices.card.pcsc_reader import list_readers
    except ImportError as exc:
        return DeviceState("no_pcsc_library", FAIL, f"pyscard not usable: {exc}",
                           "Install the app's dependencies again (pyscard, libpcsclite1).")
    try:
        names = list_readers()
    except CardError as exc:
        if os.name == "nt":
            hint = "Start the Smart Card service: `sc config SCardSvr start= auto`, then " \
                   "`sc start SCardSvr`."
        elif PCSCD_SOCKET.exists():
            hint = "Restart it: `systemctl restart pcscd`."
        else:
            hint = "Start it: `systemctl enable --now pcscd.socket`."
        return DeviceState("no_service", FAIL,
                           f"PC/SC service not answering ({exc.detail or type(exc)})", hint)
    if not names:
        return DeviceState("no_reader", FAIL, "PC/SC service up, no reader connected",
                           "Plug in the card reader; `lsusb` must list it, and a reader that "
                           "is not CCID needs its vendor's driver.")
    wanted = settings.card_reader
    if wanted and not any(wanted.lower() in n.lower() for n in names):
        return DeviceState("reader_not_found", FAIL, f"readers: {', '.join(names)}",
                           f"No reader matches card_reader={wanted!r}: fix the setting or "
                           "plug in that reader.")
    return DeviceState("ok", OK, f"readers: {', '.join(names)}")


def check_pcsc(settings: Settings) -> CheckResult:
    return reader_state(settings).result("pcsc")


def check_card(settings: Settings) -> CheckResult:
    """A card on the reader answers SELECT of the chip ID (eMRTD) application."""
    if reader_state(settings).code != "ok":
        return CheckResult("card", WARN, "not tested: no usable reader (see pcsc)")
    from kiosk.devices.card.apdu import CardError, ReaderBusy, UnsupportedCardError
    from kiosk.devices.card.card_session import select_application
    from kiosk.devices.card.pcsc_reader import PcscTransport, choose_reader, wait_for_card
    from kiosk.devices.card.transport import PlainChannel

    try:
        reader = choose_reader(settings.card_reader)
        if not wait_for_card(reader, 0.0):
            return CheckResult("card", WARN, f"no card on {reader}",
                               "Put a chip ID card on the reader and run doctor again to "
                               "test that cards answer.")
        with PcscTransport(reader, timeout_s=settings.card_apdu_timeout_s) as transport:
            atr = transport.atr.hex().upper()
            select_application(PlainChannel(transport))
            protocol = transport.protocol
    except UnsupportedCardError:
        return CheckResult("card", WARN, "a card answers, but it has no chip ID application",
                           "Test with a chip ID card (CCCD); this one is another kind.")
    except ReaderBusy as exc:
        return CheckResult("card", WARN, f"reader busy: {exc.detail}",
                           "Another program holds the card (the kiosk reading it?); "
                           "try again in a moment.")
    except CardError as exc:
        return CheckResult("card", FAIL, f"the card does not answer: {type(exc).__name__}: "
                           f"{exc.detail}",
                           "Put the card flat on the reader's mark; try another card; if no "
                           "card answers, replug or replace the reader.")
    return CheckResult("card", OK, f"chip ID application selected on {reader} "
                       f"({protocol}, ATR {atr})")


def printer_state(settings: Settings, cups: Any = None) -> DeviceState:
    """The receipt printer as CUPS sees it (IPP), without printing anything."""
    from kiosk.devices.printer.cups_client import (
        PRINTER_PROCESSING,
        PRINTER_STOPPED,
        CupsClient,
        CupsError,
    )

    if settings.mobile_mode:
        return DeviceState("mobile", OK, "mobile mode: receipts as QR and PDF, no printer")
    client = cups or CupsClient()
    try:
        name = settings.printer_name or client.default_printer()
        if not name:
            names = client.printer_names()
            return DeviceState(
                "no_printer", FAIL,
                "no default printer" + (f" (queues: {', '.join(names)})" if names
                                        else " and no queue in CUPS"),
                "Add the receipt printer (lpadmin, or the CUPS web page) and set "
                "printer_name, or `lpoptions -d NAME`; tablets: set mobile_mode.")
        status = client.printer(name)
    except CupsError as exc:
        return DeviceState("cups_unavailable", FAIL, f"CUPS not answering: {exc}",
                           "Windows has no CUPS: set mobile_mode, or CUPS_SERVER to a print "
                           "server." if os.name == "nt"
                           else "Start it: `systemctl enable --now cups`.")
    if status is None:
        return DeviceState("printer_missing", FAIL, f"no CUPS queue {name!r}",
                           "Fix printer_name in the settings (`lpstat -p` lists the queues).")
    reasons = ", ".join(status.reasons)
    said = f" ({status.message})" if status.message else ""
    if status.state == PRINTER_STOPPED:
        return DeviceState("paused", FAIL, f"{name}: stopped{said}",
                           f"Check paper, power and cable, then `cupsenable {name}`.")
    if not status.accepting:
        return DeviceState("not_accepting", FAIL, f"{name}: rejecting jobs{said}",
                           f"`cupsaccept {name}`.")
    if _has(status.reasons, OUT_OF_PAPER):
        return DeviceState("out_of_paper", FAIL, f"{name}: {reasons}",
                           "Load a new paper roll and clear any jam.")
    if _has(status.reasons, OFFLINE):
        return DeviceState("offline", FAIL, f"{name}: {reasons}",
                           "Switch the printer on and check its USB or network cable.")
    idle = "printing" if status.state == PRINTER_PROCESSING else "idle"
    return DeviceState("ok", OK, f"{name}: {idle}" + (f" ({reasons})" if reasons else ""))


def _has(reasons: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    # "-report" reasons are informational; "-warning" and "-error" (or none) count.
    return any(r.removesuffix("-error").removesuffix("-warning") in wanted for r in reasons)


def check_printer(settings: Settings) -> CheckResult:
    return printer_state(settings).result("printer")
