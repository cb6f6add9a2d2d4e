"""One sync worker per outbox: an OS file lock, released by the kernel when the process dies
(also on kill -9), so whoever holds it knows every `uploading` row it did not claim is stale.

The enqueue gate: every enqueue (in any process) holds a shared lock on `enqueue.lock` from
its first blob to its commit. Whoever gets the lock exclusively knows no enqueue is between
the two, so every blob no row names is an orphan of a dead enqueue and can go at once.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kiosk.sync.errors import WorkerBusyError

LOCK_FILE = "worker.lock"


class WorkerLock:
    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_FILE
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        if self._file is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        f = os.fdopen(fd, "a+", encoding="ascii")
        try:
            _lock(f)
        except OSError as exc:
            f.seek(0)
            holder = f.read().strip() or "?"
            f.close()
            raise WorkerBusyError(f"lock {self.path} held by pid {holder}") from exc
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        self._file = f

    def release(self) -> None:
        if self._file is not None:
            _unlock(self._file)
            self._file.close()
            self._file = None


GATE_FILE = "enqueue.lock"


@contextlib.contextmanager
def enqueue_gate(directory: Path) -> Iterator[None]:
    """Held (shared) by an enqueue from its first blob to its commit."""
    with _open_gate(directory) as f:
        _lock_shared(f)
        try:
            yield
        finally:
            _unlock(f)


@contextlib.contextmanager
def no_enqueue_running(directory: Path) -> Iterator[bool]:
    """True inside the block when no enqueue can be running (the gate is held exclusively);
    False when one is, or where shared locks do not exist."""
    with _open_gate(directory) as f:
        try:
            _lock(f)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            _unlock(f)


@contextlib.contextmanager
def _open_gate(directory: Path) -> Iterator[IO[str]]:
    fd = os.open(directory / GATE_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a+", encoding="ascii") as f:
        yield f


if os.name == "nt":
    import msvcrt

    def _lock(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _unlock(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

    def _lock_shared(f: IO[str]) -> None:
        # No shared locks here: enqueues take it in turn (each is a few milliseconds).
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _lock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    def _lock_shared(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_SH)
