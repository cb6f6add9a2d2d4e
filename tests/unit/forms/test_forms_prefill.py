"""Reading the card reader's JSON tolerantly, and fitting chip values to form fields."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.dossier.masking import mask_id_number
from kiosk.forms.catalogue import Catalogue
from kiosk.forms.engine import start_session
from kiosk.forms.model import Choice, FieldDef, FieldType, Text
from kiosk.forms.prefill import CardData, fit_choice, parse_card_date

from .conftest import demo_card_json


def test_card_json_variants_are_read() -> None:
    card = CardData.from_json({
        "id_number": "0010 9901 2345", "full_name": "  Phạm  Quốc Hưng ",
        "date_of_birth": "15/08/1999", "date_of_issue": "2023-03-20",
        "date_of_expiry": "Không thời hạn", "gender": "Nam", "photo": {"bytes": 123},
        "spouse_name": "", "authentication": {"passive": "ok"},
    })
    assert card.get("id_number") == "001099012345"
    assert card.get("full_name") == "Phạm Quốc Hưng"
    assert card.get("date_of_birth") == date(1999, 8, 15)
    assert card.get("date_of_issue") == date(2023, 3, 20)
    assert card.get("date_of_expiry") == "Không thời hạn"
    assert card.get("spouse_name") is None
    assert card.get("mother_name") is None
    assert card.person() == {"full_name": "Phạm Quốc Hưng", "id_number": "001099012345",
                             "date_of_birth": "1999-08-15"}
    with pytest.raises(KeyError):
        card.get("photo")
    assert "Hưng" not in repr(card)
    assert "001099012345" not in repr(card)


def test_dates_in_every_card_format() -> None:
    assert parse_card_date("01011990") == date(1990, 1, 1)
    assert parse_card_date("1990-01-01") == date(1990, 1, 1)
    assert parse_card_date("Không thời hạn") is None
    assert parse_card_date(None) is None


def test_choices_match_chip_text() -> None:
    f = FieldDef("g", FieldType.CHOICE, Text("Giới tính", "Sex"), choices=(
        Choice("nam", Text("Nam", "Male")), Choice("nu", Text("Nữ", "Female"))))
    assert fit_choice(f, "Nữ") == "nu"
    assert fit_choice(f, "NAM") == "nam"
    assert fit_choice(f, "Khác") is None
    eth = FieldDef("e", FieldType.CHOICE, Text("Dân tộc", "Ethnicity"), choices=(
        Choice("Khơ-me", Text("Khơ-me", "Khmer")),))
    assert fit_choice(eth, "Khmer") == "Khơ-me"


def test_id_masking() -> None:
    assert mask_id_number("001099012345") == "********2345"
    assert mask_id_number("123") == "123"  # no ID number: nothing to hide (and idempotent)
    assert mask_id_number(None) == ""


def test_start_session_takes_the_card_readers_json(catalogue: Catalogue) -> None:
    card = demo_card_json()
    del card["place_of_residence"]  # no address conversion in a fast test
    session = start_session(catalogue, "2.000488", card=card)
    views = {f.field_id: f for f in session.visible_fields()}
    assert views["applicant"].prefilled
    assert views["applicant_gender"].value == "nam"
    assert views["ethnicity"].value == "Kinh"
    assert not views["permanent_address"].prefilled
    session.set_answer("phone", "0912345678")
    session.set_answer("birth_place", "Hà Nội")
    session.set_answer("permanent_address", {"province_code": 1, "commune_code": 70,
                                             "street": "Số 1"})
    assert session.next().moved
    family = {f.field_id: f.value for f in session.visible_fields()}
    assert family == {"father_name": "Phạm Văn Thắng", "mother_name": "Nguyễn Thị Thu Hà",
                      "spouse_name": "Lê Thị Ngọc Ánh"}
