"""Small JSON files only the kiosk user may read, replaced atomically."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from kiosk.admin.errors import AdminStoreError
from kiosk.data_dir import DIR_MODE, FILE_MODE


def admin_dir(data_dir: Path) -> Path:
    path = Path(data_dir) / "admin"
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not ours to change (e.g. a shared mount): keep going
        os.chmod(path, DIR_MODE)
    return path


def read_json(path: Path) -> dict[str, Any] | None:
    """The file's object, or None when it does not exist."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        raise AdminStoreError(str(path)) from None
    if not isinstance(data, dict):
        raise AdminStoreError(str(path))
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write to a temporary file (0600), fsync, rename over ``path``: never half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, FILE_MODE)
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
