"""The one ID-number masker: what a receipt, the outbox, the review screen and the card
screen show of a citizen's ID number ("********2345")."""

from __future__ import annotations

VISIBLE_DIGITS = 4


def mask_id_number(value: str | None, visible: int = VISIBLE_DIGITS, mask: str = "*") -> str:
    """Hide every letter and digit but the last `visible` digits; spaces and separators stay.

    Idempotent: an already masked value ("********2345") comes back unchanged, so each layer
    may mask again as a safety net without ever revealing more."""
    text = (value or "").strip()
    keep = visible
    out = []
    for ch in reversed(text):
        if ch.isdigit() and keep > 0:
            out.append(ch)
            keep -= 1
        else:
            out.append(mask if ch.isalnum() else ch)
    return "".join(reversed(out))
