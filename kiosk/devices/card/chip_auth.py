"""Chip Authentication (ICAO 9303-11 section 6.2): an ephemeral key agreement with the static
key in DG14, then secure messaging restarted with keys only the genuine chip can derive.

3DES variants use MSE:Set KAT (00 22 41 A6, DO91 = our ephemeral public key); AES variants
MSE:Set AT (00 22 41 A4, DO80 = the CA OID) followed by GENERAL AUTHENTICATE (7C { 80 key }).
Both go under the current session; the chip answers with the old keys, then both sides switch
to KSEnc/KSMAC = KDF(K, 1/2) with a zero SSC. Whether it worked shows on the next command:
a copy without the private key cannot MAC it. `CardChipAuth` is the chip's side.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from asn1crypto import core

from kiosk.devices.card.apdu import SW_OK, CardError, CommandAPDU, SecureMessagingError
from kiosk.devices.card.lds.dg14_15 import ID_CA, ID_PK_DH, SecurityInfos
from kiosk.devices.card.pace_crypto import SessionKeys
from kiosk.devices.card.pace_domain import Domain, DomainError, domain_from_spki
from kiosk.devices.card.secure_messaging import encode_tlv, iter_tlvs
from kiosk.devices.card.transport import ApduChannel

Random = Callable[[int], bytes]
_CIPHERS = {1: ("3DES", 16), 2: ("AES", 16), 3: ("AES", 24), 4: ("AES", 32)}
SW_WRONG_DATA = 0x6A80
SW_REF_NOT_FOUND = 0x6A88


class ChipAuthError(CardError):
    """The chip refused Chip Authentication or its DG14 key is unusable."""

    code = "chip_authentication_failed"


@dataclass(frozen=True)
class ChipAuthInfo:
    protocol: str  # id-CA-<agreement>-<cipher>
    agreement: str  # "DH" or "ECDH"
    cipher: str  # "3DES" or "AES"
    key_length: int
    key_id: int | None
    public_key_der: bytes  # SubjectPublicKeyInfo from DG14

    @property
    def oid_content(self) -> bytes:
        return bytes(core.ObjectIdentifier(self.protocol).contents)

    @property
    def detail(self) -> str:
        name = "3DES" if self.cipher == "3DES" else f"AES-{self.key_length * 8}"
        return f"{self.agreement} {name}"


def _ca_protocol(protocol: str) -> tuple[str, str, int] | None:
    parts = protocol[len(ID_CA) + 1:].split(".") if protocol.startswith(ID_CA + ".") else []
    if len(parts) != 2 or parts[0] not in ("1", "2") or not parts[1].isdigit():
        return None
    cipher = _CIPHERS.get(int(parts[1]))
    if cipher is None:
        return None
    return ("DH" if parts[0] == "1" else "ECDH"), cipher[0], cipher[1]


def chip_auth_info(infos: SecurityInfos) -> ChipAuthInfo | None:
    """The CA key and protocol to use from DG14; None when DG14 offers no usable CA.

    A key without a ChipAuthenticationInfo gets the 3DES protocol of its key type, which is
    what CA version 1 chips imply.
    """
    offered = infos.of_kind("chip_authentication")
    protocols = []
    for info in offered:
        parsed = _ca_protocol(info.protocol)
        if parsed is not None:
            protocols.append((info, parsed))
    for key in infos.of_kind("chip_authentication_public_key"):
        if key.public_key_der is None:
            continue
        agreement = "DH" if key.protocol == ID_PK_DH else "ECDH"
        matching = [(info, parsed) for info, parsed in protocols if parsed[0] == agreement
                    and (info.key_id is None or key.key_id is None or info.key_id == key.key_id)]
        if matching:
            info, (_, cipher, length) = max(matching, key=lambda m: (m[1][1] == "AES", m[1][2]))
            return ChipAuthInfo(info.protocol, agreement, cipher, length, key.key_id,
                                key.public_key_der)
        if not offered:
            suffix = "1.1" if key.protocol == ID_PK_DH else "2.1"
            return ChipAuthInfo(f"{ID_CA}.{suffix}", agreement, "3DES", 16, key.key_id,
                                key.public_key_der)
    return None


def _key_reference(key_id: int | None) -> bytes:
    if key_id is None:
        return b""
    return encode_tlv(0x84, key_id.to_bytes(max(1, (key_id.bit_length() + 7) // 8), "big"))


def chip_authenticate(channel: ApduChannel, ca: ChipAuthInfo, *, random: Random = os.urandom,
                      private_key: int | None = None) -> SessionKeys:
    """Run CA over the current (protected) channel; the keys to restart SM with.

    ChipAuthError when the chip refuses or the DG14 key is unusable.
    """
    try:
        domain, chip_public = domain_from_spki(ca.public_key_der)
    except DomainError as exc:
        raise ChipAuthError(f"DG14 key: {exc.detail}") from exc
    private = private_key if private_key is not None else domain.random_private(random)
    public = domain.public(private)
    reference = _key_reference(ca.key_id)
    if ca.cipher == "3DES":
        commands = [CommandAPDU(0x00, 0x22, 0x41, 0xA6, encode_tlv(0x91, public) + reference)]
    else:
        commands = [
            CommandAPDU(0x00, 0x22, 0x41, 0xA4, encode_tlv(0x80, ca.oid_content) + reference),
            CommandAPDU(0x00, 0x86, 0x00, 0x00, encode_tlv(0x7C, encode_tlv(0x80, public)),
                        le=256),
        ]
    for command in commands:
        answer = channel.send(command)
        if answer.sw != SW_OK:
            raise ChipAuthError(f"{'MSE' if command.ins == 0x22 else 'GA'} refused",
                                sw=answer.sw)
    try:
        return SessionKeys.derive(domain.agree(private, chip_public), ca.cipher, ca.key_length)
    except DomainError as exc:
        raise ChipAuthError(f"key agreement: {exc.detail}") from exc


class CardChipAuth:
    """The chip's side (virtual card): `private_key` may differ from DG14's key (a clone)."""

    def __init__(self, ca: ChipAuthInfo, private_key: int) -> None:
        self.ca = ca
        self.private_key = private_key
        self.domain: Domain = domain_from_spki(ca.public_key_der)[0]
        self._armed = False  # MSE:Set AT seen, GENERAL AUTHENTICATE expected

    def reset(self) -> None:
        self._armed = False

    def _fields(self, data: bytes) -> dict[int, bytes] | None:
        try:
            return {tag: value for tag, value, _raw in iter_tlvs(data)}
        except SecureMessagingError:
            return None

    def _key_id_ok(self, fields: dict[int, bytes]) -> bool:
        if 0x84 not in fields:
            return True
        return self.ca.key_id is None or int.from_bytes(fields[0x84], "big") == self.ca.key_id

    def _keys(self, public: bytes) -> SessionKeys | None:
        try:
            shared = self.domain.agree(self.private_key, public)
        except DomainError:
            return None
        return SessionKeys.derive(shared, self.ca.cipher, self.ca.key_length)

    def mse(self, p1p2: int, data: bytes) -> tuple[int, SessionKeys | None]:
        """MSE:Set KAT (41A6: keys at once) or Set AT (41A4: arm GENERAL AUTHENTICATE)."""
        self._armed = False
        fields = self._fields(data)
        if fields is None or not self._key_id_ok(fields):
            return (SW_REF_NOT_FOUND if fields else SW_WRONG_DATA), None
        if p1p2 == 0x41A6 and self.ca.cipher == "3DES" and 0x91 in fields:
            keys = self._keys(fields[0x91])
            return (SW_OK, keys) if keys else (SW_WRONG_DATA, None)
        if p1p2 == 0x41A4 and fields.get(0x80) == self.ca.oid_content:
            self._armed = True
            return SW_OK, None
        return SW_WRONG_DATA, None

    def general_authenticate(self, data: bytes) -> tuple[bytes, int, SessionKeys | None]:
        """(answer data, status word, keys to switch to after answering)."""
        if not self._armed:
            return b"", 0x6985, None
        self._armed = False
        fields = self._fields(data)
        inner = self._fields(fields.get(0x7C, b"")) if fields else None
        if not inner or 0x80 not in inner:
            return b"", SW_WRONG_DATA, None
        keys = self._keys(inner[0x80])
        if keys is None:
            return b"", SW_WRONG_DATA, None
        return encode_tlv(0x7C, b""), SW_OK, keys
