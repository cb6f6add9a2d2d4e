"""The "printing failed, photograph this" path without any printer: the PDF is kept, the
full-screen QR images decode, and the message says what to do in both languages."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.devices.printer.cups_client import CupsClient
from kiosk.receipts.printing import PrintFailure, PrintFailureReason, print_receipt
from kiosk.receipts.qr import tracking_qr_png
from kiosk.receipts.sample import sample_record
from kiosk.receipts.store import (
    ReceiptCodeError,
    kept_receipt_pdf,
    receipt_pdf_path,
    save_fallback_qr,
)

Decode = Callable[[Path], tuple[list[str], list[str]]]
TRACKING = "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H26.22.01-261122-K01A7Q"


def test_mobile_mode_keeps_the_pdf_and_shows_the_codes(settings: Settings, decode_qr: Decode,
                                                       artifacts_dir: Path) -> None:
    mobile = dataclasses.replace(settings, mobile_mode=True)
    with pytest.raises(PrintFailure) as caught:
        print_receipt(sample_record(), mobile)
    failure = caught.value
    assert failure.reason is PrintFailureReason.MOBILE_MODE
    assert failure.pdf_path == receipt_pdf_path(mobile, "H26.22.01-261122-K01A7Q")
    with kept_receipt_pdf(mobile, "H26.22.01-261122-K01A7Q") as kept:  # sealed at rest
        assert kept.read_bytes().startswith(b"%PDF")
    assert [q.kind for q in failure.fallback] == ["tracking", "payment"]
    for qr in failure.fallback:
        (artifacts_dir / f"fallback-{qr.kind}.png").write_bytes(qr.png.read_bytes())
        zbar, zxing = decode_qr(qr.png)
        assert zbar == zxing == [qr.payload]
    assert failure.fallback[0].payload == TRACKING
    assert "chụp ảnh mã QR" in failure.message_vi
    assert "photo of the QR code" in failure.message_en


def test_unreachable_scheduler_is_a_print_failure(settings: Settings, tmp_path: Path) -> None:
    dead = CupsClient(server=str(tmp_path / "no-cups.sock"))
    with pytest.raises(PrintFailure) as caught:
        print_receipt(sample_record(fee_vnd=0), settings, printer="any", cups=dead)
    assert caught.value.reason in (PrintFailureReason.CUPS_UNAVAILABLE,
                                   PrintFailureReason.PRINTER_MISSING)
    assert [q.kind for q in caught.value.fallback] == ["tracking"]


def test_tracking_png_for_the_receipt_screen(settings: Settings, tmp_path: Path,
                                            decode_qr: Decode) -> None:
    png = tracking_qr_png(sample_record(), settings, tmp_path / "screen" / "qr.png")
    zbar, zxing = decode_qr(png)
    assert zbar == zxing == [TRACKING]


def test_fallback_files_stay_inside_the_receipts_folder(settings: Settings) -> None:
    record = dataclasses.replace(sample_record(), local_code="../../../tmp/evil")
    with pytest.raises(ReceiptCodeError):
        save_fallback_qr(record, settings)
