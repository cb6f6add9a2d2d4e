"""Active Authentication (ICAO 9303-11 section 6.1): the chip signs our random challenge
with the private key whose public half is in DG15, which a copy of the data cannot do.

RSA keys sign with ISO/IEC 9796-2 digital signature scheme 1 (message recovery: the
signature opens to 6A || M1 || H(M1 || challenge) || trailer, BC for SHA-1 or xx CC naming
the hash); EC keys sign with ECDSA, the hash named by DG14's ActiveAuthenticationInfo, the
signature plain r || s (some chips send DER: both are accepted). The card side (`aa_sign`)
serves the virtual card.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any

from asn1crypto import algos
from cryptography.hazmat.primitives import constant_time, hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa, utils

from kiosk.devices.card.apdu import SW_OK, CommandAPDU, raise_for_sw
from kiosk.devices.card.lds.dg14_15 import Dg15, SecurityInfos
from kiosk.devices.card.lds.signature import SignatureError, verify_signature
from kiosk.devices.card.transport import ApduChannel

Random = Callable[[int], bytes]
CHALLENGE_LENGTH = 8

_PLAIN = {  # BSI TR-03111 ecdsa-plain-<hash>
    "sha1": "0.4.0.127.0.7.1.1.4.1.1", "sha224": "0.4.0.127.0.7.1.1.4.1.2",
    "sha256": "0.4.0.127.0.7.1.1.4.1.3", "sha384": "0.4.0.127.0.7.1.1.4.1.4",
    "sha512": "0.4.0.127.0.7.1.1.4.1.5",
}
_X962 = {  # ANSI X9.62 ecdsa-with-<hash>
    "sha1": "1.2.840.10045.4.1", "sha224": "1.2.840.10045.4.3.1",
    "sha256": "1.2.840.10045.4.3.2", "sha384": "1.2.840.10045.4.3.3",
    "sha512": "1.2.840.10045.4.3.4",
}
HASH_BY_OID = {oid: name for table in (_PLAIN, _X962) for name, oid in table.items()}
# ISO/IEC 10118-3 hash identifiers in the two-byte 9796-2 trailer (xx CC).
_TRAILER_HASH = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}
_TRAILER_ID = {name: ident for ident, name in _TRAILER_HASH.items()}


def aa_hash(infos: SecurityInfos | None) -> str | None:
    """The hash DG14's ActiveAuthenticationInfo names for ECDSA, if any."""
    if infos is None:
        return None
    for info in infos.of_kind("active_authentication"):
        if info.signature_algorithm in HASH_BY_OID:
            return HASH_BY_OID[info.signature_algorithm]
    return None


def internal_authenticate(channel: ApduChannel, challenge: bytes) -> tuple[int, bytes]:
    """INTERNAL AUTHENTICATE 00 88 00 00 with the challenge; (status word, signature)."""
    answer = channel.send(CommandAPDU(0x00, 0x88, 0x00, 0x00, challenge, le=256))
    return answer.sw, answer.data


# --- ISO/IEC 9796-2 scheme 1 ------------------------------------------------------------------

