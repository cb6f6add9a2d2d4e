"""Secure messaging framing, both directions, and APDU codecs; hypothesis on every parser."""

from __future__ import annotations

import contextlib
import os

import pytest
from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.card.apdu import (
    APDUFormatError,
    CardError,
    CommandAPDU,
    CommunicationError,
    ResponseAPDU,
    SecureMessagingError,
)
from kiosk.devices.card.file_reader import MalformedFileError, tlv_total_length
from kiosk.devices.card.secure_messaging import (
    CardSecureMessaging,
    SecureChannel,
    SecureMessaging,
    TripleDesCipher,
    iter_tlvs,
    max_plain_answer,
    pad,
    retail_mac,
    unpad,
)
from kiosk.devices.simulator.virtual_card import VirtualCard

H = bytes.fromhex
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = H("887022120C06C226")


def pair() -> tuple[SecureMessaging, CardSecureMessaging]:
    return (SecureMessaging(TripleDesCipher(KS_ENC, KS_MAC), SSC),
            CardSecureMessaging(TripleDesCipher(KS_ENC, KS_MAC), SSC))


# --- primitives -----------------------------------------------------------------------------

def test_card_padding_method_2():
    assert pad(b"") == H("8000000000000000")
    assert pad(b"1234567") == b"1234567\x80"
    assert pad(b"12345678") == b"12345678" + H("8000000000000000")
    assert pad(b"abc", 16) == b"abc\x80" + bytes(12)
    assert unpad(pad(b"abc\x00")) == b"abc\x00"
    for bad in (bytes(8), b"abc\x00\x00\x00\x00\x00", b""):
        with pytest.raises(SecureMessagingError):
            unpad(bad)


def test_card_retail_mac_is_the_icao_mifd():
    e_ifd = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
    assert retail_mac(H("7962D9ECE03D1ACD4C76089DCE131543"), pad(e_ifd)) == H("5F1448EEA8AD90A7")
    with pytest.raises(ValueError, match="block"):
        retail_mac(KS_MAC, b"123")


def test_card_max_plain_answer_fits_in_a_short_apdu():
    assert max_plain_answer(8, 256, 1) == 231
    assert max_plain_answer(16, 256, 1) == 223
    _terminal, card = pair()
    answer = card.protect(ResponseAPDU(os.urandom(231), 0x9000))
    assert len(answer.data) <= 256
    answer = card.protect(ResponseAPDU(os.urandom(232), 0x9000))
    assert len(answer.data) > 256


# --- framing ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("command", "extended"),
    [
        (CommandAPDU(0x00, 0xA4, 0x02, 0x0C, H("0101")), False),
        (CommandAPDU(0x00, 0xB0, 0x12, 0x34, le=256), False),
        (CommandAPDU(0x00, 0xB0, 0x00, 0x04, le=1000), True),
        (CommandAPDU(0x00, 0xB0, 0x00, 0x04, le=65536), True),
        (CommandAPDU(0x00, 0xB1, 0x00, 0x00, H("5403008000"), le=200), False),
        (CommandAPDU(0x00, 0xD6, 0x00, 0x00, bytes(range(256)) * 2), True),
        (CommandAPDU(0x00, 0x84, 0x00, 0x00, le=8), False),
    ],
)
def test_card_protect_round_trip(command: CommandAPDU, extended: bool):
    terminal, card = pair()
    wrapped = terminal.protect(command, extended=extended)
    raw = wrapped.to_bytes(extended or wrapped.needs_extended)
    assert (raw[4] == 0 and len(raw) > 5) == (extended or wrapped.needs_extended)
    assert card.unprotect(CommandAPDU.from_bytes(raw)) == command
    data = os.urandom(50)
    answer = card.protect(ResponseAPDU(data, 0x9000), ins=command.ins)
    tags = [tag for tag, _v, _r in iter_tlvs(answer.data)]
    assert tags == [0x85 if command.ins & 1 else 0x87, 0x99, 0x8E]
    assert terminal.unprotect(answer) == ResponseAPDU(data, 0x9000)
    assert terminal.ssc == card.ssc


