"""Demo mode's sample papers: one for every document the catalogue asks citizens to
photograph or scan (so `make run` finishes every procedure), each plainly a sample."""

from __future__ import annotations

from PIL import Image

from kiosk.forms.sample_papers import SAMPLE_DIR, needed_documents, sample_paper


def test_every_document_a_form_asks_for_has_a_sample_paper() -> None:
    needed = needed_documents()
    assert "giay_chung_sinh" in needed  # birth registration's birth certificate
    missing = sorted(doc for doc in needed if sample_paper(doc) is None)
    assert missing == [], "run tools/make_sample_papers.py"


def test_each_sample_is_a_readable_picture_with_the_red_sample_band() -> None:
    for document in needed_documents():
        path = sample_paper(document)
        assert path is not None
        with Image.open(path) as picture:
            assert picture.format == "JPEG"
            width, height = picture.size
            assert height > width  # a page
            rgb = picture.convert("RGB")
            # The footer band that says "SAMPLE – NOT A REAL DOCUMENT" is solid red.
            red = sum(1 for x in range(0, width, 10)
                      if (lambda p: p[0] > 150 and p[1] < 80 and p[2] < 80)(
                          rgb.getpixel((x, height - 8))))
            assert red > (width // 10) * 0.9, path.name


def test_only_plain_document_ids_name_a_file() -> None:
    assert sample_paper(None) is None
    assert sample_paper("") is None
    assert sample_paper("../catalogue/1.001193") is None
    assert sample_paper(".hidden") is None
    assert sample_paper("no_such_document") is None
    assert SAMPLE_DIR.name == "sample_papers"
