"""A kept receipt holds the citizen's name and address: it is kept sealed (never in clear in
the data folder), it goes when the dossier's retention is over, with its fallback QR images,
and nothing else does."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import load
from kiosk.receipts.sample import sample_record
from kiosk.receipts.store import (
    forget_receipt,
    kept_receipt_pdf,
    receipt_pdf_path,
    receipts_dir,
    save_fallback_qr,
    save_receipt_pdf,
)


def test_the_kept_receipt_is_sealed_and_opens_for_a_reprint(tmp_path: Path) -> None:
    settings = load(tmp_path / "none.toml", {}, data_dir=tmp_path / "data")
    record = sample_record()
    work = save_receipt_pdf(record, settings, tmp_path / "session")
    plain = work.read_bytes()
    kept = receipt_pdf_path(settings, record.local_code)
    assert plain.startswith(b"%PDF") and kept.exists()
    stored = kept.read_bytes()
    assert b"%PDF" not in stored and plain[200:264] not in stored  # sealed, not a copy
    with kept_receipt_pdf(settings, record.local_code) as reprint:
        assert reprint.read_bytes() == plain
    assert not reprint.exists()  # the plaintext lives only while it prints


def test_forget_receipt_removes_the_pdf_and_its_qr_images_only(tmp_path: Path) -> None:
    settings = load(tmp_path / "none.toml", {}, data_dir=tmp_path / "data")
    record = sample_record()
    save_receipt_pdf(record, settings, tmp_path / "session")
    pdf = receipt_pdf_path(settings, record.local_code)
    qrs = save_fallback_qr(record, settings, size_px=300)
    other = receipts_dir(settings) / "H26.22.01-261122-K0000018.pdf.sealed"
    other.write_bytes(b"%PDF another citizen's receipt")
    assert pdf.exists() and all(q.png.exists() for q in qrs)

    assert forget_receipt(settings, record.local_code) == 1 + len(qrs)
    assert not pdf.exists()
    assert not any(q.png.exists() for q in qrs)
    assert other.exists()
    assert forget_receipt(settings, record.local_code) == 0  # already gone: no error
