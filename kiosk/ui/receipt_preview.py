"""On-screen preview of a receipt PDF: its pages as QImages (or PNG bytes) at a given width.

Rendered from the very PDF that is printed and kept, so the screen shows exactly the paper.
QtPdf does the work; when it is unavailable or fails, poppler's `pdftoppm` does. Rendering
an 80 mm receipt takes tens of milliseconds: run it in the background task runner, not on
the GUI thread.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPainter

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

log = logging.getLogger(__name__)

PDFTOPPM_TIMEOUT_S = 20.0
# Wide enough for 8.6 pt text to stay legible on a kiosk screen (about 2.4 px per point on
# the 80 mm roll); the view scales it down if it must.
PREVIEW_WIDTH_PX = 640


class PreviewError(KioskError, RuntimeError):
    """The receipt could not be drawn on screen (printing and the QR still work)."""

    message_vi = "Không hiển thị được bản xem trước giấy biên nhận."
    message_en = "The receipt preview cannot be shown."


def page_count(pdf: bytes) -> int:
    document, buffer = _open(pdf)
    try:
        return int(document.pageCount())
    finally:
        document.close()
        buffer.close()


def render_preview(pdf: bytes | Path, width_px: int, page: int = 0) -> QImage:
    """Page `page` scaled to `width_px`, on white (QtPdf leaves the paper transparent)."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    try:
        return _render_qtpdf(data, width_px, page)
    except (ImportError, PreviewError) as exc:
        log.info("QtPdf preview failed (%s); trying pdftoppm", exc)
    return _render_pdftoppm(data, width_px, page)


def preview_png(pdf: bytes | Path, width_px: int, page: int = 0) -> bytes:
    image = render_preview(pdf, width_px, page)
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # stubs say bytes; runtime wants str
        raise PreviewError("cannot encode the preview as PNG")
    buffer.close()
    return bytes(array.data())


def render_preview_png(pdf: Path, out: Path, width_px: int = PREVIEW_WIDTH_PX,
                       page: int = 0) -> Path:
    """The preview written to `out` as PNG (for the receipt screen's image provider)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(preview_png(pdf, width_px, page))
    return out


def _open(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    from PySide6.QtPdf import QPdfDocument  # lazily: without QtPdf, pdftoppm still works

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PreviewError(f"QtPdf cannot read the receipt: {document.error()}")
    return document, buffer  # the buffer must outlive the document's use of it


def _render_qtpdf(pdf: bytes, width_px: int, page: int) -> QImage:
    document, buffer = _open(pdf)
    try:
        if not 0 <= page < document.pageCount():
            raise PreviewError(f"no page {page}")
        points = document.pagePointSize(page)
        size = QSize(width_px, max(1, round(width_px * points.height() / points.width())))
        rendered = document.render(page, size)
        if rendered.isNull():
            raise PreviewError("QtPdf returned an empty image")
    finally:
        document.close()
        buffer.close()
    return _on_white(rendered)


def _on_white(image: QImage) -> QImage:
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(Qt.GlobalColor.white)
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


def _render_pdftoppm(pdf: bytes, width_px: int, page: int) -> QImage:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise PreviewError("neither QtPdf nor pdftoppm is available")
    with tempfile.TemporaryDirectory(prefix="kiosk-preview-") as tmp:
        source = Path(tmp) / "receipt.pdf"
        source.write_bytes(pdf)
        number = str(page + 1)
        try:
            subprocess.run(
                [tool, "-png", "-f", number, "-l", number, "-scale-to-x", str(width_px),
                 "-scale-to-y", "-1", "-singlefile", str(source), str(Path(tmp) / "page")],
                check=True, capture_output=True, timeout=PDFTOPPM_TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise PreviewError(f"pdftoppm failed: {exc}") from exc
        image = QImage(str(Path(tmp) / "page.png"))
    if image.isNull():
        raise PreviewError("pdftoppm produced no image")
    return image
