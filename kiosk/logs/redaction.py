"""Redaction of log records: no citizen's name, ID number, address, contact or photo may
reach a log, whatever the code that logged it did.

Three layers, all applied by ``RedactionFilter`` to the message, the exception text and every
``extra=`` value:
1. keys: values under keys such as ``name``, ``full_name``, ``address``,
   ``place_of_residence``, ``photo``, ``id_number`` (see ``is_sensitive_key``) are replaced
   whole, at any depth of nested dicts and lists;
2. patterns: 9- and 12-digit ID numbers (and any run of 9+ digits), Vietnamese phone
   numbers, e-mail addresses, MRZ lines, long base64 / hex blobs (photos, APDU dumps), and
   names that start with one of the common Vietnamese family names. Identifiers are left
   whole: a UUID (a dossier's id, ``1c9587c4-ad60-4917-b58f-001099012345``) is never
   touched, and digits glued to the letters of a longer hex/alphanumeric token
   (``123456789b11``, ``a3f9123456789012``) are not taken for an ID number or a phone;
3. ``SessionRedactor``: the strings of the citizen being served (name, address, ...), which
   the UI registers when it reads them and clears when the session ends; matched without
   regard to case, accents or spacing.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kiosk.text.vietnamese import remove_diacritics

REDACTED = "[REDACTED]"

# Attributes every LogRecord has; anything else came from ``extra=``.
STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
) | {"message", "asctime", "taskName"}
_MARK = "_kiosk_redacted"

SENSITIVE_KEYS = frozenset(
    {"name", "full_name", "fullname", "ho_ten", "hoten", "citizen", "citizen_name",
     "address", "place_of_residence", "place_of_origin", "residence", "hometown",
     "que_quan", "noi_thuong_tru", "photo", "face", "face_image", "portrait", "image",
     "picture", "id_number", "idnumber", "id_no", "citizen_id", "personal_id",
     "personal_number", "cccd", "cmnd", "document_number", "passport_number", "phone",
     "phone_number", "mobile", "email", "e_mail", "date_of_birth", "dob", "birth_date",
     "mrz", "signature", "dg1", "dg2", "dg13", "text", "value", "typed", "input"}
)  # fmt: skip
_SENSITIVE_FRAGMENTS = ("address", "residence", "photo", "portrait", "face_", "phone",
                        "email", "birth", "mrz", "id_number", "cccd", "cmnd", "full_name",
                        "fullname", "origin", "hometown")  # fmt: skip
# Keys ending in "name" that name equipment or places of the kiosk, not people.
TECHNICAL_NAMES = frozenset(
    {"printer_name", "reader_name", "kiosk_name", "agency_name", "service_name",
     "queue_name", "file_name", "filename", "hostname", "host_name", "logger_name",
     "module_name", "payee_name", "font_name", "screen_name", "task_name", "thread_name",
     "process_name", "event_name", "field_name", "step_name", "view_name", "setting_name"}
)  # fmt: skip


def is_sensitive_key(key: str) -> bool:
    k = key.lower().replace("-", "_")
    if k in SENSITIVE_KEYS:
        return True
    if k.endswith("name") and k not in TECHNICAL_NAMES:
        return True
    return any(fragment in k for fragment in _SENSITIVE_FRAGMENTS)


# Common family names (about nine in ten Vietnamese). Left out: those that are also
# place names the kiosk logs ("Hà" Nội, "Mai", "Cao" Bằng, "Lâm" Đồng).
_SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Trương", "Tạ", "Đào", "Chu",
    "Vương", "Nguyen", "Tran", "Pham", "Hoang", "Huynh", "Dang", "Bui", "Duong", "Dinh",
    "Trinh", "Doan", "Luong", "Truong",
)  # fmt: skip
_SURNAME_RE = "|".join(
    sorted({v for s in _SURNAMES for v in (s, s.upper())}, key=len, reverse=True)
)
_UPPER = "".join(
    re.escape(c) for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper()
)
# A family name followed by one to four capitalised words.
_NAME = re.compile(
    rf"(?<![^\W\d_])(?:{_SURNAME_RE})(?:\s+[{_UPPER}][^\W\d_]*){{1,4}}(?![^\W\d_])"
)

# A UUID (8-4-4-4-12 hex digits: dossier ids, task ids) names a record, not a person. Its
# groups often hold 9-12 digit runs ("...-b58f-001099012345") that the ID and phone patterns
# below would take, so redact_text leaves every UUID out of the pattern layer. A UUID-shaped
# string is never how an ID number or a phone is written.
_UUID = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Za-z])"
)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_DIGITS = frozenset("0123456789")


def _in_token(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (digits) is part of a longer hex/alphanumeric identifier:
    glued to an ASCII letter on its right (``123456789b11``), or to letters that follow a
    digit on its left (``a3f9123456789012``). Letters alone on the left are a label glued to
    a number (``CCCD001099012345``) and do not protect it; nor does Vietnamese text
    (``số001099012345``) or punctuation (``_``, ``-``, ``.``)."""
    if end < len(text) and text[end] in _ASCII_LETTERS:
        return True
    i = start
    while i > 0 and text[i - 1] in _ASCII_LETTERS:
        i -= 1
    return i < start and i > 0 and text[i - 1] in _ASCII_DIGITS


