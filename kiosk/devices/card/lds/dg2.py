"""DG2: the face image, inside a CBEFF biometric template (ISO 19794-5 record).

75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E|7F2E biometric data } ... } }. The image is
found by its magic number inside the biometric data block, not at a fixed offset: the ISO
record header and its optional feature points vary between issuers.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.tlv import Tlv, encode_tlv, parse_file

DG2_TAG = 0x75
GROUP_TAG = 0x7F61
TEMPLATE_TAG = 0x7F60
HEADER_TAG = 0xA1
DATA_TAGS = (0x5F2E, 0x7F2E)
COUNT_TAG = 0x02

JPEG_MAGIC = b"\xff\xd8\xff"
JP2_MAGIC = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
J2K_MAGIC = b"\xff\x4f\xff\x51"


@dataclass(frozen=True)
class FaceImage:
    format: str  # "jpeg" or "jpeg2000"
    data: bytes
    width: int | None = None
    height: int | None = None


def find_image(block: bytes) -> FaceImage:
    """The first JPEG or JPEG 2000 image in a biometric data block."""
    found: list[tuple[int, str]] = []
    for magic, fmt in ((JPEG_MAGIC, "jpeg"), (JP2_MAGIC, "jpeg2000"), (J2K_MAGIC, "jpeg2000")):
        pos = block.find(magic)
        if pos >= 0:
            found.append((pos, fmt))
    if not found:
        raise LdsError("dg2_no_image", "no JPEG or JPEG 2000 image in the biometric data")
    pos, fmt = min(found)
    width = height = None
    # ISO 19794-5 image information (12 bytes) sits just before the image data.
    if block.startswith(b"FAC\x00") and pos >= 12:
        width, height = struct.unpack(">HH", block[pos - 10 : pos - 6])
    return FaceImage(format=fmt, data=bytes(block[pos:]), width=width, height=height)


def _templates(outer: Tlv) -> list[Tlv]:
    group = outer.require(GROUP_TAG)
    count = group.child(COUNT_TAG)
    templates = [item for item in group.children() if item.tag == TEMPLATE_TAG]
    if count is not None and count.value and int.from_bytes(count.value, "big") < 1:
        raise LdsError("dg2_empty", "DG2 declares no biometric templates")
    if not templates:
        raise LdsError("dg2_empty", "DG2 holds no biometric template")
    return templates


def parse_dg2(data: bytes) -> FaceImage:
    outer = parse_file(data, DG2_TAG)
    for template in _templates(outer):
        for item in template.children():
            if item.tag in DATA_TAGS:
                return find_image(item.value)
    raise LdsError("dg2_no_data", "no biometric data block (5F2E/7F2E)")


# A chip photo is about 480x640; refuse to decode a header claiming far more (a bad card
# must not make the kiosk allocate gigabytes).
MAX_PIXELS = 4_000_000


def _decodable(picture: object) -> bool:
    width, height = getattr(picture, "size", (0, 0))
    return 0 < width * height <= MAX_PIXELS


def to_png(image: FaceImage) -> bytes | None:
    """A PNG of the face for Qt (which lacks a JPEG 2000 plugin), or None when undecodable."""
    return _convert(image, "PNG", {})


def to_jpeg(image: FaceImage) -> bytes | None:
    """The image as JPEG: the original when it already is one, else a conversion."""
    if image.format == "jpeg":
        return image.data
    return _convert(image, "JPEG", {"quality": 90})


def _convert(image: FaceImage, image_format: str, options: dict[str, int]) -> bytes | None:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(image.data)) as picture:
            if not _decodable(picture):
                return None
            picture.load()
            out = io.BytesIO()
            picture.convert("RGB").save(out, format=image_format, **options)
            return out.getvalue()
    except Exception:  # any decoder failure just means "no picture": never a crash
        return None


def _iso_face_record(image: bytes, width: int, height: int, image_type: int) -> bytes:
    # Facial information block: length, no feature points, gender/eyes/hair unspecified.
    info = struct.pack(">IHBBB3sH3s3s", 20 + 12 + len(image), 0, 0, 0, 0, b"\0" * 3, 0,
                       b"\0" * 3, b"\0" * 3)  # fmt: skip
    # Image information: full frontal, data type, size, sRGB, unknown source/device/quality.
    image_info = struct.pack(">BBHHBBHH", 1, image_type, width, height, 1, 0, 0, 0)
    header_len = 14
    total = header_len + len(info) + len(image_info) + len(image)
    header = b"FAC\x00" + b"010\x00" + struct.pack(">IH", total, 1)
    return header + info + image_info + image


def build_dg2(image: bytes, *, data_tag: int = 0x5F2E) -> bytes:
    """DG2 for one face image (JPEG or JPEG 2000, detected by magic)."""
    if image.startswith(JPEG_MAGIC):
        image_type = 0
    elif image.startswith((JP2_MAGIC, J2K_MAGIC)):
        image_type = 1
    else:
        raise ValueError("face image must be JPEG or JPEG 2000")
    width = height = 0
    try:
        from PIL import Image

        with Image.open(io.BytesIO(image)) as picture:
            width, height = picture.size
    except Exception:  # size is informative; 0 means unknown
        width = height = 0
    header = (
        encode_tlv(0x80, b"\x01\x01")  # ICAO header version 1.1
        + encode_tlv(0x81, b"\x02")  # biometric type: facial features
        + encode_tlv(0x87, b"\x01\x01")  # format owner: ISO/IEC JTC 1/SC 37
        + encode_tlv(0x88, b"\x00\x08")  # format type: face image
    )
    template = encode_tlv(
        TEMPLATE_TAG,
        encode_tlv(HEADER_TAG, header)
        + encode_tlv(data_tag, _iso_face_record(image, width, height, image_type)),
    )
    group = encode_tlv(GROUP_TAG, encode_tlv(COUNT_TAG, b"\x01") + template)
    return encode_tlv(DG2_TAG, group)
