"""Layout: everything inside the page, long text wraps, the roll is exactly 80 mm wide."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kiosk.config import Settings, resources_path
from kiosk.receipts.description import Span, describe_receipt
from kiosk.receipts.fonts import SANS, ensure_fonts, text_width
from kiosk.receipts.layout import SPECS, Page, layout_receipt
from kiosk.receipts.sample import sample_record
from kiosk.receipts.typesetting import LineOp, QROp, TextOp, text_rows

MM = 72 / 25.4
LONG_NAME = "Tôn Nữ Thị Hoàng Phương Thảo Nguyễn Huỳnh Đức Trường Giang Lê Khánh Ngọc Bảo"
LONG_ADDRESS = (
    "Phòng 1207, tòa nhà CT2B, khu đô thị Văn Quán - Yên Phúc, số 234 đường Phùng Hưng, "
    "tổ dân phố số 15, phường Hà Đông, thành phố Hà Nội (gần chợ Hà Đông, cổng phía Tây)"
)


@pytest.fixture(autouse=True)
def _fonts() -> None:
    ensure_fonts(resources_path())


def pages_for(settings: Settings, paper: str, **facts: Any) -> list[Page]:
    record = sample_record()
    record = dataclasses.replace(record, facts=dataclasses.replace(record.facts, **facts))
    return layout_receipt(describe_receipt(record, settings), paper)


def assert_inside(page: Page, paper: str) -> None:
    spec = SPECS[paper]
    left, right = spec.margin_left - 0.01, page.width - spec.margin_right + 0.01
    for op in page.ops:
        x0, y0, x1, y1 = op.bbox()
        assert left <= x0 and x1 <= right, f"{op} leaves the printable width"
        assert y0 >= 0 and y1 <= page.height - 5 * MM, f"{op} leaves the printable page"
        footer = isinstance(op, TextOp) and " - Trang " in op.text
        if not footer:
            assert y1 <= page.height - spec.margin_bottom + 0.01, f"{op} is in the margin"


def assert_no_overprint(page: Page) -> None:
    """Two text runs overlapping horizontally are at least a line apart vertically."""
    texts = sorted((op for op in page.ops if isinstance(op, TextOp)), key=lambda o: o.baseline)
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if b.baseline - a.baseline >= max(a.size, b.size):
                break
            if b.baseline == a.baseline and (a.x + a.width <= b.x + 0.01 or
                                             b.x + b.width <= a.x + 0.01):
                continue
            overlap_x = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
            assert overlap_x <= 0.01, f"{a.text!r} and {b.text!r} overprint"


@pytest.mark.parametrize("paper", ["80mm", "a4", "a5"])
def test_sample_is_inside_the_page_and_not_overprinted(settings: Settings, paper: str) -> None:
    pages = pages_for(settings, paper)
    for page in pages:
        assert_inside(page, paper)
        assert_no_overprint(page)
    if paper != "80mm":
        assert len(pages) == 1, "the sample receipt fits one sheet"


def test_roll_is_exactly_80_mm_wide_and_as_long_as_its_content(settings: Settings) -> None:
    short = pages_for(settings, "80mm")
    long = pages_for(settings, "80mm", documents=tuple(f"Giấy tờ số {n}" for n in range(30)))
    assert len(short) == len(long) == 1
    assert short[0].width == pytest.approx(80 * MM, abs=1e-6)
    assert long[0].height > short[0].height + 25 * 8.6  # 27 more lines
    bottom = max(op.bbox()[3] for op in short[0].ops)
    assert short[0].height - bottom == pytest.approx(SPECS["80mm"].margin_bottom, abs=1.0)


def test_roll_qr_codes_are_large(settings: Settings) -> None:
    qrs = [op for op in pages_for(settings, "80mm")[0].ops if isinstance(op, QROp)]
    assert len(qrs) == 2
    assert all(op.side >= 45 * MM for op in qrs)
    assert all(op.module >= 0.25 * MM for op in qrs), "modules too small for 203 dpi"


@pytest.mark.parametrize("paper", ["80mm", "a4"])
def test_long_name_and_address_wrap_inside(settings: Settings, paper: str) -> None:
    pages = pages_for(settings, paper, applicant_name=LONG_NAME, applicant_address=LONG_ADDRESS)
    for page in pages:
        assert_inside(page, paper)
        assert_no_overprint(page)
    words = " ".join(op.text for p in pages for op in p.ops if isinstance(op, TextOp))
    # every word of the address is printed, in order, on several lines
    flat = " ".join(words.split())
    assert " ".join(LONG_ADDRESS.split()[:6]) in flat
    address_lines = [op for op in pages[0].ops
                     if isinstance(op, TextOp) and "Hà Đông" in op.text]
    assert address_lines, "the address is printed"


@pytest.mark.parametrize("paper", ["80mm", "a4", "a5"])
def test_long_agency_and_kiosk_names_wrap_inside(settings: Settings, paper: str) -> None:
    long_unit = dataclasses.replace(
        settings,
        agency_name="Ủy ban nhân dân xã Thượng Phúc Hòa Bình Minh Quang Trung Đoàn Kết",
        kiosk_name="Điểm hỗ trợ dịch vụ công trực tuyến 24/7 tại Trung tâm thương mại",
        agency_place="Thành phố Hà Nội",
    )
    record = sample_record()
    for page in layout_receipt(describe_receipt(record, long_unit), paper):
        assert_inside(page, paper)
        assert_no_overprint(page)


def test_a_word_wider_than_the_column_is_broken_not_clipped() -> None:
    width = 60 * MM
    token = "x" * 200 + "@example.vn"
    rows = text_rows([Span("Email: ", "bold"), Span(token)], SANS, 9, width)
    assert len(rows) > 3
    printed = "".join(op.text for r in rows for op in r.ops if isinstance(op, TextOp))
    assert printed.replace(" ", "") == ("Email:" + token)
    for row in rows:
        for op in row.ops:
            assert isinstance(op, TextOp)
            assert op.x >= 0 and op.x + op.width <= width + 0.01


def test_many_documents_flow_onto_a_second_sheet(settings: Settings) -> None:
    docs = tuple(f"Bản sao giấy tờ chứng minh số {n} có chứng thực" for n in range(40))
    pages = pages_for(settings, "a4", documents=docs)
    assert len(pages) >= 2
    for page in pages:
        assert_inside(page, "a4")
        assert_no_overprint(page)
    assert any(isinstance(op, QROp) for op in pages[-1].ops)
    footers = [op.text for p in pages for op in p.ops
               if isinstance(op, TextOp) and " - Trang " in op.text]
    assert footers == [f"Mã hồ sơ H26.22.01-261122-K01A7Q - Trang {n}/{len(pages)}"
                       for n in range(1, len(pages) + 1)]
    assert sum(isinstance(op, LineOp) for p in pages for op in p.ops) >= 4


def test_centred_titles_are_balanced() -> None:
    rows = text_rows([Span("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "bold")], SANS, 10.4,
                     72 * MM, align="center")
    widths = [sum(op.width for op in r.ops if isinstance(op, TextOp)) for r in rows]
    assert len(rows) == 2
    assert min(widths) > 0.6 * max(widths), "no orphan word on the second line"


words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
                "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ0123456789/-,.@", min_size=1, max_size=40)


@hsettings(max_examples=40, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.lists(words, min_size=1, max_size=12), address=st.lists(words, max_size=40))
def test_any_name_and_address_stay_on_the_roll(
    settings: Settings, name: list[str], address: list[str]
) -> None:
    pages = pages_for(settings, "80mm", applicant_name=" ".join(name),
                      applicant_address=" ".join(address))
    assert_inside(pages[0], "80mm")
    assert_no_overprint(pages[0])


def test_measured_widths_use_the_embedded_font() -> None:
    # Noto's "ệ" is wider than "e": a width table of a standard font would get this wrong
    assert text_width("ệ", SANS.regular, 10) > 0
    assert text_width("Nguyễn", SANS.bold, 10) > text_width("Nguyễn", SANS.regular, 10)
