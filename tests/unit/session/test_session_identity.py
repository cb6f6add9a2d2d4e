"""Identifying the citizen without Qt: typed ID and date of birth, the card-front QR, and
a read of the demo's simulated chip."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kiosk.config import Settings
from kiosk.devices.card.access_key import AccessKeyError
from kiosk.devices.card.card_qr import CardQrError
from kiosk.errors import citizen_message
from kiosk.session import identity

ID_NUMBER = "001099012345"  # the demo card's holder


def test_the_id_number_alone_opens_with_pace_and_a_birth_date_adds_bac() -> None:
    alone = identity.card_access(ID_NUMBER, "")
    assert alone.can == "012345" and alone.pace and not alone.bac
    both = identity.card_access(f" {ID_NUMBER} ", "15/08/1999")
    assert both.can == "012345" and both.bac


@pytest.mark.parametrize("dob", ["31/02/1999", "1999-08-15", "15.08"])
def test_a_wrong_birth_date_says_how_to_type_it(dob: str) -> None:
    with pytest.raises(identity.InvalidIdentityError) as caught:
        identity.card_access(ID_NUMBER, dob)
    vi, en = citizen_message(caught.value)
    assert "ngày/tháng/năm" in vi and "day/month/year" in en


def test_a_wrong_id_number_has_its_own_message() -> None:
    with pytest.raises(AccessKeyError) as caught:
        identity.card_access("12345", "")
    assert all(citizen_message(caught.value))


def test_the_card_front_qr_prefills_only_what_it_says() -> None:
    qr = identity.parse_card_qr(
        f"{ID_NUMBER}|013579246|Phạm Quốc Hưng|15081999|Nam|Số 18 Ngõ 45 Phố Hàng Trống|20032023")
    prefill = identity.qr_prefill(qr)
    assert prefill["id_number"] == ID_NUMBER and prefill["date_of_birth"] == "1999-08-15"
    assert prefill["full_name"] == "Phạm Quốc Hưng"
    assert all(value for value in prefill.values())  # nothing empty is claimed
    with pytest.raises(CardQrError):
        identity.parse_card_qr("hello world")


def test_demo_mode_reads_the_simulated_card_and_trusts_its_csca(settings: Settings) -> None:
    demo = dataclasses.replace(settings, demo=True)
    result = identity.read_card(demo, identity.card_access(ID_NUMBER, ""))
    assert result.authentication.passive == "valid"
    prefill = identity.card_prefill(result)
    assert prefill["id_number"] == ID_NUMBER
    assert date.fromisoformat(prefill["date_of_birth"]) == date(1999, 8, 15)
    assert identity.trust_store(settings) is None  # a live kiosk trusts only what it is given
