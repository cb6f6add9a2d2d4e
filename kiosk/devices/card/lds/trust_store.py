"""The CSCA trust store: the country signing certificates passive authentication chains to.

Accepted: a PEM bundle, one DER certificate, an ICAO master list (CMS SignedData holding a
CscaMasterList, as published by the ICAO PKD and by countries), or a directory of such files.
Only CA certificates are kept, so pointing at a folder that also holds a DSC does no harm.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import cms, core, pem, x509

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

MASTER_LIST_OID = "2.23.136.1.1.2"
_SUFFIXES = {".pem", ".crt", ".cer", ".der", ".ml", ".bin"}
_ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError)


class TrustStoreError(KioskError):
    """The configured trust store cannot be read."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        self.message_vi = (
            "Không đọc được kho chứng thư gốc (CSCA) để xác thực thẻ. Vui lòng báo nhân viên."
        )
        self.message_en = (
            "The CSCA trust store used to check cards cannot be read. Please call staff."
        )
        super().__init__(f"{code}: {detail}" if detail else code)


class _CertificateSet(core.SetOf):
    _child_spec = x509.Certificate


class CscaMasterList(core.Sequence):
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("version", core.Integer),
        ("cert_list", _CertificateSet),
    ]


@dataclass(frozen=True)
class TrustStore:
    certificates: tuple[x509.Certificate, ...]

    def __len__(self) -> int:
        return len(self.certificates)

    @classmethod
    def from_pem(cls, data: bytes) -> TrustStore:
        return cls(tuple(_ca_only(certificates_from_bytes(data, "PEM"))))

    @classmethod
    def of(cls, certificates: Iterable[x509.Certificate]) -> TrustStore:
        return cls(tuple(_ca_only(certificates)))

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """CSCAs whose subject is ``cert``'s issuer (and whose key id matches, when both
        name one: a CSCA renews its key under the same name)."""
        matches = []
        try:
            wanted_key = cert.authority_key_identifier
        except _ASN1_ERRORS:
            wanted_key = None
        for candidate in self.certificates:
            if candidate.subject != cert.issuer:
                continue
            have_key = candidate.key_identifier
            if wanted_key and have_key and wanted_key != have_key:
                continue
            matches.append(candidate)
        return matches


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        constraints = cert.basic_constraints_value
        if constraints is not None:
            return bool(constraints["ca"].native)
        return bool(cert.self_signed in ("maybe", "yes"))
    except _ASN1_ERRORS:
        return False


def _ca_only(certificates: Iterable[x509.Certificate]) -> list[x509.Certificate]:
    kept = []
    for cert in certificates:
        if _is_ca(cert):
            kept.append(cert)
        else:
            log.info("trust store: skipped a non-CA certificate (serial %s)", cert.serial_number)
    return kept


def _load_certificate(der: bytes) -> x509.Certificate:
    cert = x509.Certificate.load(der, strict=True)
    cert.native  # noqa: B018 -- parse now so a bad file fails here, not during a read
    return cert


def _master_list_certificates(der: bytes) -> list[x509.Certificate]:
    info = cms.ContentInfo.load(der, strict=True)
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != MASTER_LIST_OID:
        raise ValueError("CMS content is not a CSCA master list")
    # The master list signer is not checked against a CSCA here: the operator installs the
    # list as a trusted file, as the trust store PEM itself is trusted.
    master = CscaMasterList.load(bytes(encap["content"].native), strict=True)
    return [_load_certificate(cert.dump()) for cert in master["cert_list"]]


def certificates_from_bytes(data: bytes, label: str) -> list[x509.Certificate]:
    """Certificates in one file's bytes: PEM (any number), DER certificate or master list."""
    found: list[x509.Certificate] = []
    try:
        if pem.detect(data):
            for kind, _headers, der in pem.unarmor(data, multiple=True):
                if kind == "CERTIFICATE":
                    found.append(_load_certificate(der))
                elif kind in ("CMS", "PKCS7"):
                    found.extend(_master_list_certificates(der))
            return found
        try:
            return [_load_certificate(data)]
        except _ASN1_ERRORS:
            return _master_list_certificates(data)
    except _ASN1_ERRORS as exc:
        raise TrustStoreError("trust_file_unreadable", f"{label}: {type(exc).__name__}") from exc


def load_trust_store(path: str | Path) -> TrustStore:
    """Read a PEM bundle, DER certificate, master list, or a directory of those."""
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
    elif root.is_file():
        files = [root]
    else:
        raise TrustStoreError("trust_path_missing", str(root))
    certificates: list[x509.Certificate] = []
    for file in files:
        data = file.read_bytes()
        if b"PRIVATE KEY-----" in data and b"CERTIFICATE-----" not in data:
            continue  # a key file next to the certificates (the demo DSC key)
        try:
            certificates.extend(certificates_from_bytes(data, file.name))
        except TrustStoreError:
            if root.is_file():
                raise
            log.warning("trust store: skipped unreadable file %s", file.name)
    store = TrustStore.of(certificates)
    log.info("trust store: %d CSCA certificates from %d files", len(store), len(files))
    return store
