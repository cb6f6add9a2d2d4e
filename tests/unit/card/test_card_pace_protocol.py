"""PACE end to end between our terminal and our chip, every domain and cipher; the retry
counter and the block; and the failures a card can cause, which must all come out typed."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.card.access_key import AccessKeyError
from kiosk.devices.card.apdu import AccessDenied, CardError, CommandAPDU
from kiosk.devices.card.lds.card_access import build_card_access, pace_protocol, parse_card_access
from kiosk.devices.card.pace import (
    PaceBlocked,
    PaceError,
    PacePassword,
    PaceRefused,
    PaceUnsupportedError,
    pace_authenticate,
    parse_dynamic_data,
)
from kiosk.devices.card.pace_domain import DOMAIN_NAMES, parameter_id_for
from kiosk.devices.card.secure_messaging import SecureChannel
from kiosk.devices.card.transport import PlainChannel
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions, card_access_file

H = bytes.fromhex
CITIZEN = demo_citizen()
CAN = CITIZEN.id_number[-6:]
SELECT_COM = CommandAPDU(0x00, 0xA4, 0x02, 0x0C, H("011E"))


def virtual(**options: object) -> VirtualCard:
    return VirtualCard.for_citizen(CITIZEN, VirtualCardOptions(**options))  # type: ignore[arg-type]


def run_pace(card: VirtualCard, password: PacePassword) -> SecureChannel:
    """EF.CardAccess read in plain, PACE, then the application selected under SM."""
    from kiosk.devices.card.session_access import read_card_access

    transport = card.transport()
    plain = PlainChannel(transport)
    info = read_card_access(plain)
    assert info is not None
    chosen = info.preferred()
    assert chosen is not None
    result = pace_authenticate(plain, info, chosen, password)
    channel = SecureChannel(transport, result.sm)
    assert channel.send(CommandAPDU(0x00, 0xA4, 0x04, 0x0C, H("A0000002471001"))).ok
    return channel


@pytest.mark.parametrize("cipher", ["3DES", "AES-128", "AES-192", "AES-256"])
@pytest.mark.parametrize("curve", ["brainpoolP256r1", "secp256r1", "brainpoolP512r1",
                                   "secp521r1", "modp1024_160", "modp2048_224"])
def test_card_pace_every_domain_and_cipher(curve: str, cipher: str):
    card = virtual(pace_curve=curve, pace_cipher=cipher)
    channel = run_pace(card, PacePassword.can(CAN))
    assert channel.send(SELECT_COM).ok  # secure messaging with the PACE keys works
    block = 8 if cipher == "3DES" else 16
    assert channel.sm.cipher.block_size == block


def test_card_pace_with_the_mrz_password():
    from kiosk.devices.card.access_key import bac_key_candidates

    key = next(k for k in bac_key_candidates(CITIZEN.id_number, CITIZEN.date_of_birth)
               if k.date_of_expiry == CITIZEN.date_of_expiry.strftime("%y%m%d"))  # type: ignore[union-attr]
    channel = run_pace(virtual(), PacePassword.mrz(key.mrz_information))
    assert channel.send(SELECT_COM).ok


def test_card_pace_names_every_standard_domain():
    assert sorted(DOMAIN_NAMES) == [0, 1, 2, *range(8, 19)]
    assert parameter_id_for("BRAINPOOLP256R1") == 13
    assert parameter_id_for("P-256") == 12
    with pytest.raises(ValueError, match="unknown"):
        parameter_id_for("curve25519")
    assert card_access_file("secp384r1", "AES-256") == build_card_access(
        pace_protocol("ECDH", "AES-256"), 15)


def test_card_pace_wrong_can_counts_down_then_blocks_until_reinserted():
    card = virtual(pace_tries=3)
    wrong = PacePassword.can("000000")
    for left in (2, 1, 0):
        with pytest.raises(PaceRefused) as info:
            run_pace(card, wrong)
        assert info.value.retries_left == left
        assert info.value.sw == 0x63C0 | left
        assert info.value.message_vi and info.value.message_en
    assert "locked" in info.value.message_en and "khóa" in info.value.message_vi
    for password in (wrong, PacePassword.can(CAN)):  # even the right CAN: blocked
        with pytest.raises(PaceBlocked):
            run_pace(card, password)
    card.reset()  # a warm reset does not lift the block
    with pytest.raises(PaceBlocked):
        run_pace(card, PacePassword.can(CAN))
    card.insert()  # taken off the reader and put back
    run_pace(card, PacePassword.can(CAN))
    assert card.chip.pace is not None and card.chip.pace.tries_left == 3


def test_card_pace_right_password_resets_the_counter():
    card = virtual(pace_tries=3)
    with pytest.raises(PaceRefused):
        run_pace(card, PacePassword.can("111111"))
    run_pace(card, PacePassword.can(CAN))
    for left in (2, 1):
        with pytest.raises(PaceRefused) as info:
            run_pace(card, PacePassword.can("111111"))
        assert info.value.retries_left == left


def test_card_pace_refusal_messages():
    assert "2 more tries" in PaceRefused("CAN", 2).message_en
    assert "1 more try" in PaceRefused("CAN", 1).message_en
    assert "6 số cuối" in PaceRefused("CAN", None).message_vi
    assert "ngày sinh" in PaceRefused("MRZ", None).message_vi
    assert isinstance(PaceRefused("CAN"), AccessDenied)
    assert isinstance(PaceBlocked(), AccessDenied)
    for bad in ("12345", "1234567", "12345a", "١٢٣٤٥٦"):
        with pytest.raises(AccessKeyError):
            PacePassword.can(bad)


def test_card_pace_card_without_can_refuses_the_key_reference():
    from kiosk.devices.simulator.lds_builder import build_card_files
    from kiosk.devices.simulator.pki import demo_pki

    card_files = build_card_files(CITIZEN, demo_pki())
    card_files["CardAccess"] = card_access_file("brainpoolP256r1", "AES-128")
    card = VirtualCard(card_files, "L898902C<369080619406236")  # MRZ only, no CAN
    with pytest.raises(PaceUnsupportedError) as info:
        run_pace(card, PacePassword.can(CAN))
    assert info.value.sw == 0x6A88


class Scripted:
    atr = b""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = list(answers)

    def transmit(self, command: bytes) -> bytes:
        return self.answers.pop(0) if self.answers else H("6F00")


CARD_ACCESS = parse_card_access(card_access_file("brainpoolP256r1", "AES-128"))
INFO = CARD_ACCESS.pace[0]


def pace_against(answers: list[bytes]) -> None:
    pace_authenticate(PlainChannel(Scripted(answers)), CARD_ACCESS, INFO, PacePassword.can(CAN))


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ([H("6D00")], PaceUnsupportedError),  # no MSE at all
        ([H("6A80")], PaceUnsupportedError),
        ([H("6983")], PaceBlocked),
        ([H("63C0")], PaceBlocked),
        ([H("9000"), H("6300")], PaceRefused),
        ([H("9000"), H("6A80")], PaceError),
        ([H("9000"), H("7C0280009000")], PaceError),  # nonce of the wrong size
        ([H("9000"), H("7C0481029000")], PaceError),  # no nonce
        ([H("9000"), H("7F9000")], PaceError),  # malformed TLV
        ([H("9000"), H("7C128010" + "00" * 16 + "9000"), H("7C438241" + "04" + "11" * 64
                                                          + "9000")], PaceError),  # not a point
    ],
)
def test_card_pace_card_failures_are_typed(answers: list[bytes], error: type[Exception]):
    with pytest.raises(error):
        pace_against(answers)


def test_card_pace_mse_warning_counter_is_not_an_error():
    card = virtual()
    with pytest.raises(PaceRefused):  # 63C2 at MSE is a warning: PACE goes on, then refused
        pace_authenticate(PlainChannel(_Warn(card)), CARD_ACCESS, INFO,
                          PacePassword.can("999999"))


class _Warn:
    """Turns the card's 9000 to MSE:Set AT into 63C2, as PIN-protected cards do."""

    atr = b""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card

    def transmit(self, command: bytes) -> bytes:
        answer = self.card.process(command)
        return H("63C2") if command[1] == 0x22 and answer == H("9000") else answer


