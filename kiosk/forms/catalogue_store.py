"""Installed catalogue bundles in the kiosk's data folder, switched atomically, rolled back.

    <data_dir>/catalogue/                 0700
        state.json                        {"current": "2026.12.08.2", "previous": "2026.12.08.1"}
        versions/<version>/bundle.jws     the signed bundle as received (0600)
        versions/<version>/catalogue/...  its files, unpacked (folders 0700, files 0600)
        staging/<version>.<random>/       an install in progress; never read
        update.lock                       one install (or start-up repair) at a time

An install unpacks into staging, fsyncs every file and folder, checks the digests of what
is on disk, loads the catalogue strictly (every procedure, list and province override), then
renames the folder into versions/ and replaces state.json (write, fsync, rename, fsync the
folder). A power cut before that last rename leaves state.json naming the old version, and
the half-made folder is swept at the next install or start; after it, the new version is
whole on disk. The previous good version is kept for a rollback; older ones are pruned.

At start-up `select` takes the current version only after checking it again: its signature
with the pinned key, every file's digest (and no file more), a strict load. If that fails
it logs one line, falls back to the previous version (then to the shipped catalogue) and
writes that choice down, so the broken one is not tried again at every start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from kiosk.data_dir import DIR_MODE, FILE_MODE, fsync_dir, write_private_file
from kiosk.forms.catalogue import Catalogue, CatalogueError, load_catalogue
from kiosk.forms.catalogue_bundle import (
    Bundle,
    BundleRefusedError,
    PinnedKey,
    is_newer,
    open_bundle,
    version_key,
)

log = logging.getLogger(__name__)

ROOT = "catalogue"
STATE_FILE = "state.json"
VERSIONS = "versions"
STAGING = "staging"
LOCK_FILE = "update.lock"
BUNDLE_FILE = "bundle.jws"
FILES_DIR = "catalogue"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class InstalledState:
    current: str | None = None
    previous: str | None = None


@dataclass(frozen=True)
class Installed:
    """An installed version that passed every check, loaded."""

    version: str
    issued_at: datetime
    directory: Path  # the catalogue folder to load from
    catalogue: Catalogue


@dataclass(frozen=True)
class Selection:
    installed: Installed | None  # None: use the shipped catalogue
    failed: tuple[tuple[str, str], ...] = ()  # (version, why) of versions that did not load


class CatalogueStore:
    def __init__(self, data_dir: Path, *, on_step: Callable[[str], None] | None = None
                 ) -> None:
        self.root = Path(data_dir) / ROOT
        # Tests stop an install after each step (by exception or kill -9) to prove that no
        # step leaves a catalogue the kiosk would use half made.
        self.on_step = on_step

    @property
    def _versions(self) -> Path:
        return self.root / VERSIONS

    @property
    def _staging(self) -> Path:
        return self.root / STAGING

    def version_dir(self, version: str) -> Path:
        version_key(version)  # a version is a folder name only when it is well-formed
        return self._versions / version

    # --- state ------------------------------------------------------------------------
    def state(self) -> InstalledState:
        path = self.root / STATE_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            state = InstalledState(raw.get("current"), raw.get("previous"))
            for version in (state.current, state.previous):
                if version is not None:
                    version_key(version)
        except FileNotFoundError:
            return InstalledState()
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            # Written atomically, so only a damaged disk gets here: the shipped catalogue
            # is the safe answer, and the next good bundle writes a new state.
            log.error("catalogue state %s unreadable (%s): using the shipped catalogue",
                      path, type(exc).__name__)
            return InstalledState()
        return state

    def current_version(self) -> str | None:
        return self.state().current

    def _write_state(self, state: InstalledState) -> None:
        data = json.dumps({"current": state.current, "previous": state.previous}).encode()
        write_private_file(self.root / STATE_FILE, data)

    # --- install ----------------------------------------------------------------------
    def install(self, bundle: Bundle, province_code: int) -> Catalogue:
        """Make `bundle` the current version; the catalogue it holds, loaded. Raises
        BundleRefusedError (not newer than the installed one, files that do not validate) or
        OSError (the disk), and then nothing has changed."""
        with self._lock():
            state = self.state()
            if not is_newer(bundle.version, state.current):
                raise BundleRefusedError(
                    "replay", f"version {bundle.version} is not newer than the installed "
                              f"{state.current}", bundle.version)
            self._sweep_staging()
            staging = self._unpack(bundle)
            try:
                self._step("unpacked")
                check_files(staging / FILES_DIR, bundle.digests, bundle.version)
                catalogue = validate_catalogue(staging / FILES_DIR, province_code,
                                               bundle.version)
                self._step("validated")
                target = self.version_dir(bundle.version)
                if target.exists():  # left by an install cut off after its rename
                    self._discard(target)
                os.rename(staging, target)
                fsync_dir(self._versions)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            self._step("renamed")
            self._write_state(InstalledState(bundle.version, state.current))
            self._step("switched")
            self._prune(InstalledState(bundle.version, state.current))
            self._step("pruned")
        # Loaded from staging, the same files now under versions/: a Catalogue keeps no path.
        return catalogue

    def _step(self, name: str) -> None:
        if self.on_step is not None:
            self.on_step(name)

    def _unpack(self, bundle: Bundle) -> Path:
        for folder in (self.root, self._versions, self._staging):
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{bundle.version}.", dir=self._staging))
        try:
            _write_new(staging / BUNDLE_FILE, bundle.raw)
            self._step("writing")  # half of it written: what a power cut mid-unpack leaves
            files = staging / FILES_DIR
            folders = {files}
            files.mkdir(mode=DIR_MODE)
            for path, data in sorted(bundle.files.items()):
                target = files / path
                if target.parent not in folders:
                    target.parent.mkdir(mode=DIR_MODE)
                    folders.add(target.parent)
                _write_new(target, data)
            for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
                fsync_dir(folder)
            fsync_dir(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return staging

    def _discard(self, folder: Path) -> None:
        """Out of versions/ in one rename first: a cut mid-delete leaves no half folder
        under a version's name."""
        trash = Path(tempfile.mkdtemp(prefix="discard.", dir=self._staging))
        os.rename(folder, trash / folder.name)
        shutil.rmtree(trash, ignore_errors=True)

    def _sweep_staging(self) -> None:
        if self._staging.is_dir():
            for leftover in self._staging.iterdir():
                shutil.rmtree(leftover, ignore_errors=True)

    def _prune(self, state: InstalledState) -> None:
        keep = {state.current, state.previous}
        if self._versions.is_dir():
            for folder in self._versions.iterdir():
                if folder.name not in keep:
                    with contextlib.suppress(OSError):
                        self._discard(folder)
        self._sweep_staging()

    # --- start-up ---------------------------------------------------------------------
    def select(self, pinned: PinnedKey | None, province_code: int, *, repair: bool = True
               ) -> Selection:
        """The newest installed version that still checks out, or none (the shipped
        catalogue). With `repair`, a rollback is written down and leftovers are swept;
        without (doctor), nothing on disk changes."""
        state = self.state()
        if state.current is None and state.previous is None:
            return Selection(None)  # nothing installed (a half-made first install is swept
            # by the next install): no lock, nothing written
        if pinned is None:
            log.warning("installed catalogue bundle %s not used: no catalogue_signing_key to "
                        "check it with; using the shipped catalogue", state.current)
            return Selection(None)
        with self._lock() if repair else contextlib.nullcontext():
            state = self.state()  # again, under the lock: an install may have just ended
            versions = [v for v in (state.current, state.previous) if v is not None]
            failed: list[tuple[str, str]] = []
            chosen: Installed | None = None
            for version in versions:
                try:
                    chosen = self._load_installed(version, pinned, province_code)
                    break
                except (BundleRefusedError, OSError, ValueError) as exc:
                    failed.append((version, _why(exc)))
            if failed:
                instead = f"bundle {chosen.version}" if chosen else "the shipped catalogue"
                log.error("installed catalogue bundle %s does not load (%s): rolled back to %s",
                          failed[0][0], failed[0][1], instead,
                          extra={"event": "catalogue_rollback", "bundle_version": failed[0][0]})
            if repair:
                new_state = InstalledState(chosen.version if chosen else None, None) \
                    if failed else state
                if failed:
                    self._write_state(new_state)
                self._prune(new_state)
            return Selection(chosen, tuple(failed))

    def _load_installed(self, version: str, pinned: PinnedKey, province_code: int
                        ) -> Installed:
        folder = self.version_dir(version)
        bundle = open_bundle((folder / BUNDLE_FILE).read_bytes(), pinned, province_code)
        if bundle.version != version:
            raise BundleRefusedError("payload", f"folder {version} holds bundle {bundle.version}")
        check_files(folder / FILES_DIR, bundle.digests, version)
        catalogue = validate_catalogue(folder / FILES_DIR, province_code, version)
        return Installed(version, bundle.issued_at, folder / FILES_DIR, catalogue)

    # --- the lock ---------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self.root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
        with os.fdopen(fd, "a+", encoding="ascii") as f:
            _lock(f)
            try:
                yield
            finally:
                _unlock(f)


