"""Run a `VirtualCard` behind pcscd as a vsmartcard vpcd client.

pcscd's vpcd driver listens on localhost:35963 (reader "Virtual PCD 00 00"; 35964 is
"Virtual PCD 00 01"). A connected client is a card on that reader; closing the socket is
taking the card away. Wire format: 2-byte big-endian length, then the payload. A 1-byte
payload is a control code (0 power off, 1 power on, 2 reset, 4 send the ATR); a longer one is
a command APDU, answered with length + response APDU.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading

from kiosk.devices.card.apdu import CardError, CardRemoved
from kiosk.devices.simulator.virtual_card import VirtualCard

log = logging.getLogger(__name__)

DEFAULT_PORT = 35963
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4


class VpcdClosedError(Exception):
    """The vpcd end of the socket went away."""


class VpcdClient:
    """Connects (and reconnects) `card` to vpcd until `stop()`.

    `reinsert_after_s`: after the card "removes" itself (remove_after_apdus), put it back
    after this many seconds; None leaves it out until `insert()` is called.
    """

    def __init__(
        self,
        card: VirtualCard,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        *,
        retry_s: float = 0.5,
        reinsert_after_s: float | None = 2.0,
    ) -> None:
        self.card = card
        self.host = host
        self.port = port
        self.retry_s = retry_s
        self.reinsert_after_s = reinsert_after_s
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # --- control ------------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="vpcd-client", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._drop_socket()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def remove(self) -> None:
        """Take the card off the reader (closes the connection to vpcd)."""
        self.card.remove()
        self._drop_socket()

    def insert(self) -> None:
        """Put the card back: the client reconnects at once."""
        self.card.insert()
        self._wake.set()

    # --- loop ---------------------------------------------------------------------------

    def run(self) -> None:
        while not self._stop.is_set():
            if self.card.removed:
                self._wait_reinsert()
                continue
            sock = self._connect()
            if sock is None:
                self._wake.wait(self.retry_s)
                self._wake.clear()
                continue
            log.info("vpcd: card inserted on port %d", self.port)
            self.connected.set()
            try:
                self._serve(sock)
            except (OSError, VpcdClosedError):
                pass
            finally:
                self.connected.clear()
                self._drop_socket()
            log.info("vpcd: connection closed")
            if not self.card.removed and not self._stop.is_set():
                self._stop.wait(self.retry_s)  # vpcd restarting: try again shortly

    def _wait_reinsert(self) -> None:
        if self.reinsert_after_s is None:
            self._wake.wait(self.retry_s)
            self._wake.clear()
            return
        if not self._stop.wait(self.reinsert_after_s) and self.card.removed:
            log.info("vpcd: card put back")
            self.card.insert()

    def _connect(self) -> socket.socket | None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2.0)
        except OSError:
            return None
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _quick_ack(sock)
        with self._lock:
            self._sock = sock
        if self._stop.is_set():
            self._drop_socket()
            return None
        return sock

    def _drop_socket(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _serve(self, sock: socket.socket) -> None:
        while not self._stop.is_set():
            message = _receive(sock)
            if len(message) == 1:
                self._control(sock, message[0])
                continue
            try:
                answer = self.card.process(message)
            except CardRemoved:
                return  # no answer: the card is gone, like a real removal
            except CardError:
                log.exception("vpcd: virtual card failed")
                answer = b"\x6f\x00"
            _send(sock, answer)

    def _control(self, sock: socket.socket, code: int) -> None:
        if code == CTRL_ATR:
            _send(sock, self.card.atr)
        elif code in (CTRL_OFF, CTRL_ON, CTRL_RESET):
            self.card.reset()
        else:
            log.warning("vpcd: unknown control code %d", code)


def _receive(sock: socket.socket) -> bytes:
    header = _exactly(sock, 2)
    return _exactly(sock, int.from_bytes(header, "big"))


def _exactly(sock: socket.socket, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise VpcdClosedError
        out += chunk
        _quick_ack(sock)
    return bytes(out)


def _quick_ack(sock: socket.socket) -> None:
    """Acknowledge at once: vpcd writes the length and the APDU separately, and Nagle on its
    side plus delayed ACKs on ours would add ~40 ms to every APDU (Linux only; the kernel
    clears the flag after each use)."""
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)
