"""DG13 variants: both field-13 shapes, missing fields, long-form lengths, empty spouse."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.devices.card.lds import LdsError
from kiosk.devices.card.lds.dg13 import DG13_OID, build_dg13, parse_card_date, parse_dg13
from kiosk.devices.card.lds.tlv import encode_tlv, read_tlv

RESIDENCE = (
    "Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7, Phường Hàng Trống, Quận Hoàn Kiếm, "
    "Thành phố Hà Nội"
)


def _field(number: int, *values: bytes) -> bytes:
    return encode_tlv(0x30, bytes([0x02, 0x01, number]) + b"".join(values))


def _utf8(text: str) -> bytes:
    return encode_tlv(0x0C, text.encode())


def _printable(text: str) -> bytes:
    return encode_tlv(0x13, text.encode())


def _dg13(*fields: bytes) -> bytes:
    oid = bytes.fromhex("060628d316010008")  # 1.0.10646.1.0.8
    body = bytes.fromhex("020101") + oid + encode_tlv(0x31, b"".join(fields))
    return encode_tlv(0x6D, encode_tlv(0x30, body))


def test_field_13_separate_sequences() -> None:
    data = _dg13(
        _field(
            13,
            encode_tlv(0x30, _utf8("Phạm Văn Thắng")),
            encode_tlv(0x30, _utf8("Nguyễn Thị Thu Hà")),
        )
    )
    dg13 = parse_dg13(data)
    assert dg13.father_name == "Phạm Văn Thắng"
    assert dg13.mother_name == "Nguyễn Thị Thu Hà"


def test_field_13_one_sequence_with_both() -> None:
    data = _dg13(_field(13, encode_tlv(0x30, _utf8("Phạm Văn Thắng") + _utf8("Nguyễn Thị Thu Hà"))))
    dg13 = parse_dg13(data)
    assert (dg13.father_name, dg13.mother_name) == ("Phạm Văn Thắng", "Nguyễn Thị Thu Hà")


def test_field_13_father_only() -> None:
    dg13 = parse_dg13(_dg13(_field(13, encode_tlv(0x30, _utf8("Phạm Văn Thắng")))))
    assert dg13.father_name == "Phạm Văn Thắng" and dg13.mother_name is None


@pytest.mark.parametrize("shape", ["separate", "together"])
def test_builder_writes_both_shapes(shape: str) -> None:
    data = build_dg13({1: "001099012345"}, parents=("Cha A", "Mẹ B"), parents_shape=shape)
    dg13 = parse_dg13(data)
    assert (dg13.father_name, dg13.mother_name) == ("Cha A", "Mẹ B")
    field_13 = data[data.index(bytes.fromhex("02010d")) - 2 :]
    nested = read_tlv(field_13).children()
    assert len(nested) == (3 if shape == "separate" else 2)


def test_unmarried_spouse_is_the_bare_sequence() -> None:
    data = build_dg13({1: "001204056789"}, spouse=None)
    assert bytes.fromhex("300302010e") in data
    assert parse_dg13(data).spouse_name is None
    raw = _dg13(_field(1, _printable("001204056789")), bytes.fromhex("300302010e"))
    assert parse_dg13(raw).spouse_name is None


def test_spouse_nested_or_flat() -> None:
    nested = _dg13(_field(14, encode_tlv(0x30, _utf8("Lê Thị Ngọc Ánh"))))
    flat = _dg13(_field(14, _utf8("Lê Thị Ngọc Ánh")))
    assert parse_dg13(nested).spouse_name == parse_dg13(flat).spouse_name == "Lê Thị Ngọc Ánh"


def test_all_sixteen_fields() -> None:
    values: dict[int, str | date | None] = {
        1: "001099012345", 2: "Phạm Quốc Hưng", 3: date(1999, 8, 15), 4: "Nam", 5: "Việt Nam",
        6: "Kinh", 7: "Không", 8: "Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội",
        9: RESIDENCE, 10: "Nốt ruồi C:1,5cm", 11: date(2023, 3, 20), 12: date(2039, 8, 15),
        15: "013579246", 16: "0123456789ABCDEF",
    }  # fmt: skip
    dg13 = parse_dg13(build_dg13(values, parents=("F", "M"), spouse="S"))
    assert dg13.id_number == "001099012345"
    assert dg13.full_name == "Phạm Quốc Hưng"
    assert dg13.date_of_birth == date(1999, 8, 15)
    assert dg13.gender == "Nam"
    assert dg13.nationality == "Việt Nam"
    assert dg13.ethnicity == "Kinh"
    assert dg13.religion == "Không"
    assert dg13.place_of_origin == values[8]
    assert dg13.place_of_residence == RESIDENCE
    assert dg13.identifying_marks == "Nốt ruồi C:1,5cm"
    assert dg13.date_of_issue == date(2023, 3, 20)
    assert dg13.date_of_expiry == date(2039, 8, 15) and not dg13.no_expiry
    assert (dg13.father_name, dg13.mother_name, dg13.spouse_name) == ("F", "M", "S")
    assert dg13.old_id_number == "013579246"
    assert dg13.field_16 == "0123456789ABCDEF"
    assert sorted(dg13.raw) == list(range(1, 17))


def test_any_field_may_be_missing() -> None:
    dg13 = parse_dg13(_dg13(_field(2, _utf8("Vũ Hoàng Nam")), _field(9, _utf8(RESIDENCE))))
    assert dg13.full_name == "Vũ Hoàng Nam"
    assert dg13.place_of_residence == RESIDENCE
    assert dg13.id_number is None and dg13.date_of_birth is None and dg13.old_id_number is None
    assert dg13.father_name is None and dg13.mother_name is None
    assert dg13.date_of_expiry is None and not dg13.no_expiry


def test_long_form_lengths() -> None:
    assert len(RESIDENCE.encode()) > 127
    data = _dg13(_field(9, _utf8(RESIDENCE)))
    assert bytes.fromhex("0c81") in data  # the value's length needs the long form
    assert data[1] == 0x81 or data[1] == 0x82
    assert parse_dg13(data).place_of_residence == RESIDENCE
    huge = "Số 1 " * 70  # > 255 bytes: two-byte lengths all the way up
    data = build_dg13({9: huge.strip()})
    assert data[1] == 0x82
    assert parse_dg13(data).place_of_residence == huge.strip()


def test_no_expiry_text() -> None:
    dg13 = parse_dg13(_dg13(_field(12, _utf8("Không thời hạn"))))
    assert dg13.no_expiry and dg13.date_of_expiry is None
    assert dg13.expiry_text == "Không thời hạn"


def test_decomposed_unicode_is_normalised() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thu Hà")
    dg13 = parse_dg13(_dg13(_field(2, _utf8(nfd))))
    assert dg13.full_name == "Nguyễn Thị Thu Hà"


def test_bmp_string_value() -> None:
    dg13 = parse_dg13(_dg13(_field(2, encode_tlv(0x1E, "Hà".encode("utf-16-be")))))
    assert dg13.full_name == "Hà"


def test_fields_in_any_order_and_bare_set() -> None:
    bare = encode_tlv(
        0x6D, encode_tlv(0x31, _field(4, _utf8("Nữ")) + _field(1, _printable("001160004321")))
    )
    dg13 = parse_dg13(bare)
    assert dg13.gender == "Nữ" and dg13.id_number == "001160004321"


def test_wrong_oid_is_refused() -> None:
    body = (
        bytes.fromhex("020101")
        + bytes.fromhex("06032a0304")
        + encode_tlv(0x31, _field(1, _printable("1")))
    )
    with pytest.raises(LdsError) as info:
        parse_dg13(encode_tlv(0x6D, encode_tlv(0x30, body)))
    assert info.value.code == "dg13_wrong_oid"
    assert DG13_OID == "1.0.10646.1.0.8"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        bytes.fromhex("6d00"),
        bytes.fromhex("6105300302010e"),  # wrong outer tag
        bytes.fromhex("6d0530030201"),  # truncated inside
        bytes.fromhex("6d80300302010e0000"),  # indefinite length
        bytes.fromhex("6d07310530030c0141"),  # field without its number
        bytes.fromhex("6d0831063004020101ff"),  # bad inner tag
    ],
)
def test_malformed_dg13_raises_typed_error(data: bytes) -> None:
    with pytest.raises(LdsError):
        parse_dg13(data)


def test_invalid_utf8_is_typed() -> None:
    with pytest.raises(LdsError) as info:
        parse_dg13(_dg13(_field(2, encode_tlv(0x0C, b"\xff\xfe"))))
    assert info.value.code == "dg13_bad_string"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/08/1999", date(1999, 8, 15)),
        ("15081999", date(1999, 8, 15)),
        ("15-08-1999", date(1999, 8, 15)),
        ("31/02/1999", None),
        ("Không thời hạn", None),
        (None, None),
    ],
)
def test_card_dates(text: str | None, expected: date | None) -> None:
    assert parse_card_date(text) == expected
