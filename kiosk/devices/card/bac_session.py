"""Opening the chip with BAC: SELECT the eMRTD application in plain, then GET CHALLENGE /
MUTUAL AUTHENTICATE with the first key candidate the card accepts (ICAO 9303-11, 4.3).
PACE, and the choice between the two, are in `session_access`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence

from kiosk.devices.card.access_key import BacKey
from kiosk.devices.card.apdu import (
    SW_FILE_NOT_FOUND,
    AccessDenied,
    CommandAPDU,
    UnsupportedCardError,
    raise_for_sw,
)
from kiosk.devices.card.bac import authenticate
from kiosk.devices.card.secure_messaging import SecureChannel
from kiosk.devices.card.transport import ApduChannel, CardTransport, PlainChannel

log = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")


class AccessRefused(AccessDenied):
    """Every key candidate was refused; `tried` says which values were used and
    `pace_failure` the PACE refusal (wrong CAN) that came before, if any."""

    def __init__(self, tried: Sequence[BacKey]) -> None:
        super().__init__(f"{len(tried)} key(s) refused")
        self.tried = list(tried)
        self.pace_failure: AccessDenied | None = None


def select_application(channel: ApduChannel) -> None:
    answer = channel.send(CommandAPDU(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
    if answer.sw == SW_FILE_NOT_FOUND:
        raise UnsupportedCardError("no eMRTD application")
    raise_for_sw(answer.sw, "SELECT eMRTD application")


def open_session(
    transport: CardTransport, keys: Sequence[BacKey], random: Callable[[int], bytes] = os.urandom
) -> tuple[SecureChannel, BacKey]:
    """Select the application and run BAC with the first key the card accepts."""
    if not keys:
        raise AccessRefused([])
    plain = PlainChannel(transport)
    select_application(plain)
    for index, key in enumerate(keys):
        try:
            sm = authenticate(plain, key.mrz_information, random)
        except AccessDenied:
            log.info("card: BAC key candidate %d of %d refused", index + 1, len(keys))
            continue
        log.info("card: BAC key candidate %d of %d accepted", index + 1, len(keys))
        return SecureChannel(transport, sm), key
    raise AccessRefused(keys)


