"""A strict BER-TLV reader and a DER writer for the LDS's application-tagged files.

The LDS wraps its files in application tags (60 EF.COM, 61 DG1, 75 DG2, 6D DG13, 6E DG14,
6F DG15, 77 EF.SOD) and nests two-byte tags (5F1F, 7F61, 7F60, 5F2E...). Public readers that
hard-code offsets break on long-form lengths; this reader walks the structure instead and
rejects anything that does not add up (indefinite lengths, truncation, overlong lengths).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.devices.card.lds.errors import LdsError

# Files are at most a few hundred KB; a length beyond this is a corrupt header, not data.
MAX_LENGTH = 16 * 1024 * 1024


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    # Where the whole TLV (header included) sits in the buffer it was read from.
    start: int
    end: int

    @property
    def constructed(self) -> bool:
        return bool(_first_tag_byte(self.tag) & 0x20)

    def children(self) -> list[Tlv]:
        """The TLVs inside a constructed value, which must fill it exactly."""
        if not self.constructed:
            raise LdsError("tlv_primitive", f"tag {self.tag:X} has no children")
        return list(iter_tlvs(self.value))

    def child(self, tag: int) -> Tlv | None:
        for item in self.children():
            if item.tag == tag:
                return item
        return None

    def require(self, tag: int) -> Tlv:
        found = self.child(tag)
        if found is None:
            raise LdsError("tlv_missing", f"tag {tag:X} not inside {self.tag:X}")
        return found


def _first_tag_byte(tag: int) -> int:
    while tag > 0xFF:
        tag >>= 8
    return tag


def read_tag(data: bytes, offset: int) -> tuple[int, int]:
    """Return (tag, offset after the tag)."""
    if offset >= len(data):
        raise LdsError("tlv_truncated", f"no tag at offset {offset}")
    first = data[offset]
    if first in (0x00, 0xFF):
        raise LdsError("tlv_bad_tag", f"tag byte {first:02X} at offset {offset}")
    tag = first
    offset += 1
    if first & 0x1F == 0x1F:
        # Multi-byte tag number: continuation bit 0x80 on every byte but the last.
        for count in range(4):
            if offset >= len(data):
                raise LdsError("tlv_truncated", "multi-byte tag cut short")
            byte = data[offset]
            tag = (tag << 8) | byte
            offset += 1
            if not byte & 0x80:
                break
            if count == 3:
                raise LdsError("tlv_bad_tag", "tag longer than 5 bytes")
    return tag, offset


def read_length(data: bytes, offset: int) -> tuple[int, int]:
    """Return (length, offset after the length); only definite lengths are allowed."""
    if offset >= len(data):
        raise LdsError("tlv_truncated", f"no length at offset {offset}")
    first = data[offset]
    offset += 1
    if first < 0x80:
        return first, offset
    count = first & 0x7F
    if count == 0:
        raise LdsError("tlv_indefinite", f"indefinite length at offset {offset - 1}")
    if count > 4:
        raise LdsError("tlv_bad_length", f"{count}-byte length at offset {offset - 1}")
    if offset + count > len(data):
        raise LdsError("tlv_truncated", "length bytes cut short")
    length = int.from_bytes(data[offset : offset + count], "big")
    if length > MAX_LENGTH:
        raise LdsError("tlv_bad_length", f"length {length} too large")
    return length, offset + count


def read_tlv(data: bytes, offset: int = 0) -> Tlv:
    tag, pos = read_tag(data, offset)
    length, pos = read_length(data, pos)
    end = pos + length
    if end > len(data):
        raise LdsError("tlv_truncated", f"tag {tag:X} needs {length} bytes, {len(data) - pos} left")
    return Tlv(tag=tag, value=bytes(data[pos:end]), start=offset, end=end)


def iter_tlvs(data: bytes) -> Iterator[Tlv]:
    offset = 0
    while offset < len(data):
        item = read_tlv(data, offset)
        yield item
        offset = item.end


def parse_file(data: bytes, expected_tag: int) -> Tlv:
    """Parse a whole LDS file: one TLV with the expected tag.

    Trailing bytes after the TLV are tolerated only when they are padding (00 or FF), which
    some chips return when a file is read in fixed-size blocks.
    """
    if not data:
        raise LdsError("file_empty", f"file for tag {expected_tag:X} is empty")
    item = read_tlv(bytes(data))
    if item.tag != expected_tag:
        raise LdsError("file_wrong_tag", f"expected tag {expected_tag:X}, found {item.tag:X}")
    rest = bytes(data[item.end :])
    if rest and rest.strip(b"\x00") and rest.strip(b"\xff"):
        raise LdsError("file_trailing_data", f"{len(rest)} bytes after tag {item.tag:X}")
    return item


def header_length(header: bytes) -> int:
    """Total file length (header included) from the first bytes of a file.

    The protocol side reads 4 bytes first; a length of up to 3 bytes fits in them. Raises
    LdsError when the header is not enough or is malformed.
    """
    _, pos = read_tag(header, 0)
    length, pos = read_length(header, pos)
    return pos + length


def encode_length(length: int) -> bytes:
    if length < 0:
        raise ValueError("negative length")
    if length < 0x80:
        return bytes([length])
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def encode_tag(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_tlv(tag: int, value: bytes) -> bytes:
    return encode_tag(tag) + encode_length(len(value)) + value
