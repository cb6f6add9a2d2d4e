"""Volunteer accounts for assisted mode: a code, a PIN (argon2id, as the admin PIN), a display
name and a team; sign-in and sign-out at this kiosk.

Stored in ``<data_dir>/admin/volunteers.json`` (mode 0600). The sign-in lockout is one per
kiosk, not per account: a wrong code and a wrong PIN look the same and count the same, so
nobody can learn which codes exist by trying them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.admin.errors import PinLockedError, VolunteerError, WrongPinError
from kiosk.admin.lockout import LockState
from kiosk.admin.pin import FORMAT, LockStatus, PinStore
from kiosk.admin.private_file import read_json, write_json

log = logging.getLogger(__name__)

CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9._-]{2,31}")
MAX_TEXT = 80


@dataclass(frozen=True)
class Volunteer:
    code: str
    display_name: str
    team: str = ""


@dataclass(frozen=True)
class VolunteerSession:
    """Who assists at this kiosk now; ``code`` goes into a dossier's ``assisted_by``."""

    volunteer: Volunteer
    signed_in_at: float

    @property
    def code(self) -> str:
        return self.volunteer.code


def normalize_code(code: str) -> str:
    return code.strip().upper()


def _clean_text(value: str, what_vi: str, what_en: str, required: bool) -> str:
    text = " ".join(value.split())
    if (required and not text) or len(text) > MAX_TEXT or not text.isprintable():
        raise VolunteerError(
            f"{what_vi} không hợp lệ (tối đa {MAX_TEXT} ký tự).",
            f"Invalid {what_en} (at most {MAX_TEXT} characters).",
        )
    return text


class VolunteerRegistry(PinStore):
    """Accounts on this kiosk and the volunteer signed in now (in memory: a restart signs
    them out)."""

    FILE = "volunteers.json"

    def __init__(self, data_dir: Path, **kwargs: Any) -> None:
        super().__init__(data_dir, **kwargs)
        self._current: VolunteerSession | None = None

    # Accounts (technician CLI, admin panel).

    def add(self, code: str, pin: str, display_name: str, team: str = "") -> Volunteer:
        code = normalize_code(code)
        if not CODE_PATTERN.fullmatch(code):
            raise VolunteerError(
                "Mã tình nguyện viên gồm 3–32 chữ cái, chữ số, dấu chấm, gạch ngang.",
                "A volunteer code is 3-32 letters, digits, dots, dashes or underscores.",
            )
        name = _clean_text(display_name, "Tên hiển thị", "display name", required=True)
        team_text = _clean_text(team, "Tên đội", "team", required=False)
        self.rules.check(pin)
        encoded = self._check.hasher.hash(pin)
        with self._lock:
            data = self._load()
            if code in data["volunteers"]:
                raise VolunteerError(
                    f"Mã {code} đã có. Chọn mã khác hoặc xoá tài khoản cũ.",
                    f"Code {code} exists already. Choose another or remove the old account.",
                )
            data["volunteers"][code] = {"name": name, "team": team_text, "hash": encoded}
            write_json(self.path, data)
        log.info("volunteer added", extra={"event": "volunteer_added", "volunteer": code})
        return Volunteer(code, name, team_text)

    def set_pin(self, code: str, pin: str) -> None:
        code = normalize_code(code)
        self.rules.check(pin)
        encoded = self._check.hasher.hash(pin)
        with self._lock:
            data = self._load()
            self._entry(data, code)["hash"] = encoded
            write_json(self.path, data)

    def remove(self, code: str) -> None:
        code = normalize_code(code)
        with self._lock:
            data = self._load()
            self._entry(data, code)
            del data["volunteers"][code]
            write_json(self.path, data)
            if self._current and self._current.code == code:
                self._current = None
        log.info("volunteer removed", extra={"event": "volunteer_removed", "volunteer": code})

    def list(self) -> list[Volunteer]:
        with self._lock:
            data = self._load()
        return [
            Volunteer(code, str(entry.get("name", "")), str(entry.get("team", "")))
            for code, entry in sorted(data["volunteers"].items())
        ]

    # Sign-in at the kiosk.

    def sign_in(self, code: str, pin: str) -> VolunteerSession:
        """Raise WrongPinError (wrong code or PIN) or PinLockedError; else sign in."""
        code = normalize_code(code)
        with self._lock:
            data = self._load()
            lock = LockState.from_json(data.get("lock"))
            before = lock.to_json()
            entry = data["volunteers"].get(code)
            encoded = entry.get("hash") if isinstance(entry, dict) else None
            try:
                rehash = self._check.check(encoded if isinstance(encoded, str) else None, pin, lock)
            except (PinLockedError, WrongPinError) as exc:
                if lock.to_json() != before:
                    data["lock"] = lock.to_json()
                    write_json(self.path, data)
                log.warning("volunteer sign-in refused", extra={"event": exc.code})
                raise
            assert isinstance(entry, dict)  # check() only succeeds for a stored hash
            if rehash:
                entry["hash"] = rehash
            if rehash or lock.to_json() != before:
                data["lock"] = lock.to_json()
                write_json(self.path, data)
            volunteer = Volunteer(code, str(entry.get("name", "")), str(entry.get("team", "")))
            self._current = VolunteerSession(volunteer, self._check.clock())
        log.info("volunteer signed in", extra={"event": "volunteer_sign_in", "volunteer": code})
        return self._current

    def sign_out(self) -> None:
        with self._lock:
            session, self._current = self._current, None
        if session:
            log.info(
                "volunteer signed out",
                extra={"event": "volunteer_sign_out", "volunteer": session.code},
            )

    @property
    def current(self) -> VolunteerSession | None:
        return self._current

    def status(self) -> LockStatus:
        with self._lock:
            lock = LockState.from_json(self._load().get("lock"))
        return self._check.status(lock)

    def unlock(self) -> LockStatus:
        """End the sign-in lockout and forget the wrong tries (technician's CLI). Returns
        the state it cleared."""
        with self._lock:
            data = self._load()
            before = self._check.status(LockState.from_json(data.get("lock")))
            if data.get("lock") is not None:
                data["lock"] = LockState().to_json()
                write_json(self.path, data)
            return before

    def _load(self) -> dict[str, Any]:
        data = read_json(self.path) or {}
        volunteers = data.get("volunteers")
        data["volunteers"] = volunteers if isinstance(volunteers, dict) else {}
        data["format"] = FORMAT
        return data

    @staticmethod
    def _entry(data: dict[str, Any], code: str) -> dict[str, Any]:
        entry = data["volunteers"].get(code)
        if not isinstance(entry, dict):
            raise VolunteerError(
                f"Không có tình nguyện viên mã {code}.", f"No volunteer with code {code}."
            )
        return entry
