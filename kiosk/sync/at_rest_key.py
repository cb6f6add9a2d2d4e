"""The key that seals personal data at rest in the outbox (kiosk.dossier.sealed), in the OS
keyring beside the device token, one per outbox store (named by the store id), created with
the first sealed write. Secrets never live in the data folder.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.dossier.sealed import SealKeyError, keyring_key
from kiosk.sync.errors import AtRestKeyError, KeyringUnavailableError

KEY_USER = "outbox-key"

# (store id, create if missing) -> key, or None when there is none and none may be made.
KeySource = Callable[[str, bool], bytes | None]


def keyring_key_source(store_id: str, create: bool) -> bytes | None:
    """The outbox store's key, with the sync area's own errors."""
    try:
        return keyring_key(f"{KEY_USER}:{store_id}", create)
    except SealKeyError as exc:
        if exc.unavailable:
            raise KeyringUnavailableError(exc.detail) from exc
        raise AtRestKeyError(exc.detail) from exc
