"""ICAO 9303-11 secure messaging, terminal side and card side.

The cipher is a small strategy object (`SMCipher`) so that PACE can add AES (CMAC, IV =
E(KSEnc, SSC), 16-byte SSC) beside the BAC 3DES cipher without touching the framing code.
The framing follows 9303-11 section 9.8: DO87 (DO85 for odd INS), DO97, DO99, DO8E, with the
MAC over pad(SSC || DOs). A protected answer's MAC is verified before anything in it is
decrypted or used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import constant_time
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from kiosk.devices.card.apdu import (
    SW_OK,
    APDUFormatError,
    CommandAPDU,
    ResponseAPDU,
    SecureMessagingError,
)
from kiosk.devices.card.transport import CardTransport

ZERO_IV_8 = bytes(8)
SM_CLA_BITS = 0x0C


# --- primitives -----------------------------------------------------------------------------

def pad(data: bytes, block: int = 8) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 80 then zeros up to the block size."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % block)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise SecureMessagingError("bad padding in decrypted data")
    return stripped[:-1]


def des3_cbc(key: bytes, data: bytes, iv: bytes = ZERO_IV_8, *, decrypt: bool = False) -> bytes:
    """Two-key (or one-key, K1=K2=K3) 3DES in CBC mode on block-aligned data."""
    # Always hand cryptography a 24-byte key (K1 K2 K1 or K1 K1 K1): shorter ones are deprecated.
    if len(key) == 8:
        key = key * 3
    elif len(key) == 16:
        key = key + key[:8]
    cipher = Cipher(TripleDES(key), modes.CBC(iv))
    op = cipher.decryptor() if decrypt else cipher.encryptor()
    return op.update(data) + op.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) on already padded data, 8-byte result.

    Single DES-CBC with Ka over all but the last block, then 3DES (Ka, Kb, Ka) on the last:
    the same as "DES-CBC all, then decrypt with Kb and encrypt with Ka".
    """
    if len(key) != 16 or not data or len(data) % 8:
        raise ValueError("retail MAC needs a 16-byte key and block-aligned data")
    ka = key[:8]
    h = ZERO_IV_8
    if len(data) > 8:
        h = des3_cbc(ka, data[:-8])[-8:]
    return des3_cbc(key, data[-8:], h)


def encode_length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(raw),)) + raw


def encode_tlv(tag: int, value: bytes) -> bytes:
    return bytes((tag,)) + encode_length(len(value)) + value


