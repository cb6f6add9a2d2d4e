"""The virtual card's security functions: PACE, Chip Authentication, Active Authentication.

`VirtualCard` hands it MANAGE SECURITY ENVIRONMENT, GENERAL AUTHENTICATE and INTERNAL
AUTHENTICATE. Everything comes from the card's own files (EF.CardAccess for PACE, DG14 for
CA and the AA hash) plus the secrets only a chip holds: the passwords and the private keys.
A clone has genuine files but other private keys, and is caught exactly the way a copied
real card would be.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kiosk.devices.card.active_auth import CHALLENGE_LENGTH, aa_hash, aa_sign
from kiosk.devices.card.apdu import (
    SW_CONDITIONS_NOT_SATISFIED,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    SW_WRONG_LENGTH,
    CommandAPDU,
    ResponseAPDU,
)
from kiosk.devices.card.chip_auth import CardChipAuth, chip_auth_info
from kiosk.devices.card.lds.card_access import parse_card_access
from kiosk.devices.card.lds.dg14_15 import SecurityInfos, parse_dg14
from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.pace import CAN_REFERENCE, MRZ_REFERENCE, KeySource
from kiosk.devices.card.pace_card import CardPace
from kiosk.devices.card.pace_crypto import SessionKeys
from kiosk.devices.card.pace_domain import DomainError

log = logging.getLogger(__name__)

SW_WRONG_DATA = 0x6A80
SW_FUNCTION_NOT_SUPPORTED = 0x6A81

Random = Callable[[int], bytes]


def _private_value(key: Any) -> int:
    """An EC private key's scalar; a DH key is given as its int exponent."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return int(key.private_numbers().private_value)
    return int(key)


class VirtualChip:
    def __init__(
        self,
        files: Mapping[str, bytes],
        mrz_information: str,
        *,
        can: str | None = None,
        chip_key: Any = None,  # CA private key (cryptography EC key, or an int)
        active_key: Any = None,  # AA private key (cryptography EC or RSA key)
        pace_tries: int = 3,
        random: Random = os.urandom,
        private_keys: KeySource | None = None,
    ) -> None:
        self.random = random
        self.pace: CardPace | None = None
        if "CardAccess" in files:
            passwords = {MRZ_REFERENCE: hashlib.sha1(mrz_information.encode()).digest()}  # noqa: S324
            if can:
                passwords[CAN_REFERENCE] = can.encode("ascii")
            self.pace = CardPace(parse_card_access(files["CardAccess"]), passwords,
                                 tries=pace_tries, random=random, private_keys=private_keys)
        infos: SecurityInfos | None = None
        if "DG14" in files:
            try:
                infos = parse_dg14(files["DG14"])
            except LdsError:
                log.warning("virtual card: DG14 not parsed, no Chip Authentication")
        self.chip_auth: CardChipAuth | None = None
        ca = chip_auth_info(infos) if infos is not None else None
        if ca is not None and chip_key is not None:
            try:
                self.chip_auth = CardChipAuth(ca, _private_value(chip_key))
            except DomainError:
                log.warning("virtual card: DG14 key not usable, no Chip Authentication")
        self.active_key = active_key if "DG15" in files else None
        default = "sha1" if isinstance(active_key, rsa.RSAPrivateKey) else "sha256"
        self.active_digest = aa_hash(infos) or default

    def reset(self) -> None:
        if self.pace is not None:
            self.pace.reset()
        if self.chip_auth is not None:
            self.chip_auth.reset()

    def represented(self) -> None:
        if self.pace is not None:
            self.pace.represented()
        if self.chip_auth is not None:
            self.chip_auth.reset()

    def manage_security_environment(self, command: CommandAPDU, protected: bool
                                    ) -> tuple[ResponseAPDU, SessionKeys | None]:
        """MSE:Set AT for PACE (C1A4, plain), for CA (41A4) or Set KAT (41A6, under SM)."""
        p1p2 = command.p1 << 8 | command.p2
        if p1p2 == 0xC1A4:
            if self.pace is None:
                return ResponseAPDU(b"", SW_FUNCTION_NOT_SUPPORTED), None
            if protected:  # this chip runs PACE only before secure messaging
                return ResponseAPDU(b"", SW_CONDITIONS_NOT_SATISFIED), None
            return ResponseAPDU(b"", self.pace.mse_set_at(command.data)), None
        if p1p2 in (0x41A4, 0x41A6):
            if self.chip_auth is None:
                return ResponseAPDU(b"", SW_FUNCTION_NOT_SUPPORTED), None
            if not protected:
                return ResponseAPDU(b"", SW_SECURITY_NOT_SATISFIED), None
            sw, keys = self.chip_auth.mse(p1p2, command.data)
            return ResponseAPDU(b"", sw), keys
        return ResponseAPDU(b"", SW_FUNCTION_NOT_SUPPORTED), None

    def general_authenticate(self, command: CommandAPDU, protected: bool
                             ) -> tuple[ResponseAPDU, SessionKeys | None]:
        """A PACE step (plain) or the CA key exchange (under SM); keys to switch to after
        this answer."""
        if protected and self.chip_auth is not None:
            data, sw, keys = self.chip_auth.general_authenticate(command.data)
            return ResponseAPDU(data, sw), keys
        if protected or self.pace is None:
            return ResponseAPDU(b"", SW_CONDITIONS_NOT_SATISFIED), None
        return self.pace.general_authenticate(command.data)

    def internal_authenticate(self, command: CommandAPDU, protected: bool) -> ResponseAPDU:
        if self.active_key is None:
            return ResponseAPDU(b"", SW_INS_NOT_SUPPORTED)
        if not protected:
            return ResponseAPDU(b"", SW_SECURITY_NOT_SATISFIED)
        if len(command.data) != CHALLENGE_LENGTH:
            return ResponseAPDU(b"", SW_WRONG_LENGTH)
        signature = aa_sign(self.active_key, command.data, self.active_digest, self.random)
        return ResponseAPDU(signature, SW_OK)
