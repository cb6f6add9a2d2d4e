"""Printing receipts through CUPS, from a worker thread: never call this on the GUI thread.

`print_receipt(record, settings)` keeps the PDF (sealed) at
<data_dir>/receipts/<local_code>.pdf.sealed, sends a plaintext copy from a private temporary
folder to the printer and waits for the job's outcome, at most `print_timeout_s`. It
returns `PrintDone`, or raises `PrintFailure`, which says in Vietnamese and English what
happened and carries the full-screen QR images to show instead ("photograph this").
`print_pdf(pdf, settings)` does the same for a kept PDF (the screen's "Print" button and the
admin's reprint). In a BackgroundTask, `.success` gets PrintDone and `.failure` the
PrintFailure.

How: CUPS (kiosk.devices.printer.cups_client, pycups) names the printers and the default, as
`lpstat` and every print dialog on the machine see them. The PDF goes to CUPS as a vector
PDF at its own page size (A4, or "Custom.80xHmm" for the roll, read with pypdf), and the job
is followed by its id until completed, aborted or cancelled. Painting pages onto a Qt
QPrinter was rejected: Qt gives no job id and no job outcome (a paused queue would look
"printed"), and it rasterises the page (an A4 at 600 dpi is ~140 MB of pixels) where CUPS
filters keep text and QR codes as vectors. No Qt here: the CLI and the core print too.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Literal

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kiosk.config import Settings
from kiosk.devices.printer.cups_client import (
    JOB_COMPLETED,
    PRINTER_STOPPED,
    STATUS_NOT_ACCEPTING,
    CupsClient,
    CupsError,
)
from kiosk.dossier.model import ReceiptRecord
from kiosk.errors import KioskError
from kiosk.receipts.store import (
    FallbackQR,
    receipt_pdf_path,
    save_fallback_qr,
    save_receipt_pdf,
)

log = logging.getLogger(__name__)

# Printer-state reasons that mean "nothing will come out"; CUPS adds -error/-warning/-report.
_OUT_OF_PAPER = ("media-empty", "media-needed", "media-jam")
_OFFLINE = ("offline", "shutdown", "connecting-to-device", "door-open", "cover-open")
# A printer reported offline or out of paper may come back (USB re-plug, roll changed):
# wait this long before giving up, unless the whole timeout is shorter.
TROUBLE_GRACE_S = 8.0


class PrintFailureReason(Enum):
    MOBILE_MODE = "mobile_mode"
    NO_PRINTER = "no_printer"
    PRINTER_MISSING = "printer_missing"
    PRINTER_PAUSED = "printer_paused"
    PRINTER_NOT_ACCEPTING = "printer_not_accepting"
    PRINTER_OFFLINE = "printer_offline"
    OUT_OF_PAPER = "out_of_paper"
    JOB_FAILED = "job_failed"
    TIMEOUT = "timeout"
    CUPS_UNAVAILABLE = "cups_unavailable"


_KEEP_VI = " Vui lòng chụp ảnh mã QR trên màn hình để giữ thông tin hồ sơ."
_KEEP_EN = " Please take a photo of the QR code on the screen to keep your dossier details."
_MESSAGES: dict[PrintFailureReason, tuple[str, str]] = {
    PrintFailureReason.MOBILE_MODE: (
        "Điểm phục vụ lưu động không có máy in.",
        "This mobile service point has no printer.",
    ),
    PrintFailureReason.NO_PRINTER: (
        "Máy chưa được kết nối máy in.", "No printer is set up on this kiosk."),
    PrintFailureReason.PRINTER_MISSING: (
        "Không tìm thấy máy in.", "The printer cannot be found."),
    PrintFailureReason.PRINTER_PAUSED: (
        "Máy in đang tạm dừng.", "The printer is paused."),
    PrintFailureReason.PRINTER_NOT_ACCEPTING: (
        "Máy in đang không nhận lệnh in.", "The printer is not accepting print jobs."),
    PrintFailureReason.PRINTER_OFFLINE: (
        "Máy in không phản hồi (có thể chưa bật hoặc mất kết nối).",
        "The printer does not respond (it may be off or disconnected)."),
    PrintFailureReason.OUT_OF_PAPER: (
        "Máy in hết giấy hoặc kẹt giấy.", "The printer is out of paper or jammed."),
    PrintFailureReason.JOB_FAILED: (
        "In giấy biên nhận không thành công.", "The receipt could not be printed."),
    PrintFailureReason.TIMEOUT: (
        "Máy in không in xong trong thời gian cho phép.",
        "The printer did not finish in time."),
    PrintFailureReason.CUPS_UNAVAILABLE: (
        "Dịch vụ in của máy không hoạt động.", "The kiosk's printing service is not running."),
}


class PrintFailure(KioskError):  # noqa: N818 (the name the UI and the brief use)
    """Printing did not happen; `message_vi`/`message_en` tell the citizen what to do."""

    def __init__(
        self,
        reason: PrintFailureReason,
        detail: str = "",
        *,
        printer: str | None = None,
        job_id: int | None = None,
        pdf_path: Path | None = None,
        fallback: tuple[FallbackQR, ...] = (),
    ) -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail  # technical: printer and job ids, CUPS states; no personal data
        self.printer = printer
        self.job_id = job_id
        self.pdf_path = pdf_path
        self.fallback = fallback
        self.message_vi = _MESSAGES[reason][0] + _KEEP_VI
        self.message_en = _MESSAGES[reason][1] + _KEEP_EN


@dataclass(frozen=True)
class PrintDone:
    printer: str
    job_id: int
    pdf_path: Path
    seconds: float


@dataclass(frozen=True)
class PrinterReady:
    printer: str
    reasons: tuple[str, ...] = field(default=())


def choose_printer(
    settings: Settings, requested: str | None = None, cups: CupsClient | None = None
) -> str | PrintFailure:
    """The configured (or requested) printer if CUPS has it, else CUPS' default."""
    cups = cups or CupsClient()
    name = requested or settings.printer_name
    try:
        if name:
            if name not in cups.printer_names():
                return PrintFailure(PrintFailureReason.PRINTER_MISSING, f"no printer {name!r}",
                                    printer=name)
            return name
        default = cups.default_printer()
    except CupsError as exc:
        return PrintFailure(PrintFailureReason.CUPS_UNAVAILABLE, str(exc), printer=name)
    if not default:
        return PrintFailure(PrintFailureReason.NO_PRINTER, "no default printer")
    return default


