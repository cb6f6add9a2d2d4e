"""EF.SOD: a CMS SignedData over the LDSSecurityObject (the hash of every data group).

77 { ContentInfo { signedData { ..., encapContentInfo { 2.23.136.1.1.1, LDSSecurityObject },
certificates { DSC }, signerInfos { ... } } } }.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from asn1crypto import algos, cms, core, x509

from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.tlv import encode_tlv, parse_file

SOD_TAG = 0x77
LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
# The hash algorithms ICAO 9303-12 allows for the LDS security object.
HASH_ALGORITHMS = ("sha1", "sha224", "sha256", "sha384", "sha512")
_ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


class DataGroupHash(core.Sequence):
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("data_group_number", core.Integer),
        ("data_group_hash_value", core.OctetString),
    ]


class DataGroupHashValues(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("lds_version", core.PrintableString),
        ("unicode_version", core.PrintableString),
    ]


class LdsSecurityObject(core.Sequence):
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


@dataclass(frozen=True)
class Sod:
    raw: bytes
    signed_data: cms.SignedData
    econtent: bytes  # the DER LDSSecurityObject exactly as signed
    hash_algorithm: str
    dg_hashes: dict[int, bytes]
    lds_version: str | None
    certificates: tuple[x509.Certificate, ...]

    @property
    def signer_info(self) -> cms.SignerInfo:
        infos = self.signed_data["signer_infos"]
        if len(infos) != 1:
            raise LdsError("sod_signer_count", f"{len(infos)} signer infos, expected 1")
        return infos[0]


def hash_data(algorithm: str, data: bytes) -> bytes:
    if algorithm not in HASH_ALGORITHMS:
        raise LdsError("sod_hash_algorithm", f"hash algorithm {algorithm} not allowed")
    return hashlib.new(algorithm, data).digest()


def parse_sod(data: bytes) -> Sod:
    outer = parse_file(data, SOD_TAG)
    try:
        info = cms.ContentInfo.load(outer.value, strict=True)
        if info["content_type"].native != "signed_data":
            raise LdsError("sod_not_signed_data", "SOD content is not SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
            raise LdsError("sod_wrong_content", "SOD does not hold an LDSSecurityObject")
        content = encap["content"]
        if not isinstance(content, core.ParsableOctetString):
            raise LdsError("sod_no_content", "SOD has no encapsulated content")
        econtent = bytes(content.native or b"")
        lso = LdsSecurityObject.load(econtent, strict=True)
        algorithm = lso["hash_algorithm"]["algorithm"].native
        hashes: dict[int, bytes] = {}
        for entry in lso["data_group_hash_values"]:
            number = entry["data_group_number"].native
            if not 1 <= number <= 16 or number in hashes:
                raise LdsError("sod_bad_dg_number", f"data group number {number}")
            hashes[number] = entry["data_group_hash_value"].native
        version_info = lso["lds_version_info"]
        lds_version = (
            None if isinstance(version_info, core.Void) else (version_info["lds_version"].native)
        )
        certificates = tuple(
            choice.chosen for choice in signed["certificates"] or [] if choice.name == "certificate"
        )
        for cert in certificates:
            cert.native  # noqa: B018 -- force asn1crypto's lazy parse to fail here, typed
        signed["signer_infos"].native  # noqa: B018 -- same
    except LdsError:
        raise
    except _ASN1_ERRORS as exc:
        raise LdsError("sod_malformed", type(exc).__name__) from exc
    if algorithm not in HASH_ALGORITHMS:
        raise LdsError("sod_hash_algorithm", f"hash algorithm {algorithm} not allowed")
    return Sod(
        raw=bytes(data),
        signed_data=signed,
        econtent=econtent,
        hash_algorithm=algorithm,
        dg_hashes=hashes,
        lds_version=lds_version,
        certificates=certificates,
    )


# --- building (virtual card, tests) -------------------------------------------------------


def _signature_algorithm(scheme: str, digest: str) -> dict[str, Any]:
    if scheme == "ecdsa":
        return {"algorithm": f"{digest}_ecdsa"}
    if scheme == "rsa":
        return {"algorithm": f"{digest}_rsa"}
    if scheme == "rsa-pss":
        params = algos.RSASSAPSSParams(
            {
                "hash_algorithm": {"algorithm": digest},
                "mask_gen_algorithm": {
                    "algorithm": "mgf1",
                    "parameters": {"algorithm": digest},
                },
                "salt_length": hashlib.new(digest).digest_size,
            }
        )
        return {"algorithm": "rsassa_pss", "parameters": params}
    raise ValueError(f"unknown signature scheme {scheme}")


def build_lds_security_object(dg_hashes: dict[int, bytes], hash_algorithm: str) -> bytes:
    lso = LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": hash_algorithm},
            "data_group_hash_values": [
                {"data_group_number": n, "data_group_hash_value": h}
                for n, h in sorted(dg_hashes.items())
            ],
        }
    )
    return bytes(lso.dump())


def build_sod(
    dg_hashes: dict[int, bytes],
    hash_algorithm: str,
    dsc_der: bytes,
    sign: Any,
    scheme: str,
    *,
    signing_time: datetime | None = None,
) -> bytes:
    """EF.SOD signed by the DSC. ``sign(data, digest_name) -> signature`` does the private
    key operation (so this module needs no key type knowledge); ``scheme`` names it."""
    econtent = build_lds_security_object(dg_hashes, hash_algorithm)
    cert = x509.Certificate.load(dsc_der)
    signed_attrs = cms.CMSAttributes(
        [
            {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
            {
                "type": "signing_time",
                "values": [cms.Time({"utc_time": signing_time or datetime.now(UTC)})],
            },
            {"type": "message_digest", "values": [hashlib.new(hash_algorithm, econtent).digest()]},
        ]
    )
    # The signature covers the attributes encoded as a SET (tag 31), not as [0].
    to_sign = signed_attrs.dump()
    signature = sign(to_sign, hash_algorithm)
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": {
                        "issuer": cert.issuer,
                        "serial_number": cert.serial_number,
                    }
                }
            ),
            "digest_algorithm": {"algorithm": hash_algorithm},
            "signed_attrs": signed_attrs,
            "signature_algorithm": _signature_algorithm(scheme, hash_algorithm),
            "signature": signature,
        }
    )
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": hash_algorithm}],
            "encap_content_info": {
                "content_type": LDS_SECURITY_OBJECT_OID,
                "content": core.ParsableOctetString(econtent),
            },
            "certificates": [cert],
            "signer_infos": [signer],
        }
    )
    info = cms.ContentInfo({"content_type": "signed_data", "content": signed})
    return encode_tlv(SOD_TAG, info.dump())
