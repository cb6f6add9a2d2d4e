"""The print state machine against a scripted CUPS (no Qt, no scheduler): which outcome for
which job and printer states, cancelling on give-up, never waiting past the timeout."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kiosk.config import Settings
from kiosk.devices.printer.cups_client import (
    JOB_ABORTED,
    JOB_COMPLETED,
    JOB_PENDING,
    JOB_PROCESSING,
    PRINTER_IDLE,
    PRINTER_PROCESSING,
    PRINTER_STOPPED,
    CupsError,
    JobStatus,
    PrinterStatus,
    _reasons,
)
from kiosk.receipts import printing
from kiosk.receipts.printing import PrintDone, PrintFailure, PrintFailureReason, print_pdf


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class ScriptedCups:
    """Job and printer states per poll; the last state repeats."""

    def __init__(self, jobs: list[int], printers: Sequence[PrinterStatus | None],
                 submit_error: CupsError | None = None) -> None:
        self.jobs, self.printers = jobs, printers
        self.submit_error = submit_error
        self.submitted: list[tuple[str, str | None]] = []
        self.cancelled: list[int] = []
        self.polls = 0

    def printer_names(self) -> list[str]:
        return ["thermal"]

    def default_printer(self) -> str | None:
        return "thermal"

    def printer(self, name: str) -> PrinterStatus | None:
        return self.printers[min(self.polls, len(self.printers) - 1)]

    def print_pdf(self, name: str, pdf: bytes, *, title: str, media: str | None) -> int:
        if self.submit_error:
            raise self.submit_error
        self.submitted.append((title, media))
        return 42

    def cancel(self, job_id: int) -> None:
        self.cancelled.append(job_id)

    def job(self, job_id: int) -> JobStatus:
        state = self.jobs[min(self.polls, len(self.jobs) - 1)]
        self.polls += 1
        return JobStatus(job_id, state, (), "")


def status(state: int = PRINTER_IDLE, reasons: tuple[str, ...] = (), accepting: bool = True
           ) -> PrinterStatus:
    return PrinterStatus("thermal", state, reasons, accepting, "")


def write_pdf(path: Path, width_mm: float, height_mm: float) -> Path:
    page = canvas.Canvas(str(path), pagesize=(width_mm * mm, height_mm * mm))
    page.drawString(10, 10, "Giấy tiếp nhận")
    page.save()
    return path


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "H26.22.01-261122-K01A7Q.pdf", 80, 349.2)


def run(pdf: Path, settings: Settings, cups: ScriptedCups, timeout: float = 20.0
        ) -> tuple[PrintDone | PrintFailure, FakeClock]:
    """print_pdf's outcome: PrintDone returned, or the PrintFailure it raised."""
    clock = FakeClock()
    try:
        result: PrintDone | PrintFailure = print_pdf(
            pdf, dataclasses.replace(settings, print_timeout_s=timeout),
            cups=cups, clock=clock, sleep=clock.sleep)  # type: ignore[arg-type]
    except PrintFailure as failure:
        result = failure
    if isinstance(result, PrintFailure):
        assert result.pdf_path == pdf, "the failure names the kept PDF"
    return result, clock


def test_completed_job_is_done(pdf: Path, settings: Settings) -> None:
    cups = ScriptedCups([JOB_PENDING, JOB_PROCESSING, JOB_COMPLETED],
                        [status(), status(PRINTER_PROCESSING)])
    result, _ = run(pdf, settings, cups)
    assert isinstance(result, PrintDone)
    assert (result.printer, result.job_id, result.pdf_path) == ("thermal", 42, pdf)
    assert cups.submitted == [("H26.22.01-261122-K01A7Q", "Custom.80x350mm")]
    assert cups.cancelled == []


def test_paused_printer_fails_before_submitting(pdf: Path, settings: Settings) -> None:
    cups = ScriptedCups([JOB_PENDING], [status(PRINTER_STOPPED, ("paused",))])
    result, _ = run(pdf, settings, cups)
    assert isinstance(result, PrintFailure)
    assert result.reason is PrintFailureReason.PRINTER_PAUSED
    assert cups.submitted == []
    assert result.pdf_path == pdf
    assert "tạm dừng" in result.message_vi and "paused" in result.message_en
    assert "QR" in result.message_vi and "QR" in result.message_en


def test_printer_paused_while_job_waits_is_cancelled(pdf: Path, settings: Settings) -> None:
    cups = ScriptedCups([JOB_PENDING], [status(), status(PRINTER_STOPPED, ("paused",))])
    result, _ = run(pdf, settings, cups)
    assert isinstance(result, PrintFailure)
    assert result.reason is PrintFailureReason.PRINTER_PAUSED
    assert cups.cancelled == [42]


def test_aborted_job_fails_at_once(pdf: Path, settings: Settings) -> None:
    cups = ScriptedCups([JOB_PROCESSING, JOB_ABORTED], [status()])
    result, clock = run(pdf, settings, cups)
    assert isinstance(result, PrintFailure)
    assert result.reason is PrintFailureReason.JOB_FAILED
    assert result.job_id == 42
    assert clock.now < 2
    assert cups.cancelled == []  # already finished: nothing to cancel


