"""PACE, Chip and Active Authentication through real pcscd + vpcd: `kiosk card simulate` in
one process, `kiosk card read` in another, and the in-process virtual card over pyscard."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kiosk.devices.card.card_session import access_for_citizen, read_card
from kiosk.devices.card.pcsc_reader import PcscTransport
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.pki import demo_pki
from kiosk.devices.simulator.virtual_card import VirtualCardOptions

from .conftest import READER, CardFactory, kiosk

pytestmark = pytest.mark.pcsc

DEMO_ID, DEMO_DOB = "001099012345", "990815"
WRONG_ID = "001099012346"  # one digit off: its last 6 digits are not the card's CAN




def read_json(*extra: str) -> dict[str, Any]:
    done = kiosk("card", "read", "--id", DEMO_ID, "--demo", "--json", *extra)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_card_pace_read_with_the_id_number_alone(simulate: Any):
    simulate()
    data = read_json()
    auth = data["authentication"]
    assert data["id_number"] == DEMO_ID and data["full_name"] == "Phạm Quốc Hưng"
    assert auth["access"] == "PACE"
    assert auth["access_detail"] == "CAN, ECDH-GM brainpoolP256r1, AES-128"
    assert (auth["passive"], auth["chip"], auth["active"]) == ("valid", "valid", "valid")
    assert data["read"]["apdus"] == 8 + 3 * 7 + 5  # PACE, the files, CA + AA
    done = kiosk("card", "read", "--can", DEMO_ID[-6:], "--demo")  # the CAN alone
    assert done.returncode == 0, done.stderr
    assert "PACE" in done.stdout and "chip valid" in done.stdout


def test_card_pace_clone_is_detected(simulate: Any):
    simulate("--clone")
    auth = read_json()["authentication"]
    assert auth["passive"] == "valid"  # the data and its signature are genuine...
    assert (auth["chip"], auth["active"]) == ("invalid", "invalid")  # ...the chip is not


def test_card_pace_bac_only_card_needs_the_date_of_birth(simulate: Any):
    simulate("--no-pace")
    done = kiosk("card", "read", "--id", DEMO_ID, "--demo", "--json")
    assert done.returncode == 3 and done.stdout == ""
    assert "ngày sinh" in done.stderr and "date of birth" in done.stderr
    auth = read_json("--dob", DEMO_DOB)["authentication"]
    assert (auth["access"], auth["passive"], auth["chip"], auth["active"]) == (
        "BAC", "valid", "valid", "valid")


def test_card_pace_wrong_can_exits_3_with_the_tries_left(simulate: Any):
    simulate()
    done = kiosk("card", "read", "--id", WRONG_ID, "--json")
    assert done.returncode == 3 and done.stdout == ""
    assert "6 số cuối" in done.stderr and "còn cho phép thử 2 lần" in done.stderr
    assert "last 6 digits" in done.stderr and "2 more tries" in done.stderr
    done = kiosk("card", "read", "--id", WRONG_ID)
    assert done.returncode == 3 and "1 more try" in done.stderr
    # With the date of birth the reader falls back to BAC, which the wrong ID fails too.
    done = kiosk("card", "read", "--id", WRONG_ID, "--dob", DEMO_DOB)
    assert done.returncode == 3
    assert "locked" in done.stderr and "099012346" in done.stderr
    done = kiosk("card", "read", "--id", DEMO_ID)  # blocked until the card is put back
    assert done.returncode == 3 and "khóa" in done.stderr and "locked" in done.stderr


@pytest.mark.parametrize("args", [("--pace-curve", "secp256r1", "--pace-cipher", "AES-256"),
                                  ("--pace-curve", "modp2048_224", "--pace-cipher", "3DES")],
                         ids=["p256_aes256", "dh2048_3des"])
def test_card_pace_other_parameters(simulate: Any, args: tuple[str, ...]):
    simulate(*args)
    auth = read_json()["authentication"]
    assert auth["access"] == "PACE" and args[1] in auth["access_detail"]
    assert (auth["chip"], auth["active"]) == ("valid", "valid")


def test_card_pace_in_process_over_pcscd(virtual_card: CardFactory):
    citizen = demo_citizen()
    virtual_card(VirtualCardOptions(extended_length=False, rsa_active_authentication=True))
    with PcscTransport(READER, timeout_s=5.0) as transport:
        result = read_card(transport, access_for_citizen(citizen.id_number),
                           trust=demo_pki().trust_store())
    auth = result.authentication
    assert (auth.access, auth.passive, auth.chip, auth.active) == ("PACE", "valid", "valid",
                                                                   "valid")
    assert auth.active_detail == "RSA ISO 9796-2"
    assert result.stats.max_response <= 223  # short APDUs under AES secure messaging