def test_card_pace_chip_token_is_checked():
    """A 'card' that answers every step but with a wrong token is never trusted."""
    card = virtual()

    class WrongToken:
        atr = b""

        def transmit(self, command: bytes) -> bytes:
            answer = card.process(command)
            if command[:2] == H("0086") and answer.endswith(H("9000")):
                return answer[:-3] + bytes([answer[-3] ^ 1]) + answer[-2:]
            return answer

    with pytest.raises(PaceError, match="token"):
        pace_authenticate(PlainChannel(WrongToken()), CARD_ACCESS, INFO, PacePassword.can(CAN))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120))
def test_card_pace_dynamic_data_parser_only_typed_errors(data: bytes):
    with contextlib.suppress(PaceError):
        assert isinstance(parse_dynamic_data(data), dict)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=90), max_size=5))
def test_card_pace_terminal_on_random_answers_only_typed_errors(bodies: list[bytes]):
    answers = [H("9000")] + [body + H("9000") for body in bodies]
    with contextlib.suppress(CardError):
        pace_against(answers)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=90), max_size=6))
def test_card_pace_chip_on_random_commands_always_answers(bodies: list[bytes]):
    card = virtual()
    mse = H("0022C1A40F800A04007F00070202040202830102")
    card.process(mse)
    for body in bodies:
        raw = CommandAPDU(0x10, 0x86, 0x00, 0x00, body or b"\x7c\x00", le=256).to_bytes()
        assert len(card.process(raw)) >= 2
