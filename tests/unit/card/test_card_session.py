"""read_card against the in-process virtual card with the LDS side's real files."""

from __future__ import annotations

import argparse

import pytest

from kiosk.commands.card_cli import _refused_message, access_candidates
from kiosk.devices.card.access_key import AccessKeyError, BacKey, bac_key_candidates
from kiosk.devices.card.apdu import CardRemoved
from kiosk.devices.card.card_qr import CardQrError
from kiosk.devices.card.card_session import AccessRefused, ReadProgress, read_card
from kiosk.devices.card.pcsc_reader import map_pcsc_error
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.pki import demo_pki, other_pki
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions

CITIZEN = demo_citizen()
KEYS = bac_key_candidates(CITIZEN.id_number, CITIZEN.date_of_birth)
TRUST = demo_pki().trust_store()
# Issue 9: Chip Authentication (MSE:Set AT, GENERAL AUTHENTICATE, then a SELECT and a READ
# BINARY under the new keys) and Active Authentication (INTERNAL AUTHENTICATE).
CHIP_CHECKS = 4 + 1


def card(**options: object) -> VirtualCard:
    return VirtualCard.for_citizen(CITIZEN, VirtualCardOptions(**options))  # type: ignore[arg-type]


def test_card_session_full_read():
    result = read_card(card().transport(), KEYS, trust=TRUST)
    data = result.to_json()
    assert data["id_number"] == CITIZEN.id_number
    assert data["full_name"] == CITIZEN.full_name
    auth = result.authentication
    assert data["authentication"] == {"access": "BAC", "passive": "valid",
                                      "passive_detail": auth.passive_detail,
                                      "active": "valid", "chip": "valid",
                                      "access_detail": "BAC", "active_detail": auth.active_detail,
                                      "chip_detail": auth.chip_detail}
    assert set(data["read"]) == {"apdus", "bytes", "seconds", "max_response"}
    assert data["read"]["apdus"] == result.stats.apdus == 3 + 3 * 7 + CHIP_CHECKS
    assert sorted(result.files) == ["COM", "DG1", "DG13", "DG14", "DG15", "DG2", "SOD"]
    assert CITIZEN.full_name not in repr(result)


def test_card_session_without_photo():
    result = read_card(card().transport(), KEYS, trust=TRUST, want_photo=False)
    assert "DG2" not in result.files
    assert result.to_json()["photo"] is None


def test_card_session_missing_groups_are_tolerated():
    from kiosk.devices.simulator.lds_builder import build_card_files

    files = build_card_files(CITIZEN, demo_pki())
    del files["DG14"], files["DG15"]
    virtual = VirtualCard(files, KEYS[0].mrz_information)
    result = read_card(virtual.transport(), KEYS[:1], trust=TRUST)
    assert "DG14" not in result.files
    assert result.authentication.passive == "valid"


def test_card_session_tries_keys_in_order():
    wrong = BacKey(KEYS[0].document_number, KEYS[0].date_of_birth, "300101")
    result = read_card(card().transport(), [wrong, wrong, *KEYS], trust=TRUST)
    assert result.key == KEYS[0]
    assert result.stats.apdus == 1 + 2 * 3 + 3 * 7 + CHIP_CHECKS


def test_card_session_refused():
    wrong = bac_key_candidates(CITIZEN.id_number, "990816")
    with pytest.raises(AccessRefused) as info:
        read_card(card(auth_failure_sw=0x6982).transport(), wrong, trust=TRUST)
    assert info.value.tried == wrong
    assert info.value.progress is not None
    with pytest.raises(AccessRefused):
        read_card(card().transport(), [], trust=TRUST)


@pytest.mark.parametrize("remove_after", [1, 3, 6, 10, 30, 80])
def test_card_session_resumes_after_reinsert(remove_after: int):
    virtual = card(extended_length=False, remove_after_apdus=remove_after)
    with pytest.raises(CardRemoved) as info:
        read_card(virtual.transport(), KEYS, trust=TRUST)
    progress = info.value.progress
    assert isinstance(progress, ReadProgress)
    assert CITIZEN.full_name not in repr(progress)
    virtual.insert()
    result = read_card(virtual.transport(), KEYS, trust=TRUST, resume=progress)
    assert result.authentication.passive == "valid"
    assert result.to_json()["full_name"] == CITIZEN.full_name
    assert result.stats.apdus > remove_after  # both attempts are counted


