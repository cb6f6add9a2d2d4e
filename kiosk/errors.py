"""The one error type a citizen (or the volunteer beside them) can meet.

Every layer raises a `KioskError` subclass for what a person at the kiosk must be told: a
stable `code` for logs and tests, and one message in Vietnamese and in English that says what
happened and what to do. The UI and the commands show `message_vi` / `message_en` and nothing
else: never an exception's text, which is for technicians. Anything that is not a KioskError
is shown as the plain fallback below.

This module imports nothing of the kiosk, so every layer may use it.
"""

from __future__ import annotations

Message = tuple[str, str]  # (vi, en)

FALLBACK: Message = (
    "Đã có lỗi xảy ra. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.",
    "Something went wrong. Please try again or ask a staff member for help.",
)


class KioskError(Exception):
    """Base of every error meant to be shown to a person at the kiosk."""

    code: str = "kiosk_error"
    message_vi: str = FALLBACK[0]
    message_en: str = FALLBACK[1]
    detail: str = ""  # technical context for logs and technicians: ids and codes, no personal data

    def message(self, language: str) -> str:
        """The message in `language` ("vi" or "en"); Vietnamese unless English is asked."""
        return self.message_en if language == "en" else self.message_vi


def citizen_message(exc: BaseException) -> Message:
    """The (vi, en) message to show for `exc`: its own for a KioskError, else the fallback."""
    if isinstance(exc, KioskError):
        return exc.message_vi, exc.message_en
    return FALLBACK
