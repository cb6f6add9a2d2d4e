"""The strict BER-TLV reader under the LDS parsers."""

from __future__ import annotations

import pytest

from kiosk.devices.card.lds import LdsError
from kiosk.devices.card.lds.tlv import (
    encode_length,
    encode_tlv,
    header_length,
    iter_tlvs,
    parse_file,
    read_tlv,
)


@pytest.mark.parametrize(
    ("length", "encoded"),
    [(0, "00"), (127, "7f"), (128, "8180"), (255, "81ff"), (256, "820100"), (70000, "83011170")],
)
def test_length_encoding_round_trip(length: int, encoded: str) -> None:
    assert encode_length(length).hex() == encoded
    item = read_tlv(encode_tlv(0x04, b"x" * length))
    assert len(item.value) == length


def test_two_byte_tags_and_children() -> None:
    inner = encode_tlv(0x5F1F, b"MRZ") + encode_tlv(0x7F61, encode_tlv(0x02, b"\x01"))
    outer = read_tlv(encode_tlv(0x61, inner))
    assert outer.tag == 0x61 and outer.constructed
    assert [c.tag for c in outer.children()] == [0x5F1F, 0x7F61]
    assert outer.require(0x5F1F).value == b"MRZ"
    assert outer.child(0x5C) is None
    with pytest.raises(LdsError):
        outer.require(0x5C)
    with pytest.raises(LdsError):
        outer.require(0x5F1F).children()  # primitive


def test_header_length_from_four_bytes() -> None:
    data = encode_tlv(0x75, b"\0" * 18000)
    assert header_length(data[:4]) == len(data)
    assert header_length(bytes.fromhex("6003")) == 5
    with pytest.raises(LdsError):
        header_length(bytes.fromhex("75"))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("6105", "tlv_truncated"),
        ("6180", "tlv_indefinite"),
        ("6185ffffffffff", "tlv_bad_length"),
        ("618402000000", "tlv_bad_length"),
        ("00", "tlv_bad_tag"),
        ("5f", "tlv_truncated"),
        ("5fff", "tlv_truncated"),
        ("7fffffffff7f00", "tlv_bad_tag"),
    ],
)
def test_malformed_headers(data: str, code: str) -> None:
    with pytest.raises(LdsError) as info:
        read_tlv(bytes.fromhex(data))
    assert info.value.code == code


def test_parse_file_checks_tag_and_trailing_bytes() -> None:
    data = encode_tlv(0x60, encode_tlv(0x5C, b"\x61"))
    assert parse_file(data, 0x60).tag == 0x60
    assert parse_file(data + b"\x00" * 8, 0x60).tag == 0x60  # block padding
    assert parse_file(data + b"\xff" * 3, 0x60).tag == 0x60
    with pytest.raises(LdsError) as info:
        parse_file(data + b"\x01", 0x60)
    assert info.value.code == "file_trailing_data"
    with pytest.raises(LdsError) as info:
        parse_file(data, 0x61)
    assert info.value.code == "file_wrong_tag"
    with pytest.raises(LdsError):
        parse_file(b"", 0x60)


def test_children_must_fill_the_value_exactly() -> None:
    bad = encode_tlv(0x30, bytes.fromhex("020101") + b"\x02")
    with pytest.raises(LdsError):
        read_tlv(bad).children()
    assert len(list(iter_tlvs(bytes.fromhex("020101020102")))) == 2
