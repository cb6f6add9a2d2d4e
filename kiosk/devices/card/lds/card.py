"""What was read from a card, as one object: parse_card(files) -> CardData."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from kiosk.devices.card.lds.com import EfCom, parse_com
from kiosk.devices.card.lds.dg1 import Td1Mrz, parse_dg1
from kiosk.devices.card.lds.dg2 import FaceImage, parse_dg2, to_jpeg, to_png
from kiosk.devices.card.lds.dg13 import Dg13, parse_dg13
from kiosk.devices.card.lds.dg14_15 import Dg15, SecurityInfos, parse_dg14, parse_dg15
from kiosk.devices.card.lds.errors import LdsError

JSON_FIELDS = (
    "id_number", "document_number", "full_name", "date_of_birth", "gender", "nationality",
    "ethnicity", "religion", "place_of_origin", "place_of_residence", "identifying_marks",
    "date_of_issue", "date_of_expiry", "father_name", "mother_name", "spouse_name",
    "old_id_number", "mrz",
)  # fmt: skip
_SEX = {"M": "Nam", "F": "Nữ"}

log = logging.getLogger(__name__)


@dataclass
class CardData:
    id_number: str | None = None
    document_number: str | None = None
    full_name: str | None = None
    date_of_birth: date | None = None
    gender: str | None = None
    nationality: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    place_of_origin: str | None = None
    place_of_residence: str | None = None
    identifying_marks: str | None = None
    date_of_issue: date | None = None
    date_of_expiry: date | None = None
    no_expiry: bool = False  # "Không thời hạn" (date_of_expiry is then None)
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    old_id_number: str | None = None
    mrz: str | None = None  # the three TD1 lines joined by "\n"
    photo_format: str | None = None  # "jpeg" or "jpeg2000"
    photo_image: bytes | None = None  # as stored on the chip
    photo_jpeg: bytes | None = None
    photo_png: bytes | None = None  # for Qt, which has no JPEG 2000 plugin
    # Parsed files for the protocol side (Chip/Active Authentication) and diagnostics.
    com: EfCom | None = field(default=None, repr=False)
    mrz_data: Td1Mrz | None = field(default=None, repr=False)
    dg13: Dg13 | None = field(default=None, repr=False)
    security_infos: SecurityInfos | None = field(default=None, repr=False)
    aa_public_key: Dg15 | None = field(default=None, repr=False)
    # Codes (never values) for DG1/DG13 disagreements, e.g. "id_number_mismatch".
    inconsistencies: list[str] = field(default_factory=list)
    # DG14/DG15 that could not be parsed: they only serve clone detection, so a read of the
    # citizen's data does not fail for them (passive authentication still hashes them).
    unparsed_groups: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        # Personal data stays out of logs and assertion output.
        groups = "" if self.com is None else ",".join(self.com.data_group_names)
        return f"CardData(groups=[{groups}], photo={self.photo_format})"

    def photo_json(self) -> dict[str, Any] | None:
        if self.photo_image is None:
            return None
        return {
            "format": self.photo_format,
            "size": len(self.photo_image),
            "sha256": hashlib.sha256(self.photo_image).hexdigest(),
        }

    def to_json(self) -> dict[str, Any]:
        """The issue's JSON fields (the protocol side adds ``authentication`` and ``read``)."""
        out: dict[str, Any] = {}
        for name in JSON_FIELDS:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
        out["photo"] = self.photo_json()
        return out

    def wipe(self) -> None:
        """Drop every reference to personal data (end of a citizen's session)."""
        for item in fields(self):
            if item.name in ("inconsistencies", "unparsed_groups"):
                setattr(self, item.name, [])
            elif item.name == "no_expiry":
                self.no_expiry = False
            else:
                setattr(self, item.name, None)


def century_from_id(id_number: str | None) -> int | None:
    """Birth century from the 4th ID digit (0/1 -> 1900s, 2/3 -> 2000s, ...)."""
    if not id_number or len(id_number) != 12 or not id_number.isdigit():
        return None
    return 1900 + int(id_number[3]) // 2 * 100


