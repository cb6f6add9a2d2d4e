"""ISO 7816-4 command/response APDUs, status words and the typed card errors.

Every error a citizen can meet at the card reader is a `CardError` subclass carrying a
Vietnamese and an English message that says what to do next. Protocol code raises these;
the UI and the CLI only show `message_vi` / `message_en` and never parse strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError

# Status words used by the eMRTD protocol.
SW_OK = 0x9000
SW_END_OF_FILE = 0x6282  # fewer bytes than Le: end of file reached
SW_AUTH_FAILED = 0x6300  # BAC: authentication failed
SW_WRONG_LENGTH = 0x6700
SW_SM_DATA_MISSING = 0x6987
SW_SM_DATA_INCORRECT = 0x6988
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_CONDITIONS_NOT_SATISFIED = 0x6985
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00
SW_UNKNOWN = 0x6F00

ACCESS_DENIED_SWS = frozenset({SW_AUTH_FAILED, SW_SECURITY_NOT_SATISFIED,
                               SW_CONDITIONS_NOT_SATISFIED})


class CardError(KioskError):
    """Base of every card/reader error; `code` is stable, messages are for people."""

    code = "card_error"
    message_vi: str = "Không đọc được thẻ. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ."
    message_en: str = "The card could not be read. Please try again or ask staff for help."

    def __init__(self, detail: str = "", *, sw: int | None = None) -> None:
        self.detail = detail
        self.sw = sw
        # Filled by the card session so that a retry can resume (see card_session).
        self.progress: Any = None
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [self.code]
        if self.sw is not None:
            parts.append(f"SW={self.sw:04X}")
        if self.detail:
            parts.append(self.detail)
        return ": ".join(parts)


class AccessDenied(CardError):  # noqa: N818 (name fixed by issue 3)
    """The chip refused the access key (BAC MUTUAL AUTHENTICATE 6300/6982/6985)."""

    code = "access_denied"
    message_vi = ("Thẻ từ chối khóa truy cập. Vui lòng kiểm tra số định danh, ngày sinh và "
                  "ngày hết hạn in trên thẻ rồi thử lại.")
    message_en = ("The card refused the access key. Please check the ID number, date of birth "
                  "and date of expiry printed on the card, then try again.")


class FileNotFound(CardError):  # noqa: N818 (name fixed by issue 3)
    code = "file_not_found"
    message_vi = "Thẻ không có dữ liệu cần đọc. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The card does not hold the requested data. Please ask staff for help."


class WrongLength(CardError):  # noqa: N818 (name fixed by issue 3)
    code = "wrong_length"


class UnsupportedCardError(CardError):
    code = "unsupported_card"
    message_vi = ("Đây không phải thẻ căn cước gắn chip. Vui lòng đặt thẻ căn cước công dân "
                  "gắn chip lên đầu đọc.")
    message_en = "This is not a chip ID card. Please place your chip citizen ID card on the reader."


class CardRemoved(CardError):  # noqa: N818 (name fixed by issue 3)
    code = "card_removed"
    message_vi = ("Thẻ đã bị nhấc ra trong khi đọc. Vui lòng đặt lại thẻ lên đầu đọc và giữ yên "
                  "cho đến khi đọc xong.")
    message_en = ("The card was moved away while reading. Please put it back on the reader and "
                  "keep it still until reading finishes.")


class NoReader(CardError):  # noqa: N818 (name fixed by issue 3)
    code = "no_reader"
    message_vi = "Không tìm thấy đầu đọc thẻ. Vui lòng báo cán bộ hỗ trợ."
    message_en = "No card reader was found. Please tell the staff."


class NoCard(CardError):  # noqa: N818 (name fixed by issue 3)
    code = "no_card"
    message_vi = "Chưa có thẻ trên đầu đọc. Vui lòng đặt thẻ căn cước lên đầu đọc."
    message_en = "There is no card on the reader. Please place your ID card on the reader."


class ReaderBusy(CardError):  # noqa: N818 (name fixed by issue 3)
    code = "reader_busy"
    message_vi = "Đầu đọc đang bận. Vui lòng chờ vài giây rồi thử lại."
    message_en = "The reader is busy. Please wait a few seconds and try again."


class CommunicationError(CardError):
    code = "communication_error"
    message_vi = ("Mất kết nối với thẻ. Vui lòng giữ thẻ yên trên đầu đọc và thử lại.")
    message_en = ("Communication with the card was lost. Please keep the card still on the "
                  "reader and try again.")


class SecureMessagingError(CommunicationError):
    """A protected answer failed its MAC or was malformed: nothing of it is used."""

    code = "secure_messaging_error"


class APDUFormatError(CardError):
    """Bytes that are not a well-formed APDU (either direction)."""

    code = "apdu_format_error"


class CardStatusError(CardError):
    """The card answered a status word the protocol did not expect."""

    code = "card_status"


def raise_for_sw(sw: int, what: str, *, auth: bool = False) -> None:
    """Turn a non-9000 status word into the matching typed exception."""
    if sw == SW_OK:
        return
    if auth and sw in ACCESS_DENIED_SWS:
        raise AccessDenied(what, sw=sw)
    if sw == SW_FILE_NOT_FOUND:
        raise FileNotFound(what, sw=sw)
    if sw == SW_WRONG_LENGTH:
        raise WrongLength(what, sw=sw)
    if sw in (SW_SM_DATA_MISSING, SW_SM_DATA_INCORRECT):
        raise SecureMessagingError(what, sw=sw)
    raise CardStatusError(what, sw=sw)


@dataclass(frozen=True)
class CommandAPDU:
    """A command; `le` None = no data expected, 1..65536 = that many (256/65536 encode as 0)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            value = getattr(self, name)
            if not 0 <= value <= 0xFF:
                raise APDUFormatError(f"{name} out of range")
        if len(self.data) > 65535:
            raise APDUFormatError("command data longer than 65535 bytes")
        if self.le is not None and not 1 <= self.le <= 65536:
            raise APDUFormatError("Le out of range")

    @property
    def needs_extended(self) -> bool:
        return len(self.data) > 255 or (self.le is not None and self.le > 256)

    def to_bytes(self, extended: bool | None = None) -> bytes:
        """Encode; `extended` None = only when the lengths need it."""
        ext = self.needs_extended if extended is None else extended
        if not ext and self.needs_extended:
            raise APDUFormatError("lengths need extended encoding")
        out = bytearray((self.cla, self.ins, self.p1, self.p2))
        if ext:
            if self.data:
                out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                le = self.le.to_bytes(3, "big")[1:] if self.le < 65536 else b"\x00\x00"
                out += le if self.data else b"\x00" + le
        else:
            if self.data:
                out += bytes((len(self.data),)) + self.data
            if self.le is not None:
                out.append(self.le & 0xFF)  # 256 encodes as 00
        return bytes(out)

    @classmethod
    def from_bytes(cls, raw: bytes) -> CommandAPDU:
        """Decode any ISO 7816-4 case (1, 2S/E, 3S/E, 4S/E); APDUFormatError otherwise."""
        if len(raw) < 4:
            raise APDUFormatError("command shorter than 4 bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        n = len(body)
        if n == 0:
            return cls(cla, ins, p1, p2)
        if n == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0 or n < 3:
            lc = body[0]
            if lc == 0:
                raise APDUFormatError("short Lc of 0")
            if n == 1 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1:]))
            if n == 2 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1:-1]), body[-1] or 256)
            raise APDUFormatError("short APDU length mismatch")
        # Extended: first body byte 00.
        if n == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or 65536)
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0:
            raise APDUFormatError("extended Lc of 0")
        if n == 3 + lc:
            return cls(cla, ins, p1, p2, bytes(body[3:]))
        if n == 5 + lc:
            le = int.from_bytes(body[-2:], "big") or 65536
            return cls(cla, ins, p1, p2, bytes(body[3:-2]), le)
        raise APDUFormatError("extended APDU length mismatch")

    def __repr__(self) -> str:
        # Never print command data: after BAC it may hold personal data in clear.
        return (f"CommandAPDU({self.cla:02X} {self.ins:02X} {self.p1:02X} {self.p2:02X}, "
                f"lc={len(self.data)}, le={self.le})")


@dataclass(frozen=True)
class ResponseAPDU:
    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @classmethod
    def from_bytes(cls, raw: bytes) -> ResponseAPDU:
        if len(raw) < 2:
            raise CommunicationError("response shorter than a status word")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))

    def __repr__(self) -> str:
        return f"ResponseAPDU(len={len(self.data)}, sw={self.sw:04X})"
