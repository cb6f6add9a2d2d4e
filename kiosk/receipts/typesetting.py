"""Typesetting primitives for receipts: positioned drawing operations, rows, and word wrap
measured with the embedded fonts.

Coordinates are points from the top-left (y grows downwards). A `Row` is an unbreakable
horizontal strip; blocks are built from rows and pages from blocks (kiosk.receipts.layout).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.receipts.description import Span
from kiosk.receipts.fonts import FontFamily, line_metrics, text_width
from kiosk.receipts.qr import QUIET_ZONE, QRMatrix

LEADING = 1.28


@dataclass(frozen=True)
class TextOp:
    x: float
    baseline: float
    text: str
    font: str
    size: float
    width: float

    def bbox(self) -> tuple[float, float, float, float]:
        ascent, descent = line_metrics(self.font, self.size)
        return (self.x, self.baseline - ascent, self.x + self.width, self.baseline + descent)


@dataclass(frozen=True)
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6

    def bbox(self) -> tuple[float, float, float, float]:
        return (min(self.x1, self.x2), min(self.y1, self.y2), max(self.x1, self.x2),
                max(self.y1, self.y2))


@dataclass(frozen=True)
class QROp:
    x: float  # top-left corner of the quiet zone
    y: float
    side: float
    matrix: QRMatrix
    payload: str

    @property
    def module(self) -> float:
        return self.side / (self.matrix.size + 2 * QUIET_ZONE)

    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.side, self.y + self.side)


Op = TextOp | LineOp | QROp


@dataclass(frozen=True)
class Row:
    """An unbreakable strip of a block: its height and ops relative to its top-left."""

    height: float
    ops: tuple[Op, ...]


def shift(op: Op, dx: float, dy: float) -> Op:
    if isinstance(op, TextOp):
        return TextOp(op.x + dx, op.baseline + dy, op.text, op.font, op.size, op.width)
    if isinstance(op, LineOp):
        return LineOp(op.x1 + dx, op.y1 + dy, op.x2 + dx, op.y2 + dy, op.width)
    return QROp(op.x + dx, op.y + dy, op.side, op.matrix, op.payload)


def stack(rows: Sequence[Row]) -> Row:
    ops: list[Op] = []
    y = 0.0
    for row in rows:
        ops.extend(shift(op, 0, y) for op in row.ops)
        y += row.height
    return Row(y, tuple(ops))


def side_by_side(columns: Sequence[Sequence[Row]], lefts: Sequence[float]) -> Row:
    stacked = [stack(c) for c in columns]
    ops = [shift(op, left, 0) for row, left in zip(stacked, lefts, strict=True) for op in row.ops]
    return Row(max((r.height for r in stacked), default=0.0), tuple(ops))


_TOKEN = re.compile(r"\S+\s*|\s+")


def font_of(family: FontFamily, style: str) -> str:
    return {"bold": family.bold, "italic": family.italic}.get(style, family.regular)


def text_rows(
    spans: Sequence[Span],
    family: FontFamily,
    size: float,
    width: float,
    *,
    align: str = "left",
    indent: float = 0.0,
    hanging: float = 0.0,
) -> list[Row]:
    """Word wrap of styled spans into rows of one line each.

    `indent` shifts the first line, `hanging` every later line (numbered lists). Centred
    text is balanced: wrapped at the narrowest width that needs no more lines, so a title
    breaks into two even halves instead of leaving one word alone on the second line.
    """
    lines = _wrap(spans, family, size, width, indent, hanging)
    if align == "center" and len(lines) > 1:
        low, high = width / 2, width
        for _ in range(10):
            mid = (low + high) / 2
            if len(_wrap(spans, family, size, mid, indent, hanging)) > len(lines):
                low = mid
            else:
                high = mid
        lines = _wrap(spans, family, size, high, indent, hanging)
    return _rows(lines, family, size, width, align, indent, hanging)


def _wrap(
    spans: Sequence[Span], family: FontFamily, size: float, width: float, indent: float,
    hanging: float,
) -> list[list[tuple[str, str, float]]]:
    """Greedy line filling; returns lines of (text, font, width) fragments."""
    lines: list[list[tuple[str, str, float]]] = [[]]  # (text, font, width) fragments
    x = start = indent
    for span in spans:
        font = font_of(family, span.style)
        for token in _TOKEN.findall(span.text):
            word = token.rstrip()
            w_word = text_width(word, font, size)
            if x + w_word > width and x > start:
                lines.append([])
                x = start = hanging
                if not word:
                    continue  # the space at a line break is dropped
            if start + w_word > width:  # a word wider than the column: break between letters
                for piece in _break_word(token, font, size, width - x, width - hanging):
                    if x > start:
                        lines.append([])
                        x = start = hanging
                    w_piece = text_width(piece, font, size)
                    lines[-1].append((piece, font, w_piece))
                    x += w_piece
                continue
            w_token = text_width(token, font, size)
            lines[-1].append((token, font, w_token))
            x += w_token
    return lines


def _rows(
    lines: list[list[tuple[str, str, float]]], family: FontFamily, size: float, width: float,
    align: str, indent: float, hanging: float,
) -> list[Row]:
    _, descent = line_metrics(family.regular, size)
    height = size * LEADING
    rows: list[Row] = []
    for n, fragments in enumerate(lines):
        fragments = _merge(_strip_trailing(fragments, size))
        used = sum(f[2] for f in fragments)
        left = indent if n == 0 else hanging
        if align == "center":
            left = (width - used) / 2
        elif align == "right":
            left = width - used
        # descenders stay inside the row; the tallest stacked marks (Ậ, Ỗ) may reach into
        # the line above, whose descender space they share, as in any typeset text
        baseline = height - descent
        ops: list[Op] = []
        for text, font, w in fragments:
            ops.append(TextOp(left, baseline, text, font, size, w))
            left += w
        rows.append(Row(height, tuple(ops)))
    return rows


def _break_word(token: str, font: str, size: float, first: float, rest: float) -> list[str]:
    """Pieces of `token`: the first fits `first` points, the others `rest` (at least one
    character each, so a column narrower than a letter still terminates)."""
    pieces: list[str] = []
    current = ""
    limit = first
    for ch in token:
        if current and text_width((current + ch).rstrip(), font, size) > limit:
            pieces.append(current)
            current = ""
            limit = rest
        current += ch
    pieces.append(current)
    return pieces


def _strip_trailing(
    fragments: list[tuple[str, str, float]], size: float
) -> list[tuple[str, str, float]]:
    """Drop the spaces at the end of a line (they would shift centred text)."""
    out = list(fragments)
    while out:
        text, font, _ = out[-1]
        stripped = text.rstrip()
        if stripped:
            out[-1] = (stripped, font, text_width(stripped, font, size))
            break
        out.pop()
    return out


def _merge(fragments: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    out: list[tuple[str, str, float]] = []
    for text, font, w in fragments:
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + text, font, out[-1][2] + w)
        else:
            out.append((text, font, w))
    return [f for f in out if f[0]]
