"""Files beside the outbox database, written atomically: temp file, fsync, rename, fsync dir.

A blob is either complete under its final name or absent; a crash leaves at most a temp file
(or a file no database row names), which `sweep` removes.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.data_dir import TEMP_PREFIX, fsync_dir, write_private_file

COPY_CHUNK = 1024 * 1024
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _DISK_FULL


@dataclass(frozen=True)
class BlobInfo:
    name: str
    size: int
    sha256: str  # hex digest of the stored bytes


def write_small_file(directory: Path, name: str, data: bytes) -> Path:
    """A small file beside the blobs (a marker, a cached key), replaced atomically."""
    return write_private_file(directory / name, data)


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"bad blob name {name!r}")
        return self.root / name

    def write(self, name: str, data: bytes | Iterable[bytes]) -> BlobInfo:
        """Write a blob under a temp name, fsync it and rename it into place.

        The caller fsyncs the directory (`sync`) once after a batch of writes.
        """
        final = self.path(name)
        temp = self.root / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        digest = hashlib.sha256()
        size = 0
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(temp, flags, 0o600)
        try:
            try:
                for chunk in [data] if isinstance(data, bytes) else data:
                    _write_all(fd, chunk)
                    digest.update(chunk)
                    size += len(chunk)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, final)
        except BaseException:
            _unlink_quietly(temp)
            raise
        return BlobInfo(name, size, digest.hexdigest())

    def copy_in(self, name: str, source: Path) -> BlobInfo:
        with source.open("rb") as f:
            return self.write(name, iter(lambda: f.read(COPY_CHUNK), b""))

    def sync(self) -> None:
        fsync_dir(self.root)

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def read_range(self, name: str, offset: int, length: int) -> bytes:
        with self.path(name).open("rb") as f:
            f.seek(offset)
            return f.read(length)

    def remove(self, names: Iterable[str]) -> None:
        removed = False
        for name in names:
            removed |= _unlink_quietly(self.path(name))
        if removed:
            self.sync()

    def names(self) -> list[str]:
        return [p.name for p in self.root.iterdir() if p.is_file()]

    def sweep(
        self, keep: set[str], grace_s: float, stale_now: Callable[[str], bool] = lambda _: False
    ) -> list[str]:
        """Remove temp files and blobs no row names. Only those older than `grace_s`, since an
        enqueue in another process may be between its renames and its commit, unless
        `stale_now(name)` says no enqueue can still claim the file."""
        limit = time.time() - grace_s
        gone = []
        for p in self.root.iterdir():
            if p.name in keep or not p.is_file():
                continue
            try:
                old = p.stat().st_mtime <= limit
            except FileNotFoundError:
                continue
            if (old or stale_now(p.name)) and _unlink_quietly(p):
                gone.append(p.name)
        if gone:
            self.sync()
        return gone


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _unlink_quietly(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
