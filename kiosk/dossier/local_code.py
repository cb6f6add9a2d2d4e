"""Provisional dossier codes, given offline before the portal assigns the official one.

Shape (Circular 01/2018/TT-VPCP Art. 19, `<agency>-YYMMDD-<seq>`)::

    H26.22.01-251122-K7QX001C
    agency    date   K + kiosk tag (3) + day counter (3+, base 36) + check character

- Never colliding across kiosks: the kiosk tag is unique per kiosk (assigned at enrolment
  as the `kiosk_code_tag` setting; when empty it is derived from the kiosk id, which is unique
  only with high probability, so production kiosks get assigned tags). The day counter is
  kept durably on this kiosk (fsync + atomic rename under a file lock), so two codes of one
  kiosk never repeat either. The leading "K" tells a provisional code from the portal's
  all-digit sequence.
- Check character: ISO 7064 MOD 37-2 (pure system, weights 2^k mod 37) computed over
  every letter and digit of the code, agency and date included. 37 is prime and 2 is a
  primitive root mod 37, so it catches every single-character substitution and every
  transposition of two adjacent characters (the hybrid MOD 37,36 misses some transpositions).
  Its 37th check symbol "*" is never issued: the allocator skips the counter values that
  would need it, so every code stays within 0-9A-Z.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from stdnum.iso7064 import mod_37_2

from kiosk.data_dir import write_private_file
from kiosk.errors import KioskError

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_M = 36
TAG_LENGTH = 3
COUNTER_MIN_WIDTH = 3
_KEEP_DAYS = 40
_CODE_RE = re.compile(
    r"^(?P<agency>[A-Z0-9]+(?:\.[A-Z0-9]+)*)-(?P<day>[0-9]{6})-"
    r"(?P<seq>K(?P<tag>[0-9A-Z]{3})(?P<counter>[0-9A-Z]{3,})(?P<check>[0-9A-Z]))$"
)
_TAG_RE = re.compile(r"^[0-9A-Z]{3}$")


class LocalCodeError(KioskError, ValueError):
    """A provisional code is malformed or mistyped (a citizen or officer may meet this)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{reason}: {code!r}")
        self.reason = reason
        self.message_vi = ("Mã hồ sơ không đúng; vui lòng kiểm tra lại từng ký tự trên "
                           "giấy tiếp nhận.")
        self.message_en = ("This dossier code is not valid; please check each character "
                           "on the receipt.")


class LocalCodeStoreError(KioskError, OSError):
    """The day counter could not be kept on disk (full or read-only disk)."""

    message_vi = "Ki-ốt không lưu được số thứ tự hồ sơ; vui lòng báo cán bộ hỗ trợ."
    message_en = "The kiosk could not store the dossier number; please tell a member of staff."


def check_character(payload: str) -> str | None:
    """The ISO 7064 MOD 37-2 check character of the letters and digits of `payload`
    (python-stdnum), or None when it would be "*" (such a code is never issued)."""
    check = mod_37_2.calc_check_digit(_alnum(payload))
    return None if check == "*" else check


def _check_ok(text: str) -> bool:
    return bool(mod_37_2.checksum(_alnum(text)) == 1)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


def base36(n: int, width: int) -> str:
    digits = ""
    while n:
        n, r = divmod(n, _M)
        digits = ALPHABET[r] + digits
    return digits.rjust(width, "0")


def kiosk_tag(kiosk_id: str, assigned: str = "") -> str:
    """The kiosk's 3-character tag: the assigned one, or one derived from the kiosk id."""
    if assigned:
        tag = assigned.strip().upper()
        if not _TAG_RE.match(tag):
            raise ValueError(f"kiosk_code_tag must be 3 letters/digits, not {assigned!r}")
        return tag
    digest = int.from_bytes(hashlib.sha256(kiosk_id.encode("utf-8")).digest()[:8], "big")
    return base36(digest % (_M**TAG_LENGTH), TAG_LENGTH)


def format_local_code(agency_code: str, day: date, tag: str, counter: int) -> str | None:
    """The code for this counter value, or None when its check character would be "*"."""
    if counter < 1:
        raise ValueError("counter starts at 1")
    body = f"{agency_code.strip().upper()}-{day:%y%m%d}-K{tag}{base36(counter, COUNTER_MIN_WIDTH)}"
    check = check_character(body)
    return None if check is None else body + check


@dataclass(frozen=True)
class LocalCode:
    code: str
    agency_code: str
    day: date
    kiosk_tag: str
    counter: int


def parse_local_code(code: str) -> LocalCode:
    """Check shape, date and check character; raises `LocalCodeError`."""
    text = (code or "").strip().upper()
    m = _CODE_RE.match(text)
    if not m:
        raise LocalCodeError(code, "not in the shape AGENCY-YYMMDD-KTTTNNNC")
    try:
        day = datetime.strptime(m["day"], "%y%m%d").date()
    except ValueError:
        raise LocalCodeError(code, "no such date") from None
    if not _check_ok(text):
        raise LocalCodeError(code, "check character does not match")
    return LocalCode(text, m["agency"], day, m["tag"], int(m["counter"], _M))


def validate_local_code(code: str) -> bool:
    try:
        parse_local_code(code)
    except LocalCodeError:
        return False
    return True


_TEMP_PREFIX = ".counter-"


class LocalCodeAllocator:
    """Hands out codes from a per-day counter kept in `<data_dir>/local-code-counter.json`."""

    def __init__(self, data_dir: Path, kiosk_id: str, agency_code: str,
                 assigned_tag: str = "") -> None:
        self.path = data_dir / "local-code-counter.json"
        self.agency_code = agency_code
        self.tag = kiosk_tag(kiosk_id, assigned_tag)

    def allocate(self, day: date) -> str:
        key = f"{day:%y%m%d}"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self.path.with_suffix(".lock")):
                self._sweep_temp()
                state = self._read()
                counters: dict[str, int] = state.setdefault("counters", {})
                counter = int(counters.get(key, 0))
                code = None
                while code is None:  # skip the ~1 in 37 values whose check would be "*"
                    counter += 1
                    code = format_local_code(self.agency_code, day, self.tag, counter)
                counters[key] = counter
                for old in sorted(counters)[:-_KEEP_DAYS]:
                    del counters[old]
                self._write(state)
        except OSError as exc:
            raise LocalCodeStoreError(str(exc)) from exc
        return code

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (ValueError, UnicodeDecodeError) as exc:
            # A damaged counter must not silently restart at 1 (codes would repeat).
            raise LocalCodeStoreError(f"damaged counter file: {exc}") from exc
        return data if isinstance(data, dict) else {}

    def _sweep_temp(self) -> None:
        """Temp files of a writer killed before its rename (under the lock none is live)."""
        for stale in self.path.parent.glob(f"{_TEMP_PREFIX}*"):
            stale.unlink(missing_ok=True)

    def _write(self, state: dict[str, Any]) -> None:
        write_private_file(self.path, json.dumps(state).encode("utf-8"), temp_prefix=_TEMP_PREFIX)


@contextmanager
def _locked(lock_path: Path) -> Iterator[IO[str]]:
    with lock_path.open("a+", encoding="utf-8") as f:
        if os.name == "posix":
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                yield f
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
        else:  # Windows: lock the first byte
            import msvcrt

            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            try:
                yield f
            finally:
                f.seek(0)
                msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
