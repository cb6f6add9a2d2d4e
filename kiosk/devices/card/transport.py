"""What the protocol code needs from a reader: send bytes, get bytes back.

The same BAC / secure messaging / file reading code runs over pyscard (`PcscTransport`)
and in-process against the virtual card, because both satisfy `CardTransport`. Above the raw
transport sits an `ApduChannel`: plain (`PlainChannel`) or protected (secure messaging), so
the file reader does not care which one it talks through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kiosk.devices.card.apdu import CommandAPDU, ResponseAPDU


@runtime_checkable
class CardTransport(Protocol):
    """A connection to one card. `transmit` raises `CardError` subclasses, never others."""

    @property
    def atr(self) -> bytes: ...

    def transmit(self, command: bytes) -> bytes: ...


@dataclass
class ReadStats:
    """What a read cost: APDUs and bytes on the wire (both directions), wall-clock seconds
    (set by the card session), `max_response` = largest plain READ BINARY answer."""

    apdus: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    max_response: int = 0
    recoveries: int = 0
    seconds: float = 0.0

    @property
    def bytes(self) -> int:
        return self.bytes_sent + self.bytes_received

    def to_json(self) -> dict[str, object]:
        return {
            "apdus": self.apdus,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "max_response": self.max_response,
        }


class CountingTransport:
    """Wraps a transport and counts every APDU and byte that crosses it."""

    def __init__(self, inner: CardTransport, stats: ReadStats | None = None) -> None:
        self.inner = inner
        self.stats = stats or ReadStats()

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def transmit(self, command: bytes) -> bytes:
        self.stats.apdus += 1
        self.stats.bytes_sent += len(command)
        response = self.inner.transmit(command)
        self.stats.bytes_received += len(response)
        return response


class ApduChannel(Protocol):
    """Sends one command APDU and returns its (unprotected) answer."""

    @property
    def protected(self) -> bool: ...

    @property
    def last_plain(self) -> bool:
        """True when the last answer of a protected channel came back without protection."""
        ...

    @property
    def max_short_read(self) -> int:
        """Most plain data bytes one short READ BINARY answer can carry on this channel."""
        ...

    @property
    def max_extended_read(self) -> int: ...

    def send(self, command: CommandAPDU, *, extended: bool | None = None) -> ResponseAPDU: ...


class PlainChannel:
    """No secure messaging: before BAC, or for cards that do not need it."""

    protected = False
    last_plain = False
    max_short_read = 256
    max_extended_read = 65536

    def __init__(self, transport: CardTransport) -> None:
        self.transport = transport

    def send(self, command: CommandAPDU, *, extended: bool | None = None) -> ResponseAPDU:
        return ResponseAPDU.from_bytes(self.transport.transmit(command.to_bytes(extended)))
