"""QR codes for receipts: module matrices for the PDF, and the full-screen PNG fallback.

The tracking code uses error correction Q (25 %): thermal paper fades and gets creased, and a
photo of a screen is taken at an angle. The VietQR uses M, as banks' own codes do, which
keeps it small enough for every banking app's scanner.
"""

from __future__ import annotations

import io
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q

from kiosk.config import Settings
from kiosk.dossier.model import ReceiptRecord
from kiosk.receipts.fonts import SANS, font_file

QUIET_ZONE = 4  # modules of white border every QR reader expects

ECC_TRACKING = ERROR_CORRECT_Q
ECC_PAYMENT = ERROR_CORRECT_M


@dataclass(frozen=True)
class QRMatrix:
    """Dark modules of a QR symbol without its quiet zone; rows top to bottom."""

    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        return len(self.rows)


@lru_cache(maxsize=64)
def qr_matrix(payload: str, ecc: int = ECC_TRACKING) -> QRMatrix:
    """Encode `payload` (cached: reprints and previews of one receipt reuse the symbol)."""
    code = qrcode.QRCode(error_correction=ecc, border=0)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return QRMatrix(tuple(tuple(bool(m) for m in row) for row in code.get_matrix()))


def receipt_code(record: ReceiptRecord) -> str:
    """The code a citizen quotes: the portal's official code once known, else the local one."""
    return record.official_code or record.local_code


def tracking_url(template: str, record: ReceiptRecord) -> str:
    """settings.tracking_url with {code} filled in (URL-quoted)."""
    return template.format(code=urllib.parse.quote(receipt_code(record), safe=""))


def tracking_qr_image(record: ReceiptRecord, settings: Settings, size_px: int = 1080) -> bytes:
    """The full-screen tracking QR ("photograph this") as PNG bytes, the code printed below
    it so the photo alone is enough to find the dossier."""
    return qr_png(
        tracking_url(settings.tracking_url, record), ecc=ECC_TRACKING, size_px=size_px,
        caption=(receipt_code(record),), font_file=font_file(settings.resources(), SANS.bold),
    )


def tracking_qr_png(
    record: ReceiptRecord, settings: Settings, out: Path, size_px: int = 1080
) -> Path:
    """tracking_qr_image written to `out` (for the receipt screen's image provider)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(tracking_qr_image(record, settings, size_px))
    return out


def qr_png(
    payload: str,
    *,
    ecc: int = ECC_TRACKING,
    size_px: int = 1080,
    caption: Sequence[str] = (),
    font_file: Path | None = None,
) -> bytes:
    """A square-ish PNG: the QR as large as fits `size_px`, caption lines centred below.

    Used for the "printing failed, photograph this" screen, so black on white, crisp
    integer-sized modules (no resampling blur), and the code as text in the same photo.
    """
    matrix = qr_matrix(payload, ecc)
    modules = matrix.size + 2 * QUIET_ZONE
    caption_px = round(size_px * 0.07) if caption else 0
    caption_h = len(caption) * round(caption_px * 1.35)
    scale = max(1, (size_px - caption_h) // modules)
    qr_side = modules * scale
    width = max(size_px, qr_side)
    height = qr_side + caption_h + (caption_px // 2 if caption else 0)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    left = (width - qr_side) // 2
    for y, row in enumerate(matrix.rows):
        for x, dark in enumerate(row):
            if dark:
                x0 = left + (x + QUIET_ZONE) * scale
                y0 = (y + QUIET_ZONE) * scale
                draw.rectangle((x0, y0, x0 + scale - 1, y0 + scale - 1), fill=0)
    if caption:
        font = _caption_font(font_file, caption_px)
        y_text = qr_side
        for line in caption:
            text_w = draw.textlength(line, font=font)
            while text_w > width * 0.96 and font.size > 12:
                font = _caption_font(font_file, int(font.size * 0.9))
                text_w = draw.textlength(line, font=font)
            draw.text(((width - text_w) / 2, y_text), line, font=font, fill=0)
            y_text += round(caption_px * 1.35)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _caption_font(font_file: Path | None, size: int) -> ImageFont.FreeTypeFont:
    if font_file is None:
        font = ImageFont.load_default(size)
        if isinstance(font, ImageFont.FreeTypeFont):
            return font
        raise RuntimeError("Pillow was built without FreeType; QR captions need it")
    return ImageFont.truetype(str(font_file), size)