def iso9796_2_open(modulus: int, exponent: int, signature: bytes) -> bytes | None:
    """The message representative the signature opens to (s^e or n - s^e); None if neither
    has the scheme's shape (header 01..., trailer nibble C)."""
    size = (modulus.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if not signature or len(signature) > size or not 0 < s < modulus:
        return None
    m = pow(s, exponent, modulus)
    for candidate in (m, modulus - m):
        block = candidate.to_bytes(size, "big")
        if block[0] & 0xC0 == 0x40 and block[-1] & 0x0F == 0x0C:
            return block
    return None


def iso9796_2_verify(public_key: rsa.RSAPublicKey, signature: bytes, message2: bytes) -> bool:
    """Scheme 1 with partial recovery: H(M1 || M2) in the representative must match."""
    numbers = public_key.public_numbers()
    block = iso9796_2_open(numbers.n, numbers.e, signature)
    if block is None:
        return False
    if block[-1] == 0xBC:
        digest, trailer = "sha1", 1
    elif block[-2] in _TRAILER_HASH:
        digest, trailer = _TRAILER_HASH[block[-2]], 2
    else:
        return False
    start = next((i + 1 for i, byte in enumerate(block) if byte & 0x0F == 0x0A), len(block))
    h_len = hashlib.new(digest).digest_size
    end = len(block) - trailer - h_len
    if end - start <= 0:
        return False
    m1, recovered = block[start:end], block[end:end + h_len]
    if block[0] & 0x20:  # partial recovery: M2 (our challenge) is not inside
        computed = hashlib.new(digest, m1 + message2).digest()
    else:  # total recovery: M1 must be the whole message and end with the challenge
        computed = hashlib.new(digest, m1).digest() if m1.endswith(message2) else b""
    return constant_time.bytes_eq(recovered, computed) if computed else False


def iso9796_2_sign(private_key: rsa.RSAPrivateKey, message2: bytes, digest: str = "sha1",
                   random: Random = os.urandom) -> bytes:
    """The chip's side: F = 6A || M1 (random) || H(M1 || M2) || trailer, s = F^d mod n."""
    numbers = private_key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    if n.bit_length() % 8:
        raise ValueError("the virtual card signs with byte-aligned RSA moduli only")
    size = n.bit_length() // 8
    trailer = b"\xbc" if digest == "sha1" else bytes((_TRAILER_ID[digest], 0xCC))
    h_len = hashlib.new(digest).digest_size
    m1 = random(size - 1 - h_len - len(trailer))
    block = b"\x6a" + m1 + hashlib.new(digest, m1 + message2).digest() + trailer
    return pow(int.from_bytes(block, "big"), d, n).to_bytes(size, "big")


# --- verification and signing -----------------------------------------------------------------

def _ecdsa_verify(spki: bytes, digest: str, signature: bytes, challenge: bytes) -> bool:
    plain = algos.SignedDigestAlgorithm({"algorithm": _PLAIN[digest]})
    der = algos.SignedDigestAlgorithm({"algorithm": _X962[digest]})
    if len(signature) % 2 == 0 and verify_signature(spki, plain, signature, challenge):
        return True
    return signature[:1] == b"\x30" and verify_signature(spki, der, signature, challenge)


def verify_active(dg15: Dg15, digest: str | None, challenge: bytes, signature: bytes) -> bool:
    """True when `signature` over `challenge` verifies with the DG15 key; SignatureError when
    the key cannot be used at all."""
    if dg15.algorithm == "rsa":
        key = serialization.load_der_public_key(dg15.public_key_der)
        if not isinstance(key, rsa.RSAPublicKey):
            raise SignatureError("DG15 RSA key not usable")
        return iso9796_2_verify(key, signature, challenge)
    # ICAO makes ActiveAuthenticationInfo mandatory for ECDSA; a chip without it gets the
    # benefit of the doubt over the standard hashes rather than a false "invalid".
    digests = [digest] if digest else list(_PLAIN)
    return any(_ecdsa_verify(dg15.public_key_der, name, signature, challenge)
               for name in digests)


_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}


def aa_sign(private_key: Any, challenge: bytes, digest: str = "sha256",
            random: Random = os.urandom) -> bytes:
    """The chip's answer to INTERNAL AUTHENTICATE (virtual card)."""
    if isinstance(private_key, rsa.RSAPrivateKey):
        return iso9796_2_sign(private_key, challenge, digest, random)
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        der = private_key.sign(challenge, ec.ECDSA(_HASHES[digest]()))
        r, s = utils.decode_dss_signature(der)
        size = (private_key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    raise TypeError("Active Authentication key must be RSA or EC")


def active_authenticate(channel: ApduChannel, dg15: Dg15, infos: SecurityInfos | None,
                        random: Random = os.urandom) -> tuple[str, str]:
    """(status, detail): valid / invalid. Card errors other than a refusal propagate."""
    challenge = random(CHALLENGE_LENGTH)
    sw, signature = internal_authenticate(channel, challenge)
    if sw != SW_OK:
        if sw >> 8 in (0x6D, 0x6E, 0x6A, 0x69, 0x67):  # refused: a chip without the AA key
            return "invalid", f"card refused INTERNAL AUTHENTICATE ({sw:04X})"
        raise_for_sw(sw, "INTERNAL AUTHENTICATE")
    digest = aa_hash(infos)
    try:
        ok = verify_active(dg15, digest, challenge, signature)
    except SignatureError as exc:
        return "invalid", f"DG15 key not usable: {exc}"
    scheme = "RSA ISO 9796-2" if dg15.algorithm == "rsa" else f"ECDSA {digest or 'any hash'}"
    return ("valid", scheme) if ok else ("invalid", f"{scheme} signature does not verify")
