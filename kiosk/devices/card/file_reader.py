"""SELECT and READ BINARY for elementary files, as fast as the card allows.

Strategy: read a 4-byte header to learn the TLV length, then ask for everything that is
left in the largest answer the card gives: an extended-length Le on cards that accept it
(probed once; a refusal falls back to short APDUs for the rest of the session), else the
largest short answer secure messaging can carry. The card's corrections are followed: 6Cxx
(retry with the exact length), 6700 (shrink), 6282/6B00 (end of file). A transient failure
(lost answer, bad MAC) re-authenticates through `recover` and resumes at the last good
offset; a removed card raises `CardRemoved` with `partial` holding what was read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.devices.card.apdu import (
    SW_END_OF_FILE,
    SW_OK,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
    CardError,
    CommandAPDU,
    CommunicationError,
    ResponseAPDU,
    WrongLength,
    raise_for_sw,
)
from kiosk.devices.card.secure_messaging import encode_length
from kiosk.devices.card.transport import ApduChannel, ReadStats

log = logging.getLogger(__name__)

HEADER_LENGTH = 4
MAX_SHORT_OFFSET = 0x7FFF  # READ BINARY B0 takes a 15-bit offset; beyond it use B1 + DO54

Recover = Callable[[], ApduChannel]


class MalformedFileError(CardError):
    code = "malformed_file"
    message_vi = "Dữ liệu trên thẻ bị lỗi định dạng. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The data on the card is malformed. Please ask staff for help."


def tlv_total_length(header: bytes) -> int | None:
    """Total encoded length of the TLV starting `header`; None if more bytes are needed."""
    if not header:
        return None
    i = 1
    if header[0] & 0x1F == 0x1F:  # multi-byte tag
        while True:
            if i >= len(header):
                return None
            i += 1
            if not header[i - 1] & 0x80:
                break
            if i > 4:
                raise MalformedFileError("tag longer than 4 bytes")
    if i >= len(header):
        return None
    first = header[i]
    i += 1
    if first < 0x80:
        return i + first
    count = first & 0x7F
    if count == 0 or count > 3:
        raise MalformedFileError("unsupported length encoding")
    if i + count > len(header):
        return None
    return i + count + int.from_bytes(header[i:i + count], "big")


class FileReader:
    """Reads elementary files through a channel; keeps what it learnt about the card."""

    def __init__(
        self,
        channel: ApduChannel,
        stats: ReadStats | None = None,
        *,
        extended: bool | None = None,
        recover: Recover | None = None,
        max_recoveries: int = 3,
    ) -> None:
        self.channel = channel
        self.stats = stats or ReadStats()
        self.extended = extended  # None = not known yet: probe on the first big read
        self.recover = recover
        self.max_recoveries = max_recoveries
        self.short_limit = channel.max_short_read
        self.extended_limit = channel.max_extended_read
        # What the card's answer size turned out to be: the largest Le it served in full and
        # the smallest it refused (6700/6Cxx). Reads bisect between them until they meet.
        self.good_le = 0
        self.bad_le: int | None = None
        self.partial = b""  # the current file's bytes so far (for resuming)
        self._fid = 0

    # --- commands -----------------------------------------------------------------------

    def select(self, fid: int) -> None:
        command = CommandAPDU(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))
        raise_for_sw(self.channel.send(command).sw, f"SELECT {fid:04X}")

    def _read_command(self, offset: int, le: int) -> CommandAPDU:
        if offset <= MAX_SHORT_OFFSET:
            return CommandAPDU(0x00, 0xB0, offset >> 8, offset & 0xFF, le=le)
        # Beyond a 15-bit offset: odd INS, offset in DO54, answer wrapped in DO53.
        raw = offset.to_bytes(3, "big")
        return CommandAPDU(0x00, 0xB1, 0x00, 0x00, b"\x54\x03" + raw,
                           le=le + 1 + len(encode_length(le)))

    def _transmit_read(self, offset: int, le: int) -> ResponseAPDU:
        command = self._read_command(offset, le)
        assert command.le is not None
        answer = self.channel.send(command, extended=command.le > 256 or None)
        if command.ins == 0xB1 and answer.data:
            answer = ResponseAPDU(_open_do53(answer.data), answer.sw)
        return answer

    # --- reading ------------------------------------------------------------------------

    def read_file(self, fid: int, partial: bytes = b"") -> bytes:
        """The whole file `fid`; `partial` = bytes already read before an interruption."""
        self.partial = bytes(partial)
        self._fid = fid
        recoveries = 0
        while True:
            try:
                self.select(fid)
                return self._read_rest()
            except CommunicationError:
                # Covers lost answers and bad MACs; CardRemoved is not one of them.
                if self.recover is None or recoveries >= self.max_recoveries:
                    raise
                recoveries += 1
                self._recover_session(f"file {fid:04X} at offset {len(self.partial)}")

    def _recover_session(self, where: str) -> None:
        assert self.recover is not None
        log.info("card: recovering the session (%s)", where)
        self.stats.recoveries += 1
        self.channel = self.recover()

    def _read_rest(self) -> bytes:
        total = tlv_total_length(self.partial)
        while total is None:
            need = HEADER_LENGTH if len(self.partial) < HEADER_LENGTH else len(self.partial) + 1
            chunk, eof = self._read_chunk(len(self.partial), need - len(self.partial))
            self.partial += chunk
            if eof:
                return self.partial
            total = tlv_total_length(self.partial)
        while len(self.partial) < total:
            chunk, eof = self._read_chunk(len(self.partial), total - len(self.partial))
            self.partial += chunk
            if eof:
                break
        return self.partial[:total]

    def _next_le(self, wanted: int, offset: int = 0) -> int:
        upper = self.short_limit if self.extended is False else self.extended_limit
        if offset > MAX_SHORT_OFFSET:
            upper -= 4  # room for the DO53 header
        if self.bad_le is not None:
            upper = min(upper, max(self.good_le, (self.good_le + self.bad_le) // 2))
        return max(1, min(wanted, upper))

    def _read_chunk(self, offset: int, wanted: int) -> tuple[bytes, bool]:
        """Up to `wanted` bytes at `offset`, following the card's corrections; (data, eof)."""
        le = self._next_le(wanted, offset)
        for _attempt in range(12):
            probing = le > 256 and self.extended is None  # B1 overhead ignored
            try:
                answer = self._transmit_read(offset, le)
            except CommunicationError:
                if probing:  # a reader or card that chokes on extended APDUs
                    self.extended = False
                raise
            sw = answer.sw
            if sw in (SW_OK, SW_END_OF_FILE):
                if probing:
                    self.extended = True
                self._learn_served(le, len(answer.data), sw == SW_END_OF_FILE)
                data = answer.data[:wanted]
                return data, sw == SW_END_OF_FILE or not data
            if sw == SW_WRONG_P1P2:
                return b"", True  # offset beyond the end of the file
            if sw >> 8 == 0x6C:
                self._learn_refused(le)
                le = sw & 0xFF or 256
                continue
            if probing and (self.channel.last_plain or sw != SW_WRONG_LENGTH):
                # The card did not take the extended APDU at all: short APDUs from now on.
                self._disable_extended()
                le = self._next_le(wanted, offset)
                continue
            if sw == SW_WRONG_LENGTH:
                if le <= 1:
                    raise WrongLength("the card refuses even one byte")
                self._learn_refused(le)
                if le > self.short_limit >= self._next_le(wanted, offset):
                    self.extended = False  # it takes extended APDUs but not long answers
                le = self._next_le(wanted, offset)
                continue
            raise_for_sw(sw, f"READ BINARY at {offset}")
        raise WrongLength("the card keeps refusing the read length")

    def _disable_extended(self) -> None:
        log.info("card: extended length refused, using short APDUs")
        self.extended = False
        if self.channel.last_plain and self.recover is not None:
            # A plain refusal may have left the card's SM counter out of step with ours.
            self._recover_session("after the extended-length probe")
            self.select(self._fid)

    def _learn_served(self, le: int, served: int, eof: bool) -> None:
        self.stats.max_response = max(self.stats.max_response, served)
        if served >= le:
            self.good_le = max(self.good_le, le)
        elif not eof and served:
            # Fewer bytes than asked, not at the end: that is the card's buffer size.
            self.good_le = max(self.good_le, served)
            self.bad_le = served + 1
        if self.bad_le is not None and self.bad_le <= self.good_le:
            self.bad_le = self.good_le + 1

    def _learn_refused(self, le: int) -> None:
        self.bad_le = le if self.bad_le is None else min(self.bad_le, le)
        if self.bad_le <= self.good_le:
            self.good_le = self.bad_le - 1


def _open_do53(data: bytes) -> bytes:
    """READ BINARY with odd INS wraps the file bytes in DO53."""
    if data[0] != 0x53:
        raise MalformedFileError("odd-INS READ BINARY answer without DO53")
    total = tlv_total_length(data)
    if total is None or total > len(data):
        raise MalformedFileError("truncated DO53")
    first = data[1]
    value_start = 2 + (first & 0x7F if first >= 0x80 else 0)
    return data[value_start:total]
