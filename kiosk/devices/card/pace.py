"""PACE with Generic Mapping, terminal side (ICAO 9303-11 section 4.4).

MSE:Set AT names the protocol and the password (MRZ = 1, CAN = 2); then four chained GENERAL
AUTHENTICATE commands: the chip's nonce encrypted under Kpi = KDF(password, 3), the mapping
keys (G' = s*G + H, or g^s * h for DH), the ephemeral keys on the mapped domain, and the two
authentication tokens, the chip's checked before its session keys are used. What a citizen
can meet comes out as AccessDenied subclasses with their own vi/en text (wrong CAN with the
tries the card has left; blocked); anything else is a PaceError, after which the reader falls
back to BAC when it has the dates.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives import constant_time

from kiosk.devices.card.access_key import AccessKeyError
from kiosk.devices.card.apdu import (
    SW_CONDITIONS_NOT_SATISFIED,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    AccessDenied,
    CardError,
    CommandAPDU,
    SecureMessagingError,
)
from kiosk.devices.card.lds.card_access import PROPRIETARY_IDS, CardAccessInfo, PaceInfo
from kiosk.devices.card.pace_crypto import PASSWORD, SessionKeys, auth_token, decrypt_nonce, kdf
from kiosk.devices.card.pace_domain import (
    Domain,
    DomainError,
    domain_from_algorithm,
    standard_domain,
)
from kiosk.devices.card.secure_messaging import SecureMessaging, encode_tlv, iter_tlvs
from kiosk.devices.card.transport import ApduChannel

log = logging.getLogger(__name__)

MRZ_REFERENCE, CAN_REFERENCE = 1, 2
SW_BLOCKED = 0x6983  # authentication method blocked
CHAINING = 0x10

Random = Callable[[int], bytes]
KeySource = Callable[[str, Domain], int]  # ("mapping" | "agreement", domain) -> private key


class PaceError(CardError):
    """PACE did not complete for a reason other than the password (fall back to BAC)."""

    code = "pace_failed"


class PaceUnsupportedError(PaceError):
    """The chip does not offer this PACE variant or password type."""

    code = "pace_unsupported"


class PaceRefused(AccessDenied):
    """The chip refused the password; `retries_left` when it said (63Cx)."""

    code = "pace_refused"

    def __init__(self, kind: str, retries_left: int | None = None, *,
                 sw: int | None = None) -> None:
        self.password = kind  # "CAN" or "MRZ", never the value
        self.retries_left = retries_left
        super().__init__(f"{kind} refused, retries left: {retries_left}", sw=sw)
        if kind == "CAN":
            self.message_vi = ("Thẻ từ chối mã truy cập (6 số cuối của số định danh). Vui lòng "
                               "kiểm tra lại số định danh in trên thẻ.")
            self.message_en = ("The card refused the access number (the last 6 digits of the "
                               "ID number). Please check the ID number printed on the card.")
        else:
            self.message_vi = ("Thẻ từ chối khóa truy cập. Vui lòng kiểm tra số định danh, ngày "
                               "sinh và ngày hết hạn in trên thẻ.")
            self.message_en = ("The card refused the access key. Please check the ID number, "
                               "date of birth and date of expiry printed on the card.")
        if retries_left:
            tries = "try" if retries_left == 1 else "tries"
            self.message_vi += f" Thẻ còn cho phép thử {retries_left} lần."
            self.message_en += f" The card allows {retries_left} more {tries}."
        elif retries_left == 0:
            self.message_vi += " " + _BLOCKED_VI
            self.message_en += " " + _BLOCKED_EN


_BLOCKED_VI = ("Thẻ đã tạm khóa vì nhập sai nhiều lần: vui lòng nhấc thẻ ra, đặt lại rồi thử "
               "với số đúng, hoặc nhờ cán bộ hỗ trợ.")
_BLOCKED_EN = ("The card is locked after too many wrong tries: take it off the reader, put it "
               "back and try again with the right number, or ask staff for help.")


class PaceBlocked(AccessDenied):
    """The chip blocks PACE with this password (6983) until it is presented again."""

    code = "pace_blocked"
    message_vi = _BLOCKED_VI
    message_en = _BLOCKED_EN


@dataclass(frozen=True)
class PacePassword:
    """The shared secret: CAN digits as bytes, or SHA-1 of the MRZ information."""

    kind: str  # "CAN" or "MRZ"
    secret: bytes

    @property
    def key_reference(self) -> int:
        return CAN_REFERENCE if self.kind == "CAN" else MRZ_REFERENCE

    @classmethod
    def can(cls, digits: str) -> PacePassword:
        value = (digits or "").strip()
        if not re.fullmatch(r"[0-9]{6}", value):
            raise AccessKeyError("bad_can", "Mã CAN phải gồm đúng 6 chữ số.",
                                 "The CAN must be exactly 6 digits.")
        return cls("CAN", value.encode("ascii"))

    @classmethod
    def mrz(cls, mrz_information: str) -> PacePassword:
        digest = hashlib.sha1(mrz_information.encode("ascii")).digest()  # noqa: S324 (ICAO)
        return cls("MRZ", digest)

    def __repr__(self) -> str:
        return f"PacePassword({self.kind}, <secret>)"


@dataclass(frozen=True)
class PaceResult:
    sm: SecureMessaging
    keys: SessionKeys
    info: PaceInfo
    domain_name: str
    password: str
    chip_token: bytes
    retries_left: int | None  # what MSE:Set AT said before this (successful) attempt

    @property
    def detail(self) -> str:
        return (f"{self.password}, {self.info.agreement}-{self.info.mapping} "
                f"{self.domain_name}, {self.info.cipher_name}")

    def __repr__(self) -> str:
        return f"PaceResult({self.detail})"


def pace_domain(card_access: CardAccessInfo | None, info: PaceInfo) -> Domain:
    """The domain parameters a PACEInfo names (standardized id or PACEDomainParameterInfo)."""
    try:
        explicit = card_access.domain_for(info) if card_access is not None else None
        if explicit is not None:
            domain = domain_from_algorithm(explicit.algorithm_der)
        elif info.parameter_id is None or info.parameter_id in PROPRIETARY_IDS:
            raise PaceUnsupportedError("no domain parameters for the PACEInfo")
        else:
            domain = standard_domain(info.parameter_id)
    except DomainError as exc:
        raise PaceUnsupportedError(f"domain parameters: {exc.detail}") from exc
    if domain.agreement != info.agreement:
        raise PaceUnsupportedError("domain parameters do not fit the protocol")
    return domain


def mse_set_at(info: PaceInfo, password: PacePassword, parameter_id: int | None = None
               ) -> CommandAPDU:
    data = encode_tlv(0x80, info.oid_content) + encode_tlv(0x83, bytes((password.key_reference,)))
    if parameter_id is not None:
        data += encode_tlv(0x84, bytes((parameter_id,)))
    return CommandAPDU(0x00, 0x22, 0xC1, 0xA4, data)


def _mse_status(sw: int, password: str) -> int | None:
    """Retries left when the chip says (63Cx); raises when it will not run PACE."""
    if sw == SW_OK:
        return None
    if sw & 0xFFF0 == 0x63C0 and sw & 0x0F:
        return sw & 0x0F  # a warning: the password still has x tries
    if sw in (SW_BLOCKED, 0x63C0):
        raise PaceBlocked(f"{password} blocked", sw=sw)
    raise PaceUnsupportedError(f"MSE:Set AT for {password}", sw=sw)


def _ga_status(sw: int, step: int, password: str) -> None:
    if sw == SW_OK:
        return
    if sw == SW_BLOCKED:
        raise PaceBlocked(f"{password} blocked", sw=sw)
    if sw >> 8 == 0x63:
        retries = sw & 0x0F if sw & 0xFFF0 == 0x63C0 else None
        raise PaceRefused(password, retries, sw=sw)
    if step == 4 and sw in (SW_SECURITY_NOT_SATISFIED, SW_CONDITIONS_NOT_SATISFIED):
        raise PaceRefused(password, None, sw=sw)
    raise PaceError(f"GENERAL AUTHENTICATE step {step}", sw=sw)


def general_authenticate(channel: ApduChannel, tag: int | None, value: bytes, *, step: int,
                         password: str, last: bool = False) -> dict[int, bytes]:
    """One GA command; the answer's dynamic authentication data (7C) as {tag: value}."""
    inner = b"" if tag is None else encode_tlv(tag, value)
    command = CommandAPDU(0x00 if last else CHAINING, 0x86, 0x00, 0x00, encode_tlv(0x7C, inner),
                          le=256)
    answer = channel.send(command)
    _ga_status(answer.sw, step, password)
    return parse_dynamic_data(answer.data)


