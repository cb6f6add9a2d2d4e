"""The device token (and optional client-certificate password) in the OS keyring.

Never in a settings file, never in a log: only a short fingerprint (a hash prefix) is ever
shown or stored, e.g. to remember which token the portal refused.

Headless machines (CI, a kiosk without a Secret Service) have no usable keyring by default.
Point the `keyring` library at another backend with the standard environment variable
PYTHON_KEYRING_BACKEND, for example this module's `FileKeyring` for tests and demos:

    PYTHON_KEYRING_BACKEND=kiosk.sync.credentials.FileKeyring \
    KIOSK_KEYRING_FILE=/var/lib/kiosk/keyring.json  kiosk token set < token.txt

`FileKeyring` keeps secrets in a JSON file of mode 0600 (default: keyring.json in the
platform data dir); it is never chosen automatically.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors
import platformdirs

from kiosk.config import APP_NAME
from kiosk.data_dir import write_private_file
from kiosk.sync.errors import CredentialsError, KeyringUnavailableError

log = logging.getLogger(__name__)

SERVICE = APP_NAME
TOKEN_USER = "device-token"  # noqa: S105 (a keyring user name)
CERT_PASSWORD_USER = "client-cert-password"  # noqa: S105
KEYRING_FILE_ENV = "KIOSK_KEYRING_FILE"


class Credentials(Protocol):
    def device_token(self) -> str:
        """The token, or CredentialsError when none is set."""
        ...

    def client_cert_password(self) -> str | None: ...


def fingerprint(token: str) -> str:
    """A short, non-reversible name for a token (safe for logs and the database)."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def check_token(token: str) -> str:
    token = token.strip()
    if not token or any(c.isspace() or ord(c) < 0x21 or ord(c) > 0x7E for c in token):
        raise CredentialsError("a device token is printable ASCII without spaces")
    return token


class KeyringCredentials:
    """Secrets of this kiosk in the active keyring backend."""

    def __init__(self, kiosk_id: str) -> None:
        self.kiosk_id = kiosk_id

    def _get(self, user: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, f"{user}:{self.kiosk_id}")
        except keyring.errors.NoKeyringError as exc:
            raise KeyringUnavailableError(backend_name()) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(f"{backend_name()}: {type(exc).__name__}") from exc

    def _set(self, user: str, value: str) -> None:
        try:
            keyring.set_password(SERVICE, f"{user}:{self.kiosk_id}", value)
        except keyring.errors.NoKeyringError as exc:
            raise KeyringUnavailableError(backend_name()) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(f"{backend_name()}: {type(exc).__name__}") from exc

    def device_token(self) -> str:
        token = self._get(TOKEN_USER)
        if not token:
            raise CredentialsError(f"no device token for {self.kiosk_id} in {backend_name()}")
        return token

    def has_device_token(self) -> bool:
        return bool(self._get(TOKEN_USER))

    def set_device_token(self, token: str) -> str:
        """Store the token; returns its fingerprint."""
        token = check_token(token)
        self._set(TOKEN_USER, token)
        log.info("device token set for %s (fingerprint %s)", self.kiosk_id, fingerprint(token))
        return fingerprint(token)

    def client_cert_password(self) -> str | None:
        return self._get(CERT_PASSWORD_USER) or None

    def set_client_cert_password(self, password: str) -> None:
        self._set(CERT_PASSWORD_USER, password)


class StaticCredentials:
    """Fixed secrets held in memory: the embedded demo portal and in-process tests."""

    def __init__(self, token: str, cert_password: str | None = None) -> None:
        self._token = check_token(token)
        self._cert_password = cert_password

    def device_token(self) -> str:
        return self._token

    def client_cert_password(self) -> str | None:
        return self._cert_password


def backend_name() -> str:
    kr = keyring.get_keyring()
    return f"{type(kr).__module__}.{type(kr).__name__}"


class FileKeyring(keyring.backend.KeyringBackend):
    """Secrets in a 0600 JSON file, for headless tests and demos (select it explicitly with
    PYTHON_KEYRING_BACKEND; its low priority keeps it from being picked automatically)."""

    priority = 0.1
    _lock = threading.Lock()

    @property
    def path(self) -> Path:
        env = os.environ.get(KEYRING_FILE_ENV)
        if env:
            return Path(env)
        return Path(platformdirs.user_data_dir(APP_NAME)) / "keyring.json"

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise keyring.errors.KeyringError(f"unreadable keyring file {self.path}") from exc
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, dict[str, str]]) -> None:
        write_private_file(self.path, json.dumps(data, sort_keys=True).encode())

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._load().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            data = self._load()
            data.setdefault(service, {})[username] = password
            self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            data = self._load()
            if username not in data.get(service, {}):
                raise keyring.errors.PasswordDeleteError(username)
            del data[service][username]
            self._save(data)
