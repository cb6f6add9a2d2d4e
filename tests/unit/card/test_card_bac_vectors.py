"""ICAO 9303 Part 11 worked BAC example: every published value, in order."""

from __future__ import annotations

import pytest

from kiosk.devices.card.apdu import AccessDenied, CommandAPDU, ResponseAPDU
from kiosk.devices.card.bac import (
    BacKeys,
    adjust_des_parity,
    authenticate,
    card_mutual_authenticate,
    derive_bac_keys,
    key_seed,
    open_card_answer,
    session_keys,
    terminal_challenge,
)
from kiosk.devices.card.secure_messaging import SecureMessaging

H = bytes.fromhex
MRZ_INFORMATION = "L898902C<369080619406236"
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
K_IC = H("0B4F80323EB3191CB04970CB4052790B")
CARD_ANSWER = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
                "2F2D235D074D7449")


def fixed(*values: bytes):
    queue = list(values)

    def random(n: int) -> bytes:
        value = queue.pop(0)
        assert len(value) == n
        return value

    return random


@pytest.fixture
def keys() -> BacKeys:
    return derive_bac_keys(MRZ_INFORMATION)


def test_card_key_seed():
    assert key_seed(MRZ_INFORMATION) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")


def test_card_kenc_kmac(keys: BacKeys):
    assert keys.k_enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert keys.k_mac == H("7962D9ECE03D1ACD4C76089DCE131543")


def test_card_parity_adjustment_sets_odd_parity():
    adjusted = adjust_des_parity(bytes(range(256)))
    assert all(bin(b).count("1") % 2 == 1 for b in adjusted)
    assert all(a & 0xFE == b & 0xFE for a, b in zip(adjusted, range(256), strict=True))


