"""read_card with a CardAccess: PACE with the CAN or the MRZ, the BAC fallback, wrong CANs,
resuming and recovering PACE sessions, and the CLI's access arguments."""

from __future__ import annotations

import argparse
import logging
from datetime import date

import pytest

from kiosk.commands.card_cli import card_access
from kiosk.devices.card.access_key import (
    AccessKeyError,
    BacKey,
    CardAccess,
    bac_key_candidates,
    yymmdd,
)
from kiosk.devices.card.apdu import CardRemoved
from kiosk.devices.card.card_session import (
    AccessRefused,
    ReadProgress,
    access_for_citizen,
    read_card,
)
from kiosk.devices.card.lds.card_access import build_card_access
from kiosk.devices.card.pace import PaceBlocked, PaceRefused
from kiosk.devices.card.session_access import DatesRequired
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.pki import demo_pki
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions

CITIZEN = demo_citizen()
ID = CITIZEN.id_number
TRUST = demo_pki().trust_store()
WRONG_ID = ID[:-1] + str((int(ID[-1]) + 1) % 10)
# EF.CardAccess (SELECT + READ BINARY), MSE:Set AT, 4 GENERAL AUTHENTICATE, SELECT AID.
PACE_APDUS = 2 + 1 + 4 + 1
FILES_APDUS = 3 * 7
CHIP_CHECKS = 4 + 1


def virtual(**options: object) -> VirtualCard:
    return VirtualCard.for_citizen(CITIZEN, VirtualCardOptions(**options))  # type: ignore[arg-type]


def test_card_access_for_citizen():
    access = access_for_citizen(ID)
    assert access.can == ID[-6:] and access.bac == () and access.pace
    with_dob = access_for_citizen(ID, CITIZEN.date_of_birth, today=date(2025, 1, 1))
    assert with_dob.bac == tuple(bac_key_candidates(ID, CITIZEN.date_of_birth,
                                                    today=date(2025, 1, 1)))
    assert ID[-6:] not in repr(with_dob) and "bac=" in repr(with_dob)
    with pytest.raises(AccessKeyError):
        access_for_citizen("12345")


