"""DG13: the Vietnamese card's personal data (names with diacritics, addresses, parents).

6D { SEQUENCE { INTEGER 1, OID 1.0.10646.1.0.8, SET { SEQUENCE { INTEGER n, value... } } } }.
Fields are keyed by number and any may be missing. Field 13 (parents) comes in two shapes and
field 14 (spouse) is ``30 03 02 01 0E`` when empty, so every field is read as "all the strings
under it, in order" rather than at fixed positions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, ClassVar

from asn1crypto import core

from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.tlv import Tlv, encode_tlv, parse_file

DG13_TAG = 0x6D
DG13_OID = "1.0.10646.1.0.8"
NO_EXPIRY_TEXT = "Không thời hạn"

_INTEGER, _OID, _SEQUENCE, _SET = 0x02, 0x06, 0x30, 0x31
# String types a field value may use; BMPString is UTF-16, the rest are UTF-8 compatible.
_STRING_TAGS = {0x0C, 0x12, 0x13, 0x14, 0x16, 0x1A, 0x04}
_BMP_STRING = 0x1E
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Dg13:
    raw: Mapping[int, tuple[str, ...]]

    def first(self, number: int) -> str | None:
        values = self.raw.get(number, ())
        return values[0] if values else None

    @property
    def id_number(self) -> str | None:
        return self.first(1)

    @property
    def full_name(self) -> str | None:
        return self.first(2)

    @property
    def date_of_birth(self) -> date | None:
        return parse_card_date(self.first(3))

    @property
    def gender(self) -> str | None:
        return self.first(4)

    @property
    def nationality(self) -> str | None:
        return self.first(5)

    @property
    def ethnicity(self) -> str | None:
        return self.first(6)

    @property
    def religion(self) -> str | None:
        return self.first(7)

    @property
    def place_of_origin(self) -> str | None:
        return self.first(8)

    @property
    def place_of_residence(self) -> str | None:
        return self.first(9)

    @property
    def identifying_marks(self) -> str | None:
        return self.first(10)

    @property
    def date_of_issue(self) -> date | None:
        return parse_card_date(self.first(11))

    @property
    def expiry_text(self) -> str | None:
        return self.first(12)

    @property
    def no_expiry(self) -> bool:
        text = self.expiry_text
        return text is not None and parse_card_date(text) is None and is_no_expiry_text(text)

    @property
    def date_of_expiry(self) -> date | None:
        return parse_card_date(self.expiry_text)

    @property
    def father_name(self) -> str | None:
        return self.first(13)

    @property
    def mother_name(self) -> str | None:
        values = self.raw.get(13, ())
        return values[1] if len(values) > 1 else None

    @property
    def spouse_name(self) -> str | None:
        return self.first(14)

    @property
    def old_id_number(self) -> str | None:
        return self.first(15)

    @property
    def field_16(self) -> str | None:
        return self.first(16)


def is_no_expiry_text(text: str) -> bool:
    folded = unicodedata.normalize("NFC", text).casefold()
    return "không" in folded or "thời hạn" in folded or "khong" in folded


def parse_card_date(text: str | None) -> date | None:
    """dd/mm/yyyy as printed on the card (also ddmmyyyy, dd-mm-yyyy, dd.mm.yyyy)."""
    if not text:
        return None
    match = re.fullmatch(r"\s*(\d{2})[/.\-]?(\d{2})[/.\-]?(\d{4})\s*", text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _decode_string(item: Tlv) -> str:
    try:
        if item.tag == _BMP_STRING:
            text = item.value.decode("utf-16-be")
        else:
            text = item.value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LdsError("dg13_bad_string", f"field value tag {item.tag:02X} not decodable") from exc
    return unicodedata.normalize("NFC", text).strip()


def _strings_in(items: Iterable[Tlv], depth: int = 0) -> list[str]:
    if depth > _MAX_DEPTH:
        raise LdsError("dg13_too_deep", "field nested too deeply")
    found: list[str] = []
    for item in items:
        if item.tag in _STRING_TAGS or item.tag == _BMP_STRING:
            text = _decode_string(item)
            if text:
                found.append(text)
        elif item.constructed:
            found.extend(_strings_in(item.children(), depth + 1))
    return found


def _field_list(outer: Tlv) -> list[Tlv]:
    """The field SEQUENCEs: from SEQUENCE{version, OID, SET}, or, tolerantly, from a bare
    SET or bare field SEQUENCEs directly under 6D."""
    children = outer.children()
    for item in children:
        if item.tag != _SEQUENCE:
            continue
        inner = item.children()
        sets = [part for part in inner if part.tag == _SET]
        if not sets:
            continue
        oid = next((part for part in inner if part.tag == _OID), None)
        if oid is not None and _oid_text(oid.value) != DG13_OID:
            raise LdsError("dg13_wrong_oid", "DG13 content type is not the expected OID")
        return [f for s in sets for f in s.children()]
    sets = [item for item in children if item.tag == _SET]
    if sets:
        return [f for s in sets for f in s.children()]
    if children and all(item.tag == _SEQUENCE for item in children):
        return children
    raise LdsError("dg13_no_fields", "DG13 holds no field set")


def _oid_text(raw: bytes) -> str:
    try:
        return str(core.ObjectIdentifier.load(encode_tlv(_OID, raw)).dotted)
    except (ValueError, TypeError) as exc:
        raise LdsError("dg13_wrong_oid", "DG13 OID is malformed") from exc


def parse_dg13(data: bytes) -> Dg13:
    outer = parse_file(data, DG13_TAG)
    fields: dict[int, tuple[str, ...]] = {}
    for item in _field_list(outer):
        if item.tag != _SEQUENCE:
            raise LdsError("dg13_bad_field", f"field is tag {item.tag:02X}, not a SEQUENCE")
        parts = item.children()
        if not parts or parts[0].tag != _INTEGER or not 1 <= len(parts[0].value) <= 2:
            raise LdsError("dg13_bad_field", "field does not start with its number")
        number = int.from_bytes(parts[0].value, "big", signed=True)
        if number < 0:
            raise LdsError("dg13_bad_field", "negative field number")
        # The first occurrence wins; a duplicate would be a chip bug we do not guess about.
        fields.setdefault(number, tuple(_strings_in(parts[1:])))
    return Dg13(raw=MappingProxyType(fields))


# --- building (virtual card, tests) -------------------------------------------------------


class _Field(core.Sequence):
    # Field 13 in its "separate" shape carries two values: father, then mother.
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("number", core.Integer),
        ("value", core.Any, {"optional": True}),
        ("second", core.Any, {"optional": True}),
    ]


class _FieldsInCardOrder(core.SequenceOf):
    """A SET OF written in field-number order, as the cards do (asn1crypto's SetOf would
    re-sort by DER encoding, i.e. by length first)."""

    tag = 17
    _child_spec = _Field


class _Dg13Content(core.Sequence):
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("version", core.Integer),
        ("oid", core.ObjectIdentifier),
        ("fields", _FieldsInCardOrder),
    ]


def _value(number: int, value: core.Asn1Value | None) -> _Field:
    if value is None:
        return _Field({"number": number})
    return _Field({"number": number, "value": core.Any.load(value.dump())})


def _dd_mm_yyyy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _nested_names(*names: str) -> core.Asn1Value:
    """SEQUENCE { UTF8String ... }: the nesting seen for field 13/14 values."""
    body = b"".join(core.UTF8String(name).dump() for name in names)
    return core.Any.load(encode_tlv(_SEQUENCE, body))


def build_dg13(
    values: Mapping[int, str | date | None],
    *,
    parents: tuple[str, str] | None = None,
    parents_shape: str = "separate",
    spouse: str | None = None,
) -> bytes:
    """DG13 from field values (numbers 1-12, 15, 16); parents/spouse are fields 13 and 14.

    ``parents_shape`` "separate" writes SEQUENCE{13, SEQ{father}, SEQ{mother}}; "together"
    writes SEQUENCE{13, SEQ{father, mother}}. A field whose value is None is left out; an
    empty string writes the bare ``30 03 02 01 nn``.
    """
    printable = {1, 3, 11, 15, 16}
    items: list[_Field] = []
    for number in range(1, 17):
        if number == 13:
            if parents is None:
                continue
            if parents_shape == "separate":
                items.append(
                    _Field(
                        {
                            "number": 13,
                            "value": _nested_names(parents[0]),
                            "second": _nested_names(parents[1]),
                        }
                    )
                )
            else:
                items.append(_value(13, _nested_names(*parents)))
            continue
        if number == 14:
            items.append(_value(14, _nested_names(spouse) if spouse else None))
            continue
        raw = values.get(number)
        if raw is None:
            continue
        text = _dd_mm_yyyy(raw) if isinstance(raw, date) else raw
        if text == "":
            items.append(_value(number, None))
        elif number in printable:
            items.append(_value(number, core.PrintableString(text)))
        else:
            items.append(_value(number, core.UTF8String(text)))
    content = _Dg13Content({"version": 1, "oid": DG13_OID, "fields": _FieldsInCardOrder(items)})
    return encode_tlv(DG13_TAG, content.dump(force=True))
