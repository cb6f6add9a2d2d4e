"""The outbox's storage core: one SQLite connection, explicit transactions, entry loading and
device-level state. `Outbox` (outbox.py) and its transitions build on it.

A store that existed is never silently replaced. Its identity (a random store id) is kept in
the database and in a marker file beside it (`outbox.id`). Opening refuses, with
`OutboxDamagedError`, a database that is missing or empty while the marker or blobs say there
was one, a database that is not the one the marker names, and one that fails SQLite's
`quick_check`; nothing is then read, written or swept until `kiosk queue recover`.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.data_dir import TEMP_PREFIX
from kiosk.dossier import sealed
from kiosk.sync.at_rest_key import KeySource, keyring_key_source
from kiosk.sync.blobs import BlobStore, write_small_file
from kiosk.sync.errors import AtRestKeyError, OutboxDamagedError, OutboxError
from kiosk.sync.outbox_records import BLOCKED, QUEUED, AttachmentEntry, OutboxEntry
from kiosk.sync.outbox_schema import connect

DB_FILE = "outbox.sqlite3"
BLOB_DIR = "blobs"
MARKER_FILE = "outbox.id"
STORE_ID = "store_id"
SQLITE_FULL = 13
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def is_sqlite_full(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL


def is_sqlite_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and getattr(
        exc, "sqlite_errorcode", None) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def read_marker(root: Path) -> dict[str, Any] | None:
    """The marker's content; {} when it exists but cannot be read (still: a store existed)."""
    try:
        data = json.loads((root / MARKER_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_marker(root: Path, store_id: str, created_at: float) -> None:
    write_small_file(root, MARKER_FILE,
                     json.dumps({"store_id": store_id, "created_at": created_at}).encode())


def has_blobs(root: Path) -> bool:
    try:
        return any(not p.name.startswith(TEMP_PREFIX) for p in (root / BLOB_DIR).iterdir())
    except FileNotFoundError:
        return False


class OutboxStore:
    """Thread-safe: every use of the connection holds `_lock`; processes coordinate through
    SQLite's own locking (BEGIN IMMEDIATE)."""

    def __init__(self, root: Path, clock: Callable[[], float] = time.time,
                 key_source: KeySource | None = None) -> None:
        self.root = root
        self.clock = clock
        self._key_source = key_source or keyring_key_source
        self._key: bytes | None = None
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._lock = threading.RLock()
        db_path = root / DB_FILE
        marker = read_marker(root)
        try:
            empty = db_path.stat().st_size == 0
        except FileNotFoundError:
            empty = True
        if empty and (marker is not None or has_blobs(root)):
            raise OutboxDamagedError(
                f"{DB_FILE} is missing or empty, but this kiosk had a store "
                f"({'marker' if marker is not None else 'blobs'} found): run "
                "'kiosk queue recover'"
            )
        self.blobs = BlobStore(root / BLOB_DIR)
        try:
            self._db = connect(db_path)
        except sqlite3.DatabaseError as exc:
            if is_sqlite_damage(exc):
                raise OutboxDamagedError(f"{DB_FILE}: {exc}") from exc
            raise
        self._opened = True

    def check_integrity(self) -> None:
        """SQLite's quick_check; OutboxDamagedError when it finds anything."""
        try:
            rows = self._db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise OutboxDamagedError(f"{DB_FILE}: {exc}") from exc
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        if problems:
            self.close()
            raise OutboxDamagedError(f"{DB_FILE} quick_check: {'; '.join(problems[:3])}")

    def claim_identity(self) -> str:
        """The store id, created with a new store; checked against the marker beside it."""
        marker = read_marker(self.root)
        found = self.device_value(STORE_ID)
        store_id = found.get("id") if found else None
        if store_id is None:
            if marker is not None and self._has_rows():
                self.close()
                raise OutboxDamagedError(
                    f"{DB_FILE} has dossiers but no store id while {MARKER_FILE} names one: "
                    "an old copy was put in its place; run 'kiosk queue recover'")
            # A new store, or one made by a version without ids: name it.
            store_id = (marker or {}).get("store_id") or str(uuid.uuid4())
            self.set_device_value(STORE_ID, {"id": store_id})
        if marker is None or not marker:
            write_marker(self.root, str(store_id), self.clock())
        elif marker.get("store_id") != store_id:
            self.close()
            raise OutboxDamagedError(
                f"{DB_FILE} is not the store {MARKER_FILE} names (restored from elsewhere?): "
                "run 'kiosk queue recover'")
        self.store_id = str(store_id)
        return self.store_id

    def _has_rows(self) -> bool:
        return bool(self._query("SELECT 1 FROM dossier LIMIT 1"))

    # The at-rest key, fetched from the keyring on first use.

    def at_rest_key(self, create: bool = False) -> bytes:
        if self._key is None:
            key = self._key_source(self.store_id, create)
            if key is None:
                raise AtRestKeyError(f"no at-rest key for outbox store {self.store_id}")
            self._key = key
        return self._key

    def seal_text(self, name: str, text: str) -> str:
        return sealed.seal_text(self.at_rest_key(create=True), name, text)

    def unseal_text(self, name: str, text: str) -> str:
        if not sealed.is_sealed_text(text):
            return text  # written by a version that did not seal
        try:
            return sealed.unseal_text(self.at_rest_key(), name, text)
        except sealed.SealError as exc:
            raise OutboxError(f"sealed data of {name} does not open") from exc

    def close(self) -> None:
        with self._lock:
            if getattr(self, "_opened", False):
                self._db.close()
                self._opened = False

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed (synchronous=FULL) when the block ends."""
        with self._lock, _damage_is_typed():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock, _damage_is_typed():
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


@contextmanager
def _damage_is_typed() -> Iterator[None]:
    """A page found damaged in the middle of work is the same clear error as at start."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_sqlite_damage(exc):
            raise OutboxDamagedError(f"{DB_FILE}: {exc}") from exc
        if isinstance(exc, sqlite3.IntegrityError) or is_sqlite_full(exc):
            raise  # enqueue tells these apart
        raise OutboxError(f"{DB_FILE}: {type(exc).__name__}: {exc}") from exc
