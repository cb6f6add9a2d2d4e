"""The one error type every LDS parser raises, with a message in Vietnamese and English."""

from __future__ import annotations

from kiosk.errors import KioskError


class LdsError(KioskError, ValueError):
    """A file read from the chip is malformed or not what its tag says.

    ``code`` is a short stable identifier (safe to log); ``detail`` is technical and never
    holds personal data (offsets, tags, lengths only).
    """

    message_vi = "Không đọc được dữ liệu trên chip của thẻ. Vui lòng đặt lại thẻ và thử lại."
    message_en = "The data on the card's chip could not be read. Please place the card again."

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)
