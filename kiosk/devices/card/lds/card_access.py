"""EF.CardAccess (ICAO 9303-11 9.2.11): the PACE variants and domain parameters a chip offers.

The file is a bare SET OF SecurityInfo, read without secure messaging before any access
control. A PACEInfo names one protocol, id-PACE-<agreement>-<mapping>-<cipher>
(0.4.0.127.0.7.2.2.4.X.Y), its version (2) and a parameterId: 0-31 are the standardized
domain parameters, 32-63 point at a PACEDomainParameterInfo in the same file.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core

from kiosk.devices.card.lds.dg14_15 import (
    ID_PACE,
    SecurityInfo,
    SecurityInfos,
    parse_security_infos,
)
from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.tlv import encode_tlv

# X in id-PACE.X.Y: (key agreement, mapping); Y: (cipher, key length in bytes).
_MAPPINGS = {1: ("DH", "GM"), 2: ("ECDH", "GM"), 3: ("DH", "IM"), 4: ("ECDH", "IM"),
             6: ("ECDH", "CAM")}
_CIPHERS = {1: ("3DES", 16), 2: ("AES", 16), 3: ("AES", 24), 4: ("AES", 32)}
CIPHER_NAMES = {"3DES": 1, "AES-128": 2, "AES-192": 3, "AES-256": 4}
PACE_VERSION = 2
PROPRIETARY_IDS = range(32, 64)


@dataclass(frozen=True)
class PaceInfo:
    protocol: str  # dotted OID
    version: int
    parameter_id: int | None
    agreement: str  # "DH" or "ECDH"
    mapping: str  # "GM", "IM" or "CAM"
    cipher: str  # "3DES" or "AES"
    key_length: int  # session key bytes: 16, 24, 32

    @property
    def oid_content(self) -> bytes:
        """The OID's value octets, as MSE:Set AT (tag 80) and the 7F49 object carry them."""
        return bytes(core.ObjectIdentifier(self.protocol).contents)

    @property
    def supported(self) -> bool:
        """What this reader implements: Generic Mapping, PACE version 2."""
        return self.mapping == "GM" and self.version == PACE_VERSION

    @property
    def cipher_name(self) -> str:
        return "3DES" if self.cipher == "3DES" else f"AES-{self.key_length * 8}"


@dataclass(frozen=True)
class PaceDomainParameters:
    protocol: str  # id-PACE-DH-GM, id-PACE-ECDH-GM...
    algorithm_der: bytes  # AlgorithmIdentifier with the explicit parameters
    parameter_id: int | None


@dataclass(frozen=True)
class CardAccessInfo:
    pace: tuple[PaceInfo, ...]
    domain_parameters: tuple[PaceDomainParameters, ...]
    infos: SecurityInfos

    def preferred(self) -> PaceInfo | None:
        """The supported PACEInfo to use: ECDH before DH (fewer bytes, faster), then the
        strongest cipher; the chip's own order breaks ties."""
        usable = [info for info in self.pace if info.supported]
        if not usable:
            return None
        return min(usable, key=lambda i: (i.agreement != "ECDH", -i.key_length,
                                          i.cipher == "3DES"))

    def domain_for(self, info: PaceInfo) -> PaceDomainParameters | None:
        """The PACEDomainParameterInfo a proprietary (or absent) parameterId refers to."""
        if info.parameter_id is not None and info.parameter_id not in PROPRIETARY_IDS:
            return None
        prefix = info.protocol.rsplit(".", 1)[0]
        candidates = [d for d in self.domain_parameters if d.protocol == prefix]
        if info.parameter_id is None:
            return candidates[0] if len(candidates) == 1 else None
        return next((d for d in candidates if d.parameter_id == info.parameter_id), None)

    @property
    def ambiguous(self) -> bool:
        """More than one parameter set: MSE:Set AT must then name the one chosen (tag 84)."""
        return len({i.parameter_id for i in self.pace}) > 1 or len(self.domain_parameters) > 1


def parse_pace_info(item: SecurityInfo) -> PaceInfo:
    parts = item.protocol[len(ID_PACE) + 1:].split(".") if item.kind == "pace" else []
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise LdsError("pace_info_bad", "not a PACEInfo protocol")
    mapping, cipher = _MAPPINGS.get(int(parts[0])), _CIPHERS.get(int(parts[1]))
    if mapping is None or cipher is None or (mapping[1] == "CAM" and cipher[0] == "3DES"):
        raise LdsError("pace_info_bad", f"unknown PACE protocol {item.protocol}")
    if item.version is None:
        raise LdsError("pace_info_bad", "PACEInfo without a version")
    if item.parameter_id is not None and not 0 <= item.parameter_id < 64:
        raise LdsError("pace_info_bad", "parameterId out of range")
    return PaceInfo(item.protocol, item.version, item.parameter_id, mapping[0], mapping[1],
                    cipher[0], cipher[1])


def parse_card_access(data: bytes) -> CardAccessInfo:
    """Parse EF.CardAccess; unknown SecurityInfos are kept in `infos` and otherwise ignored."""
    infos = parse_security_infos(data)
    pace: list[PaceInfo] = []
    domains: list[PaceDomainParameters] = []
    for item in infos.infos:
        if item.kind == "pace":
            try:
                pace.append(parse_pace_info(item))
            except LdsError:
                continue  # a PACE variant from a later edition: the others may still do
        elif item.kind == "pace_domain_parameters" and item.parameters_der is not None:
            domains.append(PaceDomainParameters(item.protocol, item.parameters_der,
                                                item.parameter_id))
    return CardAccessInfo(tuple(pace), tuple(domains), infos)


def pace_protocol(agreement: str, cipher_name: str) -> str:
    """id-PACE-<agreement>-GM-<cipher> for the virtual card ("ECDH", "AES-128")."""
    x = 2 if agreement == "ECDH" else 1
    return f"{ID_PACE}.{x}.{CIPHER_NAMES[cipher_name]}"


def build_card_access(protocol: str, parameter_id: int, *,
                      domain_algorithm_der: bytes | None = None) -> bytes:
    """EF.CardAccess with one PACEInfo (and a PACEDomainParameterInfo for proprietary ids)."""
    def integer(value: int) -> bytes:
        return bytes(core.Integer(value).dump())

    infos = [encode_tlv(0x30, core.ObjectIdentifier(protocol).dump() + integer(PACE_VERSION)
                        + integer(parameter_id))]
    if domain_algorithm_der is not None:
        prefix = protocol.rsplit(".", 1)[0]
        infos.append(encode_tlv(0x30, core.ObjectIdentifier(prefix).dump()
                                + domain_algorithm_der + integer(parameter_id)))
    return encode_tlv(0x31, b"".join(sorted(infos)))
