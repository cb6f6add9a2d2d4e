"""The receipt as a PDF: draws the laid-out pages with reportlab.

Text is drawn with the embedded Noto subsets (copy-paste keeps Vietnamese diacritics); QR
codes are drawn as vector rectangles, one path per symbol, so they stay sharp at any printer
resolution.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from kiosk.config import Settings
from kiosk.dossier.model import ReceiptRecord
from kiosk.receipts.description import describe_receipt
from kiosk.receipts.fonts import ensure_fonts
from kiosk.receipts.layout import PAPERS, LineOp, Page, QROp, TextOp, layout_receipt
from kiosk.receipts.qr import QUIET_ZONE


def render_receipt(record: ReceiptRecord, settings: Settings, paper: str = "80mm") -> bytes:
    """The receipt for `record` as PDF bytes, laid out for `paper` ("80mm", "a4" or "a5")."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    ensure_fonts(settings.resources())
    description = describe_receipt(record, settings)
    pages = layout_receipt(description, paper)
    return write_pdf(pages, title=description.pdf_title, author=settings.agency_name)


def write_pdf(pages: list[Page], *, title: str, author: str) -> bytes:
    out = io.BytesIO()
    # invariant: no timestamp or random id in the file, so a reprint is byte-identical
    first_font = next((op.font for op in pages[0].ops if isinstance(op, TextOp)), None)
    canvas = Canvas(
        out, pagesize=(pages[0].width, pages[0].height), invariant=1, pageCompression=1,
        initialFontName=first_font, lang="vi",
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject("Mẫu 01 - Thông tư 01/2018/TT-VPCP")
    canvas.setCreator("hanoi-kiosk")
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        for op in page.ops:
            if isinstance(op, TextOp):
                canvas.setFont(op.font, op.size)
                canvas.drawString(op.x, page.height - op.baseline, op.text)
            elif isinstance(op, LineOp):
                canvas.setLineWidth(op.width)
                canvas.line(op.x1, page.height - op.y1, op.x2, page.height - op.y2)
            else:
                _draw_qr(canvas, op, page.height)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw_qr(canvas: Canvas, op: QROp, page_height: float) -> None:
    """Dark modules as one filled path; horizontal runs merged into single rectangles."""
    m = op.module
    path = canvas.beginPath()
    for r, row in enumerate(op.matrix.rows):
        y = page_height - (op.y + (r + QUIET_ZONE + 1) * m)
        c = 0
        n = len(row)
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            path.rect(op.x + (start + QUIET_ZONE) * m, y, (c - start) * m, m)
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