def test_card_le_encoding_in_do97():
    terminal, _card = pair()
    short = terminal.protect(CommandAPDU(0, 0xB0, 0, 0, le=256))
    assert short.data[:3] == H("970100")
    long = terminal.protect(CommandAPDU(0, 0xB0, 0, 0, le=65536), extended=True)
    assert long.data[:4] == H("97020000")
    mid = terminal.protect(CommandAPDU(0, 0xB0, 0, 0, le=0x1234), extended=True)
    assert mid.data[:4] == H("97021234")
    assert mid.to_bytes(True)[-2:] == H("0000")


def test_card_answer_with_bad_mac_is_never_opened():
    terminal, card = pair()
    terminal.protect(CommandAPDU(0, 0xB0, 0, 0, le=4))
    card.unprotect(CommandAPDU.from_bytes(
        pair()[0].protect(CommandAPDU(0, 0xB0, 0, 0, le=4)).to_bytes()))
    answer = card.protect(ResponseAPDU(b"secret!!", 0x9000))
    tampered = bytearray(answer.data)
    tampered[4] ^= 0x01  # inside the ciphertext
    with pytest.raises(SecureMessagingError, match="MAC"):
        terminal.unprotect(ResponseAPDU(bytes(tampered), 0x9000))


def test_card_answer_out_of_step_fails_the_mac():
    terminal, card = pair()
    card.protect(ResponseAPDU(b"", 0x9000))  # the card is one answer ahead
    card.protect(ResponseAPDU(b"", 0x9000))
    terminal.protect(CommandAPDU(0, 0xB0, 0, 0, le=4))
    with pytest.raises(SecureMessagingError):
        terminal.unprotect(card.protect(ResponseAPDU(b"data", 0x9000)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (H("99029000"), "DO8E"),
        (H("990290008E08") + bytes(8) + H("9902"), "after DO8E"),
        (H("9903"), "TLV"),
        (H("99019000"), "longer"),
    ],
)
def test_card_malformed_answers_are_typed(data: bytes, message: str):
    terminal, _card = pair()
    with pytest.raises(SecureMessagingError):
        terminal.unprotect(ResponseAPDU(data, 0x9000))


def test_card_plain_status_after_sm():
    terminal, _card = pair()
    before = terminal.ssc
    assert terminal.unprotect(ResponseAPDU(b"", 0x6A82)) == ResponseAPDU(b"", 0x6A82)
    assert terminal.ssc == before  # nothing to verify, the counter does not move
    with pytest.raises(SecureMessagingError, match="unprotected 9000"):
        terminal.unprotect(ResponseAPDU(b"", 0x9000))


def test_card_command_with_bad_mac_is_refused():
    terminal, card = pair()
    raw = bytearray(terminal.protect(CommandAPDU(0, 0xA4, 2, 0x0C, H("0101"))).to_bytes())
    raw[2] ^= 1  # P1 is under the MAC
    with pytest.raises(SecureMessagingError):
        card.unprotect(CommandAPDU.from_bytes(bytes(raw)))
    with pytest.raises(SecureMessagingError, match="plain"):
        card.unprotect(CommandAPDU(0, 0xB0, 0, 0, le=4))


def test_card_ssc_wraps_around():
    terminal = SecureMessaging(TripleDesCipher(KS_ENC, KS_MAC), b"\xff" * 8)
    terminal.protect(CommandAPDU(0, 0xB0, 0, 0, le=1))
    assert terminal.ssc == bytes(8)


def test_card_already_protected_command_is_refused():
    terminal, _card = pair()
    with pytest.raises(APDUFormatError):
        terminal.protect(CommandAPDU(0x0C, 0xB0, 0, 0, le=1))


