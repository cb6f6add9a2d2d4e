"""A day of use through the kiosk's own commands, then the disk is read as an attacker would:
no citizen's name, ID number, address, phone or e-mail in the data folder, the home folder or
the temporary folder, in UTF-8 or UTF-16, whether or not the portal publishes a key."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from kiosk.portal_sim.server import PortalSim

pytestmark = pytest.mark.portal

ANSWERS = Path(__file__).resolve().parents[2] / "data" / "answers"
SERVICES = ("1.001193", "2.000488", "1.004873")
PERSONAL_KEYS = ("full_name", "id_number", "street", "phone", "email", "child_name",
                 "father_name", "mother_name", "spouse_name")


def _secrets() -> set[str]:
    found: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in PERSONAL_KEYS and len(value) >= 6:
            found.add(value)

    for code in SERVICES:
        walk(json.loads((ANSWERS / f"{code}.json").read_text(encoding="utf-8")))
    return found


def _encodings(text: str) -> list[bytes]:
    forms = {text, unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)}
    out = []
    for form in forms:
        for codec in ("utf-8", "utf-16-le", "utf-16-be"):
            out.append(form.encode(codec))
    return out


@pytest.mark.parametrize("portal_key", [True, False], ids=["portal-key", "no-portal-key"])
def test_a_day_of_use_leaves_nothing_of_a_citizen_readable(portal_key, tmp_path):
    home, tmp, data = tmp_path / "home", tmp_path / "tmp", tmp_path / "data"
    for folder in (home, tmp):
        folder.mkdir()
    sim = PortalSim(tmp_path / "portal", tokens=["itest-device-token"], key=portal_key,
                    advance_s=0.2)
    sim.start()
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PYTHON_KEYRING_BACKEND": "kiosk.sync.credentials.FileKeyring",
        "KIOSK_KEYRING_FILE": str(home / ".local" / "share" / "keyring.json"),
        "KIOSK_CONFIG": str(tmp_path / "none.toml"),
        "KIOSK_PORTAL_URL": sim.url,
        "KIOSK_REQUIRE_ENCRYPTION": "true" if portal_key else "false",
        "KIOSK_MOBILE_MODE": "true",  # no printer: the receipt is kept for reprint
        "KIOSK_LOG_LEVEL": "DEBUG",
        "KIOSK_SYNC_BACKOFF_BASE_S": "0.02",
        "KIOSK_SYNC_PROBE_INTERVAL_S": "0.05",
    }

    def kiosk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data), *args],
                              input=stdin, env=env, capture_output=True, text=True,
                              timeout=180, check=False)

    attach = json.loads((ANSWERS / "attachments.json").read_text(encoding="utf-8"))
    try:
        assert kiosk("token", "set", stdin="itest-device-token\n").returncode == 0
        codes = []
        for n, code in enumerate(SERVICES):
            args = ["dossier", "new", "--service", code, "--answers", str(ANSWERS / f"{code}.json")]
            for field in attach.get(code, []):
                args += ["--attach", f"{field}={ANSWERS / 'document.jpg'}"]
            made = kiosk(*args)
            assert made.returncode == 0, made.stdout + made.stderr
            codes.append(made.stdout.strip().splitlines()[-1])
            printed = kiosk("receipt", "print", "--dossier", codes[-1])
            assert printed.returncode == 3 and "kept" in printed.stderr  # no printer here
            if n == 0:  # the first is delivered; the others still wait at day's end
                synced = kiosk("sync", "--until-empty", "--timeout", "60")
                assert synced.returncode == 0, synced.stderr
        assert kiosk("queue", "list").returncode == 0
        kiosk("doctor")
    finally:
        sim.stop()

    secrets = _secrets()
    assert len(secrets) >= 8
    scanned = 0
    for root in (data, home, tmp):
        for path in root.rglob("*"):
            if not path.is_file() or path.is_symlink():
                continue
            blob = path.read_bytes()
            scanned += 1
            for secret in secrets:
                for encoded in _encodings(secret):
                    assert encoded not in blob, f"{secret!r} in plaintext in {path}"
    assert scanned >= 8
    # The data folder is the kiosk user's alone.
    for path in [data, *data.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
