"""JWE envelopes: RSA-OAEP-256 + A256GCM with the portal key id; key checks and cache."""

from __future__ import annotations

import json

import pytest
from jwcrypto.jwk import JWK

from kiosk.sync import envelope


@pytest.fixture(scope="module")
def private(tmp_path_factory):
    return envelope.load_or_create_private_key(tmp_path_factory.mktemp("k") / "p.jwk", bits=2048)


def test_round_trip_with_kid_and_algorithms(private):
    key = envelope.PortalKey.from_response(envelope.published_key(private))
    compact = envelope.encrypt("Nguyễn Văn An".encode(), key, "application/json")
    assert compact.count(b".") == 4 and b"Nguy" not in compact
    data, header = envelope.decrypt(compact, private)
    assert data.decode() == "Nguyễn Văn An"
    assert header == {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": key.kid,
                      "cty": "application/json"}
    # Each encryption is fresh (random CEK and IV): the kiosk makes it once and keeps it.
    assert envelope.encrypt(b"x", key) != envelope.encrypt(b"x", key)


def test_wrong_key_cannot_decrypt(private):
    key = envelope.PortalKey.from_response(envelope.published_key(private))
    other = JWK.generate(kty="RSA", size=2048)
    with pytest.raises(envelope.EnvelopeError):
        envelope.decrypt(envelope.encrypt(b"secret", key), other)


def test_key_validation(private):
    with pytest.raises(envelope.EnvelopeError):
        envelope.PortalKey.from_response({"kid": "k"})
    short = JWK.generate(kty="RSA", size=1024)
    with pytest.raises(envelope.EnvelopeError):
        envelope.PortalKey.from_response({"kid": "k", "jwk": short.export_public(as_dict=True)})
    ec = JWK.generate(kty="EC", crv="P-256")
    with pytest.raises(envelope.EnvelopeError):
        envelope.PortalKey.from_response({"kid": "k", "jwk": ec.export_public(as_dict=True)})
    # A private key sent by mistake is used as a public one only.
    leaked = envelope.PortalKey.from_response(
        {"kid": "k", "jwk": json.loads(private.export_private())})
    assert not leaked.public_jwk().has_private


def test_cache_survives_and_a_damaged_cache_is_ignored(private, tmp_path):
    key = envelope.PortalKey.from_response(envelope.published_key(private))
    assert envelope.load_cached_key(tmp_path) is None
    envelope.save_cached_key(tmp_path, key)
    assert envelope.load_cached_key(tmp_path) == key
    (tmp_path / envelope.CACHE_FILE).write_text("{not json")
    assert envelope.load_cached_key(tmp_path) is None
    envelope.clear_cached_key(tmp_path)
    assert not (tmp_path / envelope.CACHE_FILE).exists()