@pytest.mark.parametrize("group", ["DG1", "DG2", "DG13", "DG14", "DG15"])
def test_card_session_tampered_group_is_invalid(group: str):
    result = read_card(card(tamper_dg=group).transport(), KEYS, trust=TRUST)
    assert result.authentication.passive == "invalid"
    assert group in result.authentication.passive_detail


def test_card_session_trust_outcomes():
    assert read_card(card(wrong_dsc=True).transport(), KEYS,
                     trust=TRUST).authentication.passive == "untrusted"
    assert read_card(card().transport(), KEYS,
                     trust=other_pki().trust_store()).authentication.passive == "untrusted"
    assert read_card(card().transport(), KEYS, trust=None).authentication.passive == "untrusted"


# --- CLI helpers (no reader needed) ----------------------------------------------------------

def args(**values: object) -> argparse.Namespace:
    base = {"qr": None, "id": None, "dob": None, "expiry": None, "doc": None}
    return argparse.Namespace(**{**base, **values})


def test_card_cli_candidates_from_id():
    keys = access_candidates(args(id="001099012345", dob="990815"))
    assert keys[0] == BacKey("099012345", "990815", "390815")
    assert keys[-1].date_of_expiry == "991231"
    keys = access_candidates(args(id="001099012345", dob="990815", expiry="300101",
                                  doc="C1234567"))
    assert keys[0] == BacKey("C1234567", "990815", "300101")
    with pytest.raises(AccessKeyError):
        access_candidates(args(id="001099012345"))
    with pytest.raises(AccessKeyError):
        access_candidates(args(id="0010990123", dob="990815"))


def test_card_cli_candidates_from_qr():
    qr = "001099012345|013579246|Phạm Quốc Hưng|15081999|Nam|Hà Nội|20032023"
    keys = access_candidates(args(qr=qr))
    assert keys[0] == BacKey("099012345", "990815", "390815")
    with pytest.raises(AccessKeyError):
        access_candidates(args(qr="001099012345"))  # ID only: no date of birth
    assert access_candidates(args(qr="001099012345", dob="990815"))[0] == keys[0]
    with pytest.raises(CardQrError):
        access_candidates(args(qr="hello"))


def test_card_cli_refusal_names_the_values():
    vi, en = _refused_message(bac_key_candidates("001099012345", "990815"))
    assert "099012345" in vi and "15/08/99" in vi and "không thời hạn" in vi
    assert "099012345" in en and "date of birth" in en
    assert _refused_message([])[1]


def test_card_pcsc_error_mapping():
    from smartcard import scard

    from kiosk.devices.card.apdu import (
        CardRemoved,
        CommunicationError,
        NoCard,
        NoReader,
        ReaderBusy,
    )

    assert isinstance(map_pcsc_error(scard.SCARD_E_NO_SERVICE, connected=False), NoReader)
    assert isinstance(map_pcsc_error(scard.SCARD_E_UNKNOWN_READER, connected=False), NoReader)
    assert isinstance(map_pcsc_error(scard.SCARD_E_NO_SMARTCARD, connected=False), NoCard)
    assert isinstance(map_pcsc_error(scard.SCARD_W_REMOVED_CARD, connected=True), CardRemoved)
    assert isinstance(map_pcsc_error(scard.SCARD_E_SHARING_VIOLATION, connected=False),
                      ReaderBusy)
    error = map_pcsc_error(scard.SCARD_F_COMM_ERROR, connected=True)
    assert isinstance(error, CommunicationError)
    for err in (error, NoReader(), NoCard(), ReaderBusy(), CardRemoved()):
        assert err.message_vi and err.message_en and err.message_vi != err.message_en
