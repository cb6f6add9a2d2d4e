"""Passive authentication (ICAO 9303-12): is what we read what the issuer signed?

Checks, in order: every data group read against its hash in EF.SOD; the SOD's CMS signature
(content type and messageDigest signed attributes, then the signature with the DSC inside the
SOD); the DSC against a CSCA in the trust store (its signature and validity). `valid` only
when every check passes; `invalid` names the first failed check; `untrusted` when all checks
we could make passed but no trusted CSCA issued the DSC; `unavailable` without an SOD.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from asn1crypto import cms, x509

from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.signature import SignatureError, verify_signature
from kiosk.devices.card.lds.sod import HASH_ALGORITHMS, LDS_SECURITY_OBJECT_OID, Sod, parse_sod
from kiosk.devices.card.lds.sod import hash_data as _hash_data
from kiosk.devices.card.lds.trust_store import TrustStore

log = logging.getLogger(__name__)

_DG_NAME = re.compile(r"DG([0-9]{1,2})")
_ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


class PassiveStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNTRUSTED = "untrusted"
    UNAVAILABLE = "unavailable"


_MESSAGES = {
    PassiveStatus.VALID: (
        "Dữ liệu trên chip là nguyên bản, do cơ quan cấp thẻ ký.",
        "The chip data is original and signed by the issuing authority.",
    ),
    PassiveStatus.INVALID: (
        "Dữ liệu trên chip không khớp với chữ ký của cơ quan cấp thẻ. Vui lòng liên hệ nhân viên.",
        "The chip data does not match the issuer's signature. Please contact staff.",
    ),
    PassiveStatus.UNTRUSTED: (
        "Không xác minh được cơ quan ký dữ liệu trên chip. Vui lòng liên hệ nhân viên.",
        "The authority that signed the chip data could not be verified. Please contact staff.",
    ),
    PassiveStatus.UNAVAILABLE: (
        "Thẻ không có dữ liệu để xác thực chữ ký.",
        "The card holds no data to verify its signature.",
    ),
}


@dataclass(frozen=True)
class PassiveAuthResult:
    status: PassiveStatus
    detail: str  # technical, English, no personal data
    failed_check: str | None = None  # e.g. "dg_hash", "sod_signature", "dsc_signature"
    hash_algorithm: str | None = None
    checked_groups: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return self.status is PassiveStatus.VALID

    @property
    def message_vi(self) -> str:
        return _MESSAGES[self.status][0]

    @property
    def message_en(self) -> str:
        return _MESSAGES[self.status][1]


class _CheckFailedError(Exception):
    def __init__(self, check: str, detail: str) -> None:
        self.check = check
        self.detail = detail
        super().__init__(detail)


def _check_hashes(files: Mapping[str, bytes], sod: Sod) -> tuple[str, ...]:
    checked = []
    for name in sorted(files, key=lambda n: (len(n), n)):
        match = _DG_NAME.fullmatch(name)
        if not match:
            continue
        number = int(match.group(1))
        expected = sod.dg_hashes.get(number)
        if expected is None:
            raise _CheckFailedError("dg_not_in_sod", f"{name} is not listed in the SOD")
        actual = _hash_data(sod.hash_algorithm, bytes(files[name]))
        if not hmac.compare_digest(actual, expected):
            raise _CheckFailedError(
                "dg_hash", f"{name} hash does not match the SOD ({sod.hash_algorithm})"
            )
        checked.append(name)
    if not checked:
        raise _CheckFailedError("no_data_groups", "no data group to check against the SOD")
    return tuple(checked)


def _attribute(signer: cms.SignerInfo, name: str) -> object:
    for attribute in signer["signed_attrs"]:
        if attribute["type"].native == name:
            values = attribute["values"]
            if len(values) != 1:
                raise _CheckFailedError(
                    "signed_attributes", f"{name} attribute has {len(values)} values"
                )
            return values[0]
    raise _CheckFailedError("signed_attributes", f"signed attribute {name} missing")


def _find_dsc(sod: Sod, signer: cms.SignerInfo) -> x509.Certificate:
    sid = signer["sid"]
    for cert in sod.certificates:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                cert.issuer == wanted["issuer"]
                and cert.serial_number == wanted["serial_number"].native
            ):
                return cert
        elif sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native:
            return cert
    raise _CheckFailedError("dsc_missing", "the SOD holds no certificate for its signer")


def _check_cms(sod: Sod) -> x509.Certificate:
    signer = sod.signer_info
    digest = signer["digest_algorithm"]["algorithm"].native
    if digest not in HASH_ALGORITHMS:
        raise _CheckFailedError("algorithm", f"signer digest algorithm {digest} not allowed")
    signed_attrs = signer["signed_attrs"]
    if not len(signed_attrs):
        raise _CheckFailedError("signed_attributes", "the SOD signature has no signed attributes")
    content_type = _attribute(signer, "content_type")
    if getattr(content_type, "dotted", None) != LDS_SECURITY_OBJECT_OID:
        raise _CheckFailedError(
            "content_type", "signed content type is not the LDS security object"
        )
    message_digest = _attribute(signer, "message_digest").native  # type: ignore[attr-defined]
    if not hmac.compare_digest(_hash_data(digest, sod.econtent), bytes(message_digest)):
        raise _CheckFailedError(
            "message_digest", "messageDigest does not match the security object"
        )
    dsc = _find_dsc(sod, signer)
    # Signed attributes are signed as a SET (tag 31), though stored as [0] IMPLICIT.
    signed_bytes = b"\x31" + signed_attrs.dump()[1:]
    try:
        ok = verify_signature(
            dsc.public_key,
            signer["signature_algorithm"],
            signer["signature"].native,
            signed_bytes,
            digest_hint=digest,
        )
    except SignatureError as exc:
        raise _CheckFailedError("algorithm", f"SOD signature: {exc}") from exc
    if not ok:
        raise _CheckFailedError("sod_signature", "the SOD signature does not verify with its DSC")
    return dsc


def _within(cert: x509.Certificate, at: datetime) -> bool:
    validity = cert["tbs_certificate"]["validity"]
    return bool(validity["not_before"].native <= at <= validity["not_after"].native)


def _check_chain(dsc: x509.Certificate, trust: TrustStore | None, at: datetime) -> None:
    issuer_cn = dsc.issuer.native.get("common_name", "?")
    cscas = trust.issuers_of(dsc) if trust is not None else []
    if not cscas:
        raise _CheckFailedError("csca_unknown", f"no trusted CSCA for the DSC issuer '{issuer_cn}'")
    tbs = dsc["tbs_certificate"].dump()
    signature = dsc["signature_value"].native
    verified = None
    for csca in cscas:
        try:
            if verify_signature(csca.public_key, dsc["signature_algorithm"], signature, tbs):
                verified = csca
                break
        except SignatureError as exc:
            log.warning("passive auth: cannot check DSC with a CSCA: %s", exc)
    if verified is None:
        raise _CheckFailedError("dsc_signature", f"the DSC is not signed by the CSCA '{issuer_cn}'")
    if not _within(dsc, at):
        raise _CheckFailedError("dsc_validity", "the DSC is outside its validity period")
    if not _within(verified, at):
        raise _CheckFailedError("csca_validity", "the CSCA is outside its validity period")


def passive_authenticate(
    files: Mapping[str, bytes], trust: TrustStore | None, *, at: datetime | None = None
) -> PassiveAuthResult:
    """Check the files read from a card (keys "SOD", "DG1", ...) against EF.SOD and trust."""
    sod_bytes = files.get("SOD")
    if not sod_bytes:
        return PassiveAuthResult(PassiveStatus.UNAVAILABLE, "no EF.SOD was read")
    when = at or datetime.now(UTC)
    try:
        sod = parse_sod(bytes(sod_bytes))
    except LdsError as exc:
        return PassiveAuthResult(PassiveStatus.INVALID, f"EF.SOD: {exc}", "sod_format")
    checked: tuple[str, ...] = ()
    try:
        checked = _check_hashes(files, sod)
        try:
            dsc = _check_cms(sod)
        except (LdsError, *_ASN1_ERRORS) as exc:
            # asn1crypto parses lazily: a malformed signer info surfaces only when used.
            raise _CheckFailedError(
                "sod_format", f"EF.SOD signer info: {type(exc).__name__}"
            ) from exc
        try:
            _check_chain(dsc, trust, when)
        except _ASN1_ERRORS as exc:
            raise _CheckFailedError("dsc_format", f"DSC certificate: {type(exc).__name__}") from exc
    except _CheckFailedError as failure:
        untrusted = failure.check == "csca_unknown"
        status = PassiveStatus.UNTRUSTED if untrusted else PassiveStatus.INVALID
        log.info("passive auth: %s (%s)", status.value, failure.check)
        return PassiveAuthResult(status, failure.detail, failure.check, sod.hash_algorithm, checked)
    detail = f"{len(checked)} data groups match the SOD ({sod.hash_algorithm}); DSC chains to CSCA"
    return PassiveAuthResult(PassiveStatus.VALID, detail, None, sod.hash_algorithm, checked)
