"""Chip Authentication and Active Authentication: each variant against our chip, a clone
caught by both, and the signature formats (ISO 9796-2 with both trailers, ECDSA plain and DER).
"""

from __future__ import annotations

import contextlib
import hashlib
import os

import ecdsa
import pytest
from asn1crypto import core, keys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.card.access_key import BacKey, document_number_from_id, yymmdd
from kiosk.devices.card.active_auth import (
    aa_sign,
    active_authenticate,
    iso9796_2_open,
    iso9796_2_sign,
    iso9796_2_verify,
    verify_active,
)
from kiosk.devices.card.card_session import open_session
from kiosk.devices.card.chip_auth import (
    CardChipAuth,
    ChipAuthError,
    chip_auth_info,
    chip_authenticate,
)
from kiosk.devices.card.chip_checks import active_authentication, chip_authentication
from kiosk.devices.card.lds.dg14_15 import (
    ECDSA_PLAIN_SHA256,
    ID_CA,
    Dg15,
    build_dg14,
    build_dg15,
    parse_dg14,
    parse_dg15,
)
from kiosk.devices.card.pace_domain import DomainError, domain_from_spki, standard_domain
from kiosk.devices.card.secure_messaging import SecureChannel
from kiosk.devices.card.transport import CountingTransport
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.lds_builder import build_card_files, chip_keys
from kiosk.devices.simulator.pki import demo_pki
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions

CITIZEN = demo_citizen()
KEYS = chip_keys(CITIZEN)
FILES = build_card_files(CITIZEN, demo_pki(), keys=KEYS)
EXPIRY = CITIZEN.date_of_expiry
BAC = BacKey(document_number_from_id(CITIZEN.id_number), yymmdd(CITIZEN.date_of_birth),
             "991231" if EXPIRY is None else yymmdd(EXPIRY))


def spki(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def bac_channel(card: VirtualCard) -> tuple[SecureChannel, CountingTransport]:
    transport = CountingTransport(card.transport())
    channel, _key = open_session(transport, [BAC])
    return channel, transport


def card_with(files: dict[str, bytes], held: object = None) -> VirtualCard:
    return VirtualCard(files, BAC.mrz_information, keys=held)  # type: ignore[arg-type]


# --- Chip Authentication -------------------------------------------------------------------------

def test_card_ca_info_from_the_demo_dg14():
    ca = chip_auth_info(parse_dg14(FILES["DG14"]))
    assert ca is not None
    assert (ca.agreement, ca.cipher, ca.key_length, ca.key_id) == ("ECDH", "AES", 16, 1)
    assert ca.detail == "ECDH AES-128"


def test_card_ca_valid_then_secure_messaging_goes_on_with_aes():
    card = card_with(FILES, KEYS)
    channel, transport = bac_channel(card)
    (status, detail), new = chip_authentication(channel, transport, FILES)
    assert (status, detail) == ("valid", "ECDH AES-128")
    assert new is not None and new.sm.cipher.block_size == 16
    assert transport.stats.apdus == 3 + 4  # BAC; MSE, GA, then SELECT + READ BINARY to verify
    assert new.send(_select(0x0101)).ok


def _select(fid: int):  # type: ignore[no-untyped-def]
    from kiosk.devices.card.apdu import CommandAPDU

    return CommandAPDU(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))


def test_card_ca_clone_is_invalid_and_the_session_is_gone():
    card = card_with(FILES, chip_keys(CITIZEN, clone=True))
    channel, transport = bac_channel(card)
    (status, detail), new = chip_authentication(channel, transport, FILES)
    assert status == "invalid" and "cannot use the DG14 key" in detail
    assert new is None
    assert channel.send(_select(0x0101)).sw == 0x6988  # the card dropped SM: reopen


