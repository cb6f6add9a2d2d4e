"""Personal data at rest in the outbox, sealed with a key kept in the OS keyring.

What the portal's key does not cover is sealed here: a dossier stored before a portal key is
known (answers and papers), and the receipt facts kept for reprints (name, address, phone,
e-mail). AES-256-GCM in segments, so that an upload can read any byte range of a large paper
without decrypting all of it. Each segment's associated data names the blob, the segment's
position and whether it is the last, so segments cannot be swapped, reordered or cut off.

    <MAGIC> then segments of: nonce (12) | ciphertext (<= SEGMENT) | tag (16)

The keys (32 random bytes each) live in the OS keyring (`keyring_key`): the outbox's under its
store id, the kept receipts' under the kiosk id. Losing one loses only what it sealed, never
what was encrypted for the portal.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import struct
from collections.abc import Callable, Iterable, Iterator

import keyring
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.config import APP_NAME
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

MAGIC = b"KSL1"
SEGMENT = 64 * 1024
NONCE = 12
TAG = 16
SEALED_SEGMENT = NONCE + SEGMENT + TAG
TEXT_PREFIX = "sealed:v1:"
KEY_BYTES = 32


class SealError(ValueError):
    """Sealed data that does not open with this key (damaged, swapped or another key)."""


class SealKeyError(KioskError):
    """The keyring cannot give a sealing key: `unavailable` when there is no usable keyring
    at all, otherwise the stored key is damaged."""

    message_vi = ("Không đọc được khóa bảo vệ dữ liệu trong kho khóa bí mật. "
                  "Vui lòng báo cán bộ hỗ trợ.")
    message_en = ("The key that protects stored data cannot be read from the keyring. "
                  "Please tell the staff.")

    def __init__(self, detail: str, unavailable: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.unavailable = unavailable


def keyring_key(user: str, create: bool) -> bytes | None:
    """The sealing key stored in the OS keyring as `user` (of the kiosk's service name),
    made on first use when `create`; None when there is none and none may be made."""
    try:
        text = keyring.get_password(APP_NAME, user)
        if text:
            try:
                key = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise SealKeyError(f"the keyring's {user} is damaged", False) from exc
            if len(key) != KEY_BYTES:
                raise SealKeyError(f"the keyring's {user} has the wrong length", False)
            return key
        if not create:
            return None
        key = new_key()
        keyring.set_password(APP_NAME, user, base64.b64encode(key).decode("ascii"))
    except keyring.errors.KeyringError as exc:  # NoKeyringError included
        backend = type(keyring.get_keyring())
        raise SealKeyError(f"{backend.__module__}.{backend.__name__}: {type(exc).__name__}",
                           True) from exc
    log.info("sealing key %s created", user.split(":", 1)[0])
    return key


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def _aad(name: str, index: int, last: bool) -> bytes:
    return name.encode() + struct.pack(">QB", index, 1 if last else 0)


def seal_stream(key: bytes, name: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The sealed form of the concatenated `chunks`, as chunks."""
    aes = AESGCM(key)
    yield MAGIC
    pending = b""
    index = 0
    for chunk in chunks:
        pending += chunk
        # Keep at least one byte back: the last segment must be known to be the last.
        while len(pending) > SEGMENT:
            part, pending = pending[:SEGMENT], pending[SEGMENT:]
            nonce = os.urandom(NONCE)
            yield nonce + aes.encrypt(nonce, part, _aad(name, index, False))
            index += 1
    nonce = os.urandom(NONCE)
    yield nonce + aes.encrypt(nonce, pending, _aad(name, index, True))


def seal(key: bytes, name: str, data: bytes) -> bytes:
    return b"".join(seal_stream(key, name, [data]))


def plain_size(sealed_size: int) -> int:
    body = sealed_size - len(MAGIC)
    full, rest = divmod(body, SEALED_SEGMENT)
    if rest == 0 and full > 0:  # the last segment was exactly full
        full, rest = full - 1, SEALED_SEGMENT
    if rest < NONCE + TAG:
        raise SealError("sealed data is cut short")
    return full * SEGMENT + rest - NONCE - TAG


def open_range(
    key: bytes,
    name: str,
    read_at: Callable[[int, int], bytes],
    sealed_size: int,
    offset: int,
    length: int,
) -> bytes:
    """Plaintext bytes [offset, offset + length) of a sealed blob read through `read_at`."""
    total = plain_size(sealed_size)
    end = min(total, offset + length)
    if offset >= end:
        return b""
    aes = AESGCM(key)
    last_index = max(0, (total - 1) // SEGMENT) if total else 0
    out = []
    for index in range(offset // SEGMENT, (end - 1) // SEGMENT + 1):
        start = len(MAGIC) + index * SEALED_SEGMENT
        sealed = read_at(start, SEALED_SEGMENT)
        if len(sealed) < NONCE + TAG:
            raise SealError("sealed data is cut short")
        try:
            plain = aes.decrypt(sealed[:NONCE], sealed[NONCE:],
                                _aad(name, index, index == last_index))
        except InvalidTag as exc:
            raise SealError(f"{name}: segment {index} does not open") from exc
        lo = max(offset - index * SEGMENT, 0)
        hi = min(end - index * SEGMENT, len(plain))
        out.append(plain[lo:hi])
    return b"".join(out)


def unseal(key: bytes, name: str, data: bytes) -> bytes:
    if not data.startswith(MAGIC):
        raise SealError(f"{name}: not sealed")
    total = plain_size(len(data))
    if total == 0:
        # One empty final segment.
        aes = AESGCM(key)
        seg = data[len(MAGIC):]
        try:
            return aes.decrypt(seg[:NONCE], seg[NONCE:], _aad(name, 0, True))
        except InvalidTag as exc:
            raise SealError(f"{name}: does not open") from exc
    return open_range(key, name, lambda at, n: data[at:at + n], len(data), 0, total)


def seal_text(key: bytes, name: str, text: str) -> str:
    """A sealed string for a database column."""
    return TEXT_PREFIX + base64.b64encode(seal(key, name, text.encode())).decode("ascii")


def is_sealed_text(text: str) -> bool:
    return text.startswith(TEXT_PREFIX)


def unseal_text(key: bytes, name: str, text: str) -> str:
    if not is_sealed_text(text):
        raise SealError(f"{name}: not sealed")
    try:
        raw = base64.b64decode(text[len(TEXT_PREFIX):], validate=True)
    except ValueError as exc:
        raise SealError(f"{name}: damaged") from exc
    return unseal(key, name, raw).decode("utf-8")
