"""Receipt preview: the printed PDF drawn for the screen (QtPdf, and the pdftoppm fallback),
readable enough that its QR codes still decode."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kiosk.config import Settings
from kiosk.receipts.pdf import render_receipt
from kiosk.receipts.sample import sample_record
from kiosk.ui import receipt_preview
from kiosk.ui.receipt_preview import (
    PreviewError,
    page_count,
    preview_png,
    render_preview,
    render_preview_png,
)


@pytest.fixture
def pdf(settings: Settings) -> bytes:
    return render_receipt(sample_record(), settings, "80mm")


def decode(png: bytes) -> set[str]:
    import zxingcpp

    with Image.open(io.BytesIO(png)) as image:
        return {r.text for r in zxingcpp.read_barcodes(image)}


def test_preview_is_white_paper_at_the_asked_width(qapp: object, pdf: bytes,
                                                   artifacts_dir: Path) -> None:
    image = render_preview(pdf, 600)
    assert image.width() == 600
    assert image.height() > 4 * 600, "an 80 mm roll is long and narrow"
    assert image.pixelColor(2, 2).name() == "#ffffff"
    png = preview_png(pdf, 600)
    codes = decode(png)
    assert "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H26.22.01-261122-K01A7Q" in codes
    assert any(c.startswith("000201") for c in codes)
    assert page_count(pdf) == 1


def test_pdftoppm_fallback_when_qtpdf_fails(qapp: object, pdf: bytes,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise PreviewError("simulated QtPdf failure")

    monkeypatch.setattr(receipt_preview, "_render_qtpdf", broken)
    image = render_preview(pdf, 400)
    assert image.width() == 400
    assert image.height() > 4 * 400


def test_garbage_is_a_preview_error(qapp: object) -> None:
    with pytest.raises(PreviewError):
        render_preview(b"not a pdf", 300)


def test_preview_png_file_for_the_receipt_screen(qapp: object, settings: Settings,
                                                 tmp_path: Path, artifacts_dir: Path) -> None:
    for paper in ("80mm", "a4"):
        pdf = tmp_path / f"{paper}.pdf"
        pdf.write_bytes(render_receipt(sample_record(), settings, paper))
        out = render_preview_png(pdf, artifacts_dir / f"receipt-preview-{paper}.png")
        with Image.open(out) as image:
            assert image.width == receipt_preview.PREVIEW_WIDTH_PX
            ratio = image.height / image.width
        assert ratio == pytest.approx(297 / 210, rel=0.01) if paper == "a4" else ratio > 4