def _mrz_date(text: str, century: int) -> date | None:
    try:
        return date(century + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _parse(name: str, files: Mapping[str, bytes], parser: Any) -> Any:
    data = files.get(name)
    if data is None:
        return None
    try:
        return parser(bytes(data))
    except LdsError as exc:
        raise LdsError(exc.code, f"{name}: {exc.detail}") from exc


def _apply_mrz(card: CardData, mrz: Td1Mrz) -> None:
    card.mrz = mrz.text
    card.document_number = mrz.document_number
    card.id_number = card.id_number or mrz.id_number
    if card.full_name is None:
        card.full_name = " ".join(p for p in (mrz.surname, mrz.given_names) if p) or None
    card.gender = card.gender or _SEX.get(mrz.sex)
    century = century_from_id(card.id_number)
    if card.date_of_birth is None and century is not None:
        card.date_of_birth = _mrz_date(mrz.date_of_birth, century)
    if card.date_of_expiry is None and not card.no_expiry:
        if mrz.no_expiry:
            card.no_expiry = True
        else:
            card.date_of_expiry = _mrz_date(mrz.date_of_expiry, 2000)


def _apply_dg13(card: CardData, dg13: Dg13) -> None:
    card.dg13 = dg13
    card.id_number = dg13.id_number
    card.full_name = dg13.full_name
    card.date_of_birth = dg13.date_of_birth
    card.gender = dg13.gender
    card.nationality = dg13.nationality
    card.ethnicity = dg13.ethnicity
    card.religion = dg13.religion
    card.place_of_origin = dg13.place_of_origin
    card.place_of_residence = dg13.place_of_residence
    card.identifying_marks = dg13.identifying_marks
    card.date_of_issue = dg13.date_of_issue
    card.date_of_expiry = dg13.date_of_expiry
    card.no_expiry = dg13.no_expiry
    card.father_name = dg13.father_name
    card.mother_name = dg13.mother_name
    card.spouse_name = dg13.spouse_name
    card.old_id_number = dg13.old_id_number


def _cross_check(card: CardData, mrz: Td1Mrz, dg13: Dg13) -> None:
    if dg13.id_number and mrz.id_number and dg13.id_number != mrz.id_number:
        card.inconsistencies.append("id_number_mismatch")
    if dg13.id_number and dg13.id_number[-9:] != mrz.document_number:
        card.inconsistencies.append("document_number_mismatch")
    birth = dg13.date_of_birth
    if birth and birth.strftime("%y%m%d") != mrz.date_of_birth:
        card.inconsistencies.append("date_of_birth_mismatch")


def _apply_photo(card: CardData, face: FaceImage) -> None:
    card.photo_format = face.format
    card.photo_image = face.data
    card.photo_jpeg = to_jpeg(face)
    card.photo_png = to_png(face)


def parse_card(files: Mapping[str, bytes]) -> CardData:
    """Parse the files read from a chip (keys as in FILE_IDS: COM, DG1, DG2, DG13...).

    Missing files leave their fields None; a malformed COM, DG1, DG2 or DG13 raises LdsError
    naming the file; a malformed DG14/DG15 is listed in ``unparsed_groups``.
    DG13 (with diacritics) wins over the MRZ, which only fills what DG13 lacks.
    """
    card = CardData()
    card.com = _parse("COM", files, parse_com)
    mrz: Td1Mrz | None = _parse("DG1", files, parse_dg1)
    dg13: Dg13 | None = _parse("DG13", files, parse_dg13)
    if mrz is None and dg13 is None:
        raise LdsError("no_personal_data", "neither DG1 nor DG13 was read")
    if dg13 is not None:
        _apply_dg13(card, dg13)
    if mrz is not None:
        card.mrz_data = mrz
        _apply_mrz(card, mrz)
    if mrz is not None and dg13 is not None:
        _cross_check(card, mrz, dg13)
    face: FaceImage | None = _parse("DG2", files, parse_dg2)
    if face is not None:
        _apply_photo(card, face)
    try:
        card.security_infos = _parse("DG14", files, parse_dg14)
    except LdsError as exc:
        log.warning("card: DG14 not parsed (%s)", exc.code)
        card.unparsed_groups.append("DG14")
    try:
        card.aa_public_key = _parse("DG15", files, parse_dg15)
    except LdsError as exc:
        log.warning("card: DG15 not parsed (%s)", exc.code)
        card.unparsed_groups.append("DG15")
    return card