def _unless_in_token(replacement: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        if _in_token(match.string, match.start(), match.end()):
            return match.group(0)
        return replacement

    return replace


# (pattern, replacement) in order: blobs first so their digits are not half-replaced.
_BLOB = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,}={0,2}")
_PATTERNS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]*"), "[BLOB]"),
    (re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32,}(?![0-9A-Fa-f])"), "[HEX]"),
    (re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]){15,}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])"),
     "[HEX]"),
    # Patterns start only where a token starts, so long tokens cost linear time.
    (re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[EMAIL]"),
    (re.compile(r"(?:\+|\b00)84[ .]?[35789]\d(?:[ .-]?\d){7}(?!\d)"), _unless_in_token("[PHONE]")),
    (re.compile(r"(?<!\d)0[35789]\d(?:[ .-]?\d){7}(?!\d)"), _unless_in_token("[PHONE]")),
    (re.compile(r"(?<![\d.])\(?02\d{1,2}\)?[ .-]?\d{3,4}[ .-]?\d{4}(?!\d)"),
     _unless_in_token("[PHONE]")),
    (re.compile(r"(?<!\d)\d{3}[ .]\d{3}[ .]\d{6}(?!\d)"), _unless_in_token("[ID]")),
    (re.compile(r"(?<!\d)\d{4}[ .]\d{4}[ .]\d{4}(?!\d)"), _unless_in_token("[ID]")),
    (re.compile(r"(?<!\d)\d{3}[ .]\d{3}[ .]\d{3}(?!\d)"), _unless_in_token("[ID]")),
    (re.compile(r"(?<!\d)\d{9,}(?!\d)"), _unless_in_token("[ID]")),
]  # fmt: skip


def _kind(c: str) -> int:
    return 0 if c.isupper() else 1 if c.islower() else 2 if c.isdigit() else 3


def _blob(match: re.Match[str]) -> str:
    """Base64 of binary data changes between upper, lower, digit and symbol at about two
    characters in three; words, paths and identifiers far less often."""
    text = match.group(0)
    if len(text) >= 200:
        return "[BLOB]"
    alnum = [_kind(c) for c in text if c.isalnum()]  # "/", "-", "_" separate path parts
    changes = sum(a != b for a, b in itertools.pairwise(alnum))
    return "[BLOB]" if changes >= 0.4 * (len(alnum) - 1) else text


_MRZ = re.compile(r"(?<![A-Z0-9<])[A-Z0-9<]{2,}")


def _mrz(match: re.Match[str]) -> str:
    return "[MRZ]" if "<<" in match.group(0) else match.group(0)


def redact_text(text: str) -> str:
    """Apply the pattern layer (not the session layer) to a piece of text; UUIDs in it are
    kept as they are."""
    text = unicodedata.normalize("NFC", text)
    uuids = _UUID.findall(text)
    if not uuids:
        return _redact_patterns(text)
    pieces = [_redact_patterns(piece) for piece in _UUID.split(text)]
    return "".join(itertools.chain.from_iterable(zip(pieces, [*uuids, ""], strict=True)))


