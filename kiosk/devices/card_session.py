"""One complete read of a chip ID card: select, BAC, read the files, check them.

`read_card` is what the kiosk and `kiosk card read` call. It tries the BAC key candidates in
order (a fresh GET CHALLENGE for each), reads EF.COM, EF.SOD and the data groups (a missing
one, 6A82, is tolerated), then parses them and runs passive authentication with the LDS
package. A read cut short by a removed card raises with `exc.progress` set: hand it back as
`resume=` after the card is put back and only what is missing is read.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.devices.access_key import BacKey
from kiosk.devices.apdu import (
    SW_FILE_NOT_FOUND,
    AccessDenied,
    CardError,
    CommandAPDU,
    FileNotFound,
    UnsupportedCardError,
    raise_for_sw,
)
from kiosk.devices.bac import authenticate
from kiosk.devices.file_reader import FileReader
from kiosk.devices.secure_messaging import SecureChannel
from kiosk.devices.transport import CardTransport, CountingTransport, PlainChannel, ReadStats

log = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
READ_ORDER = ("COM", "SOD", "DG1", "DG2", "DG13", "DG14", "DG15")


@dataclass
class ReadProgress:
    """What a read has achieved so far; survives a removed card."""

    files: dict[str, bytes] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    partial_name: str | None = None
    partial: bytes = b""
    key: BacKey | None = None  # the key the card accepted
    extended: bool | None = None  # whether the card takes extended-length APDUs
    stats: ReadStats = field(default_factory=ReadStats)

    def __repr__(self) -> str:
        return (f"ReadProgress(files={sorted(self.files)}, missing={self.missing}, "
                f"partial={self.partial_name}:{len(self.partial)})")


@dataclass(frozen=True)
class Authentication:
    access: str
    passive: str  # valid / invalid / untrusted / unavailable
    passive_detail: str
    active: str = "unavailable"

    def to_json(self) -> dict[str, str]:
        return {"access": self.access, "passive": self.passive,
                "passive_detail": self.passive_detail, "active": self.active}


@dataclass
class CardReadResult:
    data: Any  # lds.CardData
    files: dict[str, bytes]
    authentication: Authentication
    stats: ReadStats
    key: BacKey

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.data.to_json())
        out["authentication"] = self.authentication.to_json()
        out["read"] = self.stats.to_json()
        return out

    def __repr__(self) -> str:
        return f"CardReadResult(files={sorted(self.files)}, passive={self.authentication.passive})"


class AccessRefused(AccessDenied):
    """Every key candidate was refused; `tried` says which values were used."""

    def __init__(self, tried: Sequence[BacKey]) -> None:
        super().__init__(f"{len(tried)} key(s) refused")
        self.tried = list(tried)


def select_application(channel: PlainChannel) -> None:
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


def read_card(
    transport: CardTransport,
    access: Sequence[BacKey],
    *,
    trust: Any = None,
    want_photo: bool = True,
    resume: ReadProgress | None = None,
    extended: bool | None = None,
    max_recoveries: int = 3,
    random: Callable[[int], bytes] = os.urandom,
) -> CardReadResult:
    """Read and check the card; `access` = BAC key candidates, most likely first."""
    from kiosk.devices.lds import FILE_IDS

    progress = resume or ReadProgress(extended=extended)
    counting = CountingTransport(transport, progress.stats)
    keys = list(access)
    if progress.key is not None:  # after a re-insert, the key that worked goes first
        keys = [progress.key, *(k for k in keys if k != progress.key)]
    started = time.monotonic()
    reader: FileReader | None = None
    try:
        channel, progress.key = open_session(counting, keys, random)
        accepted = progress.key

        def recover() -> SecureChannel:
            return open_session(counting, [accepted], random)[0]

        reader = FileReader(channel, progress.stats, extended=progress.extended,
                            recover=recover, max_recoveries=max_recoveries)
        for name in READ_ORDER:
            if name in progress.files or name in progress.missing:
                continue
            if name == "DG2" and not want_photo:
                continue
            partial = progress.partial if progress.partial_name == name else b""
            progress.partial_name, progress.partial = name, partial
            try:
                progress.files[name] = reader.read_file(FILE_IDS[name], partial)
            except FileNotFound:
                progress.missing.append(name)
            progress.partial_name, progress.partial = None, b""
            progress.extended = reader.extended
    except CardError as exc:
        if reader is not None and progress.partial_name is not None:
            progress.partial = reader.partial
            progress.extended = reader.extended
        exc.progress = progress
        raise
    finally:
        progress.stats.seconds += time.monotonic() - started
    return _check(progress, trust)


def _check(progress: ReadProgress, trust: Any) -> CardReadResult:
    from kiosk.devices.lds import parse_card, passive_authenticate

    files = dict(progress.files)
    data = parse_card(files)
    passive = passive_authenticate(files, trust)
    assert progress.key is not None
    authentication = Authentication("BAC", passive.status, passive.detail)
    log.info("card: read %d files in %d APDUs, passive=%s", len(files), progress.stats.apdus,
             passive.status)
    return CardReadResult(data, files, authentication, progress.stats, progress.key)
