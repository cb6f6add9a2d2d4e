"""Trust store loading and the signature primitives behind passive authentication."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import algos, cms, core, keys, x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

from kiosk.devices.card.lds import TrustStoreError, load_trust_store, passive_authenticate
from kiosk.devices.card.lds.signature import SignatureError, verify_signature
from kiosk.devices.card.lds.trust_store import MASTER_LIST_OID, CscaMasterList
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.lds_builder import build_card_files
from kiosk.devices.simulator.pki import TestPKI, demo_pki, demo_trust_dir, other_pki


def _der(pki: TestPKI) -> bytes:
    return pki.csca_cert.public_bytes(serialization.Encoding.DER)


def test_demo_files_and_readme_exist() -> None:
    folder = demo_trust_dir()
    for name in ("demo-csca.pem", "demo-dsc.pem", "demo-dsc-key.pem", "README.md"):
        assert (folder / name).is_file(), name
    assert "never trust" in (folder / "README.md").read_text().lower()
    assert b"PRIVATE KEY" not in (folder / "demo-csca.pem").read_bytes()


def test_directory_keeps_only_ca_certificates() -> None:
    store = load_trust_store(demo_trust_dir())
    assert len(store) == 1  # the DSC and its key are skipped
    assert store.certificates[0].subject.native["common_name"] == "CSCA Viet Nam DEMO"


def test_pem_bundle_and_der(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(demo_pki().csca_pem + b"\n" + other_pki().csca_pem)
    assert len(load_trust_store(bundle)) == 2
    der = tmp_path / "other.cer"
    der.write_bytes(_der(other_pki()))
    assert len(load_trust_store(der)) == 1


def test_master_list(tmp_path: Path) -> None:
    certs = [x509.Certificate.load(_der(p)) for p in (demo_pki(), other_pki())]
    content = CscaMasterList({"version": 0, "cert_list": certs}).dump()
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {"content_type": MASTER_LIST_OID, "content": content},
            "signer_infos": [],
        }
    )
    ml = tmp_path / "VN_masterlist.ml"
    ml.write_bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())
    store = load_trust_store(ml)
    assert len(store) == 2
    files = build_card_files(demo_citizen(), demo_pki())
    assert passive_authenticate(files, store).valid


def test_directory_skips_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "junk.pem").write_bytes(
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    (tmp_path / "good.pem").write_bytes(demo_pki().csca_pem)
    (tmp_path / "notes.txt").write_text("ignored")
    assert len(load_trust_store(tmp_path)) == 1


def test_unreadable_single_file_and_missing_path(tmp_path: Path) -> None:
    junk = tmp_path / "junk.der"
    junk.write_bytes(b"\x30\x03\x02\x01\x01")
    with pytest.raises(TrustStoreError) as info:
        load_trust_store(junk)
    assert info.value.message_vi and info.value.message_en
    with pytest.raises(TrustStoreError) as info:
        load_trust_store(tmp_path / "absent")
    assert info.value.code == "trust_path_missing"


# --- signatures -------------------------------------------------------------------------


def _explicit_spki(key: ec.EllipticCurvePublicKey) -> keys.PublicKeyInfo:
    """The same P-256 key, written with explicit curve parameters as many CSCAs do."""
    p = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
    a = p - 3
    b = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
    gx = 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296
    gy = 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    domain = keys.SpecifiedECDomain(
        {
            "version": "ecdpVer1",
            "field_id": {"field_type": "prime_field", "parameters": core.Integer(p)},
            "curve": {"a": a.to_bytes(32, "big"), "b": b.to_bytes(32, "big")},
            "base": b"\x04" + gx.to_bytes(32, "big") + gy.to_bytes(32, "big"),
            "order": n,
            "cofactor": 1,
        }
    )
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return keys.PublicKeyInfo(
        {
            "algorithm": {
                "algorithm": "ec",
                "parameters": keys.ECDomainParameters("specified", domain),
            },
            "public_key": point,
        }
    )


@pytest.mark.parametrize("cryptography_refuses", [False, True])
def test_explicit_curve_parameters(
    cryptography_refuses: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This cryptography build maps explicit P-256 to the named curve; others refuse explicit
    # parameters outright, which the python-ecdsa fallback covers.
    from kiosk.devices.card.lds import signature

    if cryptography_refuses:

        def refuse(data: bytes) -> None:
            raise ValueError("explicit parameters not supported")

        monkeypatch.setattr(signature.serialization, "load_der_public_key", refuse)
    key = ec.generate_private_key(ec.SECP256R1())
    spki = _explicit_spki(key.public_key())
    loaded = signature._load_key(spki)
    assert isinstance(loaded, signature._EcdsaFallbackKey) == cryptography_refuses
    data = b"LDS security object"
    signed = key.sign(data, ec.ECDSA(hashes.SHA256()))
    algorithm = algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"})
    assert verify_signature(spki, algorithm, signed, data)
    assert not verify_signature(spki, algorithm, signed, data + b"!")
    assert not verify_signature(spki, algorithm, b"\x30\x00", data)
    r, s = utils.decode_dss_signature(signed)
    plain = algos.SignedDigestAlgorithm({"algorithm": "0.4.0.127.0.7.1.1.4.1.3"})
    assert verify_signature(spki, plain, r.to_bytes(32, "big") + s.to_bytes(32, "big"), data)


def test_ecdsa_plain_signature() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    data = b"payload"
    r, s = utils.decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    plain = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    algorithm = algos.SignedDigestAlgorithm({"algorithm": "0.4.0.127.0.7.1.1.4.1.3"})
    assert verify_signature(spki, algorithm, plain, data)
    # Flip a bit (not "set the last byte to 0": 1 signature in 256 already ends in 0x00).
    assert not verify_signature(spki, algorithm, plain[:-1] + bytes([plain[-1] ^ 1]), data)


def test_bare_rsa_encryption_uses_the_digest_hint() -> None:
    signer = TestPKI.generate(scheme="rsa")
    data = b"signed attributes"
    signature = signer.sign(data, "sha256")
    spki = signer.dsc_cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    algorithm = algos.SignedDigestAlgorithm({"algorithm": "rsassa_pkcs1v15"})
    assert verify_signature(spki, algorithm, signature, data, digest_hint="sha256")
    with pytest.raises(SignatureError):
        verify_signature(spki, algorithm, signature, data)
    # An RSA key cannot check an ECDSA signature: "cannot check", not "bad signature".
    with pytest.raises(SignatureError):
        verify_signature(
            spki, algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}), signature, data
        )
