"""Clone detection during a read: Chip Authentication (DG14) and Active Authentication (DG15).

Each gives `valid`, `invalid` or `unavailable` with a short detail (never personal data).
CA is run as soon as DG14 is read, so the rest of the card (the face image...) is read under
the chip-authenticated keys; its proof is a file read under the new keys: SELECT and READ
BINARY of DG14's first bytes, which must match. A chip that cannot MAC that read, or refuses
CA while its signed DG14 offers it, is `invalid`, and the caller reopens the session to go
on reading. Lost answers and removed cards propagate, so the read can retry or resume.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping

from kiosk.devices.card.active_auth import active_authenticate
from kiosk.devices.card.apdu import SW_OK, CommandAPDU
from kiosk.devices.card.chip_auth import ChipAuthError, chip_auth_info, chip_authenticate
from kiosk.devices.card.lds.dg14_15 import SecurityInfos, parse_dg14, parse_dg15
from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.secure_messaging import SecureChannel
from kiosk.devices.card.transport import ApduChannel, CardTransport

log = logging.getLogger(__name__)

DG14_FID = 0x010E
Random = Callable[[int], bytes]
Outcome = tuple[str, str]  # (status, detail)


def security_infos(files: Mapping[str, bytes]) -> SecurityInfos | None:
    data = files.get("DG14")
    if data is None:
        return None
    try:
        return parse_dg14(bytes(data))
    except LdsError:
        return None


def _verify_read(channel: SecureChannel, expected: bytes) -> bool:
    """A protected SELECT + READ BINARY that only a chip holding the new keys can answer."""
    select = channel.send(CommandAPDU(0x00, 0xA4, 0x02, 0x0C, DG14_FID.to_bytes(2, "big")))
    if select.sw != SW_OK:
        return False
    read = channel.send(CommandAPDU(0x00, 0xB0, 0x00, 0x00, le=len(expected)))
    return read.sw == SW_OK and read.data == expected


def chip_authentication(channel: ApduChannel, transport: CardTransport,
                        files: Mapping[str, bytes], random: Random = os.urandom
                        ) -> tuple[Outcome, SecureChannel | None]:
    """((status, detail), the chip-authenticated channel when `valid`). After `invalid`
    the card has dropped the session (reopen it); after `unavailable` the old one goes on."""
    infos = security_infos(files)
    if infos is None:
        detail = "no DG14" if "DG14" not in files else "DG14 not parsed"
        return ("unavailable", detail), None
    ca = chip_auth_info(infos)
    if ca is None:
        return ("unavailable", "DG14 offers no Chip Authentication"), None
    try:
        keys = chip_authenticate(channel, ca, random=random)
    except ChipAuthError as exc:
        log.info("card: Chip Authentication refused (%s)", exc)
        status = f" ({exc.sw:04X})" if exc.sw is not None else ""
        return ("invalid", f"card refused Chip Authentication{status}"), None
    new_channel = SecureChannel(transport, keys.terminal())
    if not _verify_read(new_channel, bytes(files["DG14"][:4])):
        log.info("card: no valid answer under the Chip Authentication keys")
        return ("invalid", f"{ca.detail}: the chip cannot use the DG14 key"), None
    log.info("card: Chip Authentication valid (%s)", ca.detail)
    return ("valid", ca.detail), new_channel


def active_authentication(channel: ApduChannel, files: Mapping[str, bytes],
                          random: Random = os.urandom) -> Outcome:
    data = files.get("DG15")
    if data is None:
        return "unavailable", "no DG15"
    try:
        dg15 = parse_dg15(bytes(data))
    except LdsError:
        return "unavailable", "DG15 not parsed"
    outcome = active_authenticate(channel, dg15, security_infos(files), random)
    log.info("card: Active Authentication %s (%s)", *outcome)
    return outcome
