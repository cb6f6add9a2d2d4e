"""The keys a person presses to type Vietnamese text in Telex (the kiosk's default input):
"Phạm Minh An" -> "Phamj Minh An". Tone keys go at the end of the word, as most people type.

Imports nothing but the standard library: it runs under the system Python beside the
AT-SPI client.
"""

from __future__ import annotations

import unicodedata

# Combining marks -> the Telex key that adds them.
_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_SHAPES = {"\u0302": None, "\u0306": "w", "\u031b": "w"}  # circumflex: the vowel doubled


def telex_word(word: str) -> str:
    # The tone key follows the word's letters, before any punctuation after it ("Trống,").
    stem = word.rstrip(",.;:!?)\"'")
    return _telex_letters(stem) + word[len(stem):]


def _telex_letters(word: str) -> str:
    keys: list[str] = []
    tone = ""
    for char in word:
        if char in "đĐ":
            keys.append("dd" if char == "đ" else "DD")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        keys.append(base)
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _SHAPES:
                keys.append(base.lower() if _SHAPES[mark] is None else "w")
    return "".join(keys) + tone


def telex_keys(text: str) -> str:
    """Every key, spaces included; digits and punctuation are typed as they are."""
    return " ".join(telex_word(word) for word in text.split(" "))


def strip_accents(text: str) -> str:
    """The letters without marks, as a person types into a search that ignores them:
    "Cầu Giấy" -> "Cau Giay"."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text)
                    if not unicodedata.combining(c))
    return plain.replace("đ", "d").replace("Đ", "D")