def parse_dynamic_data(data: bytes) -> dict[int, bytes]:
    """7C { tag value ... } -> {tag: value}; PaceError when malformed."""
    try:
        outer = list(iter_tlvs(data))
        if len(outer) != 1 or outer[0][0] != 0x7C:
            raise PaceError("answer is not one 7C object")
        return {tag: value for tag, value, _raw in iter_tlvs(outer[0][1])}
    except SecureMessagingError as exc:
        raise PaceError("malformed dynamic authentication data") from exc


def _need(data: dict[int, bytes], tag: int, step: int) -> bytes:
    if tag not in data:
        raise PaceError(f"step {step} answer without tag {tag:02X}")
    return data[tag]


def pace_authenticate(
    channel: ApduChannel,
    card_access: CardAccessInfo | None,
    info: PaceInfo,
    password: PacePassword,
    *,
    random: Random = os.urandom,
    private_keys: KeySource | None = None,
    send_parameter_id: bool | None = None,
) -> PaceResult:
    """Run PACE-GM over a plain channel; the result's `sm` protects everything after.

    `private_keys` replaces the random ephemeral keys (the ICAO worked example);
    `send_parameter_id` None = name the domain parameters (tag 84) only when ambiguous.
    """
    if not info.supported:
        raise PaceUnsupportedError(f"PACE variant {info.protocol} v{info.version}")
    domain = pace_domain(card_access, info)
    if send_parameter_id is None:
        send_parameter_id = info.parameter_id is not None and (
            info.parameter_id in PROPRIETARY_IDS
            or (card_access is not None and card_access.ambiguous))
    pid = info.parameter_id if send_parameter_id else None
    retries = _mse_status(channel.send(mse_set_at(info, password, pid)).sw, password.kind)

    def private(step: str, where: Domain) -> int:
        return private_keys(step, where) if private_keys else where.random_private(random)

    kind = password.kind
    try:
        k_pi = kdf(password.secret, PASSWORD, info.cipher, info.key_length)
        step1 = general_authenticate(channel, None, b"", step=1, password=kind)
        nonce = decrypt_nonce(info.cipher, k_pi, _need(step1, 0x80, 1))
        sk_map = private("mapping", domain)
        pk_map = domain.public(sk_map)
        step2 = general_authenticate(channel, 0x81, pk_map, step=2, password=kind)
        pk_map_ic = _need(step2, 0x82, 2)
        if pk_map_ic == pk_map:
            raise PaceError("chip echoed the mapping key")
        mapped = domain.map_generic(int.from_bytes(nonce, "big"), sk_map, pk_map_ic)
        sk = private("agreement", mapped)
        pk = mapped.public(sk)
        step3 = general_authenticate(channel, 0x83, pk, step=3, password=kind)
        pk_ic = _need(step3, 0x84, 3)
        if pk_ic == pk:
            raise PaceError("chip echoed the ephemeral key")
        keys = SessionKeys.derive(mapped.agree(sk, pk_ic), info.cipher, info.key_length)
    except (DomainError, SecureMessagingError) as exc:
        raise PaceError(f"PACE: {exc.detail}") from exc
    tag = mapped.public_tag
    t_ifd = auth_token(info.cipher, keys.ks_mac, info.oid_content, tag, pk_ic)
    step4 = general_authenticate(channel, 0x85, t_ifd, step=4, password=kind, last=True)
    t_ic = _need(step4, 0x86, 4)
    expected = auth_token(info.cipher, keys.ks_mac, info.oid_content, tag, pk)
    if not constant_time.bytes_eq(t_ic, expected):
        raise PaceError("the chip's authentication token does not verify")
    log.info("card: PACE established (%s, %s)", info.agreement, info.cipher_name)
    return PaceResult(keys.terminal(), keys, info, domain.name, kind, t_ic, retries)
