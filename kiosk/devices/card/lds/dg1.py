"""DG1: the machine readable zone, TD1 (3 lines of 30) on the Vietnamese card.

Line 1 on a CCCD: ``IDVNM`` + 9-digit document number + check digit + the full 12-digit ID
in the optional data + ``<<`` + the ID's check digit, e.g. ``IDVNM0910055134051091005513<<0``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.devices.card.access_key import NO_EXPIRY, check_digit
from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.tlv import encode_tlv, parse_file

DG1_TAG = 0x61
MRZ_TAG = 0x5F1F
TD1_LENGTH = 90
_MRZ_CHARS = re.compile(r"[0-9A-Z<]{90}")


@dataclass(frozen=True)
class Td1Mrz:
    lines: tuple[str, str, str]
    document_code: str
    issuing_state: str
    document_number: str
    optional_data_1: str
    date_of_birth: str  # YYMMDD
    sex: str  # M, F or <
    date_of_expiry: str  # YYMMDD; 991231 = no expiry
    nationality: str
    optional_data_2: str
    surname: str
    given_names: str
    # Checks that are informative only (Vietnam-specific or not always right on cards).
    composite_check_ok: bool
    id_check_ok: bool | None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def id_number(self) -> str | None:
        """The 12-digit personal ID from the optional data, when present."""
        match = re.match(r"([0-9]{12})", self.optional_data_1)
        return match.group(1) if match else None

    @property
    def no_expiry(self) -> bool:
        return self.date_of_expiry == NO_EXPIRY


def _verify(field: str, value: str, digit: str) -> None:
    if not digit.isdigit() or check_digit(value) != digit:
        raise LdsError("mrz_check_digit", f"{field} check digit does not match")


def parse_mrz_td1(text: str) -> Td1Mrz:
    flat = text.replace("\n", "").replace("\r", "")
    if len(flat) != TD1_LENGTH:
        raise LdsError("mrz_not_td1", f"MRZ is {len(flat)} characters, TD1 has 90")
    if not _MRZ_CHARS.fullmatch(flat):
        raise LdsError("mrz_bad_character", "MRZ holds characters outside 0-9 A-Z <")
    l1, l2, l3 = flat[:30], flat[30:60], flat[60:]
    doc_field = l1[5:14]
    _verify("document number", doc_field, l1[14])
    _verify("date of birth", l2[0:6], l2[6])
    _verify("date of expiry", l2[8:14], l2[14])
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    optional_1 = l1[15:30]
    id_match = re.fullmatch(r"([0-9]{12})<<([0-9<])", optional_1)
    id_check_ok = None
    if id_match and id_match.group(2).isdigit():
        id_check_ok = check_digit(id_match.group(1)) == id_match.group(2)
    surname, _, given = l3.rstrip("<").partition("<<")
    return Td1Mrz(
        lines=(l1, l2, l3),
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5],
        document_number=doc_field.rstrip("<"),
        optional_data_1=optional_1,
        date_of_birth=l2[0:6],
        sex=l2[7],
        date_of_expiry=l2[8:14],
        nationality=l2[15:18],
        optional_data_2=l2[18:29],
        surname=surname.replace("<", " ").strip(),
        given_names=given.replace("<", " ").strip(),
        composite_check_ok=check_digit(composite) == l2[29],
        id_check_ok=id_check_ok,
    )


def parse_dg1(data: bytes) -> Td1Mrz:
    outer = parse_file(data, DG1_TAG)
    mrz = outer.require(MRZ_TAG)
    try:
        text = mrz.value.decode("ascii")
    except UnicodeDecodeError as exc:
        raise LdsError("mrz_bad_character", "MRZ is not ASCII") from exc
    return parse_mrz_td1(text)


def transliterate(name: str) -> str:
    """Vietnamese name -> MRZ characters: diacritics dropped, Đ -> D, spaces -> '<'."""
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()
    return re.sub(r"[^A-Z]+", "<", plain).strip("<")


def mrz_name(full_name: str) -> str:
    """Line 3: family name << the other names, the way ICAO writes a primary identifier."""
    family, _, rest = full_name.strip().partition(" ")
    line = transliterate(family) + "<<" + transliterate(rest)
    return line[:30].ljust(30, "<")


def build_mrz_td1(
    id_number: str, dob: str, expiry: str, sex: str, full_name: str, *, state: str = "VNM"
) -> str:
    """The three TD1 lines (joined by newlines) for a CCCD."""
    doc = id_number[-9:]
    line1 = f"ID{state}{doc}{check_digit(doc)}{id_number}<<{check_digit(id_number)}"
    head = f"{dob}{check_digit(dob)}{sex}{expiry}{check_digit(expiry)}{state}" + "<" * 11
    composite = line1[5:30] + head[0:7] + head[8:15] + head[18:29]
    line2 = head + check_digit(composite)
    line3 = mrz_name(full_name)
    if len(line1) != 30 or len(line2) != 30:
        raise ValueError("MRZ fields do not fit TD1")
    return "\n".join((line1, line2, line3))


def build_dg1(mrz_text: str) -> bytes:
    flat = mrz_text.replace("\n", "")
    return encode_tlv(DG1_TAG, encode_tlv(MRZ_TAG, flat.encode("ascii")))