def check_printer(
    settings: Settings, printer: str | None = None, cups: CupsClient | None = None
) -> PrinterReady | PrintFailure:
    """Can a job go to the printer now? For the pre-print check and the heartbeat."""
    if settings.mobile_mode and printer is None:
        return PrintFailure(PrintFailureReason.MOBILE_MODE, "mobile_mode is on")
    cups = cups or CupsClient()
    chosen = choose_printer(settings, printer, cups)
    if isinstance(chosen, PrintFailure):
        return chosen
    try:
        status = cups.printer(chosen)
    except CupsError as exc:
        return PrintFailure(PrintFailureReason.CUPS_UNAVAILABLE, str(exc), printer=chosen)
    if status is None:
        return PrintFailure(PrintFailureReason.PRINTER_MISSING, "no such CUPS queue",
                            printer=chosen)
    if status.state == PRINTER_STOPPED:
        return PrintFailure(PrintFailureReason.PRINTER_PAUSED,
                            f"printer stopped: {status.message}", printer=chosen)
    if not status.accepting:
        return PrintFailure(PrintFailureReason.PRINTER_NOT_ACCEPTING,
                            f"printer rejects jobs: {status.message}", printer=chosen)
    trouble = _trouble(status.reasons)
    if trouble and trouble is not PrintFailureReason.PRINTER_OFFLINE:
        return PrintFailure(trouble, ",".join(status.reasons), printer=chosen)
    return PrinterReady(chosen, status.reasons)


def print_receipt(
    record: ReceiptRecord,
    settings: Settings,
    *,
    printer: str | None = None,
    paper: str | None = None,
    cups: CupsClient | None = None,
) -> PrintDone:
    """Keep the receipt PDF and print it; on failure also write the fallback QR images
    (PrintFailure.fallback) before raising."""
    with tempfile.TemporaryDirectory(prefix="kiosk-receipt-") as work:
        pdf_path = save_receipt_pdf(record, settings, Path(work), paper)
        kept = receipt_pdf_path(settings, record.local_code)
        try:
            done = print_pdf(pdf_path, settings, printer=printer, cups=cups)
            return dataclasses.replace(done, pdf_path=kept)  # the work copy is gone after
        except PrintFailure as failure:
            failure.pdf_path = kept  # sealed, for a reprint
            failure.fallback = tuple(save_fallback_qr(record, settings))
            log.warning("receipt not printed: code=%s reason=%s detail=%s", record.local_code,
                        failure.reason.value, failure.detail)
            raise


def print_pdf(
    pdf_path: Path,
    settings: Settings,
    *,
    printer: str | None = None,
    cups: CupsClient | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    poll_s: float = 0.4,
) -> PrintDone:
    """Print a kept receipt PDF at its own page size and wait for the job to finish;
    raises PrintFailure when it cannot."""
    outcome = _print(pdf_path, settings, printer, cups, clock, sleep, poll_s)
    if isinstance(outcome, PrintFailure):
        outcome.pdf_path = pdf_path  # kept for reprint from admin
        raise outcome
    return outcome


