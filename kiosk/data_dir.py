"""The data folder is private to the kiosk user: folders 0700, files 0600.

The outbox holds citizens' personal data in plaintext (SQLite, with its ``-wal``/``-shm``),
and the stats, locks and key caches sit beside it. Two measures, both taken by ``kiosk`` at
start-up (``kiosk.cli.main``):

- ``apply_private_umask()``: everything this process creates from then on (SQLite files,
  logs, receipts, locks) is made without group/other bits, whatever the code that makes it;
- ``secure_data_dir()``: folders and files an older version left group/world readable are
  tightened once, without following symbolic links out of the tree.

POSIX only: on Windows access is governed by ACLs (the per-user data folder is private
already) and mode bits mean next to nothing, so both are no-ops there.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700

# Group and other bits: what "looser than private" means.
_LOOSE = 0o077
# Folders nested deeper than this inside the data dir are left alone (and said so): the
# kiosk makes two or three levels; this only bounds the open descriptors of a strange tree.
_MAX_DEPTH = 32
_SAMPLE = 3

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # never hang on a FIFO someone left there
_NOCTTY = getattr(os, "O_NOCTTY", 0)


def apply_private_umask() -> int | None:
    """Make files and folders this process creates private; the previous umask (None on
    Windows, where it does nothing useful)."""
    if os.name == "nt":
        return None
    return os.umask(PRIVATE_UMASK)


def secure_data_dir(path: Path) -> list[Path]:
    """Create ``path`` (0700) if missing; take group/other access away from every folder and
    regular file inside it that has some. Returns the paths tightened.

    Owner bits are kept as they are, so 0755 becomes 0700 and 0644 becomes 0600, and nothing
    gains a permission it did not have. Symbolic links are neither followed nor changed (only
    ``path`` itself may be one: it is the configured location). Entries that vanish meanwhile
    are skipped; those this user may not change (another owner) are counted and logged.
    Raises OSError only when ``path`` itself cannot be made or opened.
    """
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if os.name == "nt":
        return []
    if _too_broad(path):
        log.warning("data dir %s is a home or root folder: its permissions are left alone", path)
        return []
    walk = _Walk()
    fd = os.open(path, os.O_RDONLY | _DIRECTORY | _NOCTTY)
    try:
        walk.tighten(fd, path)
        walk.folder(fd, path, depth=0)
    finally:
        os.close(fd)
    if walk.tightened:
        sample = ", ".join(_relative(p, path) for p in walk.tightened[:_SAMPLE])
        more = ", ..." if len(walk.tightened) > _SAMPLE else ""
        log.info("data dir: took group/other access away from %d path(s) (%s%s)",
                 len(walk.tightened), sample, more)
    if walk.failed:
        sample = ", ".join(_relative(p, path) for p in walk.failed[:_SAMPLE])
        log.warning("data dir: %d path(s) still open to other users and not changeable by "
                    "this user (%s): chown them to the kiosk user", len(walk.failed), sample)
    if walk.too_deep:
        log.warning("data dir: %d folder(s) nested deeper than %d levels not checked",
                    walk.too_deep, _MAX_DEPTH)
    return walk.tightened


class _Walk:
    """Descriptor-relative walk: every entry is opened by name inside its already-open
    parent with O_NOFOLLOW, so a link swapped in mid-walk is never followed."""

    def __init__(self) -> None:
        self.tightened: list[Path] = []
        self.failed: list[Path] = []
        self.too_deep = 0

    def folder(self, dir_fd: int, where: Path, depth: int) -> None:
        for name, is_dir, loose in _entries(dir_fd):
            child = where / name
            flags = os.O_RDONLY | _NOFOLLOW | _NOCTTY | (_DIRECTORY if is_dir else _NONBLOCK)
            try:
                fd = os.open(name, flags, dir_fd=dir_fd)
            except OSError as exc:
                # Gone, or swapped for a link meanwhile: nothing to do. Otherwise not ours
                # to open (another owner); a private folder like that is no problem.
                if loose and exc.errno not in (errno.ENOENT, errno.ELOOP, errno.ENOTDIR):
                    self.failed.append(child)
                continue
            try:
                self.tighten(fd, child)
                if is_dir:
                    if depth + 1 >= _MAX_DEPTH:
                        self.too_deep += 1
                    else:
                        self.folder(fd, child, depth + 1)
            finally:
                os.close(fd)

    def tighten(self, fd: int, where: Path) -> None:
        info = os.fstat(fd)
        if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
            return  # a FIFO or socket swapped in: leave it
        mode = stat.S_IMODE(info.st_mode)
        if not mode & _LOOSE:
            return
        try:
            os.fchmod(fd, mode & ~_LOOSE)
        except OSError:
            self.failed.append(where)
        else:
            self.tightened.append(where)


def _entries(dir_fd: int) -> list[tuple[str, bool, bool]]:
    """(name, is_folder, loose) of the folders (all: their content may be loose) and of the
    regular files with group/other bits, in the folder open as ``dir_fd``; links skipped.
    Read whole before descending, so that one folder listing at a time is open."""
    found: list[tuple[str, bool, bool]] = []
    try:
        scan = os.scandir(dir_fd)
    except OSError:
        return found
    with scan:
        for entry in scan:
            with contextlib.suppress(OSError):  # vanished between listing and stat
                is_dir = entry.is_dir(follow_symlinks=False)
                if not (is_dir or entry.is_file(follow_symlinks=False)):
                    continue
                loose = bool(entry.stat(follow_symlinks=False).st_mode & _LOOSE)
                if is_dir or loose:
                    found.append((entry.name, is_dir, loose))
    return found


def _too_broad(path: Path) -> bool:
    """A data dir set by mistake to / or a home folder must not have everything under it
    made private."""
    try:
        resolved = path.resolve()
        home = Path.home().resolve()
    except (OSError, RuntimeError, KeyError):
        return False
    return resolved == Path(resolved.anchor) or resolved == home or resolved in home.parents


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) or "."
    except ValueError:
        return str(path)


TEMP_PREFIX = ".tmp-"


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink in `path` durable. Windows: NTFS journals its metadata and a
    folder cannot be opened for fsync, so nothing to do there."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY | _DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_file(path: Path, data: bytes, *, temp_prefix: str = TEMP_PREFIX) -> Path:
    """Replace `path` with `data` atomically and durably, readable by the kiosk user only.

    A unique temporary file (mode 0600, never a shared name two writers could clash on) in
    the same folder is written and fsync'ed, renamed over `path`, and the folder fsync'ed:
    after a crash or power cut `path` holds the old bytes or the new ones, never half. A
    writer killed before its rename leaves only a `temp_prefix` file, which its owner may
    sweep. The folder is made (0700) when missing."""
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=temp_prefix, dir=path.parent)  # mkstemp: 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)
    return path