def iter_tlvs(data: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """Top-level one-byte-tag BER-TLVs as (tag, value, raw encoding); malformed -> SM error."""
    i = 0
    while i < len(data):
        tag = data[i]
        if i + 1 >= len(data):
            raise SecureMessagingError("truncated TLV")
        first = data[i + 1]
        j = i + 2
        if first < 0x80:
            length = first
        elif 0x81 <= first <= 0x83:
            count = first & 0x7F
            if j + count > len(data):
                raise SecureMessagingError("truncated TLV length")
            length = int.from_bytes(data[j:j + count], "big")
            j += count
        else:
            raise SecureMessagingError("bad TLV length byte")
        if j + length > len(data):
            raise SecureMessagingError("TLV longer than the data")
        yield tag, data[j:j + length], data[i:j + length]
        i = j + length


# --- ciphers --------------------------------------------------------------------------------

class SMCipher(Protocol):
    """Encryption and MAC of one SM session. `mac` gets the unpadded SSC || message."""

    block_size: int
    ssc_length: int

    def encrypt(self, ssc: bytes, data: bytes) -> bytes: ...

    def decrypt(self, ssc: bytes, data: bytes) -> bytes: ...

    def mac(self, data: bytes) -> bytes: ...


class TripleDesCipher:
    """BAC session cipher: 3DES-CBC with a zero IV, retail MAC, 8-byte SSC."""

    block_size = 8
    ssc_length = 8

    def __init__(self, ks_enc: bytes, ks_mac: bytes) -> None:
        if len(ks_enc) != 16 or len(ks_mac) != 16:
            raise ValueError("3DES session keys are 16 bytes")
        self._enc = ks_enc
        self._mac = ks_mac

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        return des3_cbc(self._enc, data)

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        if not data or len(data) % 8:
            raise SecureMessagingError("encrypted data not block aligned")
        return des3_cbc(self._enc, data, decrypt=True)

    def mac(self, data: bytes) -> bytes:
        return retail_mac(self._mac, pad(data, 8))


# --- framing --------------------------------------------------------------------------------

class _Session:
    def __init__(self, cipher: SMCipher, ssc: bytes) -> None:
        if len(ssc) != cipher.ssc_length:
            raise ValueError("SSC length does not match the cipher")
        self.cipher = cipher
        self._ssc = int.from_bytes(ssc, "big")

    @property
    def ssc(self) -> bytes:
        return self._ssc.to_bytes(self.cipher.ssc_length, "big")

    def _next_ssc(self) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << (8 * self.cipher.ssc_length))
        return self.ssc

    def _mac(self, ssc: bytes, message: bytes) -> bytes:
        return self.cipher.mac(ssc + message)

    def _data_do(self, ssc: bytes, ins: int, data: bytes) -> bytes:
        encrypted = self.cipher.encrypt(ssc, pad(data, self.cipher.block_size))
        if ins & 1:
            return encode_tlv(0x85, encrypted)
        return encode_tlv(0x87, b"\x01" + encrypted)

    def _open_data_do(self, ssc: bytes, tag: int, value: bytes) -> bytes:
        if tag == 0x87:
            if not value or value[0] != 0x01:
                raise SecureMessagingError("DO87 without padding indicator 01")
            value = value[1:]
        return unpad(self.cipher.decrypt(ssc, value))


def _le_do(le: int, extended: bool) -> bytes:
    if le > 256 or (extended and le == 65536):
        return encode_tlv(0x97, (le % 65536).to_bytes(2, "big"))
    return encode_tlv(0x97, bytes((le % 256,)))


def _le_from_do(value: bytes) -> int | None:
    if not value:
        return None
    if len(value) == 1:
        return value[0] or 256
    if len(value) == 2:
        return int.from_bytes(value, "big") or 65536
    raise SecureMessagingError("DO97 longer than 2 bytes")


class SecureMessaging(_Session):
    """Terminal side: protect commands, verify and open answers."""

    def protect(self, command: CommandAPDU, *, extended: bool = False) -> CommandAPDU:
        if command.cla & SM_CLA_BITS:
            raise APDUFormatError("command is already protected")
        ssc = self._next_ssc()
        cla = command.cla | SM_CLA_BITS
        header = pad(bytes((cla, command.ins, command.p1, command.p2)), self.cipher.block_size)
        body = b""
        if command.data:
            body += self._data_do(ssc, command.ins, command.data)
        if command.le is not None:
            body += _le_do(command.le, extended)
        body += encode_tlv(0x8E, self._mac(ssc, header + body))
        big = extended or len(body) > 255
        return CommandAPDU(cla, command.ins, command.p1, command.p2, body,
                           65536 if big else 256)

    def unprotect(self, response: ResponseAPDU) -> ResponseAPDU:
        if not response.data:
            if response.sw == SW_OK:
                raise SecureMessagingError("unprotected 9000 after secure messaging")
            # A plain error status (6A82, 6987, 6988...): nothing to verify, nothing to use.
            return response
        ssc = self._next_ssc()
        protected = _split_protected(response.data, 0x99, "answer")
        covered, data_do, sw_value, mac = (protected.covered, protected.data_do,
                                           protected.extra, protected.mac)
        if not constant_time.bytes_eq(mac, self._mac(ssc, covered)):
            raise SecureMessagingError("bad MAC in the card's answer")
        sw = response.sw
        if sw_value is not None:
            if len(sw_value) != 2:
                raise SecureMessagingError("DO99 is not 2 bytes")
            sw = int.from_bytes(sw_value, "big")
        data = self._open_data_do(ssc, *data_do) if data_do else b""
        return ResponseAPDU(data, sw)


