"""The reference portal's catalogue bundles (GET /v1/catalogue/bundle), and the bad ones a
kiosk must refuse.

Bundles are built from a catalogue folder and signed with the portal's own Ed25519 key,
made on first use and kept in its data folder (`catalogue_signing_key.jwk`, mode 0600);
`public_key_setting()` is what a kiosk pins. Every published bundle is kept
(`catalogue-bundles/<version>.jws`), so an older one can be replayed; publishing the same
files again publishes nothing.

Faults (`catalogue=<kind>` in the fault spec, every bundle answer), each one thing wrong
with a bundle newer than the newest published, so that a refusal has one reason:

    tampered        a file changed after signing (its digest updated, the signature kept)
    truncated       the first half of the JWS, its Content-Length saying so (a broken cache)
    cut             the whole length announced, half sent, the connection closed
    replay          the oldest published bundle, whatever the kiosk has
    unsigned        a JWS with alg "none" and no signature
    bare            the payload as plain JSON
    wrong-key       signed by another key, named by its own kid
    forged-kid      signed by another key, naming the portal's kid
    invalid         signed properly, but a procedure file fails the catalogue schema
    bad-hash        signed properly, but one file's sha256 is not its content's
    other-province  signed properly, for another province
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jwcrypto.jwk import JWK

from kiosk.forms.catalogue_bundle import (
    MEDIA_TYPE,
    NOT_PROCEDURES,
    TYP,
    bundle_payload,
    catalogue_files,
    is_newer,
    new_signing_key,
    next_version,
    public_key_setting,
    sign_bundle,
    sign_payload,
    version_key,
)
from kiosk.portal_sim.faults import BUNDLE_FAULTS
from kiosk.portal_sim.store import Reply
from kiosk.sync.envelope import load_or_create_private_key

KEY_FILE = "catalogue_signing_key.jwk"
BUNDLES_DIR = "catalogue-bundles"
VN_TIME = timezone(timedelta(hours=7))


class CataloguePublisher:
    def __init__(self, data_dir: Path, province_code: int = 1,
                 now: Callable[[], datetime] = lambda: datetime.now(VN_TIME)) -> None:
        self.data_dir = Path(data_dir)
        self.province_code = province_code
        self.now = now
        self._dir = self.data_dir / BUNDLES_DIR
        self._key: JWK | None = None
        self._lock = threading.Lock()

    @property
    def key(self) -> JWK:
        with self._lock:
            if self._key is None:
                self._key = _load_or_create_key(self.data_dir / KEY_FILE)
            return self._key

    def public_key_setting(self) -> str:
        """The kiosk's `catalogue_signing_key` for this portal."""
        return public_key_setting(self.key)

    # --- publishing -------------------------------------------------------------------
    def versions(self) -> list[str]:
        """Published versions, oldest first."""
        if not self._dir.is_dir():
            return []
        names = [p.stem for p in self._dir.glob("*.jws")]
        return sorted(names, key=version_key)

    def newest(self) -> str | None:
        versions = self.versions()
        return versions[-1] if versions else None

    def bundle(self, version: str) -> bytes:
        version_key(version)
        return (self._dir / f"{version}.jws").read_bytes()

    def publish(self, directory: Path, version: str | None = None,
                files: dict[str, bytes] | None = None) -> str:
        """Sign the catalogue in `directory` (or these `files`) as the next version; the
        newest version as it is when its files are the same (and no version is asked)."""
        files = catalogue_files(directory) if files is None else files
        newest = self.newest()
        if version is None and newest is not None and self._files_of(newest) == files:
            return newest
        version = version or next_version(newest, self.now().date())
        data = sign_bundle(files, version, self.now(), self.province_code, self.key)
        self._dir.mkdir(parents=True, exist_ok=True)
        (self._dir / f"{version}.jws").write_bytes(data)
        return version

    def _files_of(self, version: str) -> dict[str, bytes]:
        return _files(_payload(self.bundle(version)))

    # --- GET /v1/catalogue/bundle -----------------------------------------------------
    def answer(self, query: dict[str, list[str]], fault: str | None) -> Reply:
        after = query["after"][0] if query.get("after") else None
        province = query["province"][0] if query.get("province") else str(self.province_code)
        if after is not None:
            try:
                version_key(after)
            except ValueError:
                return Reply(400, {"errors": [{"field": "after", "message": "not a version"}]})
        newest = self.newest()
        if newest is None or province != str(self.province_code):
            return Reply(404, {"errors": [{"field": None, "message": "no catalogue bundle"}]})
        if fault == "replay":
            return _jose(self.bundle(self.versions()[0]))
        if fault is None:
            if not is_newer(newest, after):
                return Reply(204)
            return _jose(self.bundle(newest))
        return self._faulty(fault, newest)

    def _faulty(self, fault: str, newest: str) -> Reply:
        if fault not in BUNDLE_FAULTS:
            raise ValueError(fault)
        files = self._files_of(newest)
        version = next_version(newest, self.now().date())
        issued = self.now()
        if fault == "invalid":
            files = _break_a_procedure(files)
        if fault == "other-province":
            return _jose(sign_bundle(files, version, issued, self.province_code + 1, self.key))
        payload = bundle_payload(files, version, issued, self.province_code)
        if fault == "bad-hash":
            payload["files"][-1]["sha256"] = hashlib.sha256(b"something else").hexdigest()
        if fault in ("invalid", "bad-hash"):
            return _jose(sign_payload(payload, self.key))
        if fault == "bare":
            return Reply(200, payload)
        if fault in ("wrong-key", "forged-kid"):
            other = new_signing_key()
            kid = self.key.thumbprint() if fault == "forged-kid" else other.thumbprint()
            return _jose(sign_payload(payload, other, {"alg": "EdDSA", "kid": kid,
                                                       "typ": TYP}))
        if fault == "unsigned":
            header = _b64url(json.dumps({"alg": "none", "typ": TYP}).encode())
            body = _b64url(json.dumps(payload).encode())
            return _jose(f"{header}.{body}.".encode())
        good = sign_payload(payload, self.key)
        if fault == "tampered":
            return _jose(_tamper(good))
        if fault == "truncated":
            return _jose(good[: len(good) // 2])
        assert fault == "cut"
        reply = _jose(good)
        reply.send_only = len(good) // 2
        return reply


def _jose(data: bytes) -> Reply:
    return Reply(200, data, {"Content-Type": MEDIA_TYPE, "Cache-Control": "no-store"})


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _payload(jws: bytes) -> dict[str, Any]:
    part = jws.split(b".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(part + b"=" * (-len(part) % 4))))


def _files(payload: dict[str, Any]) -> dict[str, bytes]:
    return {f["path"]: base64.b64decode(f["content"]) for f in payload["files"]}


def _procedure(files: dict[str, bytes]) -> str:
    return next(p for p in sorted(files) if "/" not in p and p not in NOT_PROCEDURES)


def _break_a_procedure(files: dict[str, bytes]) -> dict[str, bytes]:
    """A procedure without its names: the schema requires them."""
    path = _procedure(files)
    raw = json.loads(files[path])
    raw.pop("names", None)
    return {**files, path: json.dumps(raw, ensure_ascii=False).encode("utf-8")}


def _tamper(jws: bytes) -> bytes:
    """A procedure's fee changed in the payload, its size and digest made to match (what an
    attacker who cannot sign would do); header and signature as signed."""
    header, _, rest = jws.partition(b".")
    _, _, signature = rest.partition(b".")
    payload = _payload(jws)
    path = _procedure(_files(payload))
    for entry in payload["files"]:
        if entry["path"] == path:
            raw = json.loads(base64.b64decode(entry["content"]))
            raw["fee"] = {"kind": "fixed", "amount_vnd": 5_000_000, "basis": "tampered"}
            data = json.dumps(raw, ensure_ascii=False).encode("utf-8")
            entry.update(content=base64.b64encode(data).decode("ascii"), size=len(data),
                         sha256=hashlib.sha256(data).hexdigest())
    body = _b64url(json.dumps(payload, separators=(",", ":")).encode()).encode()
    return b".".join((header, body, signature))


def _load_or_create_key(path: Path) -> JWK:
    return load_or_create_private_key(path, make=new_signing_key)


__all__ = ["BUNDLE_FAULTS", "CataloguePublisher"]
