"""PACE-GM, the chip's side, for the virtual card (and for testing the terminal against it).

Passwords by key reference (MRZ = 1: SHA-1 of the MRZ information; CAN = 2: its digits).
A retry counter is shared by the passwords: each wrong one (the terminal's token does not
verify) costs a try and the last GENERAL AUTHENTICATE answers 63Cx, x = tries left. At zero
the chip blocks PACE (MSE:Set AT answers 6983) until it is taken off the reader and put back
(`represented()`), when the counter starts again. That is how chips rate-limit guessing of a
CAN or MRZ, which cannot be blocked for good since they are printed on the document; a
correct password resets the counter.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives import constant_time

from kiosk.devices.card.apdu import (
    SW_CONDITIONS_NOT_SATISFIED,
    SW_OK,
    ResponseAPDU,
    SecureMessagingError,
)
from kiosk.devices.card.lds.card_access import CardAccessInfo, PaceInfo
from kiosk.devices.card.pace import SW_BLOCKED, KeySource, PaceError, pace_domain
from kiosk.devices.card.pace_crypto import (
    PASSWORD,
    SessionKeys,
    auth_token,
    encrypt_nonce,
    kdf,
)
from kiosk.devices.card.pace_domain import Domain, DomainError
from kiosk.devices.card.secure_messaging import encode_tlv, iter_tlvs

SW_WRONG_DATA = 0x6A80
SW_REF_NOT_FOUND = 0x6A88

Random = Callable[[int], bytes]


@dataclass
class _Run:
    """One PACE execution in progress."""

    info: PaceInfo
    domain: Domain
    k_pi: bytes
    step: int = 1
    nonce: bytes = b""
    mapped: Domain | None = None
    private: int = 0
    public: bytes = b""
    peer: bytes = b""
    keys: SessionKeys | None = None


class CardPace:
    def __init__(self, card_access: CardAccessInfo, passwords: dict[int, bytes], *,
                 tries: int = 3, random: Random = os.urandom,
                 private_keys: KeySource | None = None) -> None:
        self.card_access = card_access
        self.passwords = passwords
        self.max_tries = tries
        self.tries_left = tries
        self.random = random
        self.private_keys = private_keys
        self._run: _Run | None = None

    def reset(self) -> None:
        """Warm reset: the run in progress is lost, the counter is not."""
        self._run = None

    def represented(self) -> None:
        """The card was taken off the reader and put back: a block is lifted."""
        self._run = None
        if self.tries_left == 0:
            self.tries_left = self.max_tries

    def _private(self, step: str, domain: Domain) -> int:
        if self.private_keys is not None:
            return self.private_keys(step, domain)
        return domain.random_private(self.random)

    def mse_set_at(self, data: bytes) -> int:
        self._run = None
        try:
            fields = {tag: value for tag, value, _raw in iter_tlvs(data)}
        except SecureMessagingError:
            return SW_WRONG_DATA
        info = next((i for i in self.card_access.pace
                     if i.supported and i.oid_content == fields.get(0x80)), None)
        reference = fields.get(0x83, b"")
        if info is None or len(reference) != 1:
            return SW_WRONG_DATA
        if reference[0] not in self.passwords:
            return SW_REF_NOT_FOUND
        if 0x84 in fields and int.from_bytes(fields[0x84], "big") != info.parameter_id:
            return SW_REF_NOT_FOUND
        if self.tries_left == 0:
            return SW_BLOCKED
        try:
            domain = pace_domain(self.card_access, info)
        except PaceError:
            return SW_WRONG_DATA
        k_pi = kdf(self.passwords[reference[0]], PASSWORD, info.cipher, info.key_length)
        self._run = _Run(info, domain, k_pi)
        return SW_OK

    def general_authenticate(self, data: bytes) -> tuple[ResponseAPDU, SessionKeys | None]:
        """One step; the session keys come with the last step's answer when PACE succeeds."""
        run = self._run
        if run is None:
            return ResponseAPDU(b"", SW_CONDITIONS_NOT_SATISFIED), None
        try:
            outer = list(iter_tlvs(data))
            if len(outer) != 1 or outer[0][0] != 0x7C:
                raise SecureMessagingError("no 7C object")
            fields = {tag: value for tag, value, _raw in iter_tlvs(outer[0][1])}
            answer, keys = self._step(run, fields)
        except (SecureMessagingError, DomainError, KeyError):
            self._run = None
            return ResponseAPDU(b"", SW_WRONG_DATA), None
        if answer.sw != SW_OK or keys is not None:
            self._run = None
        return answer, keys

    def _step(self, run: _Run, fields: dict[int, bytes]
              ) -> tuple[ResponseAPDU, SessionKeys | None]:
        info = run.info
        if run.step == 1:
            run.nonce = self.random(8 if info.cipher == "3DES" else 16)
            run.step = 2
            z = encrypt_nonce(info.cipher, run.k_pi, run.nonce)
            return _answer(0x80, z), None
        if run.step == 2:
            peer = fields[0x81]
            private = self._private("mapping", run.domain)
            public = run.domain.public(private)
            if peer == public:
                raise KeyError("mapping keys are equal")
            run.mapped = run.domain.map_generic(int.from_bytes(run.nonce, "big"), private, peer)
            run.step = 3
            return _answer(0x82, public), None
        assert run.mapped is not None
        if run.step == 3:
            run.peer = fields[0x83]
            run.private = self._private("agreement", run.mapped)
            run.public = run.mapped.public(run.private)
            if run.peer == run.public:
                raise KeyError("ephemeral keys are equal")
            shared = run.mapped.agree(run.private, run.peer)
            run.keys = SessionKeys.derive(shared, info.cipher, info.key_length)
            run.step = 4
            return _answer(0x84, run.public), None
        assert run.keys is not None
        tag = run.mapped.public_tag
        expected = auth_token(info.cipher, run.keys.ks_mac, info.oid_content, tag, run.public)
        if not constant_time.bytes_eq(fields[0x85], expected):
            self.tries_left = max(0, self.tries_left - 1)
            return ResponseAPDU(b"", 0x63C0 | min(self.tries_left, 15)), None
        self.tries_left = self.max_tries
        token = auth_token(info.cipher, run.keys.ks_mac, info.oid_content, tag, run.peer)
        return _answer(0x86, token), run.keys


def _answer(tag: int, value: bytes) -> ResponseAPDU:
    return ResponseAPDU(encode_tlv(0x7C, encode_tlv(tag, value)), SW_OK)
