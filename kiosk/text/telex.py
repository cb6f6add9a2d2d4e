"""Telex: typing Vietnamese with plain Latin keys, for the on-screen and hardware keyboards.

Keys (case-insensitive; the letter being changed keeps its own case):
- ``aa`` â, ``ee`` ê, ``oo`` ô (the doubled vowel must be the last letter typed), ``aw`` ă,
  ``ow`` ơ, ``uw`` ư, ``uow`` ươ, ``w`` alone (or after consonants: "nhw") ư, ``dd`` đ at
  the start of a word. ``w`` may also come after the final consonant ("duongw" -> "dương").
- tones ``s`` sắc, ``f`` huyền, ``r`` hỏi, ``x`` ngã, ``j`` nặng, ``z`` removes the tone;
  they may be typed anywhere after the first vowel, also after the final consonant
  ("vietj" -> "việt", "nguyeenx" -> "nguyễn"); the mark is placed by
  ``kiosk.text.vietnamese`` (``ToneStyle.OLD`` by default: "hòa", "thủy").
- typing the same modifier again undoes it and types the key: "ass" -> "as",
  "aaa" -> "aa", "ddd" -> "dd", "ww" -> "w".
- a key only transforms when the result can still be Vietnamese, so words that cannot be
  (e.g. "catf": no huyền after t) keep their letters; and a word that ends up not being
  Vietnamese gets its keys back when it ends ("example" stays "example", not "eãmple"),
  which keeps e-mail addresses and names like "Garden" or "Park" intact.

Any character that is not a letter (space, digit, punctuation) ends the word. Letters that
already carry marks (from a long-press on the vi_VN layout, "ấ") join the word, so a tone
key typed after them still works.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from kiosk.text.vietnamese import (
    CODAS,
    NUCLEUS_PREFIXES,
    ONSETS,
    STOP_CODAS,
    Syllable,
    Tone,
    ToneStyle,
    normalize_letters,
    parse_syllable,
    render,
    split_tone,
)

TONE_KEYS = {"s": Tone.SAC, "f": Tone.HUYEN, "r": Tone.HOI, "x": Tone.NGA, "j": Tone.NANG}
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô", "ă": "â", "ơ": "ô"}
_CIRCUMFLEXED = {"â": "a", "ê": "e", "ô": "o"}
_W_MARKED = {"ă": "a", "ơ": "o", "ư": "u"}
_TRANSFORMED = frozenset("âăêôơưđ")
# Past this many letters a word cannot be Vietnamese: the rest of it is typed as is
# (and a long paste costs linear time, not quadratic).
MAX_SYLLABLE_LETTERS = 12


@dataclass(frozen=True, slots=True)
class TelexState:
    """What one call changed, for both ways a text field can be driven.

    Replace model (hardware keyboard, plain text fields): delete ``replace`` characters
    before the cursor, then insert ``text``. Pre-edit model (Qt input-method events):
    commit ``committed`` and show ``word`` as the pre-edit string.
    """

    word: str  # the word still being composed (NFC), "" when none
    replace: int  # characters before the cursor to delete (they were shown by the composer)
    text: str  # text to insert after deleting them
    committed: str  # text this call finished (words plus separators), "" while composing


def _same_case(template: str, char: str) -> str:
    return char.upper() if template.isupper() else char


class _Word:
    """Toneless letters of the word being typed, its tone, where a bare-w "ư" sits and the
    keys typed (None once a backspace or resume made them unknown)."""

    __slots__ = ("bare_w", "chars", "keys", "tone")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.tone = Tone.NONE
        self.bare_w = -1
        self.keys: list[str] | None = []

    def final(self, style: ToneStyle) -> str:
        """The word as it should stay: its keys back when Telex made a non-word of them."""
        shown = render(self.chars, self.tone, style)
        syl = self.parse()
        # Without a vowel it is an abbreviation ("Đ." for Đường), not a failed syllable.
        if self.keys is None or not syl.nucleus or syl.complete(self.tone):
            return shown
        transformed = self.tone is not Tone.NONE or any(
            c.lower() in _TRANSFORMED for c in self.chars
        )
        return unicodedata.normalize("NFC", "".join(self.keys)) if transformed else shown

    def parse(self) -> Syllable:
        return parse_syllable("".join(self.chars).lower())

    def apply(self, key: str) -> None:
        if self.keys is not None:
            self.keys.append(key)
        k = key.lower()
        if k in TONE_KEYS:
            self._tone(key, TONE_KEYS[k])
        elif k == "z" and self.tone is not Tone.NONE:
            self.tone = Tone.NONE
        elif not (
            (k in "aeo" and self._circumflex(key))
            or (k == "w" and self._horn(key))
            or (k == "d" and self._stroke(key))
        ):
            self.append(key)

    def append(self, char: str) -> None:
        base, tone = split_tone(char)
        self.chars.append(base)
        if tone is not Tone.NONE:
            self.tone = tone
        normalize_letters(self.chars)

    def pop(self) -> None:
        self.keys = None
        self.chars.pop()
        if self.bare_w >= len(self.chars):
            self.bare_w = -1
        normalize_letters(self.chars)
        if not self.parse().nucleus:
            self.tone = Tone.NONE

    def _tone(self, key: str, tone: Tone) -> None:
        syl = self.parse()
        allowed = syl.valid and (syl.coda not in STOP_CODAS or tone in (Tone.SAC, Tone.NANG))
        if not allowed:
            self.append(key)
        elif self.tone is tone:  # the same tone again: undo it, type the key
            self.tone = Tone.NONE
            self.append(key)
        else:
            self.tone = tone

    def _structure_ok(self, syl: Syllable) -> bool:
        return syl.onset in ONSETS and syl.coda in CODAS

    def _circumflex(self, key: str) -> bool:
        syl = self.parse()
        if not self.chars or syl.end != len(self.chars) or not self._structure_ok(syl):
            return False
        last = self.chars[-1]
        low = last.lower()
        if low in _CIRCUMFLEXED and _CIRCUMFLEXED[low] == key.lower():
            self.chars[-1] = _same_case(last, _CIRCUMFLEXED[low])
            self.append(key)
            return True
        target = _CIRCUMFLEX.get(low)
        if target is None or _CIRCUMFLEXED[target] != key.lower():
            return False
        if syl.nucleus[:-1] + target not in NUCLEUS_PREFIXES:
            return False
        self.chars[-1] = _same_case(last, target)
        normalize_letters(self.chars)
        return True

    def _horn(self, key: str) -> bool:
        syl = self.parse()
        if not self._structure_ok(syl):
            return False
        if not syl.nucleus:
            if syl.coda:
                return False
            self.bare_w = len(self.chars)
            self.chars.append(_same_case(key, "ư"))
            return True
        for change in self._horn_candidates(syl):
            trial = list(self.chars)
            for at, char in change.items():
                trial[at] = _same_case(trial[at], char)
            nucleus = "".join(trial[syl.start : syl.end]).lower()
            normalize_letters(trial)
            if nucleus in NUCLEUS_PREFIXES and trial != self.chars:
                self.chars = trial
                return True
        return self._undo_horn(key, syl)

    @staticmethod
    def _horn_candidates(syl: Syllable) -> list[dict[int, str]]:
        nuc, s = syl.nucleus, syl.start
        out: list[dict[int, str]] = []
        for i in range(len(nuc) - 1):
            if nuc[i] in "uư" and nuc[i + 1] in "oơ":
                out.append({s + i: "ư", s + i + 1: "ơ"})
                break
        for plain, marked in (("a", "ă"), ("o", "ơ"), ("u", "ư")):
            out.extend({s + i: marked} for i in reversed(range(len(nuc))) if nuc[i] == plain)
        return out

    def _undo_horn(self, key: str, syl: Syllable) -> bool:
        marked = [i for i in range(syl.start, syl.end) if self.chars[i].lower() in _W_MARKED]
        if not marked:
            return False
        bare = self.bare_w in marked
        for i in marked:
            plain = "w" if i == self.bare_w else _W_MARKED[self.chars[i].lower()]
            self.chars[i] = _same_case(self.chars[i], plain)
        self.bare_w = -1
        if bare:
            normalize_letters(self.chars)
        else:
            self.append(key)
        return True

    def _stroke(self, key: str) -> bool:
        if len(self.chars) != 1:
            return False
        first = self.chars[0]
        if first in "dD":
            self.chars[0] = _same_case(first, "đ")
            return True
        if first in "đĐ":
            self.chars[0] = _same_case(first, "d")
            self.append(key)
            return True
        return False


class TelexComposer:
    """Composes one word at a time from keys; one instance per text field or keyboard.

    The composer holds what the citizen is typing: call ``reset()`` when a session ends.
    """

    def __init__(self, style: ToneStyle | str = ToneStyle.OLD) -> None:
        self.style = ToneStyle.parse(style)
        self._word = _Word()
        self._shown = ""  # what the caller's field shows for the current word
        self._literal = False  # the current word grew too long to be Vietnamese

    @property
    def word(self) -> str:
        return render(self._word.chars, self._word.tone, self.style)

    def feed(self, key: str) -> TelexState:
        """Apply one key (or a few characters, taken in order)."""
        committed: list[str] = []
        for char in unicodedata.normalize("NFC", key):
            if not char.isalpha():
                committed += [self._word.final(self.style), char]
                self._word = _Word()
                self._literal = False
            elif self._literal:
                committed.append(char)
            elif len(self._word.chars) >= MAX_SYLLABLE_LETTERS:
                committed += [self._word.final(self.style), char]
                self._word = _Word()
                self._literal = True
            else:
                self._word.apply(char)
        return self._update("".join(committed))

    def backspace(self) -> TelexState:
        """Delete the last letter of the word; with no word, the caller deletes as usual."""
        if not self._word.chars:
            self._shown = ""
            return TelexState(word="", replace=1, text="", committed="")
        self._word.pop()
        return self._update("")

    def commit(self) -> TelexState:
        """Finish the current word (focus moved, Telex switched off, ...)."""
        final = self._word.final(self.style)
        self._word = _Word()
        self._literal = False
        return self._update(final)

    def reset(self) -> None:
        """Forget the current word without output (end of a citizen session)."""
        self._word = _Word()
        self._shown = ""
        self._literal = False

    def resume(self, text_before_cursor: str) -> str:
        """Continue the word that ends ``text_before_cursor`` (the cursor moved back into
        it); returns that word. Nothing changes on screen until the next key."""
        text = unicodedata.normalize("NFC", text_before_cursor)
        start = len(text)
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        self.reset()
        for char in text[start:]:
            self._word.append(char)
        self._word.keys = None
        self._shown = text[start:]
        return self._shown

    def _update(self, committed: str) -> TelexState:
        before, word = self._shown, self.word
        after = committed + word
        same = 0
        limit = min(len(before), len(after))
        while same < limit and before[same] == after[same]:
            same += 1
        self._shown = word
        return TelexState(
            word=word, replace=len(before) - same, text=after[same:], committed=committed
        )


def telex_to_vietnamese(text: str, style: ToneStyle | str = ToneStyle.OLD) -> str:
    """Convert a whole Telex string: "Nguyeenx Thij Thu Haf" -> "Nguyễn Thị Thu Hà"."""
    composer = TelexComposer(style)
    out = [composer.feed(char).committed for char in text]
    out.append(composer.commit().committed)
    return unicodedata.normalize("NFC", "".join(out))
