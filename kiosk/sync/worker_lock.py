"""One sync worker per outbox: an OS file lock, released by the kernel when the process dies
(also on kill -9), so whoever holds it knows every `uploading` row it did not claim is stale.
"""

from __future__ import annotations

import os
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
        f = self.path.open("a+", encoding="ascii")
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


if os.name == "nt":
    import msvcrt

    def _lock(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _unlock(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _lock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