def test_card_eifd_mifd(keys: BacKeys):
    challenge = terminal_challenge(keys, RND_IC, fixed(RND_IFD, K_IFD))
    assert challenge.e_ifd == H(
        "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
    assert challenge.m_ifd == H("5F1448EEA8AD90A7")


def test_card_answer_gives_kic_and_session_keys(keys: BacKeys):
    challenge = terminal_challenge(keys, RND_IC, fixed(RND_IFD, K_IFD))
    session = open_card_answer(keys, challenge, CARD_ANSWER)
    assert bytes(a ^ b for a, b in zip(K_IFD, K_IC, strict=True)) == H(
        "0036D272F5C350ACAC50C3F572D23600")  # KSseed
    assert session.ks_enc == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert session.ks_mac == H("F1CB1F1FB5ADF208806B89DC579DC1F8")
    assert session.ssc == H("887022120C06C226")
    assert session == session_keys(K_IFD, K_IC, RND_IC, RND_IFD)


def test_card_side_produces_the_published_answer(keys: BacKeys):
    challenge = terminal_challenge(keys, RND_IC, fixed(RND_IFD, K_IFD))
    result = card_mutual_authenticate(keys, RND_IC, challenge.command_data, fixed(K_IC))
    assert result is not None
    answer, session = result
    assert answer == CARD_ANSWER
    assert session.ssc == H("887022120C06C226")


def test_card_side_refuses_a_wrong_key(keys: BacKeys):
    other = derive_bac_keys("L898902C<369080619406245")
    challenge = terminal_challenge(other, RND_IC, fixed(RND_IFD, K_IFD))
    assert card_mutual_authenticate(keys, RND_IC, challenge.command_data) is None


def test_card_side_refuses_a_stale_challenge(keys: BacKeys):
    challenge = terminal_challenge(keys, RND_IC, fixed(RND_IFD, K_IFD))
    assert card_mutual_authenticate(keys, bytes(8), challenge.command_data) is None


def test_card_tampered_answer_is_refused(keys: BacKeys):
    challenge = terminal_challenge(keys, RND_IC, fixed(RND_IFD, K_IFD))
    bad = bytearray(CARD_ANSWER)
    bad[3] ^= 1
    with pytest.raises(Exception, match="MAC"):
        open_card_answer(keys, challenge, bytes(bad))


def _session() -> SecureMessaging:
    return session_keys(K_IFD, K_IC, RND_IC, RND_IFD).terminal()


def test_card_protected_select_and_read_binary_vectors():
    sm = _session()
    select = sm.protect(CommandAPDU.from_bytes(H("00A4020C02011E")))
    assert select.to_bytes() == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    assert sm.ssc == H("887022120C06C227")
    answer = sm.unprotect(ResponseAPDU.from_bytes(H("990290008E08FA855A5D4C50A8ED9000")))
    assert answer == ResponseAPDU(b"", 0x9000)
    assert sm.ssc == H("887022120C06C228")

    read = sm.protect(CommandAPDU.from_bytes(H("00B0000004")))
    assert read.to_bytes() == H("0CB000000D9701048E08ED6705417E96BA5500")
    answer = sm.unprotect(ResponseAPDU.from_bytes(
        H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")))
    assert answer == ResponseAPDU(H("60145F01"), 0x9000)

    read = sm.protect(CommandAPDU.from_bytes(H("00B0000412")))
    assert read.to_bytes() == H("0CB000040D9701128E082EA28A70F3C7B53500")
    answer = sm.unprotect(ResponseAPDU.from_bytes(H(
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"
    )))
    assert answer == ResponseAPDU(H("04303130365F36063034303030305C026175"), 0x9000)
    assert sm.ssc == H("887022120C06C22C")


def test_card_side_sm_answers_match_the_vectors():
    """The virtual chip's framing, fed the same commands, produces the published answers."""
    card = session_keys(K_IFD, K_IC, RND_IC, RND_IFD).card()
    command = card.unprotect(CommandAPDU.from_bytes(
        H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")))
    assert command == CommandAPDU(0x00, 0xA4, 0x02, 0x0C, H("011E"))
    assert card.protect(ResponseAPDU(b"", 0x9000)).to_bytes() == H(
        "990290008E08FA855A5D4C50A8ED9000")
    command = card.unprotect(CommandAPDU.from_bytes(H("0CB000000D9701048E08ED6705417E96BA5500")))
    assert command == CommandAPDU(0x00, 0xB0, 0x00, 0x00, le=4)
    assert card.protect(ResponseAPDU(H("60145F01"), 0x9000)).to_bytes() == H(
        "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")


class ScriptedChannel:
    """Answers GET CHALLENGE and MUTUAL AUTHENTICATE with the worked example's values."""

    protected = False
    last_plain = False
    max_short_read = 256
    max_extended_read = 65536

    def __init__(self, auth_sw: int = 0x9000) -> None:
        self.sent: list[CommandAPDU] = []
        self.auth_sw = auth_sw

    def send(self, command: CommandAPDU, *, extended: bool | None = None) -> ResponseAPDU:
        self.sent.append(command)
        if command.ins == 0x84:
            return ResponseAPDU(RND_IC, 0x9000)
        if self.auth_sw != 0x9000:
            return ResponseAPDU(b"", self.auth_sw)
        return ResponseAPDU(CARD_ANSWER, 0x9000)


def test_card_authenticate_runs_the_exchange():
    channel = ScriptedChannel()
    sm = authenticate(channel, MRZ_INFORMATION, fixed(RND_IFD, K_IFD))
    assert sm.ssc == H("887022120C06C226")
    get_challenge, mutual = channel.sent
    assert get_challenge.to_bytes() == H("0084000008")
    assert mutual.to_bytes() == H(
        "0082000028" "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
        "5F1448EEA8AD90A7" "28")


@pytest.mark.parametrize("sw", [0x6300, 0x6982, 0x6985])
def test_card_authenticate_refused(sw: int):
    with pytest.raises(AccessDenied) as info:
        authenticate(ScriptedChannel(sw), MRZ_INFORMATION, fixed(RND_IFD, K_IFD))
    assert info.value.sw == sw
    assert info.value.message_vi and info.value.message_en


def test_card_authenticate_with_wrong_key_is_access_denied():
    """A card answering 9000 whose MAC does not verify holds another key."""
    with pytest.raises(AccessDenied):
        authenticate(ScriptedChannel(), "L898902C<369080619406245", fixed(RND_IFD, K_IFD))


def test_card_mrz_information_from_the_data_side_matches_the_example():
    from kiosk.devices.card.access_key import BacKey

    assert BacKey("L898902C", "690806", "940623").mrz_information == MRZ_INFORMATION
