"""Errors an admin or volunteer can meet at the kiosk, each with a Vietnamese and English
message that says what to do."""

from __future__ import annotations

from kiosk.errors import KioskError


class AdminError(KioskError):
    """Base: ``code`` for logs, ``message_vi``/``message_en`` for the screen."""

    code = "admin_error"

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


class PinNotSetError(AdminError):
    """No admin PIN on this kiosk. Whoever opened the PIN pad may be a passer-by: the
    message says nothing of how to set one (technicians find that in the README and in
    ``kiosk admin status``)."""

    code = "pin_not_set"

    def __init__(self) -> None:
        super().__init__(
            "Chức năng này chỉ dành cho cán bộ kỹ thuật.",
            "This function is for technical staff only.",
        )


class WeakPinError(AdminError):
    code = "pin_weak"

    def __init__(self, min_len: int, max_len: int) -> None:
        super().__init__(
            f"Mã PIN phải gồm {min_len}–{max_len} chữ số, không lặp một số "
            "và không theo dãy liên tiếp (như 123456). Hãy chọn mã khác.",
            f"The PIN must be {min_len}-{max_len} digits, not one digit repeated and not a "
            "run such as 123456. Choose another.",
        )


class WrongPinError(AdminError):
    code = "pin_wrong"

    def __init__(self, attempts_left: int) -> None:
        super().__init__(
            f"Mã PIN hoặc mã tình nguyện viên không đúng. Còn {attempts_left} lần thử.",
            f"Wrong PIN or volunteer code. {attempts_left} attempt(s) left.",
        )
        self.attempts_left = attempts_left


class PinLockedError(AdminError):
    code = "pin_locked"

    def __init__(self, retry_after_s: float) -> None:
        wait = _duration(retry_after_s)
        super().__init__(
            f"Nhập sai quá nhiều lần. Vui lòng thử lại sau {wait[0]}.",
            f"Too many wrong tries. Please try again in {wait[1]}.",
        )
        self.retry_after_s = retry_after_s


class VolunteerError(AdminError):
    """A volunteer account cannot be created or changed as asked."""

    code = "volunteer_invalid"


class AdminStoreError(AdminError):
    code = "admin_store_damaged"

    def __init__(self, path: str) -> None:
        super().__init__(
            f"Tệp quản trị bị hỏng ({path}). Kỹ thuật viên cần đặt lại mã PIN.",
            f"The admin file is damaged ({path}). A technician must set the PIN again.",
        )


def _duration(seconds: float) -> tuple[str, str]:
    whole = max(1, round(seconds))
    if whole < 60:
        return f"{whole} giây", f"{whole} s"
    minutes = -(-whole // 60)
    return f"{minutes} phút", f"{minutes} min"
