"""Small JSON files only the kiosk user may read, replaced atomically."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from kiosk.admin.errors import AdminStoreError
from kiosk.data_dir import DIR_MODE, write_private_file


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
    """Replace ``path`` atomically (0600): never half a file."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    write_private_file(path, text.encode("utf-8"))