def test_out_of_paper_waits_the_grace_then_fails_and_cancels(pdf: Path, settings: Settings
                                                             ) -> None:
    cups = ScriptedCups([JOB_PROCESSING], [status(), status(PRINTER_PROCESSING,
                                                            ("media-empty-error",))])
    result, clock = run(pdf, settings, cups, timeout=60)
    assert isinstance(result, PrintFailure)
    assert result.reason is PrintFailureReason.OUT_OF_PAPER
    assert printing.TROUBLE_GRACE_S <= clock.now < printing.TROUBLE_GRACE_S + 1
    assert cups.cancelled == [42]


def test_paper_back_within_the_grace_prints(pdf: Path, settings: Settings) -> None:
    cups = ScriptedCups([JOB_PROCESSING] * 5 + [JOB_COMPLETED],
                        [status()] + [status(PRINTER_PROCESSING, ("media-empty-error",))] * 4
                        + [status(PRINTER_PROCESSING)])
    result, _ = run(pdf, settings, cups)
    assert isinstance(result, PrintDone)


def test_a_job_that_never_finishes_times_out_and_is_cancelled(pdf: Path, settings: Settings
                                                              ) -> None:
    cups = ScriptedCups([JOB_PROCESSING], [status(PRINTER_PROCESSING)])
    result, clock = run(pdf, settings, cups, timeout=5)
    assert isinstance(result, PrintFailure)
    assert result.reason is PrintFailureReason.TIMEOUT
    assert 5 <= clock.now <= 5.5
    assert cups.cancelled == [42]


def test_missing_queue_rejecting_queue_and_dead_scheduler(pdf: Path, settings: Settings
                                                          ) -> None:
    missing, _ = run(pdf, settings, ScriptedCups([JOB_PENDING], [None]))
    rejecting, _ = run(pdf, settings, ScriptedCups([JOB_PENDING], [status(accepting=False)]))
    refused, _ = run(pdf, settings, ScriptedCups(
        [JOB_PENDING], [status()], submit_error=CupsError("Print-Job", 0x0506)))
    dead = ScriptedCups([JOB_PENDING], [status()])
    dead.printer = lambda name: (_ for _ in ()).throw(CupsError("unreachable"))  # type: ignore[method-assign]
    down, _ = run(pdf, settings, dead)
    reasons = [r.reason for r in (missing, rejecting, refused, down)]  # type: ignore[union-attr]
    assert reasons == [PrintFailureReason.PRINTER_MISSING,
                       PrintFailureReason.PRINTER_NOT_ACCEPTING,
                       PrintFailureReason.PRINTER_NOT_ACCEPTING,
                       PrintFailureReason.CUPS_UNAVAILABLE]


def test_mobile_mode_has_no_printer(pdf: Path, settings: Settings) -> None:
    cups = ScriptedCups([JOB_COMPLETED], [status()])
    result, _ = run(pdf, dataclasses.replace(settings, mobile_mode=True), cups)
    assert isinstance(result, PrintFailure)
    assert result.reason is PrintFailureReason.MOBILE_MODE
    assert cups.submitted == []


def test_every_failure_reason_has_both_messages() -> None:
    for reason in PrintFailureReason:
        failure = PrintFailure(reason)
        assert failure.message_vi and failure.message_en
        assert failure.message_vi != failure.message_en


def test_page_size_becomes_the_cups_media(tmp_path: Path) -> None:
    assert printing.media_for_pdf(write_pdf(tmp_path / "a4.pdf", 210, 297)) == "A4"
    assert printing.media_for_pdf(write_pdf(tmp_path / "a5.pdf", 148, 210)) == "A5"
    # the roll's height is rounded up so the cutter never clips the signature lines
    roll = write_pdf(tmp_path / "roll.pdf", 80, 349.2)
    assert printing.media_for_pdf(roll) == "Custom.80x350mm"
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\nnot really")
    assert printing.media_for_pdf(tmp_path / "junk.pdf") is None
    assert printing.media_for_pdf(tmp_path / "absent.pdf") is None


def test_state_reasons_in_either_shape_pycups_gives() -> None:
    assert _reasons("none") == ()
    assert _reasons("media-empty-error") == ("media-empty-error",)
    assert _reasons(["paused", "media-empty-error"]) == ("paused", "media-empty-error")
    assert _reasons(None) == ()


def test_printer_choice_follows_cups(settings: Settings) -> None:
    cups = ScriptedCups([JOB_COMPLETED], [status()])
    assert printing.choose_printer(settings, None, cups) == "thermal"  # type: ignore[arg-type]
    missing = printing.choose_printer(settings, "other", cups)  # type: ignore[arg-type]
    assert isinstance(missing, PrintFailure)
    assert missing.reason is PrintFailureReason.PRINTER_MISSING
    cups.default_printer = lambda: None  # type: ignore[method-assign]
    none = printing.choose_printer(settings, None, cups)  # type: ignore[arg-type]
    assert isinstance(none, PrintFailure) and none.reason is PrintFailureReason.NO_PRINTER


def test_a_machine_without_pycups_says_so_instead_of_crashing(tmp_path: Path) -> None:
    """Windows, or a broken install: no `cups` module. Printing fails with the printing
    service named as the cause (the citizen gets the QR to photograph), nothing crashes."""
    import subprocess
    import sys

    script = (
        "import sys; sys.modules['cups'] = None\n"  # what `import cups` meets with no pycups
        "from kiosk.config import load\n"
        "from kiosk.receipts.printing import PrintFailureReason, check_printer\n"
        "outcome = check_printer(load(env={}), printer='thermal')\n"
        "assert outcome.reason is PrintFailureReason.CUPS_UNAVAILABLE, outcome\n"
        "assert 'pycups' in outcome.detail, outcome.detail\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
