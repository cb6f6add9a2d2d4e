"""EF.COM: LDS and Unicode versions and the list of data groups on the chip."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.tlv import encode_tlv, parse_file

COM_TAG = 0x60
LDS_VERSION_TAG = 0x5F01
UNICODE_VERSION_TAG = 0x5F36
TAG_LIST_TAG = 0x5C

# Data group number -> the tag its file starts with (ICAO 9303-10, table 34).
DG_TAGS: dict[int, int] = {
    1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
    9: 0x69, 10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70,
}  # fmt: skip
TAG_TO_DG = {tag: number for number, tag in DG_TAGS.items()}


@dataclass(frozen=True)
class EfCom:
    lds_version: str  # e.g. "0107" -> LDS 1.7
    unicode_version: str  # e.g. "040000"
    data_groups: tuple[int, ...]

    @property
    def data_group_names(self) -> tuple[str, ...]:
        return tuple(f"DG{n}" for n in self.data_groups)


def _ascii(value: bytes, what: str) -> str:
    try:
        return value.decode("ascii")
    except UnicodeDecodeError as exc:
        raise LdsError("com_bad_version", f"{what} is not ASCII") from exc


def parse_com(data: bytes) -> EfCom:
    outer = parse_file(data, COM_TAG)
    lds = outer.child(LDS_VERSION_TAG)
    uni = outer.child(UNICODE_VERSION_TAG)
    tags = outer.require(TAG_LIST_TAG)
    groups = []
    for tag in tags.value:
        if tag not in TAG_TO_DG:
            raise LdsError("com_unknown_tag", f"tag {tag:02X} in the tag list")
        groups.append(TAG_TO_DG[tag])
    return EfCom(
        lds_version=_ascii(lds.value, "LDS version") if lds else "",
        unicode_version=_ascii(uni.value, "Unicode version") if uni else "",
        data_groups=tuple(groups),
    )


def build_com(data_groups: list[int], lds_version: str = "0107", unicode: str = "040000") -> bytes:
    body = (
        encode_tlv(LDS_VERSION_TAG, lds_version.encode("ascii"))
        + encode_tlv(UNICODE_VERSION_TAG, unicode.encode("ascii"))
        + encode_tlv(TAG_LIST_TAG, bytes(DG_TAGS[n] for n in data_groups))
    )
    return encode_tlv(COM_TAG, body)
