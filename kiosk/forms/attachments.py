"""Turning a photographed or scanned file into an `AttachmentFile` for a form field."""

from __future__ import annotations

import mimetypes
import re
import uuid
from pathlib import Path

from kiosk.dossier.model import AttachmentFile
from kiosk.forms.model import FieldDef
from kiosk.forms.validation import FieldError, error

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


def guess_media_type(file_path: Path) -> str:
    media_type, _ = mimetypes.guess_type(file_path.name)
    if media_type:
        return media_type
    with file_path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"%PDF"):
        return "application/pdf"
    return "application/octet-stream"


def make_attachment(f: FieldDef, path: str, file_path: Path, media_type: str | None,
                    name: str | None) -> AttachmentFile | FieldError:
    """The attachment, or the problem with the file (missing, too big, wrong type)."""
    try:
        size = file_path.stat().st_size
        if not file_path.is_file():
            return error(path, "file_missing")
        kind = media_type or guess_media_type(file_path)
    except OSError:
        return error(path, "file_missing")
    if size == 0:
        return error(path, "file_missing")
    if size > MAX_ATTACHMENT_BYTES:
        return error(path, "file_too_large", n=MAX_ATTACHMENT_BYTES // (1024 * 1024))
    if kind not in f.media_types:
        return error(path, "media_type")
    # The portal sees a descriptive name, never the citizen's own file name.
    shown = name or (_slug(f.label.vi) + _SUFFIXES.get(kind, file_path.suffix.lower()))
    return AttachmentFile(str(uuid.uuid4()), f.id, shown, kind, file_path)


def _slug(text: str) -> str:
    from kiosk.forms.addresses import sort_key

    return re.sub(r"[^a-z0-9]+", "-", sort_key(text)).strip("-")[:60] or "giay-to"
