"""ICAO 9303-11 Basic Access Control: key derivation and mutual authentication.

`derive_bac_keys` turns the MRZ information (document number, date of birth, date of expiry,
each with its check digit) into KEnc/KMAC; `authenticate` runs GET CHALLENGE and MUTUAL
AUTHENTICATE against a card and returns the secure messaging session. The card side of the
same exchange (for the virtual chip) is `card_mutual_authenticate`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives import constant_time

from kiosk.devices.card.apdu import (
    AccessDenied,
    CommandAPDU,
    CommunicationError,
    SecureMessagingError,
    raise_for_sw,
)
from kiosk.devices.card.secure_messaging import (
    CardSecureMessaging,
    SecureMessaging,
    TripleDesCipher,
    des3_cbc,
    pad,
    retail_mac,
)
from kiosk.devices.card.transport import ApduChannel

ENC_COUNTER = 1
MAC_COUNTER = 2

Random = Callable[[int], bytes]


def adjust_des_parity(key: bytes) -> bytes:
    """Set each byte's lowest bit so the byte has odd parity (DES key convention)."""
    out = bytearray()
    for b in key:
        high = b & 0xFE
        out.append(high | (bin(high).count("1") + 1) % 2)
    return bytes(out)


def kdf_3des(seed: bytes, counter: int) -> bytes:
    """9303-11 section 9.7.1 KDF for 2-key 3DES: SHA-1(seed || counter)[:16], parity set."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()  # noqa: S324 (ICAO)
    return adjust_des_parity(digest[:16])


def key_seed(mrz_information: str) -> bytes:
    """Kseed = the first 16 bytes of SHA-1 over the MRZ information."""
    return hashlib.sha1(mrz_information.encode("ascii")).digest()[:16]  # noqa: S324 (ICAO)


@dataclass(frozen=True)
class BacKeys:
    k_enc: bytes
    k_mac: bytes

    def __repr__(self) -> str:
        return "BacKeys(<secret>)"


def derive_bac_keys(mrz_information: str) -> BacKeys:
    seed = key_seed(mrz_information)
    return BacKeys(kdf_3des(seed, ENC_COUNTER), kdf_3des(seed, MAC_COUNTER))


@dataclass(frozen=True)
class SessionKeys:
    ks_enc: bytes
    ks_mac: bytes
    ssc: bytes

    def terminal(self) -> SecureMessaging:
        return SecureMessaging(TripleDesCipher(self.ks_enc, self.ks_mac), self.ssc)

    def card(self) -> CardSecureMessaging:
        return CardSecureMessaging(TripleDesCipher(self.ks_enc, self.ks_mac), self.ssc)

    def __repr__(self) -> str:
        return "SessionKeys(<secret>)"


def session_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SessionKeys:
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return SessionKeys(
        kdf_3des(seed, ENC_COUNTER),
        kdf_3des(seed, MAC_COUNTER),
        rnd_ic[4:] + rnd_ifd[4:],
    )


@dataclass(frozen=True)
class TerminalChallenge:
    """The terminal's half of MUTUAL AUTHENTICATE: what it sends and what it must remember."""

    rnd_ic: bytes
    rnd_ifd: bytes
    k_ifd: bytes
    e_ifd: bytes
    m_ifd: bytes

    @property
    def command_data(self) -> bytes:
        return self.e_ifd + self.m_ifd


def terminal_challenge(keys: BacKeys, rnd_ic: bytes, random: Random = os.urandom
                       ) -> TerminalChallenge:
    if len(rnd_ic) != 8:
        raise CommunicationError("GET CHALLENGE answer is not 8 bytes")
    rnd_ifd = random(8)
    k_ifd = random(16)
    e_ifd = des3_cbc(keys.k_enc, rnd_ifd + rnd_ic + k_ifd)
    return TerminalChallenge(rnd_ic, rnd_ifd, k_ifd, e_ifd, retail_mac(keys.k_mac, pad(e_ifd)))


def open_card_answer(keys: BacKeys, challenge: TerminalChallenge, answer: bytes) -> SessionKeys:
    """Verify the card's MUTUAL AUTHENTICATE answer (MAC first) and derive the session."""
    if len(answer) != 40:
        raise SecureMessagingError("MUTUAL AUTHENTICATE answer is not 40 bytes")
    e_ic, m_ic = answer[:32], answer[32:]
    if not constant_time.bytes_eq(m_ic, retail_mac(keys.k_mac, pad(e_ic))):
        raise SecureMessagingError("bad MAC in MUTUAL AUTHENTICATE answer")
    plain = des3_cbc(keys.k_enc, e_ic, decrypt=True)
    if plain[:8] != challenge.rnd_ic or plain[8:16] != challenge.rnd_ifd:
        raise SecureMessagingError("card echoed the wrong challenge")
    return session_keys(challenge.k_ifd, plain[16:], challenge.rnd_ic, challenge.rnd_ifd)


GET_CHALLENGE = CommandAPDU(0x00, 0x84, 0x00, 0x00, le=8)


def authenticate(channel: ApduChannel, mrz_information: str, random: Random = os.urandom
                 ) -> SecureMessaging:
    """GET CHALLENGE + MUTUAL AUTHENTICATE; AccessDenied when the card refuses the key."""
    keys = derive_bac_keys(mrz_information)
    challenge_answer = channel.send(GET_CHALLENGE)
    raise_for_sw(challenge_answer.sw, "GET CHALLENGE", auth=True)
    challenge = terminal_challenge(keys, challenge_answer.data, random)
    answer = channel.send(CommandAPDU(0x00, 0x82, 0x00, 0x00, challenge.command_data, 0x28))
    raise_for_sw(answer.sw, "MUTUAL AUTHENTICATE", auth=True)
    try:
        return open_card_answer(keys, challenge, answer.data).terminal()
    except SecureMessagingError as exc:
        # A card that answers 9000 with a MAC we cannot verify holds a different key.
        raise AccessDenied("card answer does not match the key") from exc


def card_mutual_authenticate(keys: BacKeys, rnd_ic: bytes, command_data: bytes,
                             random: Random = os.urandom) -> tuple[bytes, SessionKeys] | None:
    """The chip's side: None when the terminal's key is wrong, else (answer, session)."""
    if len(command_data) != 40:
        return None
    e_ifd, m_ifd = command_data[:32], command_data[32:]
    if not constant_time.bytes_eq(m_ifd, retail_mac(keys.k_mac, pad(e_ifd))):
        return None
    plain = des3_cbc(keys.k_enc, e_ifd, decrypt=True)
    rnd_ifd, echoed_ic, k_ifd = plain[:8], plain[8:16], plain[16:]
    if echoed_ic != rnd_ic:
        return None
    k_ic = random(16)
    e_ic = des3_cbc(keys.k_enc, rnd_ic + rnd_ifd + k_ic)
    answer = e_ic + retail_mac(keys.k_mac, pad(e_ic))
    return answer, session_keys(k_ifd, k_ic, rnd_ic, rnd_ifd)
