"""End-to-end encryption of dossiers: JWE compact, RSA-OAEP-256 + A256GCM, kid = portal key.

The kiosk keeps the portal's public key (from GET /v1/keys/dossier) in its data dir and
encrypts the payload and every attachment when the citizen confirms; only the portal, holding
the private key, can read them. The private-key half (generate, load, decrypt) is for the
reference portal.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jwcrypto import jwe
from jwcrypto.common import JWException, base64url_decode
from jwcrypto.jwk import JWK

from kiosk.data_dir import fsync_dir
from kiosk.sync.blobs import write_small_file

ALG = "RSA-OAEP-256"
ENC = "A256GCM"
MIN_RSA_BITS = 2048
CACHE_FILE = "portal_key.json"


class EnvelopeError(ValueError):
    """A key or a JWE that cannot be used (not citizen-facing: the portal's or a bug)."""


@dataclass(frozen=True)
class PortalKey:
    kid: str
    jwk: dict[str, Any]  # public RSA key as published by the portal

    @classmethod
    def from_response(cls, body: Any) -> PortalKey:
        """Validate the body of GET /v1/keys/dossier."""
        if not isinstance(body, dict) or not isinstance(body.get("jwk"), dict):
            raise EnvelopeError("key response lacks a jwk object")
        kid = body.get("kid")
        if not isinstance(kid, str) or not kid:
            raise EnvelopeError("key response lacks a kid")
        key = cls(kid=kid, jwk=dict(body["jwk"]))
        public = key.public_jwk()
        if public.get("kty") != "RSA":
            raise EnvelopeError("portal key is not RSA")
        n = public.export_public(as_dict=True)["n"]
        bits = len(base64url_decode(n)) * 8
        if bits < MIN_RSA_BITS:
            raise EnvelopeError(f"portal RSA key too short ({bits} bits)")
        return key

    def public_jwk(self) -> JWK:
        try:
            key = JWK(**self.jwk)
        except (JWException, ValueError, TypeError) as exc:
            raise EnvelopeError(f"unusable portal key: {exc}") from exc
        if key.has_private:
            # Never keep a private key on the kiosk, even if a portal sent one by mistake.
            key = JWK(**key.export_public(as_dict=True))
        return key


def encrypt(data: bytes, key: PortalKey, content_type: str | None = None) -> bytes:
    """JWE compact serialization (ASCII bytes) of `data` for the portal key."""
    header: dict[str, str] = {"alg": ALG, "enc": ENC, "kid": key.kid}
    if content_type:
        header["cty"] = content_type
    token = jwe.JWE(data, protected=json.dumps(header, sort_keys=True))
    token.add_recipient(key.public_jwk())
    return str(token.serialize(compact=True)).encode("ascii")


def decrypt(compact: bytes | str, private_key: JWK) -> tuple[bytes, dict[str, Any]]:
    """(plaintext, protected header) of a JWE made by `encrypt` (portal side)."""
    text = compact.decode("ascii") if isinstance(compact, bytes) else compact
    token = jwe.JWE()
    try:
        token.deserialize(text, key=private_key)
    except (JWException, ValueError, UnicodeDecodeError) as exc:
        raise EnvelopeError(f"cannot decrypt: {type(exc).__name__}") from exc
    header = dict(token.jose_header)
    if header.get("alg") != ALG or header.get("enc") != ENC:
        raise EnvelopeError("unexpected JWE algorithms")
    return bytes(token.payload), header


def load_cached_key(directory: Path) -> PortalKey | None:
    path = directory / CACHE_FILE
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # a damaged cache is refetched from the portal
    try:
        return PortalKey.from_response(body)
    except EnvelopeError:
        return None


def save_cached_key(directory: Path, key: PortalKey) -> None:
    data = json.dumps({"kid": key.kid, "jwk": key.jwk}, sort_keys=True).encode()
    write_small_file(directory, CACHE_FILE, data)


def clear_cached_key(directory: Path) -> None:
    try:
        (directory / CACHE_FILE).unlink()
    except FileNotFoundError:
        return
    fsync_dir(directory)


def load_or_create_private_key(path: Path, bits: int = 3072,
                               make: Callable[[], JWK] | None = None) -> JWK:
    """A portal's key pair (private JWK JSON, mode 0600), created on first use: by default
    its dossier-encryption key (RSA of `bits`), or what `make` makes (the catalogue
    signing key)."""
    if path.exists():
        return JWK.from_json(path.read_text(encoding="utf-8"))
    if make is not None:
        key = make()
    else:
        key = JWK.generate(kty="RSA", size=bits, use="enc", alg=ALG)
        key = JWK(**{**key.export_private(as_dict=True), "kid": key.thumbprint()})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.export_private().encode())
    finally:
        os.close(fd)
    return key


def published_key(private_key: JWK) -> dict[str, Any]:
    """Body of GET /v1/keys/dossier for a key pair."""
    public = private_key.export_public(as_dict=True)
    return {"kid": public.get("kid") or private_key.thumbprint(), "jwk": public}
