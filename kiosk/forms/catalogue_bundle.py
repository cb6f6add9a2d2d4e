"""The signed catalogue bundle: what the portal publishes at GET /v1/catalogue/bundle.

A bundle is a JWS compact serialization (RFC 7515) signed with EdDSA over Ed25519 (RFC 8037)
whose payload is JSON::

    {"format": "hanoi-kiosk-catalogue-bundle", "format_version": 1,
     "version": "2026.12.08.1", "issued_at": "2026-12-08T09:30:00+07:00",
     "province_code": 1,
     "files": [{"path": "1.001193.json", "size": 30605, "sha256": "<hex>",
                "content": "<base64 of the file's bytes>"}, ...]}

and whose protected header is ``{"alg": "EdDSA", "kid": <RFC 7638 thumbprint of the
signing key>, "typ": "hanoi-kiosk-catalogue+jws"}``. The kiosk pins the portal's public key
in its settings (``catalogue_signing_key``); it accepts no other algorithm, no other key, no
unsigned document and nothing it does not understand (``crit``). The private key never
reaches a kiosk: the portal (or the operator's `kiosk catalogue bundle --key`) signs.

`open_bundle` checks all of that and every file's path, size and digest, and answers a
`Bundle` or raises `BundleRefusedError` with a one-line reason. Whether the version is newer than
the installed one, and whether the catalogue inside validates, is kiosk/forms/
catalogue_store.py's part.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jwcrypto.common import JWException, json_encode
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

FORMAT = "hanoi-kiosk-catalogue-bundle"
FORMAT_VERSION = 1
ALG = "EdDSA"
CURVE = "Ed25519"
TYP = "hanoi-kiosk-catalogue+jws"
MEDIA_TYPE = "application/jose"
# The catalogue is about 0.3 MB today; a bundle carries it base64 twice (content, then the
# JWS payload), so 16 MiB leaves room for twenty times as many procedures and lists.
MAX_BUNDLE_BYTES = 16 * 1024 * 1024
MAX_FILES = 1000
MAX_FILE_BYTES = 2 * 1024 * 1024
# What a catalogue folder holds (docs/catalogue.md): procedure files and the schemas at the
# top, shared choice lists and province overrides one level down. Nothing else is written.
_PATH = re.compile(r"(?:(?:lists|overrides)/)?[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json")
_VERSION = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})\.(\d{1,6})")
_SHA256 = re.compile(r"[0-9a-f]{64}")
REQUIRED_FILES = ("schema.json",)
NOT_PROCEDURES = frozenset({"schema.json", "overrides.schema.json", "lists.schema.json"})


class BundleRefusedError(Exception):
    """The bundle is not installed. `reason` is a stable word for logs and tests (malformed,
    unsigned, algorithm, key, signature, payload, province, hash, replay, invalid, size);
    `detail` one line saying what is wrong, without personal data (a catalogue has none)."""

    def __init__(self, reason: str, detail: str, version: str | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.version = version


class SigningKeyError(ValueError):
    """`catalogue_signing_key` (or a --key file) does not hold a usable Ed25519 key."""


@dataclass(frozen=True)
class PinnedKey:
    """The portal's public key the kiosk trusts for bundles, and its thumbprint (the `kid`
    a bundle must name)."""

    jwk: JWK
    kid: str

    @classmethod
    def from_setting(cls, text: str) -> PinnedKey:
        """A public Ed25519 key as a JWK (JSON) or a PEM `PUBLIC KEY`. A private key is
        refused: a kiosk must never hold what signs its own catalogue."""
        text = text.strip()
        try:
            if text.startswith("-----BEGIN"):
                if "PRIVATE" in text.split("\n", 1)[0]:
                    raise SigningKeyError("a private key: pin the public key only")
                key = JWK.from_pem(text.encode("ascii"))
            else:
                raw = json.loads(text)
                if not isinstance(raw, dict):
                    raise SigningKeyError("not a JWK object")
                if "d" in raw:
                    raise SigningKeyError("a private key: pin the public key only")
                key = JWK(**raw)
        except SigningKeyError:
            raise
        except (JWException, ValueError, TypeError, UnicodeEncodeError) as exc:
            raise SigningKeyError(f"not a JWK or PEM public key ({type(exc).__name__})"
                                  ) from exc
        _require_ed25519(key)
        if key.has_private:
            raise SigningKeyError("a private key: pin the public key only")
        return cls(key, key.thumbprint())


def _require_ed25519(key: JWK) -> None:
    params = key.export_public(as_dict=True)
    if params.get("kty") != "OKP" or params.get("crv") != CURVE:
        raise SigningKeyError(f"not an {CURVE} key (kty {params.get('kty')}, "
                              f"crv {params.get('crv')})")


def load_signing_key(path: Path) -> JWK:
    """The private Ed25519 key that signs bundles: a JWK file or a PEM `PRIVATE KEY`
    (`openssl genpkey -algorithm ed25519 -out key.pem`). For the portal and its operators."""
    try:
        data = path.read_bytes()
        key = JWK.from_pem(data) if data.lstrip().startswith(b"-----BEGIN") else \
            JWK.from_json(data.decode("utf-8"))
    except (JWException, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise SigningKeyError(f"{path}: not a JWK or PEM private key "
                              f"({type(exc).__name__})") from exc
    _require_ed25519(key)
    if not key.has_private:
        raise SigningKeyError(f"{path}: a public key cannot sign")
    return key


def new_signing_key() -> JWK:
    return JWK.generate(kty="OKP", crv=CURVE)


def public_key_setting(key: JWK) -> str:
    """What to put in a kiosk's `catalogue_signing_key` for bundles signed by `key`."""
    return key.export_public()


