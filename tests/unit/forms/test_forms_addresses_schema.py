"""2025 addresses (vietnam-provinces), chip-address conversion, the small schema validator."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.forms.addresses import (
    ChipAddressConverter,
    check_address,
    communes,
    complete_address,
    format_address,
    provinces,
)
from kiosk.forms.schema import SchemaDefinitionError, SchemaValidator


def test_hanoi_has_126_communes_and_wards() -> None:
    units = communes(1)
    assert len(units) == 126
    assert sum(u.kind == "phường" for u in units) == 51
    assert len(provinces()) == 34
    assert communes(999) == ()


def test_address_checks() -> None:
    good = {"province_code": 1, "commune_code": 70, "street": "Số 1 Hàng Bạc"}
    assert check_address(good) is None
    saigon_ward = communes(79)[0].code
    assert check_address({**good, "commune_code": saigon_ward}) == "commune_not_in_province"
    assert check_address({**good, "commune_code": 99999999}) == "commune_unknown"
    assert check_address({**good, "street": " "}) == "street_missing"
    assert check_address({**good, "province_code": 0}) == "province_unknown"
    assert check_address("Hà Nội") == "address_shape"
    assert complete_address(good)["commune_name"] == "Phường Hoàn Kiếm"
    assert format_address(good) == "Số 1 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"


@pytest.mark.slow
def test_chip_addresses_convert_with_candidates() -> None:
    converter = ChipAddressConverter()
    matched = converter.convert("Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7, "
                                "Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội")
    assert matched.status == "matched"
    assert matched.candidates[0].commune_code == 70
    assert matched.street == "Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7"
    split = converter.convert("Số 12 ngõ 34, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội")
    assert split.status == "ambiguous"
    assert {c.commune_name for c in split.candidates} == {"Phường Cầu Giấy", "Phường Nghĩa Đô"}
    assert converter.convert("không phải địa chỉ").status == "not_found"
    assert converter.convert("").status == "not_found"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.json"
    path.write_text(text)
    return path


def test_schema_validator_reports_paths(tmp_path: Path) -> None:
    schema = write(tmp_path, """{"type": "object", "required": ["a"],
        "additionalProperties": false, "properties": {
        "a": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/n"}},
        "b": {"oneOf": [{"type": "string", "pattern": "^x"}, {"type": "integer"}]}},
        "$defs": {"n": {"type": "integer", "minimum": 0, "maximum": 9}}}""")
    v = SchemaValidator(schema)
    assert v.validate({"a": [1, 2]}) == []
    found = [str(x) for x in v.validate({"a": [1, 12, "z"], "b": "y", "c": 1})]
    assert found == ["a[1]: 12 is above 9", "a[2]: expected integer, got string",
                     "b: 'y' does not match ^x", "c: property not allowed here"]
    assert [str(x) for x in v.validate({})] == ["(top): missing required property 'a'"]
    assert v.validate({"a": [True]})  # a boolean is not an integer


def test_schema_validator_refuses_unknown_keywords(tmp_path: Path) -> None:
    v = SchemaValidator(write(tmp_path, '{"type": "string", "format": "email"}'))
    with pytest.raises(SchemaDefinitionError):
        v.validate("a@b.c")


def test_provinces_are_in_order_of_their_names_not_of_their_kind() -> None:
    from kiosk.forms.addresses import provinces, sort_key

    names = [p.name for p in provinces()]
    bare = [sort_key(n.removeprefix("Thành phố ").removeprefix("Tỉnh ")) for n in names]
    assert bare == sorted(bare)
    assert names.index("Thành phố Hà Nội") < names.index("Hà Tĩnh")  # "Hà Nội" < "Hà Tĩnh"
    assert names.index("Thành phố Hà Nội") > names.index("Gia Lai")


def test_an_address_starts_in_the_kiosks_own_province_and_the_card_wins() -> None:
    from kiosk.config import load, resources_path
    from kiosk.forms.catalogue import catalogue_dir, load_catalogue
    from kiosk.forms.engine import start_session

    catalogue = load_catalogue(catalogue_dir(resources_path()), 1)
    session = start_session(catalogue, "1.001193", settings=load(env={}))
    assert session.answer("mother_address") == {
        "province_code": 1, "province_name": "Thành phố Hà Nội", "commune_name": None}
    assert session.answer("post_address")["province_code"] == 1
    elsewhere = start_session(catalogue, "1.001193", settings=load(env={}, province_code=79))
    assert elsewhere.answer("mother_address")["province_code"] == 79


def test_a_complete_address_is_offered_to_the_others_as_same_as() -> None:
    from kiosk.config import load, resources_path
    from kiosk.forms.catalogue import catalogue_dir, load_catalogue
    from kiosk.forms.engine import start_session

    catalogue = load_catalogue(catalogue_dir(resources_path()), 1)
    session = start_session(catalogue, "1.001193", settings=load(env={}))
    assert session.address_offers("mother_address") == []  # nothing complete yet
    assert session.address_offers("no_such_field") == []  # a wrong path offers nothing
    home = {"province_code": 1, "commune_code": 70, "street": "Số 1 Hàng Bạc"}
    assert session.set_answer("declarant_address", home) is None
    [(field, value)] = session.address_offers("mother_address")
    assert field.id == "declarant_address" and value["street"] == "Số 1 Hàng Bạc"
    assert session.set_answer("mother_address", value) is None
    assert session.address_offers("mother_address") == []  # already the same
    assert session.address_offers("declarant_address") == []  # the same address both ways


def test_the_card_holders_gender_suggests_father_or_mother() -> None:
    """A man who reads his card to register a birth is most often the father: offered chosen,
    changeable; the other parent's name comes from the chip, their ID and birth date stay
    open to type (a spouse's name alone never locks the person)."""
    from kiosk.config import load, resources_path
    from kiosk.forms.catalogue import catalogue_dir, load_catalogue
    from kiosk.forms.engine import start_session

    catalogue = load_catalogue(catalogue_dir(resources_path()), 1)
    base = {"full_name": "Lê Thị Ngọc Ánh", "id_number": "001300045678",
            "date_of_birth": "20/02/2000", "nationality": "Việt Nam", "ethnicity": "Kinh",
            "spouse_name": "Phạm Quốc Hưng"}
    for gender, relationship, holder, other in (("Nữ", "me", "mother", "father"),
                                                ("Nam", "cha", "father", "mother")):
        session = start_session(catalogue, "1.001193", card={**base, "gender": gender},
                                settings=load(env={}))
        assert session.answer("declarant_relationship") == relationship
        assert session.answer(holder)["id_number"] == "001300045678"
        assert session.answer(other)["full_name"] == "Phạm Quốc Hưng"
        open_problem = session.set_answer(f"{other}.id_number", "001199001234")
        assert open_problem is None or open_problem.code != "locked"
        assert session.answer(f"{other}.id_number") == "001199001234"
        locked = session.set_answer(f"{holder}.id_number", "001199001234")
        assert locked is not None and locked.code == "locked"
        assert session.set_answer("declarant_relationship", "ong_ba") is None  # changeable


def test_undoing_a_conditional_prefill_gives_back_the_default_not_blank() -> None:
    from kiosk.config import load, resources_path
    from kiosk.forms.catalogue import catalogue_dir, load_catalogue
    from kiosk.forms.engine import start_session

    catalogue = load_catalogue(catalogue_dir(resources_path()), 1)
    card = {"full_name": "Phạm Quốc Hưng", "id_number": "001099012345", "gender": "Nam",
            "date_of_birth": "15/08/1999", "nationality": "Lào",
            "place_of_residence": "Số 1 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"}
    session = start_session(catalogue, "1.001193", card=card, settings=load(env={}))
    assert session.answer("mother_nationality") == "Việt Nam"  # the form's default
    session.set_answer("declarant_relationship", "me")  # now the card is the mother's
    assert session.answer("mother_nationality") == "Lào"
    session.set_answer("declarant_relationship", "cha")
    assert session.answer("mother_nationality") == "Việt Nam"  # not blank
    assert session.answer("mother_address")["province_code"] == 1


def test_a_spouses_name_from_the_chip_is_marked_but_never_locked() -> None:
    from kiosk.config import load, resources_path
    from kiosk.forms.catalogue import catalogue_dir, load_catalogue
    from kiosk.forms.engine import start_session

    catalogue = load_catalogue(catalogue_dir(resources_path()), 1)
    card = {"full_name": "Phạm Quốc Hưng", "id_number": "001099012345", "gender": "Nam",
            "date_of_birth": "15/08/1999", "spouse_name": "Lê Thị Ngọc Ánh"}
    session = start_session(catalogue, "1.001193", card=card, settings=load(env={}))
    mother = session.answers.root
    assert "mother" in mother.prefilled  # "from your ID card" on her name
    for id_number in ("001300045678", "001300045679"):  # typed, then a typo corrected
        problem = session.set_answer("mother.id_number", id_number)
        assert problem is None or problem.code != "locked"
        assert session.answer("mother.id_number") == id_number
    assert session.set_answer("mother.date_of_birth", "2000-02-20") is None
    assert "mother" in mother.prefilled  # the name is still the chip's
    session.set_answer("declarant_relationship", "me")  # what the citizen typed stays
    assert session.answer("mother.id_number") == "001300045679"
