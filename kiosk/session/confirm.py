"""Confirming a dossier: durable first, then the receipt. The citizen is told "saved" only
after the outbox has committed the dossier; when it cannot (a full disk, a damaged store),
no receipt is made and nothing of the dossier is left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.dossier.model import Dossier, ReceiptRecord


@dataclass(frozen=True)
class Confirmed:
    local_code: str
    record: ReceiptRecord
    receipt_pdf: Path  # plaintext, in the session's folder (wiped with it); kept sealed too
    tracking_qr: Path  # the code to photograph when no printer answers


def confirm_dossier(settings: Settings, outbox: Any, dossier: Dossier,
                    work_dir: Path) -> Confirmed:
    """Commit `dossier` to `outbox` (raises its typed error, and nothing else happens),
    then render and keep its receipt and tracking QR."""
    from kiosk.receipts.qr import tracking_qr_png
    from kiosk.receipts.store import save_receipt_pdf

    outbox.enqueue(dossier)  # durable before the citizen is told it is saved
    record = ReceiptRecord.of(dossier)
    pdf = save_receipt_pdf(record, settings, work_dir)
    qr = tracking_qr_png(record, settings, work_dir / "receipt-qr.png")
    return Confirmed(dossier.local_code, record, pdf, qr)