def test_card_pace_read_with_the_can_only(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    result = read_card(virtual().transport(), access_for_citizen(ID), trust=TRUST)
    auth = result.authentication
    assert (auth.access, auth.passive, auth.chip, auth.active) == ("PACE", "valid", "valid",
                                                                   "valid")
    assert auth.access_detail == "CAN, ECDH-GM brainpoolP256r1, AES-128"
    assert result.key is None
    assert result.stats.apdus == PACE_APDUS + FILES_APDUS + CHIP_CHECKS
    assert result.to_json()["full_name"] == CITIZEN.full_name
    assert result.to_json()["authentication"]["chip"] == "valid"
    assert ID[-6:] not in caplog.text and CITIZEN.full_name not in caplog.text


@pytest.mark.parametrize("too_long", ["wrong_length", "exact_length", "truncate"])
def test_card_pace_card_access_on_a_card_with_a_tiny_buffer(too_long: str):
    """EF.CardAccess in one READ BINARY of 256 when the card allows, else piece by piece."""
    card = virtual(max_response=10, too_long=too_long)
    result = read_card(card.transport(), access_for_citizen(ID), trust=TRUST)
    assert result.authentication.access == "PACE"
    assert result.stats.max_response <= 10


def test_card_pace_read_with_the_mrz():
    expiry = "991231" if CITIZEN.date_of_expiry is None else yymmdd(CITIZEN.date_of_expiry)
    keys = bac_key_candidates(ID, CITIZEN.date_of_birth, expiry=expiry)
    result = read_card(virtual().transport(), CardAccess(bac=tuple(keys)), trust=TRUST)
    assert result.authentication.access == "PACE"
    assert result.authentication.access_detail.startswith("MRZ")
    assert result.key == keys[0]


def test_card_pace_mrz_tries_one_candidate_then_bac():
    """A wrong derived expiry costs the card one PACE try; the other candidates go to BAC."""
    wrong = BacKey(ID[-9:], yymmdd(CITIZEN.date_of_birth), "300101")
    keys = (wrong, *bac_key_candidates(ID, CITIZEN.date_of_birth))
    card = virtual()
    result = read_card(card.transport(), CardAccess(bac=keys), trust=TRUST)
    assert result.authentication.access == "BAC"
    assert card.chip.pace is not None and card.chip.pace.tries_left == 2


def test_card_bac_only_card_needs_the_dates():
    card = virtual(pace=False)
    with pytest.raises(DatesRequired) as info:
        read_card(card.transport(), access_for_citizen(ID), trust=TRUST)
    assert "ngày sinh" in info.value.message_vi and "date of birth" in info.value.message_en
    result = read_card(card.transport(), access_for_citizen(ID, CITIZEN.date_of_birth),
                       trust=TRUST)
    assert result.authentication.access == "BAC"
    assert result.authentication.chip == "valid"  # clone detection does not need PACE


def test_card_pace_not_implemented_falls_back_to_bac():
    card = virtual()
    card._files[0x011C] = build_card_access("0.4.0.127.0.7.2.2.4.4.2", 13)  # ECDH-IM only
    result = read_card(card.transport(), access_for_citizen(ID, CITIZEN.date_of_birth),
                       trust=TRUST)
    assert result.authentication.access == "BAC"


def test_card_wrong_can_without_dates():
    card = virtual()
    with pytest.raises(PaceRefused) as info:
        read_card(card.transport(), access_for_citizen(WRONG_ID), trust=TRUST)
    assert info.value.retries_left == 2
    assert "2" in info.value.message_vi and "2 more tries" in info.value.message_en
    assert isinstance(info.value.progress, ReadProgress)


def test_card_wrong_can_with_dates_falls_back_to_bac():
    card = virtual()
    keys = access_for_citizen(ID, CITIZEN.date_of_birth).bac
    result = read_card(card.transport(), CardAccess(can="000000", bac=keys), trust=TRUST)
    assert result.authentication.access == "BAC"
    # The wrong ID number is wrong for BAC too: both refusals are reported.
    with pytest.raises(AccessRefused) as info:
        read_card(card.transport(), access_for_citizen(WRONG_ID, CITIZEN.date_of_birth),
                  trust=TRUST)
    assert isinstance(info.value.pace_failure, PaceRefused)
    assert info.value.pace_failure.retries_left == 1


def test_card_blocked_card_says_so():
    card = virtual(pace_tries=1)
    with pytest.raises(PaceRefused):
        read_card(card.transport(), access_for_citizen(WRONG_ID), trust=TRUST)
    with pytest.raises(PaceBlocked):
        read_card(card.transport(), access_for_citizen(ID), trust=TRUST)
    card.insert()
    assert read_card(card.transport(), access_for_citizen(ID)).authentication.access == "PACE"


@pytest.mark.parametrize("remove_after", [1, 4, 8, 10, 12, 20, 31, 80])
def test_card_pace_read_resumes_after_reinsert(remove_after: int):
    card = virtual(extended_length=False, remove_after_apdus=remove_after)
    with pytest.raises(CardRemoved) as info:
        read_card(card.transport(), access_for_citizen(ID), trust=TRUST)
    progress = info.value.progress
    card.insert()
    result = read_card(card.transport(), access_for_citizen(ID), trust=TRUST, resume=progress)
    auth = result.authentication
    assert (auth.access, auth.passive, auth.chip, auth.active) == ("PACE", "valid", "valid",
                                                                   "valid")
    assert result.to_json()["full_name"] == CITIZEN.full_name


class FlakyOnce:
    """Corrupts the MAC of one protected READ BINARY answer, the first from APDU `at` on:
    a transient error mid-read. (A corrupted PACE nonce would look like a wrong CAN to the
    chip, as on a real card; the radio layer's CRC is what keeps that from happening.)"""

    def __init__(self, card: VirtualCard, at: int) -> None:
        self.card, self.at, self.count, self.done = card, at, 0, False
        self.atr = card.atr

    def transmit(self, command: bytes) -> bytes:
        answer = self.card.process(command)
        self.count += 1
        if not self.done and self.count >= self.at and command[:2] == b"\x0c\xb0":
            self.done = True
            return answer[:-3] + bytes([answer[-3] ^ 1]) + answer[-2:]
        return answer


@pytest.mark.parametrize("at", [12, 23])  # under the PACE keys; under the CA keys
def test_card_pace_session_recovers_after_a_bad_mac(at: int):
    card = virtual()
    flaky = FlakyOnce(card, at)
    result = read_card(flaky, access_for_citizen(ID), trust=TRUST)
    assert flaky.done and result.stats.recoveries == 1
    auth = result.authentication
    assert (auth.access, auth.passive, auth.chip, auth.active) == ("PACE", "valid", "valid",
                                                                   "valid")


# --- the CLI's access arguments ---------------------------------------------------------------

def args(**values: object) -> argparse.Namespace:
    base = {"qr": None, "id": None, "dob": None, "expiry": None, "doc": None, "can": None}
    return argparse.Namespace(**{**base, **values})


def test_card_cli_access_from_id_alone():
    access = card_access(args(id=ID))
    assert access.can == ID[-6:] and access.bac == ()
    access = card_access(args(id=ID, dob="990815"))
    assert access.can == ID[-6:] and access.bac[0] == BacKey(ID[-9:], "990815", "390815")


def test_card_cli_access_from_can_qr_and_doc():
    assert card_access(args(can="123456")) == CardAccess(can="123456")
    assert card_access(args(id=ID, can="654321")).can == "654321"
    qr = f"{ID}|013579246|Phạm Quốc Hưng|15081999|Nam|Hà Nội|20032023"
    access = card_access(args(qr=qr))
    assert access.can == ID[-6:] and access.bac
    with_doc = card_access(args(can="123456", dob="990815", doc="C1234567"))
    assert with_doc.bac[0].document_number == "C1234567"
    for bad in (args(), args(can="12345"), args(id="0010990123")):
        with pytest.raises(AccessKeyError):
            card_access(bad)