@dataclass(frozen=True)
class _Protected:
    covered: bytes  # what the MAC covers: every DO before DO8E
    data_do: tuple[int, bytes] | None  # DO85 or DO87
    extra: bytes | None  # DO99 (status, in an answer) or DO97 (Le, in a command)
    mac: bytes


def _split_protected(data: bytes, extra_tag: int, what: str) -> _Protected:
    """The data objects of a protected command or answer (ICAO 9303-11, 9.8): the same
    parse on both sides, DO8E last."""
    covered = b""
    data_do: tuple[int, bytes] | None = None
    extra: bytes | None = None
    mac: bytes | None = None
    for tag, value, raw in iter_tlvs(data):
        if mac is not None:
            raise SecureMessagingError("data after DO8E")
        if tag == 0x8E:
            mac = value
            continue
        covered += raw
        if tag in (0x85, 0x87):
            data_do = (tag, value)
        elif tag == extra_tag:
            extra = value
    if mac is None:
        raise SecureMessagingError(f"{what} without DO8E")
    return _Protected(covered, data_do, extra, mac)


class CardSecureMessaging(_Session):
    """Card side (the virtual chip): verify and open commands, protect answers."""

    def unprotect(self, command: CommandAPDU) -> CommandAPDU:
        if command.cla & SM_CLA_BITS != SM_CLA_BITS:
            raise SecureMessagingError("plain command in a secure messaging session")
        ssc = self._next_ssc()
        header = pad(bytes((command.cla, command.ins, command.p1, command.p2)),
                     self.cipher.block_size)
        protected = _split_protected(command.data, 0x97, "command")
        covered, data_do, mac = protected.covered, protected.data_do, protected.mac
        le = _le_from_do(protected.extra) if protected.extra is not None else None
        if not constant_time.bytes_eq(mac, self._mac(ssc, header + covered)):
            raise SecureMessagingError("bad MAC in the command")
        data = self._open_data_do(ssc, *data_do) if data_do else b""
        return CommandAPDU(command.cla & ~SM_CLA_BITS & 0xFF, command.ins, command.p1,
                           command.p2, data, le)

    def protect(self, response: ResponseAPDU, *, ins: int = 0xB0) -> ResponseAPDU:
        ssc = self._next_ssc()
        body = b""
        if response.data:
            body += self._data_do(ssc, ins, response.data)
        body += encode_tlv(0x99, response.sw.to_bytes(2, "big"))
        body += encode_tlv(0x8E, self._mac(ssc, body))
        return ResponseAPDU(body, response.sw)


def max_plain_answer(block: int, limit: int, length_bytes: int) -> int:
    """Largest plain answer that fits `limit` once wrapped in DO87 + DO99 + DO8E."""
    overhead = 1 + 1 + length_bytes + 1 + 4 + 10  # 87, length, 01, DO99, DO8E
    padded = (limit - overhead) // block * block
    return padded - 1  # padding takes at least one byte


class SecureChannel:
    """An `ApduChannel` that protects every command and verifies every answer."""

    protected = True

    def __init__(self, transport: CardTransport, sm: SecureMessaging) -> None:
        self.transport = transport
        self.sm = sm
        self.last_plain = False
        block = sm.cipher.block_size
        self.max_short_read = max_plain_answer(block, 256, 1)
        self.max_extended_read = max_plain_answer(block, 65536, 2)

    def send(self, command: CommandAPDU, *, extended: bool | None = None) -> ResponseAPDU:
        ext = bool(extended) or command.needs_extended
        wrapped = self.sm.protect(command, extended=ext)
        raw = self.transport.transmit(wrapped.to_bytes(ext or wrapped.needs_extended))
        response = ResponseAPDU.from_bytes(raw)
        self.last_plain = not response.data
        return self.sm.unprotect(response)
