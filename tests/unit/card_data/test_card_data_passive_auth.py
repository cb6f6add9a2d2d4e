"""Every passive authentication outcome: valid, invalid (each check), untrusted, unavailable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from asn1crypto import cms

from kiosk.devices.card.lds import PassiveStatus, TrustStore, load_trust_store, passive_authenticate
from kiosk.devices.card.lds.tlv import encode_tlv, parse_file
from kiosk.devices.simulator.citizens import CitizenRecord
from kiosk.devices.simulator.lds_builder import build_card_files
from kiosk.devices.simulator.pki import TestPKI, demo_trust_dir, other_pki

NOW = datetime(2026, 11, 22, tzinfo=UTC)


@pytest.fixture(scope="module")
def rsa_pki() -> TestPKI:
    return TestPKI.generate(scheme="rsa")


@pytest.fixture(scope="module")
def pss_pki() -> TestPKI:
    return TestPKI.generate(scheme="rsa-pss")


def _edit_sod(files: dict[str, bytes], edit: Callable[[cms.SignedData], None]) -> dict[str, bytes]:
    info = cms.ContentInfo.load(parse_file(files["SOD"], 0x77).value)
    edit(info["content"])
    return dict(files, SOD=encode_tlv(0x77, info.dump(force=True)))


def test_valid_with_demo_trust_store(demo_files: dict[str, bytes]) -> None:
    for trust in (
        load_trust_store(demo_trust_dir()),
        load_trust_store(demo_trust_dir() / "demo-csca.pem"),
    ):
        result = passive_authenticate(demo_files, trust, at=NOW)
        assert result.status == "valid"
        assert result.status is PassiveStatus.VALID and result.valid
        assert result.failed_check is None
        assert result.checked_groups == ("DG1", "DG2", "DG13", "DG14", "DG15")
        assert result.message_vi and result.message_en


def test_default_time_is_now(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    assert passive_authenticate(demo_files, trust).status == "valid"


@pytest.mark.parametrize("algorithm", ["sha1", "sha224", "sha256", "sha384", "sha512"])
def test_every_icao_hash_algorithm(
    citizen: CitizenRecord, pki: TestPKI, trust: TrustStore, algorithm: str
) -> None:
    files = build_card_files(citizen, pki, hash_algorithm=algorithm)
    result = passive_authenticate(files, trust, at=NOW)
    assert (result.status, result.hash_algorithm) == ("valid", algorithm)
    tampered = build_card_files(citizen, pki, hash_algorithm=algorithm, tamper_dg="DG13")
    assert passive_authenticate(tampered, trust, at=NOW).failed_check == "dg_hash"


@pytest.mark.parametrize("scheme_fixture", ["rsa_pki", "pss_pki"])
def test_rsa_signature_schemes(
    citizen: CitizenRecord, scheme_fixture: str, request: pytest.FixtureRequest
) -> None:
    signer: TestPKI = request.getfixturevalue(scheme_fixture)
    files = build_card_files(citizen, signer, hash_algorithm="sha384")
    assert passive_authenticate(files, signer.trust_store(), at=NOW).status == "valid"
    bad = _edit_sod(files, _flip_signature)
    result = passive_authenticate(bad, signer.trust_store(), at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "sod_signature")


@pytest.mark.parametrize("group", ["DG1", "DG2", "DG13", "DG14", "DG15"])
def test_tampered_group_is_invalid(
    citizen: CitizenRecord, pki: TestPKI, trust: TrustStore, group: str
) -> None:
    files = build_card_files(citizen, pki, tamper_dg=group)
    result = passive_authenticate(files, trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "dg_hash")
    assert group in result.detail
    # Tampering wins over trust: an unknown CSCA does not hide a changed file.
    assert passive_authenticate(files, None, at=NOW).status == "invalid"


def test_tampered_files_still_parse(citizen: CitizenRecord, pki: TestPKI) -> None:
    from kiosk.devices.card.lds import parse_card

    for group in ("DG1", "DG2", "DG13", "DG14", "DG15"):
        parse_card(build_card_files(citizen, pki, tamper_dg=group))


def test_wrong_dsc_is_untrusted(citizen: CitizenRecord, pki: TestPKI, trust: TrustStore) -> None:
    files = build_card_files(citizen, pki, wrong_dsc=True)
    result = passive_authenticate(files, trust, at=NOW)
    assert result.status == "untrusted"
    assert "Unknown" in result.detail
    # ... and valid against the CSCA that did issue it: only trust was missing.
    assert passive_authenticate(files, other_pki().trust_store(), at=NOW).status == "valid"


def test_no_trust_store_is_untrusted(demo_files: dict[str, bytes]) -> None:
    assert passive_authenticate(demo_files, None, at=NOW).status == "untrusted"
    assert passive_authenticate(demo_files, TrustStore(()), at=NOW).status == "untrusted"


def test_no_sod_is_unavailable(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    files = {k: v for k, v in demo_files.items() if k != "SOD"}
    result = passive_authenticate(files, trust)
    assert result.status == "unavailable" and not result.valid
    assert passive_authenticate(dict(files, SOD=b""), trust).status == "unavailable"


@pytest.mark.parametrize(
    "sod", [b"\x77\x03\x30\x01\x00", b"\x77\x00", b"garbage", encode_tlv(0x77, b"\x30\x00")]
)
def test_malformed_sod_is_invalid(
    demo_files: dict[str, bytes], trust: TrustStore, sod: bytes
) -> None:
    result = passive_authenticate(dict(demo_files, SOD=sod), trust)
    assert (result.status, result.failed_check) == ("invalid", "sod_format")


def test_group_missing_from_sod(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    files = dict(demo_files, DG11=encode_tlv(0x6B, b"\x5c\x00"))
    result = passive_authenticate(files, trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "dg_not_in_sod")


def test_no_group_to_check(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    result = passive_authenticate({"SOD": demo_files["SOD"], "COM": demo_files["COM"]}, trust)
    assert (result.status, result.failed_check) == ("invalid", "no_data_groups")


def _flip_signature(signed: cms.SignedData) -> None:
    signer = signed["signer_infos"][0]
    signature = bytearray(signer["signature"].native)
    signature[len(signature) // 2] ^= 0x01
    signer["signature"] = bytes(signature)


def test_bad_sod_signature(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    result = passive_authenticate(_edit_sod(demo_files, _flip_signature), trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "sod_signature")


def test_security_object_changed_after_signing(
    citizen: CitizenRecord, pki: TestPKI, trust: TrustStore
) -> None:
    # A forger recomputes the DG hashes for a changed DG13 but cannot re-sign.
    forged = build_card_files(citizen, pki, tamper_dg="DG13")
    honest = build_card_files(citizen, pki)

    def swap_content(signed: cms.SignedData) -> None:
        from kiosk.devices.card.lds.sod import build_lds_security_object, hash_data

        hashes = {n: hash_data("sha256", forged[f"DG{n}"]) for n in (1, 2, 13, 14, 15)}
        econtent = build_lds_security_object(hashes, "sha256")
        signed["encap_content_info"]["content"] = econtent

    files = _edit_sod(forged, swap_content)
    result = passive_authenticate(files, trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "message_digest")
    assert passive_authenticate(honest, trust, at=NOW).valid


def test_wrong_content_type_attribute(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    def edit(signed: cms.SignedData) -> None:
        for attribute in signed["signer_infos"][0]["signed_attrs"]:
            if attribute["type"].native == "content_type":
                attribute["values"] = ["data"]

    result = passive_authenticate(_edit_sod(demo_files, edit), trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "content_type")


def test_missing_signed_attributes(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    def edit(signed: cms.SignedData) -> None:
        signed["signer_infos"][0]["signed_attrs"] = cms.CMSAttributes([])

    result = passive_authenticate(_edit_sod(demo_files, edit), trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "signed_attributes")


def test_dsc_missing_from_sod(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    def edit(signed: cms.SignedData) -> None:
        signed["certificates"] = cms.CertificateSet([])

    result = passive_authenticate(_edit_sod(demo_files, edit), trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "dsc_missing")


def test_forged_dsc_fails_its_csca_signature(
    demo_files: dict[str, bytes], trust: TrustStore
) -> None:
    # Same key, same issuer name, edited subject: the CMS signature still verifies, the
    # CSCA's signature on the DSC does not.
    sod = demo_files["SOD"]
    assert sod.count(b"Document Signer DEMO 01") == 1
    files = dict(
        demo_files, SOD=sod.replace(b"Document Signer DEMO 01", b"Document Signer DEMO 02")
    )
    result = passive_authenticate(files, trust, at=NOW)
    assert (result.status, result.failed_check) == ("invalid", "dsc_signature")


def test_dsc_outside_validity(demo_files: dict[str, bytes], trust: TrustStore) -> None:
    for when in (datetime(2019, 6, 1, tzinfo=UTC), datetime(2047, 1, 1, tzinfo=UTC)):
        result = passive_authenticate(demo_files, trust, at=when)
        assert (result.status, result.failed_check) == ("invalid", "dsc_validity")


def test_csca_outside_validity(citizen: CitizenRecord) -> None:
    short = TestPKI.generate(
        csca_name="CSCA Short TEST",
        csca_not_after=datetime(2030, 1, 1, tzinfo=UTC),
        dsc_not_after=datetime(2040, 1, 1, tzinfo=UTC),
    )
    files = build_card_files(citizen, short)
    assert passive_authenticate(files, short.trust_store(), at=NOW).valid
    result = passive_authenticate(files, short.trust_store(), at=datetime(2035, 1, 1, tzinfo=UTC))
    assert (result.status, result.failed_check) == ("invalid", "csca_validity")


def test_renewed_csca_key_under_same_name(citizen: CitizenRecord, pki: TestPKI) -> None:
    # Two CSCAs share a name (key rollover): the DSC's authority key id picks the right one.
    renewed = TestPKI.generate(csca_name="CSCA Viet Nam DEMO", dsc_name="Document Signer DEMO 02")
    both = TrustStore.of(
        [*renewed.trust_store().certificates, *load_trust_store(demo_trust_dir()).certificates]
    )
    assert passive_authenticate(build_card_files(citizen, pki), both, at=NOW).valid
    assert passive_authenticate(build_card_files(citizen, renewed), both, at=NOW).valid
    only_new = renewed.trust_store()
    result = passive_authenticate(build_card_files(citizen, pki), only_new, at=NOW)
    assert result.status == "untrusted"
