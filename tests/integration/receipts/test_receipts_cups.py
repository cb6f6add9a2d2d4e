"""Printing against a real CUPS scheduler: jobs complete on a cups-pdf queue at the right
paper size; a paused, rejecting, missing or silent printer gives a PrintFailure with the
fallback QR images, and the job never lingers to print later."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.devices.printer.cups_client import JOB_CANCELED, JOB_COMPLETED, CupsClient
from kiosk.receipts.printing import (
    PrintDone,
    PrintFailure,
    PrintFailureReason,
    check_printer,
    print_receipt,
)
from kiosk.receipts.sample import sample_record
from kiosk.receipts.store import kept_receipt_pdf

pytestmark = pytest.mark.cups

MakeQueue = Callable[..., str]
Decode = Callable[[Path], tuple[list[str], list[str]]]
TRACKING = "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H26.22.01-261122-K01A7Q"


def page_size_mm(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True,
                          timeout=60).stdout.decode()
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match, info
    return float(match.group(1)) * 25.4 / 72, float(match.group(2)) * 25.4 / 72


@pytest.mark.parametrize(("paper", "width_mm"), [("80mm", 80.0), ("a4", 210.0)])
def test_receipt_prints_at_its_paper_size(
    make_queue: MakeQueue, cups_scheduler: CupsClient, settings: Settings,
    printed_file: Callable[[int], Path], paper: str, width_mm: float,
) -> None:
    queue = make_queue()
    result = print_receipt(sample_record(), settings, printer=queue, paper=paper)
    assert isinstance(result, PrintDone), getattr(result, "detail", result)
    assert result.printer == queue
    assert cups_scheduler.job(result.job_id).state == JOB_COMPLETED
    assert result.pdf_path == settings.data_dir / "receipts" / "H26.22.01-261122-K01A7Q.pdf.sealed"
    with kept_receipt_pdf(settings, "H26.22.01-261122-K01A7Q") as kept:  # sealed at rest
        assert kept.read_bytes().startswith(b"%PDF")
    width, height = page_size_mm(printed_file(result.job_id))
    assert width == pytest.approx(width_mm, abs=1.0)
    if paper == "a4":
        assert height == pytest.approx(297.0, abs=1.0)
    else:
        assert height > 200, "the roll is cut to the receipt's length, not to A4"


def failure_of(settings: Settings, printer: str | None = None) -> PrintFailure:
    with pytest.raises(PrintFailure) as caught:
        print_receipt(sample_record(), settings, printer=printer)
    return caught.value


def assert_fallback(failure: PrintFailure, decode_qr: Decode) -> None:
    assert failure.pdf_path is not None and failure.pdf_path.is_file()
    kinds = [qr.kind for qr in failure.fallback]
    assert kinds == ["tracking", "payment"]
    zbar, zxing = decode_qr(failure.fallback[0].png)
    assert zbar == [TRACKING] == zxing
    zbar, zxing = decode_qr(failure.fallback[1].png)
    assert zbar == zxing == [failure.fallback[1].payload]
    assert failure.message_vi and failure.message_en


def test_paused_queue_fails_fast_with_the_qr_fallback(
    make_queue: MakeQueue, settings: Settings, decode_qr: Decode, cups_scheduler: CupsClient,
) -> None:
    queue = make_queue()
    subprocess.run(["cupsdisable", "-r", "test: paused", queue], check=True, timeout=30)
    assert isinstance(check_printer(settings, queue), PrintFailure)
    result = failure_of(settings, queue)
    assert result.reason is PrintFailureReason.PRINTER_PAUSED
    assert result.job_id is None, "nothing is queued on a paused printer"
    assert_fallback(result, decode_qr)


def test_rejecting_queue_fails(make_queue: MakeQueue, settings: Settings) -> None:
    queue = make_queue()
    subprocess.run(["cupsreject", queue], check=True, timeout=30)
    result = failure_of(settings, queue)
    assert result.reason is PrintFailureReason.PRINTER_NOT_ACCEPTING


def test_missing_printer_fails_with_the_fallback(
    cups_scheduler: CupsClient, settings: Settings, decode_qr: Decode
) -> None:
    missing = dataclasses.replace(settings, printer_name="no-such-printer-here")
    result = failure_of(missing)
    assert result.reason is PrintFailureReason.PRINTER_MISSING
    assert_fallback(result, decode_qr)


def test_silent_printer_times_out_and_its_job_is_cancelled(
    make_queue: MakeQueue, settings: Settings, cups_scheduler: CupsClient
) -> None:
    queue = make_queue("socket://127.0.0.1:9")  # nothing listens: the backend keeps retrying
    quick = dataclasses.replace(settings, print_timeout_s=3.0)
    result = failure_of(quick, queue)
    assert result.reason is PrintFailureReason.TIMEOUT
    assert result.job_id is not None
    assert cups_scheduler.job(result.job_id).state == JOB_CANCELED


def test_cli_print_exit_codes(
    make_queue: MakeQueue, settings: Settings, capsys: pytest.CaptureFixture[str],
    printed_file: Callable[[int], Path],
) -> None:
    from kiosk.cli import main

    queue = make_queue()
    data = ["--data-dir", str(settings.data_dir)]
    assert main([*data, "receipt", "print", "--sample", "--printer", queue]) == 0
    out = capsys.readouterr().out
    match = re.search(rf"printed on {queue} \(job (\d+)", out)
    assert match, out
    assert printed_file(int(match.group(1))).stat().st_size > 0
    subprocess.run(["cupsdisable", queue], check=True, timeout=30)
    assert main([*data, "receipt", "print", "--sample", "--printer", queue]) == 3
    err = capsys.readouterr().err
    assert "H26.22.01-261122-K01A7Q-tracking.png" in err
    assert "H26.22.01-261122-K01A7Q.pdf" in err
