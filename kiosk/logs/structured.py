"""Structured logs: JSON lines in ``<data_dir>/logs/kiosk.jsonl``, rotated, redacted.

One JSON object per line::

    {"ts": "2025-07-01T03:22:33.120Z", "level": "INFO", "logger": "kiosk.sync.worker",
     "msg": "dossier sent", "dossier": "H26.22.01-250701-0001", "attempt": 2}

Fields passed with ``extra=`` become keys. Every handler installed here carries the
``RedactionFilter`` (see ``kiosk.logs.redaction``), so records are cleaned before they are
written anywhere; the UI registers the current citizen's strings with ``session_redactor``.
Files: mode 0600 in a 0700 directory, 5 MiB each, the current one plus 5 rotated
(``kiosk.jsonl.1`` ... ``.5``): at most 30 MiB.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import io
import json
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from kiosk.config import Settings
from kiosk.logs.redaction import (
    STANDARD_ATTRS,
    RedactionFilter,
    SessionRedactor,
    redact_text,
    session_redactor,
)

__all__ = [
    "JsonLineFormatter",
    "RedactionFilter",
    "SessionRedactor",
    "log_file",
    "read_recent",
    "redact_text",
    "session_redactor",
    "setup_logging",
]

LOG_FILE_NAME = "kiosk.jsonl"
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5
_OURS = "_kiosk_handler"


def log_file(settings: Settings) -> Path:
    return settings.data_dir / "logs" / LOG_FILE_NAME


class JsonLineFormatter(logging.Formatter):
    """A record as one JSON line. Redacts the record first if no filter has yet."""

    def __init__(self, redaction: RedactionFilter) -> None:
        super().__init__()
        self.redaction = redaction

    def format(self, record: logging.LogRecord) -> str:
        self.redaction.filter(record)
        created = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
        out: dict[str, Any] = {
            "ts": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRS and not key.startswith("_") and key not in out:
                out[key] = value
        if record.exc_text:
            out["exc"] = record.exc_text
        if record.stack_info:
            out["stack"] = record.stack_info
        return json.dumps(out, ensure_ascii=False, default=str)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Creates each log file (also after a rotation) readable by the kiosk user only."""

    def _open(self) -> io.TextIOWrapper:
        # Create it 0600 first; the base class then opens the existing file.
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        return super()._open()


def _level(name: str) -> tuple[int, bool]:
    level = logging.getLevelName(name.strip().upper())
    return (level, True) if isinstance(level, int) else (logging.INFO, False)


def setup_logging(
    settings: Settings,
    *,
    console: bool = True,
    console_level: int = logging.NOTSET,
    session: SessionRedactor | None = None,
    stream: TextIO | None = None,
) -> Path:
    """Install the JSON-lines file handler (and a plain stderr one) on the root logger.

    Idempotent: handlers from an earlier call are replaced. Returns the log file's path.
    """
    path = log_file(settings)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path.parent, 0o700)
    redaction = RedactionFilter(session if session is not None else session_redactor)
    level, known = _level(settings.log_level)

    file_handler = PrivateRotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    file_handler.setFormatter(JsonLineFormatter(redaction))
    handlers: list[logging.Handler] = [file_handler]
    if console:
        console_handler = logging.StreamHandler(stream or sys.stderr)
        console_handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console_handler.setLevel(console_level)
        handlers.append(console_handler)

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(old)
        old.close()
    for handler in handlers:
        handler.addFilter(redaction)
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    if not known:
        logging.getLogger(__name__).warning(
            "unknown log_level setting, using INFO", extra={"setting_value": settings.log_level}
        )
    return path


def ensure_console_logging(settings: Settings) -> None:
    """Log to stderr when nothing else does (the log file could not be opened): an operator
    watching a long-running command (`sync`, `portal-sim`) still sees its progress."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def read_recent(path: Path, limit: int = 200) -> list[dict[str, Any]]:
    """The last ``limit`` records (oldest first), from the file and its last rotation;
    for the admin panel's log view. Lines that are not JSON are skipped."""
    lines: collections.deque[str] = collections.deque(maxlen=limit)
    for candidate in (path.with_name(path.name + ".1"), path):
        try:
            with candidate.open(encoding="utf-8", errors="replace") as handle:
                lines.extend(handle)
        except FileNotFoundError:
            continue
    records = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records
