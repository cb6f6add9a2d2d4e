"""A software CCCD chip: the card side of BAC, PACE, secure messaging and READ BINARY, with
Chip and Active Authentication (see `virtual_chip`).

Demo mode and the tests read it exactly like a real card, in-process (`transport()`) or
through pcscd as a vsmartcard vpcd client (see `vpcd_client`). It reproduces the quirks seen
on real cards (SELECT MF answers 6D00 while EF.CardAccess can be selected directly, DG11 is
missing) and can misbehave on demand: short APDUs only, a small response buffer, slow
answers, removal after N APDUs, no PACE (a BAC-only card), a clone (genuine data, other chip
keys). A tampered data group and a wrong Document Signer are made by the file builder
(`lds.build_card_files`).

PACE passwords: the CAN (last 6 digits of the ID number) and the MRZ. After `pace_tries`
wrong ones in a row PACE is blocked until the card is taken off the reader and put back
(`insert()`); see `pace_card` for why.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kiosk.devices.card.apdu import (
    SW_AUTH_FAILED,
    SW_CONDITIONS_NOT_SATISFIED,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    SW_SM_DATA_INCORRECT,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
    APDUFormatError,
    CardRemoved,
    CommandAPDU,
    NoCard,
    ResponseAPDU,
    SecureMessagingError,
)
from kiosk.devices.card.bac import BacKeys, card_mutual_authenticate, derive_bac_keys
from kiosk.devices.card.pace_crypto import SessionKeys
from kiosk.devices.card.secure_messaging import (
    SM_CLA_BITS,
    CardSecureMessaging,
    encode_length,
    iter_tlvs,
    max_plain_answer,
)
from kiosk.devices.simulator.virtual_chip import VirtualChip

if TYPE_CHECKING:
    from kiosk.devices.simulator.citizens import CitizenRecord
    from kiosk.devices.simulator.lds_builder import ChipKeys

log = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
MASTER_FILE = 0x3F00
# ISO 14443-4 type A card as a PC/SC reader reports it (PC/SC part 3), no historical bytes.
DEFAULT_ATR = bytes.fromhex("3B8080018080")
SW_NO_CURRENT_EF = 0x6986
SW_WRONG_DATA = 0x6A80
DEFAULT_FILE_IDS: dict[str, int] = {
    "COM": 0x011E, "SOD": 0x011D, "DG1": 0x0101, "DG2": 0x0102,
    "DG13": 0x010D, "DG14": 0x010E, "DG15": 0x010F, "CardAccess": 0x011C,
}
CARD_ACCESS = DEFAULT_FILE_IDS["CardAccess"]

TooLong = Literal["wrong_length", "exact_length", "truncate"]


@dataclass(frozen=True)
class VirtualCardOptions:
    extended_length: bool = True  # accept extended-length APDUs
    max_response: int = 0  # most plain bytes per READ BINARY answer; 0 = what the APDU allows
    too_long: TooLong = "wrong_length"  # answer to a Le over max_response: 6700, 6Cxx, or less
    delay_s: float = 0.0  # per APDU, like a slow contactless link
    tamper_dg: str | None = None  # passed to build_card_files
    wrong_dsc: bool = False  # passed to build_card_files
    remove_after_apdus: int | None = None  # answer N APDUs, then behave as removed (once)
    auth_failure_sw: int = SW_AUTH_FAILED  # 6300 per ICAO; some cards answer 6982
    pace: bool = True  # EF.CardAccess and PACE; False = a BAC-only card
    pace_curve: str = "brainpoolP256r1"  # a standardized domain (pace_domain.DOMAIN_NAMES)
    pace_cipher: str = "AES-128"  # 3DES, AES-128, AES-192 or AES-256
    pace_tries: int = 3  # wrong passwords in a row before PACE blocks until re-presented
    clone: bool = False  # genuine files and SOD, other Chip/Active Authentication keys
    rsa_active_authentication: bool = False  # RSA (ISO 9796-2) AA key instead of ECDSA


class VirtualCard:
    """One chip. `process` takes a raw command APDU and returns the raw answer."""

    def __init__(
        self,
        files: Mapping[str, bytes],
        mrz_information: str,
        options: VirtualCardOptions | None = None,
        *,
        file_ids: Mapping[str, int] | None = None,
        atr: bytes = DEFAULT_ATR,
        random: Callable[[int], bytes] = os.urandom,
        can: str | None = None,
        keys: ChipKeys | None = None,
    ) -> None:
        """`can` enables PACE with the CAN (when `files` hold a CardAccess); `keys` are the
        chip's private CA/AA keys (None: the card has no Chip/Active Authentication)."""
        self.options = options or VirtualCardOptions()
        ids = dict(DEFAULT_FILE_IDS if file_ids is None else file_ids)
        self._files: dict[int, bytes] = {ids[name]: data for name, data in files.items()}
        self._keys: BacKeys = derive_bac_keys(mrz_information)
        self.chip = VirtualChip(
            files, mrz_information, can=can, pace_tries=self.options.pace_tries, random=random,
            chip_key=keys.chip_authentication if keys else None,
            active_key=keys.active_authentication if keys else None)
        self.atr = atr
        self._random = random
        self.removed = False
        self.apdu_count = 0  # since the last insertion
        self._removal_done = False
        self._reset_state()

    @classmethod
    def for_citizen(
        cls, citizen: CitizenRecord, options: VirtualCardOptions | None = None,
        pki: Any = None,
    ) -> VirtualCard:
        """A card for `citizen` with files from the LDS builder and the demo PKI."""
        from kiosk.devices.card.access_key import BacKey, document_number_from_id, yymmdd
        from kiosk.devices.simulator.lds_builder import build_card_files, chip_keys
        from kiosk.devices.simulator.pki import demo_pki

        options = options or VirtualCardOptions()
        rsa_aa = options.rsa_active_authentication
        genuine = chip_keys(citizen, rsa_aa=rsa_aa)
        files = build_card_files(citizen, pki or demo_pki(), tamper_dg=options.tamper_dg,
                                 wrong_dsc=options.wrong_dsc, keys=genuine)
        if options.pace:
            files["CardAccess"] = card_access_file(options.pace_curve, options.pace_cipher)
        expiry = citizen.date_of_expiry
        key = BacKey(document_number_from_id(citizen.id_number), yymmdd(citizen.date_of_birth),
                     "991231" if expiry is None else yymmdd(expiry))
        held = chip_keys(citizen, clone=True, rsa_aa=rsa_aa) if options.clone else genuine
        return cls(files, key.mrz_information, options, can=citizen.id_number[-6:], keys=held)

    # --- physical state -----------------------------------------------------------------

    def _reset_state(self) -> None:
        self._app_selected = False
        self._current: int | None = None
        self._challenge: bytes | None = None
        self._sm: CardSecureMessaging | None = None
        self._next_sm: SessionKeys | None = None  # PACE/CA keys that take over after an answer
        self.chip.reset()

    def reset(self) -> None:
        """Power cycle or warm reset: every session state is lost, files stay (and so does
        the PACE retry counter, kept in the chip's EEPROM)."""
        self._reset_state()

    def remove(self) -> None:
        self.removed = True
        self._reset_state()

    def insert(self) -> None:
        self.removed = False
        self.apdu_count = 0
        self._reset_state()
        self.chip.represented()

    def transport(self) -> VirtualCardTransport:
        return VirtualCardTransport(self)

    # --- APDU processing ----------------------------------------------------------------

    def process(self, raw: bytes) -> bytes:
        if self.removed:
            raise CardRemoved("virtual card is not on the reader")
        limit = self.options.remove_after_apdus
        if limit is not None and not self._removal_done and self.apdu_count >= limit:
            self._removal_done = True
            self.remove()
            log.info("virtual card: removed after %d APDUs", limit)
            raise CardRemoved(f"virtual card removed after {limit} APDUs")
        self.apdu_count += 1
        if self.options.delay_s:
            time.sleep(self.options.delay_s)
        return self._answer(raw).to_bytes()

    def _answer(self, raw: bytes) -> ResponseAPDU:
        try:
            command = CommandAPDU.from_bytes(raw)
        except APDUFormatError:
            return ResponseAPDU(b"", SW_WRONG_LENGTH)
        extended = command.needs_extended or command.to_bytes(extended=False) != raw
        if extended and not self.options.extended_length:
            return ResponseAPDU(b"", SW_WRONG_LENGTH)  # cannot parse it: SM state untouched
        if command.cla & SM_CLA_BITS == SM_CLA_BITS:
            if self._sm is None:
                return ResponseAPDU(b"", SW_SM_DATA_INCORRECT)
            try:
                command = self._sm.unprotect(command)
            except (SecureMessagingError, APDUFormatError):
                self._sm = None  # 9303-11: an SM error ends the session
                return ResponseAPDU(b"", SW_SM_DATA_INCORRECT)
            answer = self._dispatch(command, extended)
            sm = self._sm
            if sm is None:  # the command itself ended the session
                return answer
            answer = sm.protect(answer, ins=command.ins)
            self._switch_keys()
            return answer
        self._sm = None  # a plain command ends a secure messaging session
        answer = self._dispatch(command, extended)
        self._switch_keys()
        return answer

    def _switch_keys(self) -> None:
        """After PACE or Chip Authentication, SM restarts with the new keys (SSC 0)."""
        if self._next_sm is not None:
            self._sm, self._next_sm = self._next_sm.card(), None

    def _dispatch(self, command: CommandAPDU, extended: bool) -> ResponseAPDU:
        if command.ins == 0xA4:
            return self._select(command)
        if command.ins == 0x84:
            return self._get_challenge(command)
        if command.ins == 0x82:
            return self._mutual_authenticate(command)
        if command.ins in (0xB0, 0xB1):
            return self._read_binary(command, extended)
        protected = self._sm is not None
        if command.ins == 0x22:
            answer, self._next_sm = self.chip.manage_security_environment(command, protected)
            return answer
        if command.ins == 0x86:
            answer, self._next_sm = self.chip.general_authenticate(command, protected)
            return answer
        if command.ins == 0x88:
            return self.chip.internal_authenticate(command, protected)
        return ResponseAPDU(b"", SW_INS_NOT_SUPPORTED)

    def _select(self, command: CommandAPDU) -> ResponseAPDU:
        if command.p1 == 0x04:
            if command.data != EMRTD_AID:
                return ResponseAPDU(b"", SW_FILE_NOT_FOUND)
            # A plain SELECT already ended any SM session; a protected one (after PACE)
            # keeps it, as ICAO 9303-11 has the application selected under PACE's keys.
            self._current, self._challenge = None, None
            self.chip.reset()
            self._app_selected = True
            return ResponseAPDU(b"", SW_OK)
        if len(command.data) != 2:
            return ResponseAPDU(b"", SW_WRONG_LENGTH)
        fid = int.from_bytes(command.data, "big")
        if fid == MASTER_FILE:
            return ResponseAPDU(b"", SW_INS_NOT_SUPPORTED)  # the quirk seen on real CCCDs
        card_access = fid == CARD_ACCESS
        if fid not in self._files or not (self._app_selected or card_access):
            return ResponseAPDU(b"", SW_FILE_NOT_FOUND)
        if self._sm is None and not card_access:
            return ResponseAPDU(b"", SW_SECURITY_NOT_SATISFIED)
        self._current = fid
        return ResponseAPDU(b"", SW_OK)

    def _get_challenge(self, command: CommandAPDU) -> ResponseAPDU:
        if command.le != 8:
            return ResponseAPDU(b"", SW_WRONG_LENGTH)
        if not self._app_selected:
            return ResponseAPDU(b"", SW_CONDITIONS_NOT_SATISFIED)
        self._sm = None
        self._challenge = self._random(8)
        return ResponseAPDU(self._challenge, SW_OK)

    def _mutual_authenticate(self, command: CommandAPDU) -> ResponseAPDU:
        challenge, self._challenge = self._challenge, None
        self._sm = None
        if challenge is None:
            return ResponseAPDU(b"", SW_CONDITIONS_NOT_SATISFIED)
        result = card_mutual_authenticate(self._keys, challenge, command.data, self._random)
        if result is None:
            log.info("virtual card: BAC refused")
            return ResponseAPDU(b"", self.options.auth_failure_sw)
        answer, session = result
        self._sm = session.card()
        return ResponseAPDU(answer, SW_OK)

    def _read_binary(self, command: CommandAPDU, extended: bool) -> ResponseAPDU:
        if self._sm is None and not self._reads_card_access(command):
            return ResponseAPDU(b"", SW_SECURITY_NOT_SATISFIED)
        fid, offset, error = self._read_target(command)
        if fid is None or offset is None:
            return ResponseAPDU(b"", error)
        if command.le is None:
            return ResponseAPDU(b"", SW_WRONG_LENGTH)
        content = self._files[fid]
        if offset > len(content):
            return ResponseAPDU(b"", SW_WRONG_P1P2)
        limit = self._answer_limit(extended)
        le = command.le
        if le > limit:
            if self.options.too_long == "wrong_length":
                return ResponseAPDU(b"", SW_WRONG_LENGTH)
            if self.options.too_long == "exact_length" and limit <= 256:
                return ResponseAPDU(b"", 0x6C00 | (limit & 0xFF))
            if self.options.too_long == "exact_length":
                return ResponseAPDU(b"", SW_WRONG_LENGTH)
            le = limit
        if command.ins == 0xB1:
            le = _do53_payload(le)
        data = content[offset:offset + le]
        if command.ins == 0xB1:
            data = b"\x53" + encode_length(len(data)) + data
        return ResponseAPDU(data, SW_END_OF_FILE if offset + le > len(content) else SW_OK)

    def _reads_card_access(self, command: CommandAPDU) -> bool:
        """EF.CardAccess is the one file read without secure messaging (before PACE)."""
        if command.p1 & 0x80 and command.ins == 0xB0:
            return command.p1 & 0x1F == CARD_ACCESS & 0x1F and CARD_ACCESS in self._files
        return self._current == CARD_ACCESS

    def _read_target(self, command: CommandAPDU) -> tuple[int | None, int | None, int]:
        """(file, offset, status to answer when either is None) of a READ BINARY."""
        if command.p1 & 0x80 and command.ins == 0xB0:  # short file identifier in P1
            sfi = command.p1 & 0x1F
            matches = [fid for fid in self._files if fid & 0xFF == sfi]
            if not matches:
                return None, None, SW_FILE_NOT_FOUND
            self._current = matches[0]
            return self._current, command.p2, SW_OK
        if self._current is None:
            return None, None, SW_NO_CURRENT_EF
        if command.ins == 0xB0:
            return self._current, (command.p1 << 8) | command.p2, SW_OK
        offset = None
        try:
            for tag, value, _raw in iter_tlvs(command.data):
                if tag == 0x54 and 1 <= len(value) <= 3:
                    offset = int.from_bytes(value, "big")
        except SecureMessagingError:
            offset = None
        return self._current, offset, SW_WRONG_DATA

    def _answer_limit(self, extended: bool) -> int:
        if self._sm is None:  # EF.CardAccess, read in plain: no SM overhead to fit
            limit = 65536 if extended else 256
        else:
            block = self._sm.cipher.block_size
            limit = (max_plain_answer(block, 65536, 2) if extended
                     else max_plain_answer(block, 256, 1))
        if self.options.max_response:
            limit = min(limit, self.options.max_response)
        return limit


def _do53_payload(le: int) -> int:
    """Bytes of file data that fit in `le` once wrapped in DO53."""
    n = le - 2
    while n > 0 and n + 1 + len(encode_length(n)) > le:
        n -= 1
    return max(n, 0)


class VirtualCardTransport:
    """`CardTransport` over a `VirtualCard` in the same process."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card

    @property
    def atr(self) -> bytes:
        if self.card.removed:
            raise NoCard("virtual card is not on the reader")
        return self.card.atr

    def transmit(self, command: bytes) -> bytes:
        return self.card.process(command)


def card_access_file(curve: str, cipher: str) -> bytes:
    """EF.CardAccess offering PACE-GM on a standardized domain ("brainpoolP256r1", "AES-128")."""
    from kiosk.devices.card.lds.card_access import build_card_access, pace_protocol
    from kiosk.devices.card.pace_domain import parameter_id_for, standard_domain

    parameter_id = parameter_id_for(curve)
    agreement = standard_domain(parameter_id).agreement
    return build_card_access(pace_protocol(agreement, cipher), parameter_id)
