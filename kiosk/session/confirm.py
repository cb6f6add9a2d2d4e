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
    payment_qr: Path | None = None  # the fee's VietQR, when a fee is due


def confirm_dossier(settings: Settings, outbox: Any, dossier: Dossier,
                    work_dir: Path) -> Confirmed:
    """Commit `dossier` to `outbox` (raises its typed error, and nothing else happens),
    then render and keep its receipt and tracking QR."""
    from kiosk.data_dir import write_private_file
    from kiosk.receipts.fonts import SANS, font_file
    from kiosk.receipts.qr import tracking_qr_png
    from kiosk.receipts.store import payment_qr_png, save_receipt_pdf
    from kiosk.receipts.vietqr import payment_of

    outbox.enqueue(dossier)  # durable before the citizen is told it is saved
    record = ReceiptRecord.of(dossier)
    pdf = save_receipt_pdf(record, settings, work_dir)
    qr = tracking_qr_png(record, settings, work_dir / "receipt-qr.png")
    payment = payment_of(record, settings)
    pay_qr = None if payment is None else write_private_file(
        work_dir / "receipt-payment.png",
        payment_qr_png(record, payment, font_file(settings.resources(), SANS.bold), 720))
    return Confirmed(dossier.local_code, record, pdf, qr, pay_qr)
