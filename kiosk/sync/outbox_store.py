"""The outbox's storage core: one SQLite connection, explicit transactions, entry loading and
device-level state. `Outbox` (outbox.py) and its transitions build on it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.sync.blobs import BlobStore
from kiosk.sync.outbox_records import BLOCKED, QUEUED, AttachmentEntry, OutboxEntry
from kiosk.sync.outbox_schema import connect

DB_FILE = "outbox.sqlite3"
BLOB_DIR = "blobs"
SQLITE_FULL = 13


def is_sqlite_full(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL


class OutboxStore:
    """Thread-safe: every use of the connection holds `_lock`; processes coordinate through
    SQLite's own locking (BEGIN IMMEDIATE)."""

    def __init__(self, root: Path, clock: Callable[[], float] = time.time) -> None:
        self.root = root
        self.clock = clock
        root.mkdir(parents=True, exist_ok=True)
        self.blobs = BlobStore(root / BLOB_DIR)
        self._lock = threading.RLock()
        self._db = connect(root / DB_FILE)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed (synchronous=FULL) when the block ends."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _entries(self, rows: list[sqlite3.Row]) -> list[OutboxEntry]:
        if not rows:
            return []
        ids = [r["dossier_id"] for r in rows]
        by_dossier: dict[str, list[AttachmentEntry]] = {i: [] for i in ids}
        # Chunked IN lists stay below SQLite's variable limit.
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            for a in self._query(
                f"SELECT * FROM attachment WHERE dossier_id IN ({marks}) ORDER BY position",  # noqa: S608
                part,
            ):
                by_dossier[a["dossier_id"]].append(AttachmentEntry.from_row(a))
        return [OutboxEntry.from_row(r, tuple(by_dossier[r["dossier_id"]])) for r in rows]

    def entry_by_id(self, dossier_id: str) -> OutboxEntry | None:
        rows = self._query("SELECT * FROM dossier WHERE dossier_id = ?", (dossier_id,))
        found = self._entries(rows)
        return found[0] if found else None

    # Device-level state: an auth block (401/403) stops all sending until the token changes;
    # a portal's Retry-After outlives a restart of the worker.

    def device_value(self, name: str) -> dict[str, Any] | None:
        rows = self._query("SELECT value FROM device_state WHERE name = ?", (name,))
        return json.loads(rows[0]["value"]) if rows else None

    def set_device_value(self, name: str, value: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO device_state (name, value) VALUES (?, ?)",
                       (name, json.dumps(value)))

    def device_block(self) -> dict[str, Any] | None:
        return self.device_value("auth_block")

    def set_device_block(self, status: int, detail: str, token_fingerprint: str) -> None:
        value = {"status": status, "detail": detail, "token": token_fingerprint, "at": self.clock()}
        self.set_device_value("auth_block", value)

    def clear_device_block(self) -> int:
        """Lift the block and give blocked dossiers back to the queue; returns how many."""
        now = self.clock()
        with self._tx() as db:
            db.execute("DELETE FROM device_state WHERE name = 'auth_block'")
            cur = db.execute(
                "UPDATE dossier SET state = ?, next_attempt_at = ?, updated_at = ? "
                "WHERE state = ?",
                (QUEUED, now, now, BLOCKED),
            )
            return cur.rowcount
