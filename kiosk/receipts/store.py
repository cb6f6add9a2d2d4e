"""Receipt files kept on disk: the PDF for reprint from admin, and the full-screen QR images
shown when printing fails ("photograph this").

Layout: <data_dir>/receipts/<local_code>.pdf.sealed, <local_code>-tracking.png and, when a
fee is due, <local_code>-payment.png. The PDF names the citizen and their address, so the
kept copy is sealed with a key from the OS keyring (kiosk.dossier.sealed); a plaintext copy
exists only in the session's private work folder (wiped with the session) or, for a reprint,
in a private temporary folder for as long as the print takes. The QR images hold only the
dossier code, the tracking address and the fee account. Files are written atomically, so a
reprint or the fallback screen never reads half a file.
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.data_dir import write_private_file
from kiosk.dossier import sealed
from kiosk.dossier.model import ReceiptRecord
from kiosk.errors import KioskError
from kiosk.receipts.description import format_vnd
from kiosk.receipts.fonts import SANS, font_file
from kiosk.receipts.pdf import render_receipt
from kiosk.receipts.qr import ECC_PAYMENT, qr_png, tracking_qr_image, tracking_url
from kiosk.receipts.vietqr import FeePayment, payment_of

log = logging.getLogger(__name__)

# A local or official dossier code: agency code, date, sequence; never a path.
_SAFE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ReceiptCodeError(KioskError, ValueError):
    """A dossier code that cannot name a receipt file (typed by hand at the CLI or admin)."""

    message_vi = "Mã hồ sơ không hợp lệ. Vui lòng kiểm tra lại mã trên giấy biên nhận."
    message_en = "That dossier code is not valid. Please check the code on the receipt."


@dataclass(frozen=True)
class FallbackQR:
    """One full-screen QR image: "tracking" (always) or "payment" (when a fee is due)."""

    kind: str
    png: Path
    payload: str


def receipts_dir(settings: Settings) -> Path:
    return settings.data_dir / "receipts"


def check_code(code: str) -> str:
    if not _SAFE_CODE.fullmatch(code) or ".." in code:
        raise ReceiptCodeError(f"not a dossier code: {code!r}")
    return code


KEPT_SUFFIX = ".pdf.sealed"
RECEIPTS_KEY_USER = "receipts-key"
WORK_NAME = "receipt.pdf"


def receipt_pdf_path(settings: Settings, local_code: str) -> Path:
    """Where a dossier's receipt is kept (sealed) for reprint."""
    return receipts_dir(settings) / f"{check_code(local_code)}{KEPT_SUFFIX}"


def kept_codes(settings: Settings) -> list[tuple[str, float]]:
    """(code, modification time) of every kept receipt, newest first."""
    folder = receipts_dir(settings)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{KEPT_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            found.append((path.name.removesuffix(KEPT_SUFFIX), path.stat().st_mtime))
    return sorted(found, key=lambda item: item[1], reverse=True)


def save_receipt_pdf(
    record: ReceiptRecord, settings: Settings, work_dir: Path, paper: str | None = None
) -> Path:
    """Render the receipt (on `paper`, default the configured one), keep it sealed, and
    return a plaintext copy in `work_dir` (a private folder the caller wipes) to show and
    print."""
    paper = paper or settings.receipt_paper
    pdf = render_receipt(record, settings, paper)
    _keep_sealed(settings, record.local_code, pdf)
    log.info("receipt kept: code=%s paper=%s bytes=%d", record.local_code, paper, len(pdf))
    return write_private_file(work_dir / WORK_NAME, pdf)


@contextlib.contextmanager
def kept_receipt_pdf(settings: Settings, local_code: str) -> Iterator[Path]:
    """The kept receipt as a plaintext PDF in a private temporary folder, removed after."""
    path = receipt_pdf_path(settings, local_code)
    data = sealed.unseal(_key(settings), path.name, path.read_bytes())
    with tempfile.TemporaryDirectory(prefix="kiosk-reprint-") as work:
        yield write_private_file(Path(work) / WORK_NAME, data)


def _keep_sealed(settings: Settings, local_code: str, pdf: bytes) -> Path:
    path = receipt_pdf_path(settings, local_code)
    return write_private_file(path, sealed.seal(_key(settings), path.name, pdf))


def _key(settings: Settings) -> bytes:
    """The kept receipts' sealing key (keyring), made on first use."""
    key = sealed.keyring_key(f"{RECEIPTS_KEY_USER}:{settings.kiosk_id}", True)
    assert key is not None  # created when missing
    return key


def forget_receipt(settings: Settings, local_code: str) -> int:
    """Delete a dossier's kept receipt and fallback QR images (they hold the citizen's
    name and address) once its retention is over; returns how many files went."""
    base = receipts_dir(settings) / check_code(local_code)
    gone = 0
    for path in (base.with_name(base.name + KEPT_SUFFIX),
                 base.with_name(base.name + ".pdf"),  # kept in clear by older versions
                 base.with_name(base.name + "-tracking.png"),
                 base.with_name(base.name + "-payment.png")):
        try:
            path.unlink()
            gone += 1
        except FileNotFoundError:
            continue
    return gone


def save_fallback_qr(
    record: ReceiptRecord, settings: Settings, size_px: int = 1080
) -> list[FallbackQR]:
    """Write the full-screen QR images for `record` and return them, tracking code first."""
    font = font_file(settings.resources(), SANS.bold)
    base = receipts_dir(settings) / check_code(record.local_code)
    tracking = write_private_file(base.with_name(base.name + "-tracking.png"),
                             tracking_qr_image(record, settings, size_px))
    out = [FallbackQR("tracking", tracking, tracking_url(settings.tracking_url, record))]
    payment = payment_of(record, settings)
    if payment is not None:
        png = payment_qr_png(record, payment, font, size_px)
        out.append(
            FallbackQR(
                "payment", write_private_file(base.with_name(base.name + "-payment.png"), png),
                payment.payload,
            )
        )
    return out


def payment_qr_png(record: ReceiptRecord, payment: FeePayment, font: Path,
                   size_px: int = 1080) -> bytes:
    """The fee's VietQR as an image to show or photograph, captioned with the amount and
    the account (as on the paper)."""
    return qr_png(payment.payload, ecc=ECC_PAYMENT, size_px=size_px, font_file=font,
                  caption=(f"Nộp phí {format_vnd(record.facts.fee_vnd)}",
                           f"{payment.bank_name} {payment.account}"))
