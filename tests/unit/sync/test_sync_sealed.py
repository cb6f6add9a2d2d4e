"""Sealing at rest (AES-256-GCM in segments): any byte range opens, and a blob that was cut,
reordered, renamed or sealed with another key does not open at all."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.dossier import sealed

KEY = sealed.new_key()
SEG = sealed.SEGMENT


@pytest.mark.parametrize("size", [0, 1, SEG - 1, SEG, SEG + 1, 3 * SEG, 3 * SEG + 17])
def test_round_trip_at_segment_edges(size: int) -> None:
    data = os.urandom(size)
    blob = sealed.seal(KEY, "d.x.payload", data)
    assert blob.startswith(sealed.MAGIC) and (size < 16 or data[:16] not in blob)
    assert sealed.plain_size(len(blob)) == size
    assert sealed.unseal(KEY, "d.x.payload", blob) == data


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 3 * SEG + 40), st.integers(0, 3 * SEG + 60), st.integers(0, 2 * SEG))
def test_any_range_opens_as_the_plaintext_would_slice(size: int, offset: int,
                                                      length: int) -> None:
    data = bytes(i % 251 for i in range(size))
    blob = b"".join(sealed.seal_stream(KEY, "n", [data[:100], data[100:]]))
    got = sealed.open_range(KEY, "n", lambda at, n: blob[at:at + n], len(blob), offset, length)
    assert got == data[offset:offset + length]


def _segments(blob: bytes) -> list[bytes]:
    body = blob[len(sealed.MAGIC):]
    return [body[i:i + sealed.SEALED_SEGMENT] for i in range(0, len(body), sealed.SEALED_SEGMENT)]


def test_a_cut_reordered_renamed_or_foreign_blob_does_not_open() -> None:
    data = os.urandom(3 * SEG + 5)
    blob = sealed.seal(KEY, "a.payload", data)
    parts = _segments(blob)
    cut = sealed.MAGIC + b"".join(parts[:-1])  # the last segment dropped
    swapped = sealed.MAGIC + parts[1] + parts[0] + b"".join(parts[2:])
    flipped = blob[:-1] + bytes([blob[-1] ^ 1])
    for bad in (cut, swapped, flipped):
        with pytest.raises(sealed.SealError):
            sealed.unseal(KEY, "a.payload", bad)
    with pytest.raises(sealed.SealError):
        sealed.unseal(KEY, "b.payload", blob)  # another blob's name
    with pytest.raises(sealed.SealError):
        sealed.unseal(sealed.new_key(), "a.payload", blob)
    with pytest.raises(sealed.SealError):
        sealed.unseal(KEY, "a.payload", b"{\"plain\": true}")


def test_sealed_text_for_a_column() -> None:
    text = sealed.seal_text(KEY, "d.receipt", '{"applicant_name": "Nguyễn Thị Bí Mật"}')
    assert sealed.is_sealed_text(text) and "Bí Mật" not in text
    assert sealed.unseal_text(KEY, "d.receipt", text) == '{"applicant_name": "Nguyễn Thị Bí Mật"}'
    with pytest.raises(sealed.SealError):
        sealed.unseal_text(KEY, "d.receipt", sealed.TEXT_PREFIX + "not base64!")