def _print(
    pdf_path: Path,
    settings: Settings,
    printer: str | None,
    cups: CupsClient | None,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    poll_s: float,
) -> PrintDone | PrintFailure:
    start = clock()
    cups = cups or CupsClient()
    ready = check_printer(settings, printer, cups)
    if isinstance(ready, PrintFailure):
        return ready
    name = ready.printer
    media = media_for_pdf(pdf_path)
    if media is None:
        return PrintFailure(PrintFailureReason.JOB_FAILED, f"unreadable PDF {pdf_path.name}",
                            printer=name)
    try:
        job_id = cups.print_pdf(name, pdf_path.read_bytes(), title=pdf_path.stem, media=media)
    except CupsError as exc:
        reason = (PrintFailureReason.PRINTER_NOT_ACCEPTING if exc.status == STATUS_NOT_ACCEPTING
                  else PrintFailureReason.CUPS_UNAVAILABLE)
        return PrintFailure(reason, str(exc), printer=name)
    log.info("print job submitted: printer=%s job=%d media=%s", name, job_id, media)
    deadline = start + settings.print_timeout_s
    grace = min(TROUBLE_GRACE_S, settings.print_timeout_s)
    trouble_since: float | None = None
    while True:
        outcome = _poll(cups, name, job_id)
        now = clock()
        if outcome == "done":
            log.info("print job completed: printer=%s job=%d", name, job_id)
            return PrintDone(name, job_id, pdf_path, now - start)
        if isinstance(outcome, PrintFailure):
            trouble_since = now if trouble_since is None else trouble_since
            if outcome.reason not in _RECOVERABLE or now - trouble_since >= grace:
                return _give_up(cups, outcome)
        else:
            trouble_since = None
        if now >= deadline:
            timeout = PrintFailure(
                PrintFailureReason.TIMEOUT,
                f"job {job_id} unfinished after {settings.print_timeout_s:.0f} s",
                printer=name, job_id=job_id,
            )
            return _give_up(cups, timeout)
        sleep(min(poll_s, max(0.0, deadline - now)))


# Conditions worth waiting out for a few seconds; anything else fails at once.
_RECOVERABLE = (PrintFailureReason.PRINTER_OFFLINE, PrintFailureReason.OUT_OF_PAPER)


def _poll(cups: CupsClient, name: str, job_id: int) -> Literal["done"] | PrintFailure | None:
    """"done" when the job completed, a failure when it failed or cannot progress, else None
    (still queued or printing)."""
    try:
        job = cups.job(job_id)
        if job.state == JOB_COMPLETED:
            return "done"
        if job.finished:
            return PrintFailure(PrintFailureReason.JOB_FAILED,
                                f"job {job_id} state {job.state} {','.join(job.reasons)}",
                                printer=name, job_id=job_id)
        status = cups.printer(name)
    except CupsError as exc:
        return PrintFailure(PrintFailureReason.CUPS_UNAVAILABLE, str(exc), printer=name,
                            job_id=job_id)
    if status is None:
        return PrintFailure(PrintFailureReason.PRINTER_MISSING, "queue deleted",
                            printer=name, job_id=job_id)
    if status.state == PRINTER_STOPPED:
        return PrintFailure(PrintFailureReason.PRINTER_PAUSED,
                            f"printer stopped: {status.message}", printer=name, job_id=job_id)
    trouble = _trouble(status.reasons)
    if trouble is not None:
        return PrintFailure(trouble, ",".join(status.reasons), printer=name, job_id=job_id)
    return None


def _give_up(cups: CupsClient, failure: PrintFailure) -> PrintFailure:
    """Cancel the job so a late printout never lands in the next citizen's hands."""
    if failure.job_id is not None and failure.reason is not PrintFailureReason.JOB_FAILED:
        try:
            cups.cancel(failure.job_id)
        except CupsError as exc:
            log.warning("could not cancel job %d: %s", failure.job_id, exc)
    return failure


def _trouble(reasons: tuple[str, ...]) -> PrintFailureReason | None:
    for reason in reasons:
        base = reason.removesuffix("-error").removesuffix("-report")
        if reason.endswith("-warning"):
            continue
        if base.startswith(_OUT_OF_PAPER):
            return PrintFailureReason.OUT_OF_PAPER
        if base.startswith(_OFFLINE):
            return PrintFailureReason.PRINTER_OFFLINE
    return None


def media_for_pdf(pdf_path: Path) -> str | None:
    """CUPS media for the PDF's first page: A4/A5 by size, else a custom size in mm (the
    roll's height rounded up, so the cutter never clips the signature lines). None when the
    file is not a readable PDF."""
    try:
        box = PdfReader(pdf_path).pages[0].mediabox
        width_mm, height_mm = float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72
    except (OSError, PyPdfError, IndexError, ValueError):
        return None
    for name, (w, h) in {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}.items():
        if abs(width_mm - w) < 1 and abs(height_mm - h) < 1:
            return name
    return f"Custom.{round(width_mm)}x{math.ceil(height_mm)}mm"
