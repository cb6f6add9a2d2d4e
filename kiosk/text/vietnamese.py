"""Vietnamese orthography: syllable structure, tones and where the tone mark goes.

A written syllable is onset + nucleus (the vowel cluster, glides included) + coda. Tone is
kept apart from the letters (``Tone``) and placed only when the word is rendered, so typing
order never matters: "vietj", "vieejt" and "vieetj" all give "việt".

Tone placement (Vietnamese orthography):
1. a vowel with its own diacritic (ă â ê ô ơ ư) takes the tone; in "ươ" the ơ does;
2. otherwise, with a final consonant, the last vowel of the nucleus ("hoàn", "huỳnh");
3. otherwise three vowels: the middle one ("ngoài", "khuỷu"); two vowels: the first
   ("mái", "múa"), except "oa", "oe", "uy", where the two styles differ:
   ``ToneStyle.OLD`` "hòa, khỏe, thủy" and ``ToneStyle.NEW`` "hoà, khoẻ, thuỷ".
"qu" and "gi" (before a vowel) are onsets, so "quý", "quốc", "giấy", "già" follow the rules
above with the u / i left out of the nucleus.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import MutableSequence, Sequence
from dataclasses import dataclass


class ToneStyle(enum.StrEnum):
    """Where the tone goes in open "oa", "oe", "uy".

    OLD ("hòa", "thủy") is the default: it is what administrative documents use (the national
    motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in the document format of Decree 30/2020/NĐ-CP),
    what ID cards and the population database print, and Unikey's default; a name typed at
    the kiosk then matches the one read from the chip. NEW ("hoà", "thuỷ") is the style of
    school textbooks.
    """

    OLD = "old"
    NEW = "new"

    @classmethod
    def parse(cls, value: ToneStyle | str) -> ToneStyle:
        if isinstance(value, ToneStyle):
            return value
        text = str(value).strip().lower()
        aliases = {"classic": cls.OLD, "modern": cls.NEW}
        if text in aliases:
            return aliases[text]
        try:
            return cls(text)
        except ValueError:
            raise ValueError(f"tone style must be 'old' or 'new', not {value!r}") from None


class Tone(enum.IntEnum):
    NONE = 0
    SAC = 1  # sắc   á
    HUYEN = 2  # huyền à
    HOI = 3  # hỏi   ả
    NGA = 4  # ngã   ã
    NANG = 5  # nặng  ạ


_MARKS = {
    Tone.SAC: "\u0301",
    Tone.HUYEN: "\u0300",
    Tone.HOI: "\u0309",
    Tone.NGA: "\u0303",
    Tone.NANG: "\u0323",
}

VOWELS = frozenset("aăâeêioôơuưy")
# Vowels carrying their own diacritic (they attract the tone mark).
MARKED_VOWELS = frozenset("ăâêôơư")
_SKELETON = str.maketrans("ăâêôơưđ", "aaeooud")

ONSETS = frozenset(
    {"", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
     "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"}
)  # fmt: skip
# "k" ends syllables of Central Highlands place names: "Đắk Lắk", "Krông Búk".
CODAS = frozenset({"", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t"})
# After a stop (p, t, c, ch, k) a syllable can only carry sắc or nặng.
STOP_CODAS = frozenset({"c", "ch", "k", "p", "t"})

# Every vowel cluster written in standard Vietnamese (toneless), glides included.
NUCLEI = frozenset(
    {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
     "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe",
     "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu",
     "ươ", "yê",
     "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê",
     "uyu"}
)  # fmt: skip
NUCLEUS_PREFIXES = frozenset(n[:i] for n in NUCLEI for i in range(1, len(n) + 1))
# Letters of a nucleus without their diacritics: lets a tone land while the word is still
# being typed ("nguye" + s before the second e).
NUCLEUS_SKELETONS = frozenset(n.translate(_SKELETON) for n in NUCLEI)


def _build_tables() -> tuple[dict[tuple[str, Tone], str], dict[str, tuple[str, Tone]]]:
    toned: dict[tuple[str, Tone], str] = {}
    untoned: dict[str, tuple[str, Tone]] = {}
    for base in sorted(VOWELS):
        for tone, mark in _MARKS.items():
            lower = unicodedata.normalize("NFC", base + mark)
            upper = unicodedata.normalize("NFC", base.upper() + mark)
            toned[(base, tone)] = lower
            toned[(base.upper(), tone)] = upper
            untoned[lower] = (base, tone)
            untoned[upper] = (base.upper(), tone)
    return toned, untoned


_TONED, _UNTONED = _build_tables()


def split_tone(char: str) -> tuple[str, Tone]:
    """Letter and tone of a character: "ệ" -> ("ê", NẶNG); "Đ" -> ("Đ", NONE)."""
    return _UNTONED.get(char, (char, Tone.NONE))


def with_tone(char: str, tone: Tone) -> str:
    if tone is Tone.NONE:
        return char
    return _TONED.get((char, tone), char)


def skeleton(text: str) -> str:
    """Letters without vowel diacritics or đ (lowercase input): "ươ" -> "uo"."""
    return text.translate(_SKELETON)


def remove_diacritics(text: str) -> str:
    """Strip marks: "Nguyễn Thị Hà" -> "Nguyen Thi Ha" (as ASCII systems and MRZ lines hold)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


