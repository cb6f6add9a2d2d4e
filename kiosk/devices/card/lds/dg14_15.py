"""DG14 (SecurityInfos for Chip Authentication / PACE) and DG15 (Active Authentication key).

The same SecurityInfos parser reads EF.CardAccess (a bare SET without the 6E wrapper), which
the PACE code needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core, keys

from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.tlv import Tlv, encode_tlv, iter_tlvs, parse_file

DG14_TAG = 0x6E
DG15_TAG = 0x6F

BSI = "0.4.0.127.0.7"
ID_PK_DH = f"{BSI}.2.2.1.1"
ID_PK_ECDH = f"{BSI}.2.2.1.2"
ID_TA = f"{BSI}.2.2.2"
ID_CA = f"{BSI}.2.2.3"
ID_PACE = f"{BSI}.2.2.4"
ID_AA = "2.23.136.1.1.5"
ID_CA_ECDH_AES_CBC_CMAC_128 = f"{ID_CA}.2.2"
ECDSA_PLAIN_SHA256 = f"{BSI}.1.1.4.1.3"
# PACEDomainParameterInfo uses id-PACE-DH-GM etc. with an AlgorithmIdentifier, not a version.
_PACE_DOMAIN_SUFFIXES = {"1", "2", "3", "4", "6"}


@dataclass(frozen=True)
class SecurityInfo:
    protocol: str  # dotted OID
    kind: str  # chip_authentication, chip_authentication_public_key, active_authentication,
    # pace, pace_domain_parameters, terminal_authentication or unknown
    version: int | None = None
    key_id: int | None = None
    parameter_id: int | None = None
    public_key_der: bytes | None = None  # SubjectPublicKeyInfo
    signature_algorithm: str | None = None
    raw: bytes = b""
    # PACEDomainParameterInfo: the AlgorithmIdentifier (DER) holding the domain parameters.
    parameters_der: bytes | None = None


@dataclass(frozen=True)
class SecurityInfos:
    infos: tuple[SecurityInfo, ...]

    def of_kind(self, kind: str) -> list[SecurityInfo]:
        return [info for info in self.infos if info.kind == kind]


@dataclass(frozen=True)
class Dg15:
    public_key_der: bytes
    algorithm: str  # "rsa" or "ec"
    bit_size: int


def _oid(item: Tlv) -> str:
    if item.tag != 0x06:
        raise LdsError("security_info_bad", "SecurityInfo does not start with an OID")
    try:
        return str(core.ObjectIdentifier.load(encode_tlv(0x06, item.value)).dotted)
    except (ValueError, TypeError) as exc:
        raise LdsError("security_info_bad", "malformed OID") from exc


def _int(item: Tlv | None) -> int | None:
    if item is None:
        return None
    if item.tag != 0x02 or not 1 <= len(item.value) <= 8:
        raise LdsError("security_info_bad", "expected a small INTEGER")
    return int.from_bytes(item.value, "big", signed=True)


def _kind(protocol: str, second: Tlv | None) -> str:
    if protocol in (ID_PK_DH, ID_PK_ECDH):
        return "chip_authentication_public_key"
    if protocol.startswith(ID_CA + "."):
        return "chip_authentication"
    if protocol == ID_AA:
        return "active_authentication"
    if protocol == ID_TA or protocol.startswith(ID_TA + "."):
        return "terminal_authentication"
    if protocol.startswith(ID_PACE + "."):
        parts = protocol[len(ID_PACE) + 1 :].split(".")
        if len(parts) == 1 and parts[0] in _PACE_DOMAIN_SUFFIXES and second is not None:
            return "pace_domain_parameters" if second.tag == 0x30 else "pace"
        return "pace"
    return "unknown"


def _security_info(item: Tlv) -> SecurityInfo:
    if item.tag != 0x30:
        raise LdsError("security_info_bad", f"SecurityInfo is tag {item.tag:02X}")
    parts = item.children()
    if not parts:
        raise LdsError("security_info_bad", "empty SecurityInfo")
    protocol = _oid(parts[0])
    second = parts[1] if len(parts) > 1 else None
    third = parts[2] if len(parts) > 2 else None
    kind = _kind(protocol, second)
    raw = encode_tlv(item.tag, item.value)
    if kind == "chip_authentication_public_key":
        if second is None or second.tag != 0x30:
            raise LdsError("security_info_bad", "chip authentication key is not a SEQUENCE")
        spki = encode_tlv(0x30, second.value)
        _load_spki(spki)
        return SecurityInfo(protocol, kind, key_id=_int(third), public_key_der=spki, raw=raw)
    if kind == "active_authentication":
        algorithm = _oid(third) if third is not None else None
        return SecurityInfo(
            protocol, kind, version=_int(second), signature_algorithm=algorithm, raw=raw
        )
    if kind == "chip_authentication":
        return SecurityInfo(protocol, kind, version=_int(second), key_id=_int(third), raw=raw)
    if kind == "pace":
        return SecurityInfo(protocol, kind, version=_int(second), parameter_id=_int(third), raw=raw)
    if kind == "terminal_authentication":
        return SecurityInfo(protocol, kind, version=_int(second), raw=raw)
    if kind == "pace_domain_parameters" and second is not None:
        parameters = encode_tlv(second.tag, second.value)
        return SecurityInfo(protocol, kind, parameter_id=_int(third), parameters_der=parameters,
                            raw=raw)
    return SecurityInfo(protocol, kind, raw=raw)


def parse_security_infos(data: bytes) -> SecurityInfos:
    """A DER SET OF SecurityInfo (EF.CardAccess, or DG14's content)."""
    items = list(iter_tlvs(bytes(data)))
    if len(items) != 1 or items[0].tag != 0x31:
        raise LdsError("security_infos_bad", "SecurityInfos is not one SET")
    return SecurityInfos(tuple(_security_info(item) for item in items[0].children()))


def parse_dg14(data: bytes) -> SecurityInfos:
    outer = parse_file(data, DG14_TAG)
    return parse_security_infos(outer.value)


def _load_spki(der: bytes) -> keys.PublicKeyInfo:
    try:
        info = keys.PublicKeyInfo.load(der, strict=True)
        info.native  # noqa: B018 -- asn1crypto parses lazily; force errors out here
        return info
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise LdsError("public_key_bad", "SubjectPublicKeyInfo is malformed") from exc


def parse_dg15(data: bytes) -> Dg15:
    outer = parse_file(data, DG15_TAG)
    info = _load_spki(outer.value)
    try:
        algorithm = info.algorithm
        bit_size = info.bit_size
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise LdsError("public_key_bad", "unsupported public key") from exc
    if algorithm not in ("rsa", "ec"):
        raise LdsError("public_key_bad", f"Active Authentication key is {algorithm}")
    return Dg15(public_key_der=outer.value, algorithm=algorithm, bit_size=int(bit_size))


def build_dg14(
    ca_public_key_der: bytes,
    *,
    aa_signature: str | None = ECDSA_PLAIN_SHA256,
    ca_protocol: str = ID_CA_ECDH_AES_CBC_CMAC_128,
) -> bytes:
    """DG14 with ChipAuthenticationInfo + ChipAuthenticationPublicKeyInfo (key id 1), and
    ActiveAuthenticationInfo when AA uses ECDSA (ICAO requires it then)."""
    one = core.Integer(1).dump()
    key_type = ID_PK_DH if ca_protocol.startswith(f"{ID_CA}.1.") else ID_PK_ECDH
    infos = [
        encode_tlv(0x30, core.ObjectIdentifier(ca_protocol).dump() + one + one),
        encode_tlv(0x30, core.ObjectIdentifier(key_type).dump() + ca_public_key_der + one),
    ]
    if aa_signature:
        infos.append(
            encode_tlv(
                0x30,
                core.ObjectIdentifier(ID_AA).dump()
                + one
                + core.ObjectIdentifier(aa_signature).dump(),
            )
        )
    # DER SET OF: elements in ascending order of their encodings.
    return encode_tlv(DG14_TAG, encode_tlv(0x31, b"".join(sorted(infos))))


def build_dg15(public_key_der: bytes) -> bytes:
    return encode_tlv(DG15_TAG, public_key_der)