def _redact_patterns(text: str) -> str:
    out = _BLOB.sub(_blob, text)
    out = _MRZ.sub(_mrz, out)
    for pattern, replacement in _PATTERNS:
        out = pattern.sub(replacement, out)
    return _NAME.sub("[NAME]", out)


class SessionRedactor:
    """Strings of the citizen being served, masked in every log record until ``clear()``.

    The UI calls ``register(name, address, ...)`` as soon as it reads them (card, QR, form)
    and ``clear()`` when the session ends. Thread-safe.
    """

    MIN_LENGTH = 3

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._needles: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def register(self, *values: str | None) -> None:
        needles = {n for v in values if v for n in _variants(v) if len(n) >= self.MIN_LENGTH}
        if not needles:
            return
        with self._lock:
            self._needles |= needles
            ordered = sorted(self._needles, key=len, reverse=True)
            self._pattern = re.compile("|".join(_loose(n) for n in ordered), re.IGNORECASE)

    def clear(self) -> None:
        with self._lock:
            self._needles.clear()
            self._pattern = None

    @property
    def active(self) -> bool:
        return self._pattern is not None

    @contextmanager
    def session(self, *values: str | None) -> Iterator[SessionRedactor]:
        self.register(*values)
        try:
            yield self
        finally:
            self.clear()

    def redact(self, text: str) -> str:
        pattern = self._pattern
        if pattern is None:
            return text
        text = unicodedata.normalize("NFC", text)
        return pattern.sub(REDACTED, text)


def _variants(value: str) -> set[str]:
    """The value as typed, without accents, in MRZ form, and the runs of two or more words
    of each comma-separated part (an address logged in pieces: "phố Hàng Bạc")."""
    base = " ".join(unicodedata.normalize("NFC", value).split())
    out = {base}
    words = remove_diacritics(base).upper().split()
    if len(words) > 1:
        out.add("<".join(words))
        out.add(words[0] + "<<" + "<".join(words[1:]))
    for part in re.split(r"[,;]", base):
        tokens = part.split()
        for i in range(len(tokens)):
            for j in range(i + 2, min(len(tokens), i + 8) + 1):
                run = " ".join(tokens[i:j])
                if len(run) >= 6:
                    out.add(run)
    return out | {remove_diacritics(n) for n in out}


def _loose(needle: str) -> str:
    """Regex for ``needle`` with any run of spaces matching any whitespace."""
    return r"\s+".join(re.escape(word) for word in needle.split())


# The session redactor the UI talks to; ``setup_logging`` wires it into the handlers.
session_redactor = SessionRedactor()


class RedactionFilter(logging.Filter):
    """Redacts a record in place (message, args, extras, exception and stack text)."""

    def __init__(self, session: SessionRedactor | None = None) -> None:
        super().__init__()
        self.session = session if session is not None else session_redactor
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _MARK, False):
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # bad %-args: keep what can be shown
            message = f"{record.msg!s} {record.args!r}"
        record.msg = self.text(message)
        record.args = None
        for key in [k for k in vars(record) if k not in STANDARD_ATTRS]:
            setattr(record, key, self.value(key, getattr(record, key)))
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.text(record.exc_text)
        if record.stack_info:
            record.stack_info = self.text(record.stack_info)
        setattr(record, _MARK, True)
        return True

    def text(self, text: str) -> str:
        return redact_text(self.session.redact(text))

    def value(self, key: str, value: Any) -> Any:
        if is_sensitive_key(str(key)):
            return REDACTED if value not in (None, "") else value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bool) or value is None or isinstance(value, float):
            return value
        if isinstance(value, int):
            text = self.text(str(value))
            return value if text == str(value) else text
        if isinstance(value, dict):
            return {k: self.value(str(k), v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [self.value("", v) for v in value]
        if isinstance(value, (bytes, bytearray, memoryview)):
            return f"[{len(value)} bytes]"
        return self.text(str(value))
