"""The signed catalogue bundle's format (kiosk/forms/catalogue_bundle.py): what the kiosk
accepts is signed with the pinned Ed25519 key, names that key, and carries catalogue files
whose digests match; everything else is refused with its reason."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from jwcrypto.common import json_encode
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

from kiosk.forms.catalogue_bundle import (
    MAX_BUNDLE_BYTES,
    TYP,
    BundleRefusedError,
    PinnedKey,
    SigningKeyError,
    bundle_payload,
    is_newer,
    load_signing_key,
    new_signing_key,
    next_version,
    open_bundle,
    public_key_setting,
    sign_bundle,
    sign_payload,
    version_key,
)

VN = timezone(timedelta(hours=7))
ISSUED = datetime(2026, 12, 8, 9, 30, tzinfo=VN)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def refused(data: bytes, pinned: PinnedKey, province: int = 1) -> BundleRefusedError:
    with pytest.raises(BundleRefusedError) as info:
        open_bundle(data, pinned, province)
    return info.value


def test_a_signed_bundle_opens_with_every_file_byte_for_byte(
        key: JWK, pinned: PinnedKey, files: dict[str, bytes]) -> None:
    data = sign_bundle(files, "2026.12.08.1", ISSUED, 1, key)
    bundle = open_bundle(data, pinned, 1)
    assert (bundle.version, bundle.issued_at, bundle.province_code) == (
        "2026.12.08.1", ISSUED, 1)
    assert bundle.files == files
    assert bundle.digests == {p: hashlib.sha256(d).hexdigest() for p, d in files.items()}
    assert bundle.kid == pinned.kid == key.thumbprint()
    # Every kind of catalogue file travels: procedures, schemas, lists, overrides.
    assert {"schema.json", "overrides.schema.json", "lists.schema.json", "overrides/1.json",
            "1.001193.json", "lists/genders.json"} <= set(bundle.files)


def test_a_changed_byte_breaks_the_signature(key: JWK, pinned: PinnedKey,
                                             files: dict[str, bytes]) -> None:
    data = sign_bundle(files, "2026.12.08.1", ISSUED, 1, key)
    header, payload, signature = data.split(b".")
    body = json.loads(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
    entry = body["files"][0]
    content = base64.b64decode(entry["content"]).replace(b"\"", b"'", 1)
    entry.update(content=base64.b64encode(content).decode(), size=len(content),
                 sha256=hashlib.sha256(content).hexdigest())
    tampered = b".".join((header, b64url(json.dumps(body).encode()).encode(), signature))
    assert refused(tampered, pinned).reason == "signature"


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.999])
def test_a_truncated_bundle_is_refused(key: JWK, pinned: PinnedKey, files: dict[str, bytes],
                                       cut: float) -> None:
    data = sign_bundle(files, "2026.12.08.1", ISSUED, 1, key)
    assert refused(data[: int(len(data) * cut)], pinned).reason in ("malformed", "signature")


def test_unsigned_bundles_are_refused(pinned: PinnedKey, files: dict[str, bytes]) -> None:
    payload = json.dumps(bundle_payload(files, "2026.12.08.1", ISSUED, 1)).encode()
    none = f"{b64url(json.dumps({'alg': 'none', 'typ': TYP}).encode())}.{b64url(payload)}."
    assert refused(none.encode(), pinned).reason == "unsigned"
    # alg none with the pinned kid and a made-up signature: still unsigned.
    header = {"alg": "none", "typ": TYP, "kid": pinned.kid}
    fake = f"{b64url(json.dumps(header).encode())}.{b64url(payload)}.{b64url(b'x' * 64)}"
    assert refused(fake.encode(), pinned).reason == "unsigned"
    assert refused(payload, pinned).reason == "unsigned"  # bare JSON


def test_only_the_pinned_algorithm(pinned: PinnedKey, files: dict[str, bytes]) -> None:
    secret = JWK.generate(kty="oct", size=256)
    payload = json.dumps(bundle_payload(files, "2026.12.08.1", ISSUED, 1)).encode()
    jws = JWS(payload)
    jws.add_signature(secret, None, json_encode({"alg": "HS256", "kid": pinned.kid,
                                                 "typ": TYP}))
    err = refused(jws.serialize(compact=True).encode(), pinned)
    assert err.reason == "algorithm"
    assert "HS256" in err.detail


def test_another_key_is_refused_by_kid_and_by_signature(
        key: JWK, pinned: PinnedKey, files: dict[str, bytes]) -> None:
    other = new_signing_key()
    assert refused(sign_bundle(files, "2026.12.08.1", ISSUED, 1, other), pinned).reason == "key"
    forged = sign_payload(bundle_payload(files, "2026.12.08.1", ISSUED, 1), other,
                          {"alg": "EdDSA", "kid": pinned.kid, "typ": TYP})
    assert refused(forged, pinned).reason == "signature"


def test_a_digest_that_does_not_match_is_refused(key: JWK, pinned: PinnedKey,
                                                 files: dict[str, bytes]) -> None:
    payload = bundle_payload(files, "2026.12.08.1", ISSUED, 1)
    payload["files"][3]["sha256"] = hashlib.sha256(b"other").hexdigest()
    err = refused(sign_payload(payload, key), pinned)
    assert (err.reason, err.version) == ("hash", "2026.12.08.1")
    assert payload["files"][3]["path"] in err.detail


@pytest.mark.parametrize("path", ["../1.001193.json", "/etc/passwd.json", "lists/../x.json",
                                  "a/b/c.json", "1.001193.py", "overrides/x/1.json", ".json",
                                  "lists\\x.json"])
def test_file_paths_stay_inside_the_catalogue(key: JWK, pinned: PinnedKey,
                                              files: dict[str, bytes], path: str) -> None:
    err = refused(sign_bundle({**files, path: b"{}"}, "2026.12.08.1", ISSUED, 1, key), pinned)
    assert err.reason == "payload"
    assert "not a catalogue file" in err.detail


def test_another_province_is_refused(key: JWK, pinned: PinnedKey,
                                     files: dict[str, bytes]) -> None:
    data = sign_bundle(files, "2026.12.08.1", ISSUED, 79, key)
    assert refused(data, pinned, 1).reason == "province"
    assert open_bundle(data, pinned, 79).province_code == 79


def test_a_catalogue_without_procedures_or_schema_is_refused(
        key: JWK, pinned: PinnedKey, files: dict[str, bytes]) -> None:
    schemas = {p: d for p, d in files.items() if p.endswith("schema.json") or "/" in p}
    assert "no procedure" in refused(sign_bundle(schemas, "2026.12.08.1", ISSUED, 1, key),
                                     pinned).detail
    no_schema = {p: d for p, d in files.items() if p != "schema.json"}
    assert "schema.json" in refused(sign_bundle(no_schema, "2026.12.08.1", ISSUED, 1, key),
                                    pinned).detail


@pytest.mark.parametrize("change", [
    {"format": "something-else"}, {"format_version": 2}, {"version": "8 December"},
    {"issued_at": "2026-12-08T09:30:00"}, {"files": []}, {"files": "none"},
])
def test_a_payload_that_is_not_a_bundle_is_refused(key: JWK, pinned: PinnedKey,
                                                   files: dict[str, bytes],
                                                   change: dict[str, Any]) -> None:
    payload = {**bundle_payload(files, "2026.12.08.1", ISSUED, 1), **change}
    assert refused(sign_payload(payload, key), pinned).reason == "payload"


def test_a_bundle_larger_than_the_limit_is_refused_unread(pinned: PinnedKey) -> None:
    assert refused(b"e" * (MAX_BUNDLE_BYTES + 1), pinned).reason == "size"


def test_the_pinned_key_is_public_ed25519_only(key: JWK) -> None:
    public = PinnedKey.from_setting(public_key_setting(key))
    from_pem = PinnedKey.from_setting(key.export_to_pem().decode())
    assert public.kid == from_pem.kid == key.thumbprint()
    for text in (key.export_private(), key.export_to_pem(private_key=True, password=None)
                 .decode(), JWK.generate(kty="EC", crv="P-256").export_public(),
                 JWK.generate(kty="RSA", size=2048).export_public(), "not a key", "[1]"):
        with pytest.raises(SigningKeyError):
            PinnedKey.from_setting(text)


def test_signing_keys_load_from_jwk_and_pem(tmp_path: Any, key: JWK) -> None:
    jwk_file = tmp_path / "key.jwk"
    jwk_file.write_text(key.export_private())
    pem_file = tmp_path / "key.pem"
    pem_file.write_bytes(key.export_to_pem(private_key=True, password=None))
    assert load_signing_key(jwk_file).thumbprint() == load_signing_key(pem_file).thumbprint()
    public_file = tmp_path / "public.jwk"
    public_file.write_text(key.export_public())
    with pytest.raises(SigningKeyError, match="cannot sign"):
        load_signing_key(public_file)


def test_versions_sort_by_day_then_number() -> None:
    assert version_key("2026.12.08.10") > version_key("2026.12.08.9")
    assert version_key("2027.01.01.1") > version_key("2026.12.31.99")
    assert is_newer("2026.12.08.2", "2026.12.08.1")
    assert not is_newer("2026.12.08.1", "2026.12.08.1")
    assert not is_newer("2026.12.07.5", "2026.12.08.1")
    assert is_newer("2026.12.08.1", None)
    for bad in ("2026.13.01.1", "2026.12.08", "2026-12-08-1", "../2026.12.08.1", ""):
        with pytest.raises(ValueError, match=r"is not YYYY\.MM\.DD\.N"):
            version_key(bad)


def test_next_version_never_sorts_lower() -> None:
    today = date(2026, 12, 8)
    assert next_version(None, today) == "2026.12.08.1"
    assert next_version("2026.12.08.1", today) == "2026.12.08.2"
    assert next_version("2026.12.01.4", today) == "2026.12.08.1"
    # A portal whose clock went back keeps counting from its newest day.
    assert next_version("2026.12.09.3", today) == "2026.12.09.4"
