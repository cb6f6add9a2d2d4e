"""Vietnamese text input and orthography (pure Python, no Qt)."""

from kiosk.text.telex import TelexComposer, TelexState, telex_to_vietnamese
from kiosk.text.vietnamese import Tone, ToneStyle, remove_diacritics

__all__ = [
    "TelexComposer",
    "TelexState",
    "Tone",
    "ToneStyle",
    "remove_diacritics",
    "telex_to_vietnamese",
]