class AesCipher:
    """The PACE AES session as 9303-11 describes it, to show the framing is cipher-agnostic."""

    block_size = 16
    ssc_length = 16

    def __init__(self, k_enc: bytes, k_mac: bytes) -> None:
        self.k_enc, self.k_mac = k_enc, k_mac

    def _iv(self, ssc: bytes) -> bytes:
        enc = Cipher(algorithms.AES(self.k_enc), modes.ECB()).encryptor()  # noqa: S305 (one block: the IV)
        return enc.update(ssc) + enc.finalize()

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        enc = Cipher(algorithms.AES(self.k_enc), modes.CBC(self._iv(ssc))).encryptor()
        return enc.update(data) + enc.finalize()

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        dec = Cipher(algorithms.AES(self.k_enc), modes.CBC(self._iv(ssc))).decryptor()
        return dec.update(data) + dec.finalize()

    def mac(self, data: bytes) -> bytes:
        c = cmac.CMAC(algorithms.AES(self.k_mac))
        c.update(pad(data, 16))
        return c.finalize()[:8]


def test_card_framing_accepts_an_aes_cipher():
    k1, k2 = os.urandom(16), os.urandom(16)
    terminal = SecureMessaging(AesCipher(k1, k2), bytes(16))
    card = CardSecureMessaging(AesCipher(k1, k2), bytes(16))
    command = CommandAPDU(0, 0xA4, 2, 0x0C, H("011E"))
    assert card.unprotect(CommandAPDU.from_bytes(terminal.protect(command).to_bytes())) == command
    data = os.urandom(223)
    answer = card.protect(ResponseAPDU(data, 0x9000))
    assert len(answer.data) <= 256
    assert terminal.unprotect(answer).data == data


# --- APDU codec -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("command", "encoded"),
    [
        (CommandAPDU(0, 0xA4, 4, 0x0C, H("A0000002471001")), "00A4040C07A0000002471001"),
        (CommandAPDU(0, 0x84, 0, 0, le=8), "0084000008"),
        (CommandAPDU(0, 0xB0, 0, 0, le=256), "00B0000000"),
        (CommandAPDU(0, 0xB0, 0, 0, le=257), "00B0000000" "0101"),
        (CommandAPDU(0, 0xB0, 0, 0, le=65536), "00B0000000" "0000"),
        (CommandAPDU(0, 0x82, 0, 0, bytes(40), 40), "0082000028" + "00" * 40 + "28"),
        (CommandAPDU(0, 0xD6, 0, 0, bytes(300)), "00D60000" "00012C" + "00" * 300),
        (CommandAPDU(0, 0xD6, 0, 0, bytes(300), 2), "00D60000" "00012C" + "00" * 300 + "0002"),
        (CommandAPDU(0, 0x20, 0, 0), "00200000"),
    ],
)
def test_card_command_apdu_cases(command: CommandAPDU, encoded: str):
    assert command.to_bytes().hex().upper() == encoded
    assert CommandAPDU.from_bytes(H(encoded)) == command


def test_card_forced_extended_encoding_of_a_small_command():
    raw = CommandAPDU(0, 0xB0, 0, 0, le=4).to_bytes(extended=True)
    assert raw == H("00B00000000004")
    assert CommandAPDU.from_bytes(raw).le == 4
    with pytest.raises(APDUFormatError):
        CommandAPDU(0, 0xB0, 0, 0, le=1000).to_bytes(extended=False)


@pytest.mark.parametrize("bad", ["00A4", "00A4040C05A000", "00A4040C0000", "00B00000000100AA"])
def test_card_malformed_commands(bad: str):
    with pytest.raises(APDUFormatError):
        CommandAPDU.from_bytes(H(bad))


def test_card_response_apdu():
    assert ResponseAPDU.from_bytes(H("01029000")) == ResponseAPDU(H("0102"), 0x9000)
    answer = ResponseAPDU.from_bytes(H("6282"))
    assert (answer.sw1, answer.sw2, answer.ok) == (0x62, 0x82, False)
    with pytest.raises(CommunicationError):
        ResponseAPDU.from_bytes(b"\x90")


