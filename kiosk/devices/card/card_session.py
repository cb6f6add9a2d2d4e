"""One complete read of a chip ID card: open it, read the files, check them.

`read_card` is what the kiosk and `kiosk card read` call. Given a `CardAccess` (see
`access_for_citizen`) it opens the chip with PACE (CAN from the ID number, or the MRZ) and
falls back to BAC (see `session_access`); given a plain list of BAC keys it tries them in
order (a fresh GET CHALLENGE for each), as before PACE. It reads EF.COM, EF.SOD and the data
groups (a missing one, 6A82, is tolerated), runs Chip Authentication as soon as DG14 is in
and Active Authentication at the end (see `chip_checks`), then parses the files and runs
passive authentication with the LDS package. A read cut short by a removed card raises with
`exc.progress` set: hand it back as `resume=` after the card is put back and only what is
missing is read.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.devices.card.access_key import BacKey, CardAccess, access_for_citizen
from kiosk.devices.card.apdu import (
    CardError,
    FileNotFound,
)
from kiosk.devices.card.bac_session import (
    EMRTD_AID,
    AccessRefused,
    open_session,
    select_application,
)
from kiosk.devices.card.file_reader import FileReader
from kiosk.devices.card.secure_messaging import SecureChannel
from kiosk.devices.card.session_access import AccessUsed, open_access
from kiosk.devices.card.transport import CardTransport, CountingTransport, ReadStats

__all__ = [
    "EMRTD_AID", "READ_ORDER", "AccessRefused", "Authentication", "CardAccess", "CardReadResult",
    "ReadProgress", "access_for_citizen", "open_session", "read_card", "select_application",
]

log = logging.getLogger(__name__)

# DG14 early: Chip Authentication runs once it is in, so the rest is read under its keys.
READ_ORDER = ("COM", "SOD", "DG14", "DG1", "DG13", "DG2", "DG15")


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
    used: AccessUsed | None = None  # how the chip was opened (PACE/BAC, which password)
    chip: tuple[str, str] | None = None  # Chip Authentication (status, detail) once run
    active: tuple[str, str] | None = None  # Active Authentication (status, detail) once run

    def __repr__(self) -> str:
        return (f"ReadProgress(files={sorted(self.files)}, missing={self.missing}, "
                f"partial={self.partial_name}:{len(self.partial)})")


@dataclass(frozen=True)
class Authentication:
    access: str  # PACE or BAC
    passive: str  # valid / invalid / untrusted / unavailable
    passive_detail: str
    active: str = "unavailable"  # Active Authentication: valid / invalid / unavailable
    chip: str = "unavailable"  # Chip Authentication: valid / invalid / unavailable
    access_detail: str = ""
    active_detail: str = ""
    chip_detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"access": self.access, "access_detail": self.access_detail,
                "passive": self.passive, "passive_detail": self.passive_detail,
                "active": self.active, "active_detail": self.active_detail,
                "chip": self.chip, "chip_detail": self.chip_detail}


@dataclass
class CardReadResult:
    data: Any  # lds.CardData
    files: dict[str, bytes]
    authentication: Authentication
    stats: ReadStats
    key: BacKey | None  # the BAC key (or the MRZ PACE used); None after PACE with the CAN

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.data.to_json())
        out["authentication"] = self.authentication.to_json()
        out["read"] = self.stats.to_json()
        return out

    def __repr__(self) -> str:
        return f"CardReadResult(files={sorted(self.files)}, passive={self.authentication.passive})"


def read_card(
    transport: CardTransport,
    access: CardAccess | Sequence[BacKey],
    *,
    trust: Any = None,
    want_photo: bool = True,
    resume: ReadProgress | None = None,
    extended: bool | None = None,
    max_recoveries: int = 3,
    random: Callable[[int], bytes] = os.urandom,
) -> CardReadResult:
    """Read and check the card; `access` = a CardAccess, or BAC key candidates (BAC only),
    most likely first."""
    from kiosk.devices.card.chip_checks import active_authentication, chip_authentication
    from kiosk.devices.card.lds import FILE_IDS

    if not isinstance(access, CardAccess):
        access = CardAccess(bac=tuple(access), pace=False)
    progress = resume or ReadProgress(extended=extended)
    counting = CountingTransport(transport, progress.stats)
    started = time.monotonic()
    reader: FileReader | None = None

    def reopen() -> SecureChannel:
        channel, progress.used = open_access(counting, access, random=random,
                                             prefer=progress.used)
        progress.key = progress.used.key
        return channel

    def new_reader(channel: SecureChannel) -> FileReader:
        return FileReader(channel, progress.stats, extended=progress.extended,
                          recover=reopen, max_recoveries=max_recoveries)

    try:
        reader = new_reader(reopen())
        for name in READ_ORDER:
            skip = name == "DG2" and not want_photo
            if not (skip or name in progress.files or name in progress.missing):
                partial = progress.partial if progress.partial_name == name else b""
                progress.partial_name, progress.partial = name, partial
                try:
                    progress.files[name] = reader.read_file(FILE_IDS[name], partial)
                except FileNotFound:
                    progress.missing.append(name)
                progress.partial_name, progress.partial = None, b""
                progress.extended = reader.extended
            if name == "DG14" and progress.chip is None:  # also after a resume
                progress.chip, ca_channel = chip_authentication(
                    reader.channel, counting, progress.files, random)
                if progress.chip[0] == "valid" and ca_channel is not None:
                    reader = new_reader(ca_channel)
                elif progress.chip[0] == "invalid":
                    reader = new_reader(reopen())
        if progress.active is None:
            progress.active = active_authentication(reader.channel, progress.files, random)
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
    from kiosk.devices.card.lds import parse_card, passive_authenticate

    files = dict(progress.files)
    data = parse_card(files)
    passive = passive_authenticate(files, trust)
    assert progress.used is not None
    chip = progress.chip or ("unavailable", "no DG14")
    active = progress.active or ("unavailable", "no DG15")
    authentication = Authentication(
        progress.used.method, passive.status, passive.detail, active=active[0], chip=chip[0],
        access_detail=progress.used.detail, active_detail=active[1], chip_detail=chip[1])
    log.info("card: read %d files in %d APDUs, access=%s passive=%s chip=%s active=%s",
             len(files), progress.stats.apdus, progress.used.method, passive.status, chip[0],
             active[0])
    return CardReadResult(data, files, authentication, progress.stats, progress.key)