def _why(exc: BaseException) -> str:
    if isinstance(exc, BundleRefusedError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"[:300]


def _write_new(path: Path, data: bytes) -> None:
    """A new private file, durable when this returns."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def check_files(folder: Path, digests: dict[str, str], version: str) -> None:
    """The files in `folder` are exactly those signed, byte for byte: a file changed,
    missing or added (a stray procedure file would be loaded) refuses the version."""
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
             if p.is_file() or p.is_symlink()}
    extra = sorted(found - set(digests))
    if extra:
        raise BundleRefusedError("hash", f"{extra[0]} is not part of the signed bundle", version)
    for path, digest in sorted(digests.items()):
        target = folder / path
        if target.is_symlink():
            raise BundleRefusedError("hash", f"{path} is a link", version)
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            raise BundleRefusedError("hash", f"{path} is missing", version) from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise BundleRefusedError("hash", f"{path} differs from its signed sha-256", version)


def validate_catalogue(folder: Path, province_code: int, version: str) -> Catalogue:
    """Load the catalogue strictly for this kiosk's province and for every province whose
    overrides it carries; any problem refuses it (its first problem says where). The check
    dates of sources are not compared with this kiosk's clock, as for the shipped catalogue
    (a kiosk with a flat clock battery must still take a good catalogue)."""
    try:
        provinces = {province_code}
        for override in sorted((folder / "overrides").glob("*.json")):
            if not override.stem.isdigit():
                raise BundleRefusedError("invalid", f"overrides/{override.name}: the file name "
                                                    "must be a province code", version)
            provinces.add(int(override.stem))
        mine = None
        for code in sorted(provinces):
            loaded = load_catalogue(folder, code, strict=True)
            if code == province_code:
                mine = loaded
    except CatalogueError as exc:
        more = len(exc.problems) - 1
        first = str(exc.problems[0]) if exc.problems else "unknown problem"
        raise BundleRefusedError("invalid", first[:240] + (f" (and {more} more)" if more else ""),
                                 version) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BundleRefusedError("invalid", f"the catalogue does not load: {type(exc).__name__}",
                                 version) from None
    assert mine is not None
    return mine


if os.name == "nt":
    import msvcrt

    def _lock(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]

    def _unlock(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _lock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)

    def _unlock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