def test_card_reprs_hold_no_data():
    command = CommandAPDU(0, 0xD6, 0, 0, b"NGUYEN VAN A")
    assert "NGUYEN" not in repr(command)
    assert "NGUYEN" not in repr(ResponseAPDU(b"NGUYEN", 0x9000))


# --- hypothesis: parsers raise only typed errors ------------------------------------------

@given(st.binary(max_size=600))
def test_card_command_parser_only_typed_errors(raw: bytes):
    try:
        command = CommandAPDU.from_bytes(raw)
    except APDUFormatError:
        return
    encodings = {command.to_bytes(extended=True)}
    if not command.needs_extended:
        encodings.add(command.to_bytes(extended=False))
    assert raw in encodings


@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=300),
       st.one_of(st.none(), st.integers(1, 65536)), st.booleans())
def test_card_command_round_trip(ins: int, p1: int, data: bytes, le: int | None, ext: bool):
    command = CommandAPDU(0x00, ins, p1, 0x00, data, le)
    extended = ext or command.needs_extended
    assert CommandAPDU.from_bytes(command.to_bytes(extended)) == command


@given(st.binary(max_size=400), st.integers(0, 0xFFFF))
def test_card_terminal_unprotect_only_typed_errors(data: bytes, sw: int):
    terminal, _card = pair()
    with contextlib.suppress(CardError):
        terminal.unprotect(ResponseAPDU(data, sw))


@given(st.binary(max_size=400))
def test_card_card_unprotect_only_typed_errors(raw: bytes):
    _terminal, card = pair()
    with contextlib.suppress(CardError):
        card.unprotect(CommandAPDU.from_bytes(b"\x0c\xb0\x00\x00" + raw))


@given(st.binary(max_size=40))
def test_card_header_parser_only_typed_errors(header: bytes):
    try:
        total = tlv_total_length(header)
    except MalformedFileError:
        return
    assert total is None or total >= 2


@settings(max_examples=200)
@given(st.lists(st.binary(max_size=300), max_size=6))
def test_card_virtual_card_always_answers(commands: list[bytes]):
    card = VirtualCard({"COM": H("60025F01")}, "L898902C<369080619406236")
    for raw in [H("00A4040C07A0000002471001"), *commands]:
        answer = card.process(raw)
        assert len(answer) >= 2


class ScriptedTransport:
    """Answers every command with the next scripted response (then 6A82)."""

    atr = b""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = list(answers)

    def transmit(self, command: bytes) -> bytes:
        return self.answers.pop(0) if self.answers else b"\x6a\x82"


_SW = st.sampled_from([b"\x90\x00", b"\x62\x82", b"\x67\x00", b"\x6c\x10", b"\x6b\x00",
                       b"\x69\x88", b"\x6a\x82"])


@settings(max_examples=300)
@given(st.lists(st.tuples(st.binary(max_size=40), _SW), max_size=30),
       st.sampled_from([0x0101, 0x7FFF]))
def test_card_file_reader_on_random_answers_only_typed_errors(
        answers: list[tuple[bytes, bytes]], fid: int):
    from kiosk.devices.card.file_reader import FileReader
    from kiosk.devices.card.transport import PlainChannel

    reader = FileReader(PlainChannel(ScriptedTransport([d + sw for d, sw in answers])))
    with contextlib.suppress(CardError):
        data = reader.read_file(fid)
        assert isinstance(data, bytes)


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=60), max_size=30))
def test_card_protected_reader_on_random_answers_only_typed_errors(answers: list[bytes]):
    from kiosk.devices.card.file_reader import FileReader

    terminal, _card = pair()
    channel = SecureChannel(ScriptedTransport(answers), terminal)
    with contextlib.suppress(CardError):
        FileReader(channel).read_file(0x0102)