# Versions ----------------------------------------------------------------------------


def version_key(version: str) -> tuple[date, int]:
    """`YYYY.MM.DD.N` as a sortable key: the day it was made, then its number that day.
    Raises ValueError for anything else (a version is also a folder name on the kiosk)."""
    m = _VERSION.fullmatch(version)
    try:
        if not m:
            raise ValueError(version)
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), int(m.group(4))
    except ValueError:
        raise ValueError(f"version {version!r} is not YYYY.MM.DD.N") from None


def is_newer(version: str, than: str | None) -> bool:
    return than is None or version_key(version) > version_key(than)


def next_version(previous: str | None, today: date) -> str:
    """The version after `previous` made on `today`: today's first, or the next number of
    the newest day (a clock set back never makes a version that sorts lower)."""
    day, number = today, 1
    if previous is not None:
        last_day, last_number = version_key(previous)
        if last_day >= today:
            day, number = last_day, last_number + 1
    return f"{day:%Y.%m.%d}.{number}"


# Building and signing (portal side) --------------------------------------------------


def catalogue_files(directory: Path) -> dict[str, bytes]:
    """Every file of a catalogue folder that a bundle carries, by its relative path."""
    out: dict[str, bytes] = {}
    for pattern in ("*.json", "lists/*.json", "overrides/*.json"):
        for path in sorted(directory.glob(pattern)):
            if path.is_file():
                out[path.relative_to(directory).as_posix()] = path.read_bytes()
    return out


def bundle_payload(files: Mapping[str, bytes], version: str, issued_at: datetime,
                   province_code: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": version,
        "issued_at": issued_at.isoformat(timespec="seconds"),
        "province_code": province_code,
        "files": [
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
             "content": base64.b64encode(data).decode("ascii")}
            for path, data in sorted(files.items())
        ],
    }


