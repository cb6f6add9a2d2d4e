"""The print state machine against a scripted CUPS (no Qt, no scheduler): which outcome for
which job and printer states, cancelling on give-up, never waiting past the timeout."""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Sequence
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.devices.printer.cups_ipp import (
    JOB_ABORTED,
    JOB_COMPLETED,
    JOB_PENDING,
    JOB_PROCESSING,
    PRINTER_IDLE,
    PRINTER_PROCESSING,
    PRINTER_STOPPED,
    IppError,
    JobStatus,
    PrinterStatus,
    parse_response,
)
from kiosk.ui import printing
from kiosk.ui.printing import PrintDone, PrintFailure, PrintFailureReason, print_pdf


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
                 submit_error: IppError | None = None) -> None:
        self.jobs, self.printers = jobs, printers
        self.submit_error = submit_error
        self.submitted: list[tuple[str, str | None]] = []
        self.cancelled: list[int] = []
        self.polls = 0

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


@pytest.fixture
def pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(printing, "choose_printer", lambda settings, requested=None: "thermal")
    monkeypatch.setattr(printing, "media_for_pdf", lambda path: "Custom.80x350mm")
    path = tmp_path / "H26.22.01-261122-K01A7Q.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    return path


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
        [JOB_PENDING], [status()], submit_error=IppError("Print-Job", 0x0506)))
    dead = ScriptedCups([JOB_PENDING], [status()])
    dead.printer = lambda name: (_ for _ in ()).throw(IppError("unreachable"))  # type: ignore[method-assign]
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


def _attr(tag: int, name: str, value: bytes) -> bytes:
    head = struct.pack(">BH", tag, len(name)) + name.encode()
    return head + struct.pack(">H", len(value)) + value


def test_ipp_response_parsing() -> None:
    body = (
        struct.pack(">BBHI", 1, 1, 0x0000, 7)
        + b"\x01" + _attr(0x47, "attributes-charset", b"utf-8")
        + b"\x04" + _attr(0x23, "printer-state", struct.pack(">i", 5))
        + _attr(0x44, "printer-state-reasons", b"paused")
        + _attr(0x44, "", b"media-empty-error")
        + _attr(0x22, "printer-is-accepting-jobs", b"\x00")
        + _attr(0x41, "printer-state-message", "Hết giấy".encode())
        + b"\x03"
    )
    status_code, groups = parse_response(body)
    assert status_code == 0
    printer = dict(groups)[0x04]
    assert printer["printer-state"] == [5]
    assert printer["printer-state-reasons"] == ["paused", "media-empty-error"]
    assert printer["printer-is-accepting-jobs"] == [False]
    assert printer["printer-state-message"] == ["Hết giấy"]
    with pytest.raises(IppError):
        parse_response(b"\x01\x01")
