"""What a citizen reads when something goes wrong: one (Vietnamese, English) pair, saying what
happened and what to do. Every error a citizen can meet carries `message_vi` and
`message_en` (attributes or methods); anything else gets the plain fallback, never a
technical text."""

from __future__ import annotations

Message = tuple[str, str]  # (vi, en)

FALLBACK: Message = (
    "Đã có lỗi xảy ra. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.",
    "Something went wrong. Please try again or ask a staff member for help.",
)


def citizen_message(exc: BaseException) -> Message:
    """The (vi, en) message of a typed kiosk error, or the plain fallback."""
    vi = getattr(exc, "message_vi", None)
    en = getattr(exc, "message_en", None)
    if callable(vi):
        vi = vi()
    if callable(en):
        en = en()
    if isinstance(vi, str) and isinstance(en, str):
        return vi, en
    return FALLBACK