@pytest.mark.parametrize(("suffix", "cipher"), [("2.1", "3DES"), ("2.3", "AES"), ("2.4", "AES")])
def test_card_ca_other_ciphers(suffix: str, cipher: str):
    files = dict(FILES, DG14=build_dg14(spki(KEYS.chip_authentication),
                                        ca_protocol=f"{ID_CA}.{suffix}"))
    card = card_with(files, KEYS)
    channel, transport = bac_channel(card)
    (status, _detail), new = chip_authentication(channel, transport, files)
    assert status == "valid" and new is not None
    assert new.sm.cipher.block_size == (8 if cipher == "3DES" else 16)
    assert new.send(_select(0x0101)).ok


def test_card_ca_3des_uses_mse_set_kat():
    files = dict(FILES, DG14=build_dg14(spki(KEYS.chip_authentication),
                                        ca_protocol=f"{ID_CA}.2.1"))
    sent: list[bytes] = []
    card = card_with(files, KEYS)
    channel, _transport = bac_channel(card)
    ca = chip_auth_info(parse_dg14(files["DG14"]))
    assert ca is not None

    class Spy:
        protected = True
        last_plain = False
        max_short_read = max_extended_read = 200

        def send(self, command, *, extended=None):  # type: ignore[no-untyped-def]
            sent.append(bytes((command.ins, command.p1, command.p2)))
            return channel.send(command, extended=extended)

    chip_authenticate(Spy(), ca)
    assert sent == [bytes((0x22, 0x41, 0xA6))]


def _dh_spki(y: int, pid: int = 0) -> bytes:
    domain = standard_domain(pid)
    return keys.PublicKeyInfo({
        "algorithm": {"algorithm": "dh", "parameters": {"p": domain.p, "g": domain.g,
                                                        "q": domain.q}},  # type: ignore[union-attr]
        "public_key": core.Integer(y),
    }).dump()


def test_card_ca_with_a_dh_key():
    domain = standard_domain(0)
    x = domain.random_private()
    public = int.from_bytes(domain.public(x), "big")
    dg14 = build_dg14(_dh_spki(public), ca_protocol=f"{ID_CA}.1.2", aa_signature=None)
    files = dict(FILES, DG14=dg14)
    card = card_with(files)
    ca = chip_auth_info(parse_dg14(dg14))
    assert ca is not None and ca.agreement == "DH"
    card.chip.chip_auth = CardChipAuth(ca, x)
    channel, transport = bac_channel(card)
    (status, _detail), new = chip_authentication(channel, transport, files)
    assert status == "valid" and new is not None
    card.chip.chip_auth = CardChipAuth(ca, x + 1)  # not the key in DG14
    channel, transport = bac_channel(card)
    assert chip_authentication(channel, transport, files)[0][0] == "invalid"


def test_card_ca_key_with_explicit_brainpool_parameters():
    signing = ecdsa.SigningKey.generate(curve=ecdsa.BRAINPOOLP256r1)
    der = signing.verifying_key.to_der(curve_parameters_encoding="explicit")
    domain, public = domain_from_spki(der)
    assert domain.agreement == "ECDH" and len(public) == 65
    other = domain.random_private()
    assert domain.agree(signing.privkey.secret_multiplier, domain.public(other)) == \
        domain.agree(other, public)
    with pytest.raises(DomainError):
        domain_from_spki(der[:-1] + bytes([der[-1] ^ 1]))  # no longer on the curve


def test_card_ca_unavailable_and_refused():
    card = card_with(FILES, KEYS)
    channel, transport = bac_channel(card)
    no_dg14 = {k: v for k, v in FILES.items() if k != "DG14"}
    assert chip_authentication(channel, transport, no_dg14)[0] == ("unavailable", "no DG14")
    broken = dict(FILES, DG14=b"\x6e\x03\x31\x01")
    assert chip_authentication(channel, transport, broken)[0][0] == "unavailable"
    no_ca = dict(FILES, DG14=b"\x6e\x02\x31\x00")
    assert chip_authentication(channel, transport, no_ca)[0][0] == "unavailable"
    # DG14 (signed by the issuer) offers CA but this chip has no key for it: a copy.
    keyless = card_with(FILES)
    channel, transport = bac_channel(keyless)
    (status, detail), _ = chip_authentication(channel, transport, FILES)
    assert status == "invalid" and "refused" in detail
    with pytest.raises(ChipAuthError):
        chip_authenticate(channel, chip_auth_info(parse_dg14(FILES["DG14"])))  # type: ignore[arg-type]


