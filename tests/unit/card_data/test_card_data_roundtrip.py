"""Files built for a citizen parse back to the same citizen (COM, DG1, DG2, DG13, DG14, DG15)."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from PIL import Image

from kiosk.devices.card.access_key import check_digit
from kiosk.devices.card.lds import FILE_IDS, LdsError, parse_card
from kiosk.devices.card.lds.com import build_com, parse_com
from kiosk.devices.card.lds.dg1 import build_dg1, build_mrz_td1, mrz_name, parse_dg1, parse_mrz_td1
from kiosk.devices.card.lds.dg2 import build_dg2, parse_dg2
from kiosk.devices.card.lds.dg14_15 import (
    ID_AA,
    ID_PK_ECDH,
    parse_dg14,
    parse_dg15,
    parse_security_infos,
)
from kiosk.devices.card.lds.sod import parse_sod
from kiosk.devices.simulator.citizens import CitizenRecord, demo_citizen, other_citizens
from kiosk.devices.simulator.lds_builder import build_card_files, chip_keys
from kiosk.devices.simulator.pki import TestPKI

ISSUE_JSON_FIELDS = [
    "id_number", "document_number", "full_name", "date_of_birth", "gender", "nationality",
    "ethnicity", "religion", "place_of_origin", "place_of_residence", "identifying_marks",
    "date_of_issue", "date_of_expiry", "father_name", "mother_name", "spouse_name",
    "old_id_number", "mrz", "photo",
]  # fmt: skip


def test_file_ids() -> None:
    assert FILE_IDS == {
        "COM": 0x011E, "SOD": 0x011D, "DG1": 0x0101, "DG2": 0x0102,
        "DG13": 0x010D, "DG14": 0x010E, "DG15": 0x010F,
    }  # fmt: skip


def test_demo_citizen_is_realistic(citizen: CitizenRecord) -> None:
    assert citizen.id_number == "001099012345"
    assert citizen.date_of_birth.year == 1999
    assert citizen.date_of_expiry is not None
    assert len(citizen.place_of_residence.encode()) > 127
    assert "Quận" in citizen.place_of_residence  # pre-2025 address naming a district
    assert 15_000 <= len(citizen.face_jpeg) <= 20_000
    assert citizen.face_jpeg.startswith(b"\xff\xd8\xff")
    assert demo_citizen().face_jpeg == citizen.face_jpeg  # deterministic (and cached)
    assert "Phạm" not in repr(citizen)


def test_other_citizens_cover_expiry_and_spouse_cases() -> None:
    elder, young, mid = other_citizens()
    assert elder.date_of_expiry is None
    assert young.spouse_name is None and young.old_id_number is None
    assert mid.date_of_issue.year < 2024 and mid.date_of_expiry is not None
    assert len({c.face_jpeg for c in (elder, young, mid)}) == 3


@pytest.mark.parametrize("person", [demo_citizen(), *other_citizens()], ids=lambda c: c.id_number)
def test_round_trip_every_citizen(person: CitizenRecord, pki: TestPKI) -> None:
    card = parse_card(build_card_files(person, pki))
    assert card.id_number == person.id_number
    assert card.document_number == person.id_number[-9:]
    assert card.full_name == person.full_name
    assert card.date_of_birth == person.date_of_birth
    assert card.gender == person.gender
    assert card.nationality == person.nationality
    assert card.ethnicity == person.ethnicity
    assert card.religion == person.religion
    assert card.place_of_origin == person.place_of_origin
    assert card.place_of_residence == person.place_of_residence
    assert card.identifying_marks == person.identifying_marks
    assert card.date_of_issue == person.date_of_issue
    assert card.date_of_expiry == person.date_of_expiry
    assert card.no_expiry == (person.date_of_expiry is None)
    assert card.father_name == person.father_name
    assert card.mother_name == person.mother_name
    assert card.spouse_name == person.spouse_name
    assert card.old_id_number == person.old_id_number
    assert card.photo_image == person.face_jpeg
    assert card.photo_jpeg == person.face_jpeg
    assert card.inconsistencies == []


def test_json_has_exactly_the_issue_fields(demo_files: dict[str, bytes]) -> None:
    card = parse_card(demo_files)
    data = card.to_json()
    assert list(data) == ISSUE_JSON_FIELDS
    assert data["date_of_birth"] == "1999-08-15"
    assert data["date_of_expiry"] == "2039-08-15"
    assert data["photo"] == {
        "format": "jpeg",
        "size": len(demo_citizen().face_jpeg),
        "sha256": hashlib.sha256(demo_citizen().face_jpeg).hexdigest(),
    }
    json.dumps(data)  # serialisable as is
    assert "photo_png" not in data and "photo_jpeg" not in data


def test_json_no_expiry_is_null(pki: TestPKI) -> None:
    elder = other_citizens()[0]
    data = parse_card(build_card_files(elder, pki)).to_json()
    assert data["date_of_expiry"] is None
    assert "991231" in data["mrz"]


def test_photo_png_decodes(demo_files: dict[str, bytes]) -> None:
    card = parse_card(demo_files)
    assert card.photo_png is not None
    with Image.open(io.BytesIO(card.photo_png)) as image:
        assert image.format == "PNG"
        assert image.size == (360, 480)


def test_wipe_drops_everything(demo_files: dict[str, bytes]) -> None:
    card = parse_card(demo_files)
    card.wipe()
    assert all(value is None for value in card.to_json().values())
    assert card.photo_png is None and card.photo_jpeg is None and card.dg13 is None
    assert "Phạm" not in repr(card)


def test_mrz_layout_matches_reference(demo_files: dict[str, bytes]) -> None:
    mrz = parse_dg1(demo_files["DG1"])
    line1 = mrz.lines[0]
    # IDVNM + doc9 + cd + id12 + << + cd(id12), as on real cards.
    assert line1 == "IDVNM099012345" + check_digit("099012345") + "001099012345<<" + check_digit(
        "001099012345"
    )
    assert mrz.id_number == "001099012345"
    assert mrz.id_check_ok is True
    assert mrz.composite_check_ok
    assert mrz.date_of_birth == "990815" and mrz.date_of_expiry == "390815"
    assert mrz.sex == "M" and mrz.nationality == "VNM"
    assert mrz.surname == "PHAM" and mrz.given_names == "QUOC HUNG"


def test_mrz_reference_line_parses() -> None:
    text = "IDVNM0910055134051091005513<<0" + "9109227M9912315VNM<<<<<<<<<<<8" + "<" * 30
    mrz = parse_mrz_td1(text)
    assert mrz.document_number == "091005513"
    assert mrz.id_number == "051091005513"
    assert mrz.no_expiry


def test_mrz_bad_check_digit_is_typed() -> None:
    mrz = build_mrz_td1("001099012345", "990815", "390815", "M", "Phạm Quốc Hưng")
    broken = mrz.replace("9908154", "9908155")
    with pytest.raises(LdsError) as info:
        parse_dg1(build_dg1(broken))
    assert info.value.code == "mrz_check_digit"


def test_mrz_name_transliterates_vietnamese() -> None:
    assert mrz_name("Đỗ Thị Hồng Nhung") == "DO<<THI<HONG<NHUNG" + "<" * 12
    assert len(mrz_name("Nguyễn " + "Văn " * 20 + "A")) == 30


def test_com_round_trip() -> None:
    com = parse_com(build_com([1, 2, 13, 14, 15]))
    assert com.data_groups == (1, 2, 13, 14, 15)
    assert com.lds_version == "0107" and com.unicode_version == "040000"
    assert com.data_group_names == ("DG1", "DG2", "DG13", "DG14", "DG15")


def test_dg2_jpeg2000_and_7f2e(citizen: CitizenRecord) -> None:
    with Image.open(io.BytesIO(citizen.face_jpeg)) as image:
        out = io.BytesIO()
        try:
            image.save(out, format="JPEG2000")
        except (OSError, KeyError):
            pytest.skip("Pillow built without OpenJPEG")
    jp2 = out.getvalue()
    face = parse_dg2(build_dg2(jp2, data_tag=0x7F2E))
    assert face.format == "jpeg2000"
    assert face.data == jp2
    assert (face.width, face.height) == (360, 480)
    card = parse_card({"DG2": build_dg2(jp2), "DG1": build_dg1(_mrz())})
    assert card.photo_format == "jpeg2000"
    assert card.photo_png is not None and card.photo_png.startswith(b"\x89PNG")
    assert card.photo_jpeg is not None and card.photo_jpeg.startswith(b"\xff\xd8")


def test_dg2_without_image_is_typed() -> None:
    with pytest.raises(LdsError) as info:
        parse_dg2(build_dg2(b"\xff\xd8\xff\xe0" + b"\0" * 10).replace(b"\xff\xd8\xff", b"abc"))
    assert info.value.code == "dg2_no_image"


def test_dg14_has_chip_authentication_key(demo_files: dict[str, bytes]) -> None:
    infos = parse_dg14(demo_files["DG14"])
    keys = infos.of_kind("chip_authentication_public_key")
    assert len(keys) == 1 and keys[0].protocol == ID_PK_ECDH and keys[0].key_id == 1
    ca = infos.of_kind("chip_authentication")
    assert ca[0].version == 1
    aa = infos.of_kind("active_authentication")
    assert aa[0].protocol == ID_AA and aa[0].signature_algorithm is not None
    from cryptography.hazmat.primitives import serialization

    expected = chip_keys(demo_citizen()).chip_authentication.public_key()
    assert keys[0].public_key_der == expected.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_card_access_style_pace_info_parses() -> None:
    # EF.CardAccess: SET { PACEInfo { id-PACE-ECDH-GM-AES-CBC-CMAC-128, 2, 12 } }
    card_access = bytes.fromhex("3114301206 0a 04007f00070202040202 020102 02010c".replace(" ", ""))
    infos = parse_security_infos(card_access)
    assert infos.infos[0].kind == "pace"
    assert infos.infos[0].version == 2 and infos.infos[0].parameter_id == 12


def test_dg15_is_the_aa_key(demo_files: dict[str, bytes]) -> None:
    dg15 = parse_dg15(demo_files["DG15"])
    assert dg15.algorithm == "ec" and dg15.bit_size == 256


def test_sod_lists_every_data_group(demo_files: dict[str, bytes]) -> None:
    sod = parse_sod(demo_files["SOD"])
    assert sorted(sod.dg_hashes) == [1, 2, 13, 14, 15]
    assert sod.hash_algorithm == "sha256"
    assert sod.dg_hashes[13] == hashlib.sha256(demo_files["DG13"]).digest()
    assert len(sod.certificates) == 1


def test_chip_keys_are_deterministic() -> None:
    a, b = chip_keys(demo_citizen()), chip_keys(demo_citizen())
    assert a.chip_authentication.private_numbers() == b.chip_authentication.private_numbers()
    assert a.active_authentication.private_numbers() != a.chip_authentication.private_numbers()


def test_parse_card_needs_personal_data() -> None:
    with pytest.raises(LdsError) as info:
        parse_card({"COM": build_com([1])})
    assert info.value.code == "no_personal_data"


def test_parse_card_names_the_bad_file(demo_files: dict[str, bytes]) -> None:
    files = dict(demo_files, DG13=b"\x6d\x05\x30\x03")
    with pytest.raises(LdsError) as info:
        parse_card(files)
    assert "DG13" in info.value.detail


def test_mrz_only_card_fills_from_dg1() -> None:
    card = parse_card({"DG1": build_dg1(_mrz())})
    assert card.id_number == "001099012345"
    assert card.full_name == "PHAM QUOC HUNG"
    assert card.gender == "Nam"
    assert card.date_of_birth is not None and card.date_of_birth.year == 1999
    assert card.date_of_expiry is not None and card.date_of_expiry.year == 2039


def test_dg1_dg13_disagreement_is_flagged(demo_files: dict[str, bytes]) -> None:
    other = build_mrz_td1("001099054321", "990815", "390815", "M", "Pham Quoc Hung")
    card = parse_card(dict(demo_files, DG1=build_dg1(other)))
    assert "id_number_mismatch" in card.inconsistencies
    assert card.id_number == "001099012345"  # DG13 wins


def _mrz() -> str:
    return build_mrz_td1("001099012345", "990815", "390815", "M", "Phạm Quốc Hưng")


@pytest.mark.parametrize("group", ["DG14", "DG15"])
def test_bad_chip_key_files_do_not_block_the_read(demo_files: dict[str, bytes], group: str) -> None:
    card = parse_card(dict(demo_files, **{group: bytes.fromhex("6e03020101")}))
    assert card.unparsed_groups == [group]
    assert card.full_name == demo_citizen().full_name
    card.wipe()
    assert card.unparsed_groups == []
