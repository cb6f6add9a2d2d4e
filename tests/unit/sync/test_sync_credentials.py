"""Device token in the keyring: headless file backend, clear errors, nothing in logs."""

from __future__ import annotations

import logging
import stat

import keyring
import pytest
from keyring.backends import fail

from kiosk.sync.credentials import (
    FileKeyring,
    KeyringCredentials,
    StaticCredentials,
    check_token,
    fingerprint,
)
from kiosk.sync.errors import CredentialsError, KeyringUnavailableError

TOKEN = "dev-tok-7f3a9c2e"


@pytest.fixture
def file_keyring(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_KEYRING_FILE", str(tmp_path / "keyring.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield tmp_path / "keyring.json"
    keyring.set_keyring(previous)


def test_token_round_trip_in_a_private_file(file_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    creds = KeyringCredentials("KIOSK-A")
    assert not creds.has_device_token()
    with pytest.raises(CredentialsError) as info:
        creds.device_token()
    assert "kiosk token set" in info.value.message("vi")
    assert creds.set_device_token(f"  {TOKEN}\n") == fingerprint(TOKEN)
    assert creds.device_token() == TOKEN
    assert KeyringCredentials("KIOSK-B").has_device_token() is False  # per kiosk id
    assert stat.S_IMODE(file_keyring.stat().st_mode) == 0o600
    assert TOKEN not in caplog.text and fingerprint(TOKEN) in caplog.text
    creds.set_client_cert_password("pw")
    assert creds.client_cert_password() == "pw"


def test_no_usable_keyring_is_a_clear_error():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeyringUnavailableError) as info:
            KeyringCredentials("KIOSK-A").device_token()
    finally:
        keyring.set_keyring(previous)
    assert "PYTHON_KEYRING_BACKEND" in info.value.message("en")


@pytest.mark.parametrize("bad", ["", "   ", "two words", "tab\there", "ünicode"])
def test_bad_tokens_are_refused(bad):
    with pytest.raises(CredentialsError):
        check_token(bad)


def test_static_credentials_and_fingerprint():
    assert StaticCredentials(TOKEN).device_token() == TOKEN
    assert TOKEN not in fingerprint(TOKEN) and len(fingerprint(TOKEN)) == 12
