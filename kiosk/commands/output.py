"""How the operator commands report an error: one line on stderr, the same way everywhere.

A KioskError speaks the kiosk's language setting and names its stable code (and the
technical detail it carries, ids and codes only); anything else is a technician's matter, so
its own text is what helps.
"""

from __future__ import annotations

import sys

from kiosk.config import Settings
from kiosk.errors import KioskError


def explain(exc: BaseException, language: str) -> str:
    if not isinstance(exc, KioskError):
        return str(exc)
    text = f"{exc.message(language)} [{exc.code}]"
    return f"{text} ({exc.detail})" if exc.detail else text


def report(command: str, exc: BaseException, settings: Settings) -> None:
    """`command: what happened, what to do [code] (detail)` on stderr."""
    print(f"{command}: {explain(exc, settings.language)}", file=sys.stderr)