def sign_payload(payload: Mapping[str, Any] | bytes, key: JWK,
                 header: Mapping[str, Any] | None = None) -> bytes:
    """A JWS compact serialization of `payload` signed by `key` (header overridable for the
    reference portal's faults)."""
    body = payload if isinstance(payload, bytes) else json.dumps(
        payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    jws = JWS(body)
    jws.add_signature(key, None, json_encode(
        dict(header) if header is not None else {"alg": ALG, "kid": key.thumbprint(),
                                                 "typ": TYP}))
    return str(jws.serialize(compact=True)).encode("ascii")


def sign_bundle(files: Mapping[str, bytes], version: str, issued_at: datetime,
                province_code: int, key: JWK) -> bytes:
    version_key(version)  # a malformed version is refused here, not by every kiosk
    if issued_at.tzinfo is None:
        raise ValueError("issued_at needs a time zone")
    _require_ed25519(key)
    return sign_payload(bundle_payload(files, version, issued_at, province_code), key)


# Opening (kiosk side) ------------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """A bundle whose signature, key, payload and file digests were checked."""

    version: str
    issued_at: datetime
    province_code: int
    kid: str
    files: dict[str, bytes] = field(repr=False)
    digests: dict[str, str] = field(repr=False)  # path -> sha256 hex, as signed
    raw: bytes = field(repr=False)  # the JWS as received, kept beside the unpacked files


def open_bundle(data: bytes, pinned: PinnedKey, province_code: int) -> Bundle:
    """Check `data` (the body of GET /v1/catalogue/bundle) and unpack it in memory."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRefusedError("size", f"{len(data)} bytes, more than {MAX_BUNDLE_BYTES}")
    try:
        text = data.decode("ascii").strip()
    except UnicodeDecodeError:
        raise BundleRefusedError("malformed", "not a JWS compact serialization "
                                              "(bytes outside ASCII)") from None
    if text.startswith("{"):
        raise BundleRefusedError("unsigned", "a bare JSON document, not a signed JWS")
    parts = text.split(".")
    if len(parts) != 3:
        raise BundleRefusedError("malformed", f"not a JWS compact serialization ({len(parts)} "
                                              "parts instead of 3: truncated?)")
    header = _header(parts[0])
    alg = header.get("alg")
    if alg is None or str(alg).lower() == "none" or not parts[2]:
        raise BundleRefusedError("unsigned", f"unsigned (alg {alg!r}, "
                                             f"{'no' if not parts[2] else 'a'} signature)")
    if alg != ALG:
        raise BundleRefusedError("algorithm", f"algorithm {alg!r} is not the pinned {ALG}")
    if header.get("typ") != TYP:
        raise BundleRefusedError("malformed", f"typ {header.get('typ')!r} is not {TYP!r}")
    if "crit" in header or header.get("b64") is False:
        raise BundleRefusedError("malformed", "critical header extensions are not understood")
    kid = header.get("kid")
    if kid != pinned.kid:
        raise BundleRefusedError("key", f"signed by key {_short(kid)}, not the pinned key "
                                        f"{_short(pinned.kid)}")
    jws = JWS()
    jws.allowed_algs = [ALG]
    try:
        jws.deserialize(text)
        jws.verify(pinned.jwk)
    except (JWException, ValueError, TypeError) as exc:
        raise BundleRefusedError("signature", "the signature does not verify with the pinned key "
                                              f"(tampered or truncated; {type(exc).__name__})"
                                 ) from None
    return _unpack(jws.payload, kid, province_code, data)


def _short(kid: object) -> str:
    # A kid is 43 base64url characters; the logs' redaction masks long blobs, and eight
    # characters tell two keys apart for a technician.
    return f"{kid[:8]}…" if isinstance(kid, str) and kid else repr(kid)


def _header(part: str) -> dict[str, Any]:
    try:
        header = json.loads(_b64url(part))
    except (ValueError, binascii.Error):
        raise BundleRefusedError("malformed", "the JWS header is not base64url JSON") from None
    if not isinstance(header, dict):
        raise BundleRefusedError("malformed", "the JWS header is not a JSON object")
    return header


def _b64url(part: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", part):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _unpack(payload: bytes, kid: str, province_code: int, raw: bytes) -> Bundle:
    try:
        body = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise BundleRefusedError("payload", "the signed payload is not JSON") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise BundleRefusedError("payload", f"the signed payload is not a {FORMAT}")
    if body.get("format_version") != FORMAT_VERSION:
        raise BundleRefusedError("payload", f"format_version {body.get('format_version')!r} is "
                                            f"not {FORMAT_VERSION}")
    version = body.get("version")
    try:
        version_key(version if isinstance(version, str) else "")
        issued_at = datetime.fromisoformat(body.get("issued_at", ""))
    except (ValueError, TypeError):
        raise BundleRefusedError("payload", "version or issued_at malformed") from None
    if issued_at.tzinfo is None:
        raise BundleRefusedError("payload", "issued_at has no time zone", version)
    assert isinstance(version, str)
    if body.get("province_code") != province_code:
        raise BundleRefusedError("province", f"made for province {body.get('province_code')!r}, "
                                             f"this kiosk serves {province_code}", version)
    files, digests = _files(body.get("files"), version)
    return Bundle(version, issued_at, province_code, kid, files, digests, raw)


def _files(entries: object, version: str) -> tuple[dict[str, bytes], dict[str, str]]:
    if not isinstance(entries, list) or not 0 < len(entries) <= MAX_FILES:
        raise BundleRefusedError("payload", "files must be a list of 1 to "
                                            f"{MAX_FILES} entries", version)
    files: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise BundleRefusedError("payload", "a files entry is not an object", version)
        path, digest, size = entry.get("path"), entry.get("sha256"), entry.get("size")
        if not isinstance(path, str) or not _PATH.fullmatch(path) or ".." in path:
            raise BundleRefusedError("payload", f"file path {str(path)[:80]!r} is not a "
                                                "catalogue file", version)
        if path in files:
            raise BundleRefusedError("payload", f"{path} appears twice", version)
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest) \
                or not isinstance(size, int) or not 0 <= size <= MAX_FILE_BYTES:
            raise BundleRefusedError("payload", f"{path}: size or sha256 malformed", version)
        try:
            data = base64.b64decode(entry.get("content", ""), validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise BundleRefusedError("payload", f"{path}: content is not base64", version
                                     ) from None
        if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            raise BundleRefusedError("hash", f"{path}: content does not match its size and "
                                             "sha-256", version)
        files[path] = data
        digests[path] = digest
    missing = [name for name in REQUIRED_FILES if name not in files]
    if missing:
        raise BundleRefusedError("payload", f"no {', '.join(missing)}", version)
    if not any("/" not in p and p not in NOT_PROCEDURES for p in files):
        # A signed but empty catalogue would leave the kiosk offering nothing.
        raise BundleRefusedError("payload", "no procedure file", version)
    return files, digests