@dataclass(frozen=True, slots=True)
class Syllable:
    """A lowercase toneless word split as onset + nucleus + coda (``start``/``end`` index
    the nucleus). ``valid`` says whether it can be a Vietnamese syllable (or one being typed).
    """

    onset: str
    nucleus: str
    coda: str
    start: int
    end: int

    @property
    def valid(self) -> bool:
        """Can still become a syllable (the nucleus may lack its diacritics yet)."""
        return (
            self.onset in ONSETS
            and bool(self.nucleus)
            and self.coda in CODAS
            and skeleton(self.nucleus) in NUCLEUS_SKELETONS
        )

    def complete(self, tone: Tone) -> bool:
        """Is a finished Vietnamese syllable with this tone."""
        return (
            self.onset in ONSETS
            and self.nucleus in NUCLEI
            and self.coda in CODAS
            and (self.coda not in STOP_CODAS or tone in (Tone.NONE, Tone.SAC, Tone.NANG))
        )


def parse_syllable(lower: str) -> Syllable:
    """Split a lowercase toneless word; "gi" and "qu" are onsets only before a vowel."""
    if lower[:2] in ("gi", "qu") and len(lower) > 2 and lower[2] in VOWELS:
        start = 2
    else:
        start = 0
        while start < len(lower) and lower[start] not in VOWELS:
            start += 1
    end = start
    while end < len(lower) and lower[end] in VOWELS:
        end += 1
    return Syllable(lower[:start], lower[start:end], lower[end:], start, end)


def tone_index(nucleus: str, has_coda: bool, style: ToneStyle = ToneStyle.OLD) -> int:
    """Index in ``nucleus`` (lowercase, toneless) of the vowel that carries the tone."""
    if len(nucleus) <= 1:
        return 0
    marked = [i for i, c in enumerate(nucleus) if c in MARKED_VOWELS]
    if marked:
        return marked[-1]
    if has_coda:
        return len(nucleus) - 1
    if len(nucleus) >= 3:
        return 1
    if nucleus in ("oa", "oe", "uy"):
        return 1 if style is ToneStyle.NEW else 0
    return 0


def _same_case(template: str, char: str) -> str:
    return char.upper() if template.isupper() else char


def normalize_letters(chars: MutableSequence[str]) -> None:
    """Spelling fixes Telex users rely on, applied in place to toneless letters.

    "ưo"/"uơ" before a coda or glide is always "ươ" ("dduwong" -> "đương"); "ươ" ending the
    word is "uơ" ("thuở", "huơ"); "ie", "ye", "uye" before a coda and "ieu", "yeu" always take
    the circumflex, as no Vietnamese word spells them bare ("vietj" -> "việt").
    """
    lower = "".join(chars).lower()
    syl = parse_syllable(lower)
    nuc, s = syl.nucleus, syl.start
    for i in range(len(nuc) - 1):
        pair = nuc[i : i + 2]
        if pair[0] in "uư" and pair[1] in "oơ" and pair != "uo":
            at_end = s + i + 2 == len(chars)
            if pair == "ươ" and at_end:
                chars[s + i] = _same_case(chars[s + i], "u")
            elif not at_end:
                chars[s + i] = _same_case(chars[s + i], "ư")
                chars[s + i + 1] = _same_case(chars[s + i + 1], "ơ")
            break
    if (nuc in ("ie", "ye", "uye") and syl.coda and syl.coda in CODAS) or nuc in ("ieu", "yeu"):
        e = s + nuc.index("e")
        chars[e] = _same_case(chars[e], "ê")


def render(chars: Sequence[str], tone: Tone, style: ToneStyle = ToneStyle.OLD) -> str:
    """Toneless letters plus a tone -> the written word (NFC)."""
    word = "".join(chars)
    if tone is Tone.NONE:
        return unicodedata.normalize("NFC", word)
    syl = parse_syllable(word.lower())
    if not syl.nucleus:
        return unicodedata.normalize("NFC", word)
    at = syl.start + tone_index(syl.nucleus, bool(syl.coda), style)
    toned = word[:at] + with_tone(word[at], tone) + word[at + 1 :]
    return unicodedata.normalize("NFC", toned)
