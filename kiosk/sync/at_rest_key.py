"""The key that seals personal data at rest in the outbox (kiosk.sync.sealed), in the OS
keyring beside the device token, one per outbox store (named by the store id), created with
the first sealed write. Secrets never live in the data folder.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Callable

import keyring
import keyring.errors

from kiosk.sync.credentials import SERVICE, backend_name
from kiosk.sync.errors import AtRestKeyError, KeyringUnavailableError
from kiosk.sync.sealed import KEY_BYTES, new_key

log = logging.getLogger(__name__)

KEY_USER = "outbox-key"

# (store id, create if missing) -> key, or None when there is none and none may be made.
KeySource = Callable[[str, bool], bytes | None]


RECEIPTS_KEY_USER = "receipts-key"


def keyring_key_source(store_id: str, create: bool) -> bytes | None:
    """The outbox store's key."""
    return keyring_key(f"{KEY_USER}:{store_id}", create)


def receipts_key(kiosk_id: str) -> bytes:
    """The key of the receipts kept for reprint (kiosk.receipts.store), made on first use."""
    key = keyring_key(f"{RECEIPTS_KEY_USER}:{kiosk_id}", True)
    assert key is not None  # created when missing
    return key


def keyring_key(user: str, create: bool) -> bytes | None:
    try:
        text = keyring.get_password(SERVICE, user)
        if text:
            try:
                key = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise AtRestKeyError(f"the keyring's {KEY_USER} is damaged") from exc
            if len(key) != KEY_BYTES:
                raise AtRestKeyError(f"the keyring's {KEY_USER} has the wrong length")
            return key
        if not create:
            return None
        key = new_key()
        keyring.set_password(SERVICE, user, base64.b64encode(key).decode("ascii"))
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailableError(backend_name()) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(f"{backend_name()}: {type(exc).__name__}") from exc
    log.info("at-rest key %s created in %s", user, backend_name())
    return key
