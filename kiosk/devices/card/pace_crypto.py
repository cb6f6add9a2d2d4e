"""Symmetric crypto of PACE and Chip Authentication (ICAO 9303-11 sections 9.7, 9.8).

KDF(K, c) per cipher, the AES secure messaging cipher (SSC of 16 bytes, IV = E(KSEnc, SSC),
CMAC truncated to 8 bytes) beside the BAC 3DES one, nonce encryption with a zero IV, and the
PACE authentication tokens: a MAC over the public key data object (7F49 with the protocol
OID and the other side's ephemeral public key).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kiosk.devices.card.apdu import SecureMessagingError
from kiosk.devices.card.bac import adjust_des_parity
from kiosk.devices.card.secure_messaging import (
    CardSecureMessaging,
    SecureMessaging,
    SMCipher,
    TripleDesCipher,
    des3_cbc,
    encode_length,
    encode_tlv,
    pad,
    retail_mac,
)

ENC, MAC, PASSWORD = 1, 2, 3  # KDF counters: KSEnc, KSMAC, Kpi
KEY_LENGTHS = {"3DES": (16,), "AES": (16, 24, 32)}


def kdf(secret: bytes, counter: int, cipher: str, key_length: int) -> bytes:
    """9303-11 9.7.1: H(K || c) truncated; SHA-1 for 3DES and AES-128, SHA-256 above."""
    if key_length not in KEY_LENGTHS.get(cipher, ()):
        raise ValueError(f"no {cipher} key of {key_length} bytes")
    data = secret + counter.to_bytes(4, "big")
    if cipher == "3DES":
        return adjust_des_parity(hashlib.sha1(data).digest()[:16])  # noqa: S324 (ICAO)
    if key_length == 16:
        return hashlib.sha1(data).digest()[:16]  # noqa: S324 (ICAO)
    return hashlib.sha256(data).digest()[:key_length]


def _aes_cbc(key: bytes, iv: bytes, data: bytes, *, decrypt: bool) -> bytes:
    if not data or len(data) % 16:
        raise SecureMessagingError("AES data not block aligned")
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = cipher.decryptor() if decrypt else cipher.encryptor()
    return op.update(data) + op.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """NIST SP 800-38B CMAC (16 bytes)."""
    mac = cmac.CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()


class AesCipher:
    """PACE/CA session cipher: AES-CBC with IV = E(KSEnc, SSC), CMAC-8, 16-byte SSC."""

    block_size = 16
    ssc_length = 16

    def __init__(self, ks_enc: bytes, ks_mac: bytes) -> None:
        if len(ks_enc) not in (16, 24, 32) or len(ks_mac) != len(ks_enc):
            raise ValueError("AES session keys are 16, 24 or 32 bytes")
        self._enc = ks_enc
        self._mac = ks_mac

    def _iv(self, ssc: bytes) -> bytes:
        # One block in ECB mode is the raw block cipher, which is what the IV rule asks for.
        enc = Cipher(algorithms.AES(self._enc), modes.ECB()).encryptor()  # noqa: S305
        return enc.update(ssc) + enc.finalize()

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        return _aes_cbc(self._enc, self._iv(ssc), data, decrypt=False)

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        return _aes_cbc(self._enc, self._iv(ssc), data, decrypt=True)

    def mac(self, data: bytes) -> bytes:
        return aes_cmac(self._mac, pad(data, 16))[:8]


def encrypt_nonce(cipher: str, key: bytes, nonce: bytes) -> bytes:
    """z = E(Kpi, s): CBC with a zero IV, the nonce a whole number of blocks."""
    if cipher == "3DES":
        if not nonce or len(nonce) % 8:
            raise SecureMessagingError("3DES nonce not block aligned")
        return des3_cbc(key, nonce)
    return _aes_cbc(key, bytes(16), nonce, decrypt=False)


def decrypt_nonce(cipher: str, key: bytes, encrypted: bytes) -> bytes:
    if cipher == "3DES":
        if not encrypted or len(encrypted) % 8:
            raise SecureMessagingError("3DES nonce not block aligned")
        return des3_cbc(key, encrypted, decrypt=True)
    return _aes_cbc(key, bytes(16), encrypted, decrypt=True)


def public_key_object(oid_content: bytes, tag: int, public: bytes) -> bytes:
    """7F49 { 06 OID, 86 point | 84 DH value }: what the authentication tokens cover."""
    body = encode_tlv(0x06, oid_content) + encode_tlv(tag, public)
    return b"\x7f\x49" + encode_length(len(body)) + body


def auth_token(cipher: str, ks_mac: bytes, oid_content: bytes, tag: int, public: bytes) -> bytes:
    """T = MAC(KSMAC, 7F49 object of the OTHER side's ephemeral public key), 8 bytes."""
    data = public_key_object(oid_content, tag, public)
    if cipher == "3DES":
        return retail_mac(ks_mac, pad(data, 8))
    return aes_cmac(ks_mac, data)[:8]


@dataclass(frozen=True)
class SessionKeys:
    """KSEnc/KSMAC of a PACE or CA session; the SSC starts at zero."""

    cipher: str
    ks_enc: bytes
    ks_mac: bytes

    @classmethod
    def derive(cls, shared: bytes, cipher: str, key_length: int) -> SessionKeys:
        return cls(cipher, kdf(shared, ENC, cipher, key_length),
                   kdf(shared, MAC, cipher, key_length))

    def sm_cipher(self) -> SMCipher:
        if self.cipher == "3DES":
            return TripleDesCipher(self.ks_enc, self.ks_mac)
        return AesCipher(self.ks_enc, self.ks_mac)

    def terminal(self) -> SecureMessaging:
        cipher = self.sm_cipher()
        return SecureMessaging(cipher, bytes(cipher.ssc_length))

    def card(self) -> CardSecureMessaging:
        cipher = self.sm_cipher()
        return CardSecureMessaging(cipher, bytes(cipher.ssc_length))

    def __repr__(self) -> str:
        return f"SessionKeys({self.cipher}, <secret>)"
