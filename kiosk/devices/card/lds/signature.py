"""Signature checks for passive authentication: RSA PKCS#1 v1.5, RSA-PSS and ECDSA (DER or
the BSI "plain" r||s form), with keys given as SubjectPublicKeyInfo.

Many CSCA and DSC certificates carry EC keys with explicit curve parameters, which
`cryptography` refuses; those fall back to python-ecdsa, which accepts them.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from asn1crypto import algos, keys
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

log = logging.getLogger(__name__)

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
# BSI TR-03111 ecdsa-plain-SHA*: signature is r||s, not a DER SEQUENCE.
_ECDSA_PLAIN = {
    "0.4.0.127.0.7.1.1.4.1.1": "sha1",
    "0.4.0.127.0.7.1.1.4.1.2": "sha224",
    "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384",
    "0.4.0.127.0.7.1.1.4.1.5": "sha512",
}


class SignatureError(Exception):
    """The signature could not be checked (unknown algorithm, unusable key)."""


def hash_algorithm(name: str) -> hashes.HashAlgorithm:
    """The `cryptography` hash for an LDS hash name ("sha256", ...)."""
    if name not in _HASHES:
        raise SignatureError(f"hash {name} not supported")
    return _HASHES[name]()


def describe(algorithm: algos.SignedDigestAlgorithm, digest_hint: str | None) -> tuple[str, str]:
    """(scheme, hash) for a signature AlgorithmIdentifier: scheme is rsa, rsa-pss, ecdsa or
    ecdsa-plain. ``digest_hint`` (the SignerInfo's digestAlgorithm) serves algorithms that
    name no hash, such as a bare rsaEncryption."""
    dotted = algorithm["algorithm"].dotted
    if dotted in _ECDSA_PLAIN:
        return "ecdsa-plain", _ECDSA_PLAIN[dotted]
    try:
        scheme = algorithm.signature_algo
    except ValueError as exc:
        raise SignatureError(f"signature algorithm {dotted} not supported") from exc
    try:
        digest = algorithm.hash_algo
    except ValueError:
        if digest_hint is None:
            raise SignatureError(f"no hash for signature algorithm {dotted}") from None
        digest = digest_hint
    names = {"rsassa_pkcs1v15": "rsa", "rsassa_pss": "rsa-pss", "ecdsa": "ecdsa"}
    if scheme not in names:
        raise SignatureError(f"signature scheme {scheme} not supported")
    return names[scheme], digest


def _pss_salt(algorithm: algos.SignedDigestAlgorithm, digest: str) -> int:
    params = algorithm["parameters"]
    if isinstance(params, algos.RSASSAPSSParams):
        mgf = params["mask_gen_algorithm"]
        mgf_hash = mgf["parameters"]["algorithm"].native
        if mgf["algorithm"].native != "mgf1" or mgf_hash != digest:
            raise SignatureError("RSA-PSS with an MGF other than MGF1 over the same hash")
        return int(params["salt_length"].native)
    return hashlib.new(digest).digest_size


def _load_key(spki: keys.PublicKeyInfo) -> Any:
    der = spki.dump()
    try:
        return serialization.load_der_public_key(der)
    except (ValueError, UnsupportedAlgorithm):
        pass
    algorithm = spki.algorithm
    if algorithm in ("rsa", "rsassa_pss"):
        # An RSA-PSS key (id-RSASSA-PSS SPKI) is an RSA key with usage limits.
        parsed = spki["public_key"].parsed
        numbers = rsa.RSAPublicNumbers(parsed["public_exponent"].native, parsed["modulus"].native)
        return numbers.public_key()
    if algorithm == "ec":
        return _EcdsaFallbackKey(der)
    raise SignatureError(f"public key type {algorithm} not supported")


class _EcdsaFallbackKey:
    """An EC key with explicit curve parameters, checked with python-ecdsa."""

    def __init__(self, der: bytes) -> None:
        import ecdsa

        try:
            self._key = ecdsa.VerifyingKey.from_der(
                der, valid_curve_encodings=("named_curve", "explicit")
            )
        except Exception as exc:  # python-ecdsa raises several unrelated types
            raise SignatureError("EC public key not usable") from exc

    def verify(self, signature: bytes, data: bytes, digest: str, plain: bool) -> bool:
        import ecdsa
        from ecdsa.util import sigdecode_der, sigdecode_string

        try:
            return bool(
                self._key.verify(
                    signature,
                    data,
                    hashfunc=getattr(hashlib, digest),
                    sigdecode=sigdecode_string if plain else sigdecode_der,
                )
            )
        except (ecdsa.BadSignatureError, ecdsa.der.UnexpectedDER, ValueError, AssertionError):
            return False


def _plain_to_der(signature: bytes) -> bytes:
    if not signature or len(signature) % 2:
        raise InvalidSignature
    half = len(signature) // 2
    r = int.from_bytes(signature[:half], "big")
    s = int.from_bytes(signature[half:], "big")
    return bytes(utils.encode_dss_signature(r, s))


def verify_signature(
    public_key_info: keys.PublicKeyInfo | bytes,
    algorithm: algos.SignedDigestAlgorithm,
    signature: bytes,
    data: bytes,
    *,
    digest_hint: str | None = None,
) -> bool:
    """True when ``signature`` over ``data`` verifies; False when it does not.

    Raises SignatureError when the algorithm or key cannot be used at all, so the caller can
    tell "wrong signature" from "cannot check".
    """
    if isinstance(public_key_info, bytes | bytearray):
        try:
            public_key_info = keys.PublicKeyInfo.load(bytes(public_key_info))
        except ValueError as exc:
            raise SignatureError("public key not parseable") from exc
    scheme, digest = describe(algorithm, digest_hint)
    try:
        key = _load_key(public_key_info)
    except (ValueError, TypeError, KeyError) as exc:
        raise SignatureError("public key not usable") from exc
    plain = scheme == "ecdsa-plain"
    try:
        if isinstance(key, _EcdsaFallbackKey):
            return key.verify(signature, data, digest, plain)
        if isinstance(key, ec.EllipticCurvePublicKey) and scheme in ("ecdsa", "ecdsa-plain"):
            der_sig = _plain_to_der(signature) if plain else signature
            key.verify(der_sig, data, ec.ECDSA(hash_algorithm(digest)))
            return True
        if isinstance(key, rsa.RSAPublicKey) and scheme == "rsa":
            key.verify(signature, data, padding.PKCS1v15(), hash_algorithm(digest))
            return True
        if isinstance(key, rsa.RSAPublicKey) and scheme == "rsa-pss":
            salt = _pss_salt(algorithm, digest)
            pss = padding.PSS(mgf=padding.MGF1(hash_algorithm(digest)), salt_length=salt)
            key.verify(signature, data, pss, hash_algorithm(digest))
            return True
    except InvalidSignature:
        return False
    except ValueError:
        # Malformed DER signature and similar: a signature that does not verify.
        return False
    raise SignatureError(f"{scheme} signature with a {type(key).__name__} key")
