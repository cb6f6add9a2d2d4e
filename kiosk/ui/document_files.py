"""Document files for attachment fields: finding photos/PDFs on USB sticks and copying the
chosen one into the session's own folder (which is wiped with the session).

Plain functions (no Qt): the view-model runs them in a BackgroundTask because USB sticks
can be slow.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError

# Where Linux desktops and udisks mount removable media.
REMOVABLE_ROOTS = (Path("/media"), Path("/run/media"))
DOCUMENT_SUFFIXES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                     ".pdf": "application/pdf"}
MAX_DEPTH = 5
MAX_FILES = 300
MAX_COPY_BYTES = 10 * 1024 * 1024  # the engine refuses larger attachments anyway


@dataclass(frozen=True)
class DocumentFile:
    path: Path
    folder: str  # shown under the name, e.g. "USB-STICK/scans"
    size: int

    @property
    def media_type(self) -> str:
        return DOCUMENT_SUFFIXES[self.path.suffix.lower()]

    def as_qml(self) -> dict[str, object]:
        return {"path": str(self.path), "name": self.path.name, "folder": self.folder,
                "size": self.size, "mediaType": self.media_type,
                "isImage": self.media_type.startswith("image/"),
                "url": self.path.as_uri()}


def find_document_files(roots: Iterable[Path]) -> list[DocumentFile]:
    """Image and PDF files under the roots (hidden folders skipped), newest first."""
    found: list[tuple[float, DocumentFile]] = []
    for root in roots:
        for path, size, mtime in _walk(root):
            try:
                shown = path.parent.relative_to(root.parent)
            except ValueError:
                shown = path.parent
            found.append((mtime, DocumentFile(path, str(shown), size)))
            if len(found) >= MAX_FILES:
                break
    found.sort(key=lambda pair: -pair[0])
    return [doc for _, doc in found]


def _walk(root: Path) -> Iterator[tuple[Path, int, float]]:
    if not root.is_dir():
        return
    base_depth = len(root.parts)
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda _: None):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if len(here.parts) - base_depth >= MAX_DEPTH:
            dirnames[:] = []
        for name in sorted(filenames):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            if st.st_size > 0:
                yield path, st.st_size, st.st_mtime


def new_session_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="kiosk-session-"))


class FileTooLargeError(KioskError, ValueError):
    message_vi = "Tệp quá lớn (tối đa 10 MB). Vui lòng chọn tệp khác hoặc chụp ảnh giấy tờ."
    message_en = "The file is too large (at most 10 MB). Please choose another or take a photo."


def copy_into(session_dir: Path, source: Path) -> Path:
    """Copy a chosen file into the session folder under a fresh name; return the copy."""
    if source.stat().st_size > MAX_COPY_BYTES:
        raise FileTooLargeError(source.name)
    target = session_dir / f"file-{uuid.uuid4().hex}{source.suffix.lower()}"
    shutil.copyfile(source, target)
    return target


def capture_path(session_dir: Path, suffix: str) -> Path:
    clean = "".join(ch for ch in suffix.lower() if ch.isalnum())[:5] or "jpg"
    return session_dir / f"capture-{uuid.uuid4().hex}.{clean}"
