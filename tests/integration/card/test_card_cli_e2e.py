"""`kiosk card simulate` in one process, `kiosk card read` in another, through pcscd."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.config import resources_path

from .conftest import PcscStack, Simulator, kiosk

pytestmark = pytest.mark.pcsc

DEMO_ID, DEMO_DOB = "001099012345", "990815"





def test_card_cli_reads_the_simulated_card(simulate: Simulator, tmp_path: Path):
    simulate()
    photo = tmp_path / "face.jpg"
    done = kiosk("card", "read", "--id", DEMO_ID, "--dob", DEMO_DOB, "--demo", "--json",
                 "--photo", str(photo))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["id_number"] == DEMO_ID
    assert data["document_number"] == DEMO_ID[-9:]
    assert data["full_name"] == "Phạm Quốc Hưng"
    assert data["date_of_birth"] == "1999-08-15"
    # Issue 9: the CAN from the ID opens the card with PACE (BAC only as the fallback), and
    # the chip proves it is no copy.
    assert data["authentication"]["access"] == "PACE"
    assert data["authentication"]["passive"] == "valid"
    assert data["authentication"]["active"] == "valid"
    assert data["authentication"]["chip"] == "valid"
    assert set(data["read"]) == {"apdus", "bytes", "seconds", "max_response"}
    assert photo.read_bytes()[:3] == b"\xff\xd8\xff"
    assert data["photo"]["size"] == photo.stat().st_size
    # The same with the trust store named explicitly and the key from the card's QR.
    qr = f"{DEMO_ID}|013579246|Phạm Quốc Hưng|15081999|Nam|Hà Nội|20032023"
    done = kiosk("card", "read", "--qr", qr, "--trust",
                 str(resources_path() / "trust" / "demo-csca.pem"), "--require-valid")
    assert done.returncode == 0, done.stderr
    assert "Phạm Quốc Hưng" in done.stdout
    # No trust store at all: read, but not authenticated.
    done = kiosk("card", "read", "--id", DEMO_ID, "--dob", DEMO_DOB, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["authentication"]["passive"] == "untrusted"


def test_card_cli_wrong_key_exits_3(simulate: Simulator):
    simulate("--no-pace")  # a BAC-only card: the wrong date of birth is what opens it
    done = kiosk("card", "read", "--id", DEMO_ID, "--dob", "990816", "--json")
    assert done.returncode == 3
    assert done.stdout == ""
    assert "099012345" in done.stderr and "ngày sinh" in done.stderr
    assert "date of birth" in done.stderr


def test_card_cli_bad_input_exits_2(pcsc: PcscStack):
    assert kiosk("card", "read", "--id", "12345", "--dob", DEMO_DOB).returncode == 2
    # Issue 9: --id alone is enough (PACE with the CAN); a malformed CAN is bad input.
    assert kiosk("card", "read", "--id", DEMO_ID, "--can", "12345").returncode == 2
    assert kiosk("card", "read", "--qr", "https://example.org").returncode == 2
    assert kiosk("card", "read", "--id", DEMO_ID, "--dob", "991340").returncode == 2
    assert kiosk("card", "read").returncode == 2


def test_card_cli_no_card_exits_4(pcsc: PcscStack):
    done = kiosk("card", "read", "--id", DEMO_ID, "--dob", DEMO_DOB)
    assert done.returncode == 4
    assert "đặt thẻ" in done.stderr and "place your ID card" in done.stderr
    assert kiosk("card", "read", "--reader", "no such reader", "--id", DEMO_ID,
                 "--dob", DEMO_DOB).returncode == 4


def test_card_cli_removed_card_exits_5(simulate: Simulator):
    simulate("--remove-after", "12", "--reinsert-after", "-1")
    done = kiosk("card", "read", "--id", DEMO_ID, "--dob", DEMO_DOB, "--demo")
    assert done.returncode == 5
    assert "card_removed" in done.stderr or "communication" in done.stderr


def test_card_cli_tampered_card_with_require_valid_exits_6(simulate: Simulator):
    simulate("--tamper", "DG1", "--no-extended")
    done = kiosk("card", "read", "--id", DEMO_ID, "--dob", DEMO_DOB, "--demo", "--json",
                 "--require-valid")
    assert done.returncode == 6
    assert json.loads(done.stdout)["authentication"]["passive"] == "invalid"
