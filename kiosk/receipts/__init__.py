"""Receipts: form Mẫu 01 as a PDF (80 mm roll or A4/A5), its tracking and VietQR codes, and
the files kept for reprint. No Qt here; printing and on-screen preview live in kiosk.ui.

    description.py  what the receipt says (blocks), from a ReceiptRecord and the settings
    layout.py       where the blocks go on a given paper
    pdf.py          render_receipt(record, settings, paper) -> PDF bytes
    store.py        <data_dir>/receipts/<local_code>.pdf and the full-screen QR PNGs
    qr.py, vietqr.py, fonts.py, sample.py, receipt_cli.py

The names below load lazily: reportlab is imported on first use, not by `kiosk --version`.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "render_receipt": "kiosk.receipts.pdf",
    "sample_record": "kiosk.receipts.sample",
    "save_receipt_pdf": "kiosk.receipts.store",
    "tracking_qr_png": "kiosk.receipts.qr",
    "save_fallback_qr": "kiosk.receipts.store",
    "receipt_pdf_path": "kiosk.receipts.store",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kiosk.receipts' has no attribute {name!r}")