# --- Active Authentication -----------------------------------------------------------------------

def test_card_aa_ecdsa_valid_and_clone_invalid():
    card = card_with(FILES, KEYS)
    channel, _transport = bac_channel(card)
    assert active_authentication(channel, FILES) == ("valid", "ECDSA sha256")
    clone = card_with(FILES, chip_keys(CITIZEN, clone=True))
    channel, _transport = bac_channel(clone)
    status, detail = active_authentication(channel, FILES)
    assert status == "invalid" and "does not verify" in detail


def test_card_aa_unavailable_and_refused():
    card = card_with(FILES, KEYS)
    channel, _transport = bac_channel(card)
    no_dg15 = {k: v for k, v in FILES.items() if k != "DG15"}
    assert active_authentication(channel, no_dg15) == ("unavailable", "no DG15")
    assert active_authentication(channel, dict(FILES, DG15=b"\x6f\x01\x00"))[0] == "unavailable"
    keyless = card_with(FILES)
    channel, _transport = bac_channel(keyless)
    status, detail = active_authentication(channel, FILES)
    assert status == "invalid" and "6D00" in detail


def test_card_aa_rsa_virtual_card():
    rsa_keys = chip_keys(CITIZEN, rsa_aa=True)
    files = build_card_files(CITIZEN, demo_pki(), keys=rsa_keys)
    assert parse_dg15(files["DG15"]).algorithm == "rsa"
    assert not parse_dg14(files["DG14"]).of_kind("active_authentication")  # RSA: no AA info
    channel, _transport = bac_channel(card_with(files, rsa_keys))
    assert active_authentication(channel, files) == ("valid", "RSA ISO 9796-2")


# 1024-bit AA keys are on documents in circulation; the small key keeps the tests fast.
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505


@pytest.mark.parametrize("digest", ["sha1", "sha224", "sha256", "sha384", "sha512"])
def test_card_iso9796_2_both_trailers(digest: str):
    challenge = os.urandom(8)
    signature = iso9796_2_sign(RSA_KEY, challenge, digest)
    public = RSA_KEY.public_key()
    assert iso9796_2_verify(public, signature, challenge)
    numbers = public.public_numbers()
    block = iso9796_2_open(numbers.n, numbers.e, signature)
    assert block is not None and block[0] == 0x6A
    assert block[-1] == (0xBC if digest == "sha1" else 0xCC)
    assert not iso9796_2_verify(public, signature, bytes(8))  # another challenge
    tampered = bytes([signature[0] ^ 1]) + signature[1:]
    assert not iso9796_2_verify(public, tampered, challenge)


def test_card_iso9796_2_alternative_signature_n_minus_s():
    """ISO 9796-2 lets a signer send min(s, n - s): the verifier tries both openings."""
    challenge = os.urandom(8)
    numbers = RSA_KEY.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    m1 = os.urandom(128 - 1 - 20 - 1)
    digest = hashlib.sha1(m1 + challenge).digest()  # noqa: S324 (the BC trailer's hash)
    block = b"\x6a" + m1 + digest + b"\xbc"
    s = pow(int.from_bytes(block, "big"), d, n)
    other = (n - s).to_bytes(128, "big")
    # (n - s)^e = n - m when e is odd: the opening is n - m, whose complement has the shape.
    assert iso9796_2_verify(RSA_KEY.public_key(), other, challenge)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=140), st.binary(min_size=8, max_size=8))
def test_card_iso9796_2_random_signatures_never_verify_or_raise(signature: bytes, rnd: bytes):
    assert iso9796_2_verify(RSA_KEY.public_key(), signature, rnd) is False


