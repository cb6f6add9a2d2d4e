"""Places a receipt description on paper: an 80 mm roll (one long page, height from content)
or an A4/A5 sheet (pages as needed). Output is a list of positioned drawing operations that
the PDF writer draws one by one and the tests check against the page edges.

Coordinates are points from the page's top-left corner (y grows downwards); the PDF writer
flips them. Every line of text is measured with the embedded font and wrapped to its column,
so nothing can run off the page: a word wider than its column is broken between letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm

from kiosk.receipts.description import (
    Block,
    Header,
    ItemList,
    Paragraph,
    PlaceDate,
    QRCode,
    QRGroup,
    ReceiptDescription,
    Rule,
    Signatures,
    Span,
    Title,
)
from kiosk.receipts.fonts import SANS, SERIF, FontFamily, text_width
from kiosk.receipts.qr import qr_matrix
from kiosk.receipts.typesetting import (
    LineOp,
    Op,
    QROp,
    Row,
    TextOp,
    font_of,
    shift,
    side_by_side,
    stack,
    text_rows,
)

PAPERS = ("80mm", "a4", "a5")


@dataclass(frozen=True)
class PaperSpec:
    name: str
    width: float
    height: float | None  # None: a roll, cut to the content's height
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    family: FontFamily
    body: float  # font sizes in points
    small: float
    title: float
    header: float
    qr_size: float  # side of a QR symbol including its quiet zone
    qr_side_by_side: bool
    signature_space: float  # blank height for a handwritten signature
    gap: float  # space between blocks

    @property
    def content_width(self) -> float:
        return self.width - self.margin_left - self.margin_right


# 80 mm rolls print about 72 mm wide (576 dots at 203 dpi): 4 mm margins keep text off the
# unprintable edge; the bottom margin clears the cutter.
ROLL_80 = PaperSpec(
    "80mm", 80 * mm, None, 4 * mm, 4 * mm, 4 * mm, 10 * mm, SANS,
    body=8.6, small=7.6, title=10.4, header=7.8, qr_size=50 * mm, qr_side_by_side=False,
    signature_space=12 * mm, gap=2.2,
)
# Decree 30/2020 page margins (top/bottom 20 mm, left 30 mm, right 15 mm), serif 12-13 pt.
SHEET_A4 = PaperSpec(
    "a4", A4[0], A4[1], 30 * mm, 15 * mm, 15 * mm, 15 * mm, SERIF,
    body=11.5, small=10.0, title=13.5, header=11.0, qr_size=33 * mm, qr_side_by_side=True,
    signature_space=16 * mm, gap=2.6,
)
SHEET_A5 = PaperSpec(
    "a5", A5[0], A5[1], 15 * mm, 10 * mm, 7 * mm, 10 * mm, SERIF,
    body=8.6, small=7.6, title=10.5, header=8.0, qr_size=25 * mm, qr_side_by_side=True,
    signature_space=9 * mm, gap=1.6,
)
SPECS = {s.name: s for s in (ROLL_80, SHEET_A4, SHEET_A5)}


@dataclass
class Page:
    width: float
    height: float
    ops: list[Op] = field(default_factory=list)


def layout_receipt(description: ReceiptDescription, paper: str) -> list[Page]:
    """Lay the blocks out on `paper` ("80mm", "a4" or "a5")."""
    spec = SPECS[paper]
    rows: list[Row] = []
    motto_left = 0.0  # a sheet's motto column, under which the place and date are centred
    for index, block in enumerate(description.blocks):
        if isinstance(block, Header) and spec.qr_side_by_side:
            motto_left = _unit_column_width(block, spec)
        block_rows = _block_rows(block, spec, motto_left)
        if index:
            rows.append(Row(spec.gap, ()))
        if isinstance(block, Header | QRGroup | Signatures | Title):
            block_rows = [stack(block_rows)]  # one row: pagination cannot split it
        rows += block_rows
    if spec.height is None:
        height = spec.margin_top + sum(r.height for r in rows) + spec.margin_bottom
        page = Page(spec.width, height)
        _place(page, rows, spec.margin_left, spec.margin_top)
        return [page]
    pages = _paginate(rows, spec)
    if len(pages) > 1:
        _number_pages(pages, spec, description.code)
    return pages


def _number_pages(pages: list[Page], spec: PaperSpec, code: str) -> None:
    """"Mã hồ sơ ... - Trang n/N" in the bottom margin, so loose sheets find each other."""
    for n, page in enumerate(pages, 1):
        label = [Span(f"Mã hồ sơ {code} - Trang {n}/{len(pages)}", "italic")]
        row = text_rows(label, spec.family, spec.small, spec.content_width, align="center")[0]
        top = page.height - spec.margin_bottom + 1.0  # just below the text, clear of the edge
        page.ops.extend(shift(op, spec.margin_left, top) for op in row.ops)


def _paginate(rows: Sequence[Row], spec: PaperSpec) -> list[Page]:
    assert spec.height is not None
    usable = spec.height - spec.margin_top - spec.margin_bottom
    pages = [Page(spec.width, spec.height)]
    y = 0.0
    for row in rows:
        if y + row.height > usable and y > 0:
            pages.append(Page(spec.width, spec.height))
            y = 0.0
            if not row.ops:  # no leading gap on a fresh page
                continue
        _place(pages[-1], [row], spec.margin_left, spec.margin_top + y)
        y += row.height
    return pages


def _place(page: Page, rows: Sequence[Row], x0: float, y0: float) -> None:
    y = y0
    for row in rows:
        page.ops.extend(shift(op, x0, y) for op in row.ops)
        y += row.height



def _block_rows(block: Block, spec: PaperSpec, motto_left: float = 0.0) -> list[Row]:
    w = spec.content_width
    fam = spec.family
    if isinstance(block, Header):
        return _header_rows(block, spec)
    if isinstance(block, PlaceDate):
        rows = text_rows([Span(block.text, "italic")], fam, spec.body, w - motto_left,
                         align="center")
        return [Row(r.height, tuple(shift(op, motto_left, 0) for op in r.ops)) for r in rows]
    if isinstance(block, Title):
        title = text_rows([Span(block.text, "bold")], fam, spec.title, w, align="center")
        return [Row(spec.gap, ()), *title]
    if isinstance(block, Paragraph):
        size = spec.small if block.role == "small" else spec.body
        return text_rows(block.spans, fam, size, w, align=block.align)
    if isinstance(block, ItemList):
        rows = text_rows(block.heading, fam, spec.body, w)
        number_w = text_width("00. ", fam.regular, spec.body)
        for n, item in enumerate(block.items, 1):
            label = f"{n}. "
            pad = number_w - text_width(label, fam.regular, spec.body)
            rows += text_rows(
                [Span(label), Span(item)], fam, spec.body, w, indent=pad + spec.body,
                hanging=number_w + spec.body,
            )
        return rows
    if isinstance(block, Rule):
        y = spec.gap
        return [Row(2 * y, (LineOp(0, y, w, y, 0.4),))]
    if isinstance(block, QRGroup):
        return _qr_rows(block.codes, spec)
    return _signature_rows(block, spec)


def _centred_lines(
    lines: Sequence[Span], spec: PaperSpec, size: float, width: float, rule: float
) -> list[Row]:
    """Centred heading lines and the rule under them, `rule` times the last line's width
    (Decree 30/2020: a third to a half under the agency name, full length under the motto)."""
    rows: list[Row] = []
    for span in lines:
        rows += text_rows([span], spec.family, size, width, align="center")
    if rule and rows:
        used = sum(op.width for op in rows[-1].ops if isinstance(op, TextOp))
        x1, x2 = (width - used * rule) / 2, (width + used * rule) / 2
        rows.append(Row(size * 0.6, (LineOp(x1, size * 0.3, x2, size * 0.3, 0.6),)))
    return rows


def _unit_spans(block: Header) -> list[Span]:
    last = len(block.unit_lines) - 1
    return [Span(t, "bold" if i == last else "regular") for i, t in enumerate(block.unit_lines)]


def _unit_column_width(block: Header, spec: PaperSpec) -> float:
    """The unit's column: as wide as its longest line, but the motto never wraps (a long
    unit name wraps instead)."""
    unit = max(text_width(s.text, font_of(spec.family, s.style), spec.header)
               for s in _unit_spans(block))
    motto = max(text_width(t, spec.family.bold, spec.header) for t in block.motto_lines)
    return max(spec.content_width * 0.3, min(unit + 8, spec.content_width - motto - 8))


def _header_rows(block: Header, spec: PaperSpec) -> list[Row]:
    unit = _unit_spans(block)
    motto = [Span(t, "bold") for t in block.motto_lines]
    w = spec.content_width
    if spec.qr_side_by_side:  # sheets: unit on the left, motto on the right, as on the form
        left_w = _unit_column_width(block, spec)
        left = _centred_lines(unit, spec, spec.header, left_w, rule=0.4)
        right = _centred_lines(motto, spec, spec.header, w - left_w, rule=1.0)
        return [side_by_side([left, right], [0.0, left_w])]
    rows = _centred_lines(unit, spec, spec.header, w, rule=0.4)
    rows.append(Row(spec.gap, ()))
    return rows + _centred_lines(motto, spec, spec.header, w, rule=1.0)


def _qr_column(code: QRCode, spec: PaperSpec, width: float) -> list[Row]:
    side = min(spec.qr_size, width)
    rows = text_rows([Span(code.title, "bold")], spec.family, spec.body, width, align="center")
    matrix = qr_matrix(code.payload, code.ecc)
    rows.append(Row(side, (QROp((width - side) / 2, 0.0, side, matrix, code.payload),)))
    for span in code.caption:
        rows += text_rows([span], spec.family, spec.small, width, align="center")
    return rows


def _qr_rows(codes: Sequence[QRCode], spec: PaperSpec) -> list[Row]:
    w = spec.content_width
    if not codes:
        return []
    if not spec.qr_side_by_side:
        rows: list[Row] = []
        for i, code in enumerate(codes):
            if i:
                rows.append(Row(3 * spec.gap, ()))
            rows += _qr_column(code, spec, w)
        return rows
    col_w = w / 2
    columns = [_qr_column(code, spec, col_w - 6) for code in codes]
    lefts = [3 + i * col_w for i in range(len(codes))]
    if len(codes) == 1:
        lefts = [(w - (col_w - 6)) / 2]
    return [side_by_side(columns, lefts)]


def _signature_rows(block: Signatures, spec: PaperSpec) -> list[Row]:
    """Two signature columns; the headings shrink to one line where they can, and both
    columns put the printed names on the same baseline below the space for signing."""
    col = spec.content_width / 2 - 4
    boxes = (block.left, block.right)
    size = spec.body
    if any(text_width(b.title, spec.family.bold, size) > col for b in boxes):
        size = spec.small
    heads = [
        text_rows([Span(b.title, "bold")], spec.family, size, col, align="center")
        + text_rows([Span(b.hint, "italic")], spec.family, spec.small, col, align="center")
        for b in boxes
    ]
    top = max(sum(r.height for r in rows) for rows in heads)
    columns = []
    for box, rows in zip(boxes, heads, strict=True):
        space = top - sum(r.height for r in rows) + spec.signature_space
        names = text_rows([Span(box.name, "bold")], spec.family, spec.body, col, align="center")
        columns.append([*rows, Row(space, ()), *names])
    return [Row(2 * spec.gap, ()), side_by_side(columns, [0.0, col + 8])]
