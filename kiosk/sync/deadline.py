"""A total deadline for one HTTP exchange with the portal.

`requests` only knows per-socket timeouts: a read timeout of 30 s is restarted by every byte,
so a portal that answers one byte per second (headers or body) holds a request forever. Here
one watchdog thread shuts down the sockets of an exchange whose deadline has passed; the
blocked read then returns at once and `requests` raises, which the client reports as "no
complete answer in time".

Sockets are registered when a connection is made and each time a pooled connection is reused
for a request (both through the connection classes that `DeadlineAdapter` installs), so the
TCP connect, the TLS handshake, sending, the headers and the body are all covered.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Deadline:
    """The deadline of one exchange (a `with` block on one thread)."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + max(0.0, seconds)
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shut(sock)

    def expire(self) -> None:
        with self._lock:
            if self.expired:
                return
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)

    def forget(self) -> None:
        with self._lock:
            self._sockets = []


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for an SSLSocket: its own shutdown() drops the TLS
    # object under a reader blocked in another thread; this only ends the reader's wait.
    with contextlib.suppress(OSError, ValueError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread for every deadline in the process (started on first use)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, deadline: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.at, next(self._seq), deadline))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="portal-deadline",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                at, _, deadline = self._heap[0]
                wait = at - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
            deadline.expire()


_WATCHDOG = _Watchdog()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Every socket this thread's portal requests use inside the block is shut down when
    `seconds` have passed; `.expired` then tells why the request failed."""
    d = Deadline(seconds)
    previous = getattr(_current, "deadline", None)
    _current.deadline = d
    _WATCHDOG.add(d)
    try:
        yield d
    finally:
        _current.deadline = previous
        d.forget()


def _watch(sock: Any) -> None:
    d: Deadline | None = getattr(_current, "deadline", None)
    if d is not None and isinstance(sock, socket.socket):
        d.watch(sock)


class _Watched:
    """Registers the connection's socket with this thread's deadline: when the connection is
    made (covering connect and the TLS handshake) and each time it is used for a request."""

    sock: Any

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        _watch(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self.sock)
        super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    """Plain HTTP (the loopback reference portal) under the watchdog."""


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    """HTTPS (a real portal) under the watchdog."""


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections honour `deadline()`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }
