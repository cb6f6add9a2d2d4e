"""The receipt's embedded fonts: Noto (OFL) from resources/fonts, registered once per process.

reportlab embeds a registered TrueType font as a subset with a ToUnicode map, which is what
keeps Vietnamese diacritics intact when text is copied out of the PDF. The standard PDF
fonts (Helvetica, Times) have no Vietnamese glyphs, so they are never used.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.errors import KioskError


class ReceiptFontError(KioskError, RuntimeError):
    """A receipt font file is missing or unreadable (an installation fault, not the citizen's)."""

    message_vi = "Máy không in được giấy biên nhận do thiếu phông chữ. Vui lòng báo cán bộ hỗ trợ."
    message_en = "The receipt cannot be produced: a font is missing. Please tell the staff."


@dataclass(frozen=True)
class FontFamily:
    """reportlab names of one family's regular, bold and italic faces."""

    regular: str
    bold: str
    italic: str


# reportlab font name -> file in resources/fonts.
_FILES = {
    "KioskSans": "NotoSans-Regular.ttf",
    "KioskSans-Bold": "NotoSans-Bold.ttf",
    "KioskSans-Italic": "NotoSans-Italic.ttf",
    "KioskSerif": "NotoSerif-Regular.ttf",
    "KioskSerif-Bold": "NotoSerif-Bold.ttf",
    "KioskSerif-Italic": "NotoSerif-Italic.ttf",
}

SANS = FontFamily("KioskSans", "KioskSans-Bold", "KioskSans-Italic")
SERIF = FontFamily("KioskSerif", "KioskSerif-Bold", "KioskSerif-Italic")

_lock = threading.Lock()
_registered: set[str] = set()


def font_dir(resources: Path) -> Path:
    return resources / "fonts"


def font_file(resources: Path, name: str) -> Path:
    """The TTF behind a reportlab font name (also used by Pillow for the QR caption)."""
    return font_dir(resources) / _FILES[name]


def ensure_fonts(resources: Path) -> None:
    """Register the receipt fonts with reportlab (idempotent, thread-safe).

    Parsing a 500 kB TTF takes tens of milliseconds, so it happens once per process; the
    benchmark's "cold" figure includes it.
    """
    with _lock:
        for name, file_name in _FILES.items():
            if name in _registered:
                continue
            path = font_dir(resources) / file_name
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, ValueError) as exc:
                raise ReceiptFontError(f"cannot load receipt font {path}: {exc}") from exc
            _registered.add(name)


def text_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def line_metrics(font: str, size: float) -> tuple[float, float]:
    """(ascent, descent) in points for a registered font; descent is positive."""
    face = pdfmetrics.getFont(font).face
    return face.ascent * size / 1000.0, -face.descent * size / 1000.0
