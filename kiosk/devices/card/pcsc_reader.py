"""PC/SC readers through pyscard: list, watch, connect, transmit.

Uses pyscard's thin `smartcard.scard` layer so every PC/SC return code is seen and mapped
to a typed `CardError` (no reader, no card, removed, busy, communication). SCardTransmit has
no timeout of its own, so each APDU runs on a short-lived daemon thread and the caller
waits at most `timeout_s`; a connection that timed out is abandoned, never reused.
The monitor delivers plain `ReaderEvent`s to a callback on its own thread (the UI queues
them to the GUI thread); nothing here knows about Qt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from smartcard import scard

from kiosk.devices.card.apdu import (
    CardError,
    CardRemoved,
    CommunicationError,
    NoCard,
    NoReader,
    ReaderBusy,
)

log = logging.getLogger(__name__)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
_NO_SERVICE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED,
               scard.SCARD_E_NO_READERS_AVAILABLE}
_NO_READER = {scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE}
_NO_CARD = {scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD}
_BUSY = {scard.SCARD_E_SHARING_VIOLATION, scard.SCARD_E_SERVER_TOO_BUSY}
PROTOCOLS = {"T0": scard.SCARD_PROTOCOL_T0, "T1": scard.SCARD_PROTOCOL_T1,
             "any": scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1}


def _error_text(hresult: int) -> str:
    return f"{scard.SCardGetErrorMessage(hresult)} (0x{hresult & 0xFFFFFFFF:08X})"


def map_pcsc_error(hresult: int, *, connected: bool) -> CardError:
    """The typed error for a PC/SC failure; `connected` = it happened mid-conversation."""
    text = _error_text(hresult)
    if hresult in _NO_SERVICE or hresult in _NO_READER:
        return NoReader(text)
    if hresult in _NO_CARD:
        return CardRemoved(text) if connected else NoCard(text)
    if hresult in _BUSY:
        return ReaderBusy(text)
    return CommunicationError(text)


class _Context:
    """An established PC/SC context, released on close."""

    def __init__(self) -> None:
        hresult, self.handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise NoReader("PC/SC service: " + _error_text(hresult))

    def readers(self) -> list[str]:
        hresult, readers = scard.SCardListReaders(self.handle, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if hresult != scard.SCARD_S_SUCCESS:
            raise map_pcsc_error(hresult, connected=False)
        return list(readers)

    def card_present(self, reader: str) -> bool:
        hresult, states = scard.SCardGetStatusChange(
            self.handle, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if hresult != scard.SCARD_S_SUCCESS:
            return False
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)

    def card_gone_within(self, reader: str, seconds: float) -> bool:
        """Whether the reader reports no card now or within `seconds` (pcscd polls readers
        every few hundred ms, so right after a failed exchange the card may still be listed)."""
        deadline = time.monotonic() + seconds
        state = scard.SCARD_STATE_UNAWARE
        while True:
            wait_ms = max(0, int((deadline - time.monotonic()) * 1000))
            hresult, states = scard.SCardGetStatusChange(self.handle, wait_ms, [(reader, state)])
            if hresult != scard.SCARD_S_SUCCESS:
                return False  # timeout (still present) or the reader itself is gone
            state = states[0][1] & ~scard.SCARD_STATE_CHANGED
            if not state & scard.SCARD_STATE_PRESENT:
                return True
            if wait_ms == 0:
                return False

    def close(self) -> None:
        scard.SCardReleaseContext(self.handle)


def list_readers() -> list[str]:
    """Names of the connected readers; NoReader when the PC/SC service is not running."""
    context = _Context()
    try:
        return context.readers()
    finally:
        context.close()


def choose_reader(preferred: str = "") -> str:
    """The reader to use: the first whose name contains `preferred`, else one with a card."""
    context = _Context()
    try:
        readers = context.readers()
        if not readers:
            raise NoReader("no reader connected")
        if preferred:
            matches = [r for r in readers if preferred.lower() in r.lower()]
            if not matches:
                raise NoReader("no reader matches the configured name")
            readers = matches
        with_card = [r for r in readers if context.card_present(r)]
        return (with_card or readers)[0]
    finally:
        context.close()


def wait_for_card(reader: str, timeout_s: float, *, present: bool = True) -> bool:
    """Block until `reader` has a card (or, with present=False, none); False on timeout."""
    context = _Context()
    try:
        deadline = time.monotonic() + timeout_s
        state = scard.SCARD_STATE_UNAWARE
        while True:
            wait_ms = max(0, int((deadline - time.monotonic()) * 1000))
            hresult, states = scard.SCardGetStatusChange(context.handle, wait_ms,
                                                         [(reader, state)])
            if hresult == scard.SCARD_S_SUCCESS:
                state = states[0][1] & ~scard.SCARD_STATE_CHANGED
                if bool(state & scard.SCARD_STATE_PRESENT) == present:
                    return True
            elif hresult != scard.SCARD_E_TIMEOUT:
                raise map_pcsc_error(hresult, connected=False)
            if wait_ms == 0:
                return False
    finally:
        context.close()


class PcscTransport:
    """A `CardTransport` over one PC/SC connection."""

    def __init__(self, reader: str, *, timeout_s: float = 5.0, protocol: str = "any",
                 removal_grace_s: float = 1.0) -> None:
        self.reader = reader
        self.timeout_s = timeout_s
        self.removal_grace_s = removal_grace_s
        self._protocols = PROTOCOLS[protocol]
        self._context: _Context | None = None
        self._card: Any = None
        self._protocol = 0
        self._broken = False  # the last exchange failed: reconnect before the next one
        self._stuck = False  # an exchange timed out and may still hold the handle
        self.connect()

    def connect(self) -> None:
        """(Re)connect: after a timeout, a reset, or the card put back on the reader."""
        self.close()
        context = _Context()
        hresult, card, protocol = scard.SCardConnect(
            context.handle, self.reader, scard.SCARD_SHARE_SHARED, self._protocols)
        if hresult != scard.SCARD_S_SUCCESS:
            context.close()
            raise map_pcsc_error(hresult, connected=False)
        self._context, self._card, self._protocol = context, card, protocol
        self._broken = self._stuck = False
        log.info("card: connected (protocol %s)", "T=1" if protocol == scard.SCARD_PROTOCOL_T1
                 else "T=0")

    @property
    def protocol(self) -> str:
        return "T=1" if self._protocol == scard.SCARD_PROTOCOL_T1 else "T=0"

    @property
    def atr(self) -> bytes:
        if self._card is None:
            raise NoCard("not connected")
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(self._card)
        if hresult != scard.SCARD_S_SUCCESS:
            raise map_pcsc_error(hresult, connected=True)
        return bytes(atr)

    def transmit(self, command: bytes) -> bytes:
        if self._card is None or self._broken:
            # After a failed exchange the caller re-authenticates; give it a fresh handle.
            try:
                self.connect()
            except NoCard as exc:
                raise CardRemoved(exc.detail) from exc
        response = self._transmit_once(command)
        if self._protocol == scard.SCARD_PROTOCOL_T0:
            response = self._t0_fixups(command, response)
        return response

    def _t0_fixups(self, command: bytes, response: bytes) -> bytes:
        """T=0 moves case-2/4 answers behind 61xx (GET RESPONSE) and 6Cxx (resend)."""
        if len(response) == 2 and response[0] == 0x6C and len(command) >= 5:
            response = self._transmit_once(command[:-1] + response[1:2])
        data = b""
        while len(response) >= 2 and response[-2] == 0x61:
            data += response[:-2]
            response = self._transmit_once(bytes((command[0] & 0x03, 0xC0, 0, 0,
                                                  response[-1])))
        return data + response

    def _transmit_once(self, command: bytes) -> bytes:
        result: list[Any] = []
        card, protocol = self._card, self._protocol

        def run() -> None:
            result.append(scard.SCardTransmit(card, protocol, list(command)))

        worker = threading.Thread(target=run, name="pcsc-transmit", daemon=True)
        worker.start()
        worker.join(self.timeout_s)
        if worker.is_alive():
            # The exchange may still finish later; this handle is abandoned, not reused.
            self._broken = self._stuck = True
            raise CommunicationError(f"no answer within {self.timeout_s:.1f} s")
        hresult, response = result[0]
        if hresult == scard.SCARD_S_SUCCESS and len(response) < 2:
            # vpcd (and some drivers) report success with no bytes when the card vanished.
            hresult = scard.SCARD_E_NOT_TRANSACTED
        if hresult != scard.SCARD_S_SUCCESS:
            self._broken = True
            raise self._transmit_error(hresult)
        return bytes(response)

    def _transmit_error(self, hresult: int) -> CardError:
        error = map_pcsc_error(hresult, connected=True)
        # A failed exchange with no card left on the reader is a removal.
        if (isinstance(error, CommunicationError) and self._context is not None
                and self._context.card_gone_within(self.reader, self.removal_grace_s)):
            return CardRemoved(_error_text(hresult))
        return error

    def close(self) -> None:
        # After a timeout the handle and context stay with the stuck call: touching them
        # could block the caller, so they are left to the PC/SC service to clean up.
        if not self._stuck:
            if self._card is not None:
                scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
            if self._context is not None:
                self._context.close()
        self._card = None
        self._context = None

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


EventKind = Literal["reader_added", "reader_removed", "card_inserted", "card_removed"]


@dataclass(frozen=True)
class ReaderEvent:
    kind: EventKind
    reader: str
    atr: bytes = b""


class ReaderMonitor:
    """Watches readers and cards; calls `callback(ReaderEvent)` on its own thread.

    On start it reports the readers and cards already present, so a listener needs no
    separate initial scan.
    """

    def __init__(self, callback: Callable[[ReaderEvent], None], *, poll_ms: int = 1000) -> None:
        self.callback = callback
        self.poll_ms = poll_ms
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: _Context | None = None
        self._cards: dict[str, bool] = {}
        self._states: dict[str, int] = {}

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="pcsc-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        context = self._context
        if context is not None:
            scard.SCardCancel(context.handle)
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _emit(self, kind: EventKind, reader: str, atr: bytes = b"") -> None:
        try:
            self.callback(ReaderEvent(kind, reader, atr))
        except Exception:
            log.exception("card monitor: listener failed on %s", kind)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._context = _Context()
            except NoReader:
                self._stop.wait(self.poll_ms / 1000)
                continue
            try:
                self._watch(self._context)
            finally:
                self._context.close()
                self._context = None

    def _watch(self, context: _Context) -> None:
        while not self._stop.is_set():
            try:
                readers = context.readers()
            except CardError:
                for reader in list(self._cards):
                    self._forget(reader)
                return  # service gone: re-establish the context
            for reader in [r for r in self._cards if r not in readers]:
                self._forget(reader)
            for reader in readers:
                if reader not in self._cards:
                    self._cards[reader] = False
                    self._states[reader] = scard.SCARD_STATE_UNAWARE
                    self._emit("reader_added", reader)
            watched = [(r, self._states[r]) for r in readers]
            watched.append((PNP_NOTIFICATION, len(readers) << 16))
            hresult, states = scard.SCardGetStatusChange(context.handle, self.poll_ms, watched)
            if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                if hresult in _NO_SERVICE:
                    return
                self._stop.wait(self.poll_ms / 1000)
                continue
            for reader, event_state, atr in states:
                if reader == PNP_NOTIFICATION or reader not in self._cards:
                    continue
                self._states[reader] = event_state & ~scard.SCARD_STATE_CHANGED
                present = bool(event_state & scard.SCARD_STATE_PRESENT)
                if present != self._cards[reader]:
                    self._cards[reader] = present
                    self._emit("card_inserted" if present else "card_removed", reader,
                               bytes(atr) if present else b"")

    def _forget(self, reader: str) -> None:
        if self._cards.pop(reader, False):
            self._emit("card_removed", reader)
        self._states.pop(reader, None)
        self._emit("reader_removed", reader)