def test_card_aa_ecdsa_formats_and_hashes():
    key = ec.generate_private_key(ec.BrainpoolP256R1())
    dg15 = parse_dg15(build_dg15(spki(key)))
    challenge = os.urandom(8)
    plain = aa_sign(key, challenge, "sha256")
    assert len(plain) == 64
    assert verify_active(dg15, "sha256", challenge, plain)
    assert verify_active(dg15, None, challenge, plain)  # no AA info: any standard hash
    assert not verify_active(dg15, "sha384", challenge, plain)
    der = key.sign(challenge, ec.ECDSA(hashes.SHA256()))
    assert verify_active(dg15, "sha256", challenge, der)  # some chips answer DER
    assert not verify_active(dg15, "sha256", bytes(8), plain)
    assert not verify_active(dg15, "sha256", challenge, plain[:-1])


def test_card_aa_with_scripted_answers():
    class Answer:
        protected = True
        last_plain = False
        max_short_read = max_extended_read = 200

        def __init__(self, raw: bytes) -> None:
            self.raw = raw

        def send(self, command, *, extended=None):  # type: ignore[no-untyped-def]
            from kiosk.devices.card.apdu import ResponseAPDU

            return ResponseAPDU.from_bytes(self.raw)

    dg15 = Dg15(spki(KEYS.active_authentication), "ec", 256)  # type: ignore[arg-type]
    infos = parse_dg14(FILES["DG14"])
    assert active_authenticate(Answer(b"\x6a\x80"), dg15, infos)[0] == "invalid"
    assert active_authenticate(Answer(os.urandom(64) + b"\x90\x00"), dg15, infos)[0] == "invalid"
    assert ECDSA_PLAIN_SHA256 in {i.signature_algorithm for i in infos.infos}


def test_card_full_read_of_a_clone():
    from kiosk.devices.card.card_session import access_for_citizen, read_card

    card = VirtualCard.for_citizen(CITIZEN, VirtualCardOptions(clone=True))
    result = read_card(card.transport(), access_for_citizen(CITIZEN.id_number),
                       trust=demo_pki().trust_store())
    auth = result.authentication
    assert (auth.access, auth.passive, auth.chip, auth.active) == (
        "PACE", "valid", "invalid", "invalid")
    assert result.to_json()["full_name"] == CITIZEN.full_name  # still read, but flagged


# --- hypothesis: the chip's CA side and DG14's CA selection never fail untyped -------------------

@settings(max_examples=150, deadline=None)
@given(st.sampled_from([0x41A4, 0x41A6, 0x81B6]), st.binary(max_size=90), st.binary(max_size=90))
def test_card_ca_chip_side_on_random_commands(p1p2: int, mse: bytes, ga: bytes):
    ca = chip_auth_info(parse_dg14(FILES["DG14"]))
    assert ca is not None
    chip = CardChipAuth(ca, 12345)
    sw, keys_ = chip.mse(p1p2, mse)
    assert isinstance(sw, int) and (keys_ is None or sw == 0x9000)
    data, sw, keys_ = chip.general_authenticate(ga)
    assert isinstance(data, bytes) and (keys_ is None or sw == 0x9000)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_card_ca_info_from_mutated_dg14(data: st.DataObject):
    from kiosk.devices.card.lds import LdsError

    raw = bytearray(FILES["DG14"])
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] ^= 1 << data.draw(st.integers(0, 7))
    try:
        infos = parse_dg14(bytes(raw))
    except LdsError:
        return
    ca = chip_auth_info(infos)
    if ca is not None:
        with contextlib.suppress(DomainError):
            domain_from_spki(ca.public_key_der)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(min_size=4, max_size=80), max_size=8))
def test_card_full_featured_virtual_card_always_answers(commands: list[bytes]):
    """After PACE, random (protected or plain) commands: the chip answers every one."""
    from kiosk.devices.card.pace import PacePassword, pace_authenticate
    from kiosk.devices.card.session_access import read_card_access
    from kiosk.devices.card.transport import PlainChannel

    card = VirtualCard.for_citizen(CITIZEN)
    plain = PlainChannel(card.transport())
    info = read_card_access(plain)
    assert info is not None and info.preferred() is not None
    pace_authenticate(plain, info, info.preferred(), PacePassword.can(CITIZEN.id_number[-6:]))  # type: ignore[arg-type]
    for raw in commands:
        assert len(card.process(raw)) >= 2
