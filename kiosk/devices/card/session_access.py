"""Opening the chip: EF.CardAccess, then PACE (CAN, else the MRZ), BAC as the fallback.

ICAO 9303-11 order: EF.CardAccess is read without secure messaging before the application
is selected (selected directly, 00 A4 02 0C 02 011C: the CCCD answers 6D00 to SELECT MF);
PACE runs at that level and the eMRTD application is then selected under PACE's keys. A
card without EF.CardAccess, without a PACE variant we implement, or that refuses PACE is
opened with BAC when the dates are known (SELECT in plain, then GET CHALLENGE / MUTUAL
AUTHENTICATE, as in issue 3). A wrong password stops PACE at once, sparing the card's retry
counter: the remaining candidates go to BAC, which has none.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.devices.card.access_key import BacKey, CardAccess
from kiosk.devices.card.apdu import (
    SW_END_OF_FILE,
    SW_OK,
    AccessDenied,
    CardStatusError,
    CommandAPDU,
    FileNotFound,
    WrongLength,
)
from kiosk.devices.card.bac_session import AccessRefused, open_session, select_application
from kiosk.devices.card.file_reader import FileReader, MalformedFileError, tlv_total_length
from kiosk.devices.card.lds.card_access import CardAccessInfo, parse_card_access
from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.pace import (
    PaceBlocked,
    PaceError,
    PacePassword,
    PaceRefused,
    PaceUnsupportedError,
    pace_authenticate,
)
from kiosk.devices.card.secure_messaging import SecureChannel
from kiosk.devices.card.transport import CardTransport, PlainChannel, ReadStats

log = logging.getLogger(__name__)

CARD_ACCESS_FID = 0x011C
Random = Callable[[int], bytes]


class DatesRequired(AccessDenied):
    """The card cannot be opened with the ID number alone (no PACE, or PACE refused)."""

    code = "dates_required"
    message_vi = ("Thẻ này không mở được chỉ bằng số định danh. Vui lòng nhập thêm ngày sinh "
                  "in trên thẻ rồi thử lại.")
    message_en = ("This card does not open with the ID number alone. Please also give the "
                  "date of birth printed on the card, then try again.")


@dataclass(frozen=True)
class AccessUsed:
    """How the chip was opened, to open it the same way after a lost session."""

    method: str  # "PACE" or "BAC"
    credential: str | None  # "CAN" or "MRZ" with PACE
    key: BacKey | None  # the BAC key, or the one whose MRZ was PACE's password
    detail: str

    def __repr__(self) -> str:
        return f"AccessUsed({self.method}, {self.detail})"


def _read_small_file(plain: PlainChannel, stats: ReadStats | None) -> bytes:
    """SELECT then one READ BINARY of up to 256 bytes, which holds a typical EF.CardAccess
    whole; the file reader's header-first strategy takes over when it does not."""
    reader = FileReader(plain, stats, extended=False)
    reader.select(CARD_ACCESS_FID)
    answer = plain.send(CommandAPDU(0x00, 0xB0, 0x00, 0x00, le=256))
    if answer.sw in (SW_OK, SW_END_OF_FILE):
        total = tlv_total_length(answer.data)
        if total is not None and total <= len(answer.data):
            return answer.data[:total]
    return reader.read_file(CARD_ACCESS_FID)


def read_card_access(plain: PlainChannel, stats: ReadStats | None = None
                     ) -> CardAccessInfo | None:
    """EF.CardAccess parsed, or None when the card has none (or none we can read)."""
    try:
        data = _read_small_file(plain, stats)
    except (FileNotFound, CardStatusError, WrongLength, MalformedFileError) as exc:
        log.info("card: no EF.CardAccess (%s)", exc.code)
        return None
    try:
        return parse_card_access(data)
    except LdsError as exc:
        log.warning("card: EF.CardAccess not parsed (%s)", exc.code)
        return None


def _passwords(access: CardAccess, prefer: AccessUsed | None
               ) -> list[tuple[PacePassword, BacKey | None]]:
    out: list[tuple[PacePassword, BacKey | None]] = []
    if access.can and (prefer is None or prefer.credential == "CAN"):
        out.append((PacePassword.can(access.can), None))
    mrz_key = prefer.key if prefer is not None and prefer.credential == "MRZ" else None
    if mrz_key is None and access.bac and (prefer is None or prefer.credential == "MRZ"):
        mrz_key = access.bac[0]  # one try only: a wrong derived expiry costs the card a retry
    if mrz_key is not None:
        out.append((PacePassword.mrz(mrz_key.mrz_information), mrz_key))
    return out


def _try_pace(transport: CardTransport, access: CardAccess, prefer: AccessUsed | None,
              random: Random) -> tuple[SecureChannel, AccessUsed] | AccessDenied | None:
    """A PACE session, the password refusal to report, or None (card has no usable PACE)."""
    passwords = _passwords(access, prefer)
    if not passwords:
        return None
    plain = PlainChannel(transport)
    info = read_card_access(plain)
    chosen = info.preferred() if info is not None else None
    if info is None or chosen is None:
        return None
    for password, key in passwords:
        try:
            result = pace_authenticate(plain, info, chosen, password, random=random)
        except PaceUnsupportedError as exc:
            log.info("card: PACE with %s not offered (%s)", password.kind, exc)
            continue
        except (PaceRefused, PaceBlocked) as exc:
            log.info("card: PACE with %s refused (%s)", password.kind, exc.code)
            return exc
        except PaceError as exc:
            log.warning("card: PACE failed (%s), falling back", exc)
            return None
        channel = SecureChannel(transport, result.sm)
        select_application(channel)
        return channel, AccessUsed("PACE", password.kind, key, result.detail)
    return None


def open_access(transport: CardTransport, access: CardAccess, *, random: Random = os.urandom,
                prefer: AccessUsed | None = None) -> tuple[SecureChannel, AccessUsed]:
    """Open a secure session the best way the card and `access` allow.

    `prefer` (what worked before) narrows the attempts to that method and password.
    Raises PaceRefused/PaceBlocked (wrong CAN, no dates to fall back on), AccessRefused (BAC
    keys refused; `pace_failure` holds a PACE refusal that came first) or DatesRequired.
    """
    failure: AccessDenied | None = None
    if access.pace and (prefer is None or prefer.method == "PACE"):
        outcome = _try_pace(transport, access, prefer, random)
        if isinstance(outcome, tuple):
            return outcome
        failure = outcome
    keys = list(access.bac)
    if prefer is not None and prefer.key is not None:
        keys = [prefer.key, *(k for k in keys if k != prefer.key)]
    if keys or not access.pace:  # BAC only: no keys at all is a refusal, as before PACE
        try:
            channel, key = open_session(transport, keys, random)
        except AccessRefused as exc:
            exc.pace_failure = failure
            raise
        return channel, AccessUsed("BAC", None, key, "BAC")
    if failure is not None:
        raise failure
    raise DatesRequired("no PACE and no BAC key")
