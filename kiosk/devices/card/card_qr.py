"""The QR code printed on the ID card, from a keyboard-wedge scanner or a camera frame.

Chip-era CCCD front: ``ID12|oldCMND9|Full name|ddmmyyyy|Gender|Address|ddmmyyyy``; the old ID
may be empty and a 6-field variant without it has been reported. The 2024 card's QR layout is
undocumented, so for any other layout we take only what is certain: a 12-digit ID number.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.errors import KioskError

_ID12 = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")
_GENDERS = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
_ENTER_KEYS = {"\r", "\n", "Enter", "Return", "KP_Enter"}


class CardQrError(KioskError, ValueError):
    """The scanned code is not an ID-card QR we can use."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(message_en)


def _not_card_qr() -> CardQrError:
    return CardQrError(
        "qr_not_id_card",
        "Mã QR này không phải mã trên thẻ căn cước. Vui lòng quét mã QR trên thẻ "
        "hoặc nhập số định danh cá nhân.",
        "This QR code is not the one on the ID card. Please scan the QR code on the card "
        "or type the personal ID number.",
    )


@dataclass(frozen=True)
class CardQr:
    id_number: str
    old_id_number: str | None = None
    full_name: str | None = None
    date_of_birth: date | None = None
    gender: str | None = None
    address: str | None = None
    date_of_issue: date | None = None
    layout: str = "unknown"  # "7-field", "6-field" or "unknown"

    def __repr__(self) -> str:
        return f"CardQr(layout={self.layout}, id=…{self.id_number[-3:]})"


def _ddmmyyyy(text: str) -> date | None:
    if not re.fullmatch(r"[0-9]{8}", text):
        return None
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def _gender(text: str) -> str | None:
    return _GENDERS.get(text.casefold())


def _known_layout(fields: list[str]) -> CardQr | None:
    """The documented layouts, accepted only when every field has the expected shape."""
    if len(fields) == 7:
        id_number, old_id, name, dob, gender, address, issue = fields
        layout = "7-field"
        if old_id and not _OLD_ID.fullmatch(old_id):
            return None
    elif len(fields) == 6:
        id_number, name, dob, gender, address, issue = fields
        old_id, layout = "", "6-field"
    else:
        return None
    birth, issued, sex = _ddmmyyyy(dob), _ddmmyyyy(issue), _gender(gender)
    if not _ID12.fullmatch(id_number) or birth is None or issued is None or sex is None:
        return None
    if not name or issued < birth:
        return None
    return CardQr(
        id_number=id_number,
        old_id_number=old_id or None,
        full_name=name,
        date_of_birth=birth,
        gender=sex,
        address=address or None,
        date_of_issue=issued,
        layout=layout,
    )


def parse_card_qr(text: str) -> CardQr:
    """Parse the text of the card's QR; raises CardQrError when it holds no usable ID."""
    if not isinstance(text, str):
        raise _not_card_qr()
    # Scanners may send NFD (decomposed) Vietnamese, a BOM, CR/LF and trailing spaces.
    clean = unicodedata.normalize("NFC", text).replace("\ufeff", "").strip()
    if not clean or len(clean) > 4096:
        raise _not_card_qr()
    fields = [part.strip() for part in clean.split("|")]
    known = _known_layout(fields)
    if known is not None:
        return known
    # Unknown layout: the first field if it is a 12-digit ID, else the only 12-digit field.
    if _ID12.fullmatch(fields[0]):
        return CardQr(id_number=fields[0])
    ids = {part for part in fields if _ID12.fullmatch(part)}
    if len(ids) == 1:
        return CardQr(id_number=ids.pop())
    raise _not_card_qr()


def parse_from_camera(decoded_text: str) -> CardQr:
    """Text decoded from a camera frame: the same rules as a scanner's."""
    return parse_card_qr(decoded_text)


class KeyboardWedge:
    """Reassemble scans from a USB scanner that types like a keyboard, ending with Enter.

    A scanner types a whole code within milliseconds; a gap longer than
    ``inter_key_timeout_s`` means a person is typing (or a scan was cut), so the partial
    text is dropped. ``clock`` returns seconds (monotonic), injectable for tests.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        inter_key_timeout_s: float = 0.2,
        max_length: int = 4096,
    ) -> None:
        self._clock = clock
        self._timeout = inter_key_timeout_s
        self._max_length = max_length
        self._buffer: list[str] = []
        self._last_key: float | None = None

    @property
    def pending(self) -> str:
        return "".join(self._buffer)

    def reset(self) -> None:
        self._buffer.clear()
        self._last_key = None

    def feed(self, key: str) -> str | None:
        """One keystroke (a character, or "Enter"/"Return"); the scan's text when complete."""
        now = self._clock()
        if self._last_key is not None and now - self._last_key > self._timeout:
            self._buffer.clear()
        self._last_key = now
        if key in _ENTER_KEYS:
            text = "".join(self._buffer)
            self._buffer.clear()
            # CR LF ends a scan once: the LF after a CR finds an empty buffer.
            return text or None
        if len(key) != 1:
            return None  # Shift, Tab and other named keys carry no text
        if len(self._buffer) >= self._max_length:
            self._buffer.clear()
        self._buffer.append(key)
        return None

    def feed_text(self, keys: str) -> list[str]:
        """Several characters at once (e.g. a terminal read); completed scans in order."""
        done = []
        for key in keys:
            text = self.feed(key)
            if text is not None:
                done.append(text)
        return done
