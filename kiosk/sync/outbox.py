"""The outbox: confirmed dossiers, durable on disk until the portal has them for good.

<data_dir>/outbox/outbox.sqlite3 (WAL, synchronous=FULL) holds one row per dossier and per
attachment; the payload and attachments are blobs in <data_dir>/outbox/blobs/, ciphertext
for the portal when its key is cached (see kiosk.sync.envelope), otherwise sealed with the
outbox's own key from the keyring (kiosk.dossier.sealed), as are the receipt facts kept for
reprints: nothing of a citizen lies on disk in plaintext. Beside each dossier's blobs a
manifest (no personal data) describes its row, so that `kiosk queue recover` can rebuild the
queue from the blobs when the database is lost. `enqueue` returns only once the dossier is
durable, and when it fails nothing of the dossier remains.

    outbox = Outbox.open(settings)
    outbox.enqueue(dossier)          # the citizen may now be told it is saved
"""

from __future__ import annotations

import builtins
import hashlib
import json
import logging
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.dossier import sealed
from kiosk.dossier.model import Dossier, ReceiptRecord
from kiosk.sync import envelope
from kiosk.sync.at_rest_key import KeySource
from kiosk.sync.blobs import COPY_CHUNK, BlobInfo, is_disk_full
from kiosk.sync.errors import (
    InvalidStateError,
    OutboxError,
    OutboxFullError,
    SyncError,
    UnknownDossierError,
)
from kiosk.sync.outbox_records import (
    ACKNOWLEDGED,
    BLOCKED,
    QUARANTINED,
    QUEUED,
    SENT,
    UPLOADING,
    OutboxEntry,
    manifest_name,
    receipt_facts_to_json,
    receipt_record_of,
)
from kiosk.sync.outbox_schema import SchemaTooNewError, migrate
from kiosk.sync.outbox_store import is_sqlite_damage, is_sqlite_full
from kiosk.sync.outbox_transitions import OutboxTransitions, insert_row, manifest_bytes
from kiosk.sync.worker_lock import enqueue_gate, no_enqueue_running

log = logging.getLogger(__name__)

OUTBOX_DIR = "outbox"
# Ids become file names and idempotency keys: keep them to a safe alphabet.
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
ORPHAN_GRACE_S = 600.0
STATUS_UNKNOWN = "unknown"  # our mark for a 404 on a status lookup


class Outbox(OutboxTransitions):
    @classmethod
    def open(cls, settings: Settings, clock: Callable[[], float] = time.time,
             key_source: KeySource | None = None) -> Outbox:
        return cls(Path(settings.data_dir) / OUTBOX_DIR, clock=clock, key_source=key_source)

    def __init__(self, root: Path, clock: Callable[[], float] = time.time,
                 key_source: KeySource | None = None) -> None:
        try:
            super().__init__(root, clock, key_source)
            self.check_integrity()
            migrate(self._db)
            self.claim_identity()
        except SchemaTooNewError as exc:
            self.close()
            raise OutboxError(str(exc)) from exc
        except SyncError:
            self.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            self.close()
            if is_disk_full(exc) or is_sqlite_full(exc):
                raise OutboxFullError(f"opening the outbox: {type(exc).__name__}") from exc
            if is_sqlite_damage(exc):
                from kiosk.sync.errors import OutboxDamagedError

                raise OutboxDamagedError(f"opening the outbox: {exc}") from exc
            raise OutboxError(f"opening the outbox: {type(exc).__name__}: {exc}") from exc

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Enqueue: blobs first (atomic each, then one directory fsync), the row commit last.

    def enqueue(self, dossier: Dossier) -> None:
        """Store a confirmed dossier durably; raises OutboxFullError / OutboxError and leaves
        nothing behind when it cannot. Enqueueing the same dossier again is a no-op."""
        existing = self._query(
            "SELECT dossier_id, local_code FROM dossier WHERE dossier_id = ? OR local_code = ?",
            (dossier.dossier_id, dossier.local_code),
        )
        if existing:
            row = existing[0]
            if (row["dossier_id"], row["local_code"]) == (dossier.dossier_id, dossier.local_code):
                return
            raise OutboxError(f"dossier id or local code already used ({dossier.local_code})")
        self._check(dossier)
        key = envelope.load_cached_key(self.root)
        seal_key = self.at_rest_key(create=True)  # before any file: a keyring error is clean
        nonce = uuid.uuid4().hex[:12]
        stem = f"{dossier.dossier_id}.{nonce}"
        written: list[BlobInfo] = []
        plain: list[tuple[int, str]] = []  # (size, sha256) of the bytes to upload
        try:
            with enqueue_gate(self.root):
                payload = json.dumps(dossier.answers, ensure_ascii=False, sort_keys=True).encode()
                name = f"{stem}.payload"
                if key:
                    payload = envelope.encrypt(payload, key, "application/json")
                    written.append(self.blobs.write(name, payload))
                else:
                    written.append(self.blobs.write(name, sealed.seal_stream(seal_key, name,
                                                                             [payload])))
                for pos, att in enumerate(dossier.attachments):
                    name = f"{stem}.{pos}.att"
                    if key:
                        data = envelope.encrypt(att.path.read_bytes(), key, att.media_type)
                        info = self.blobs.write(name, data)
                        plain.append((info.size, info.sha256))
                    else:
                        info, size, digest = self._seal_copy(name, att.path, seal_key)
                        plain.append((size, digest))
                    written.append(info)
                receipt_text = self.seal_text(
                    f"{dossier.dossier_id}.receipt", receipt_facts_to_json(dossier.receipt))
                rows = self._row_of(dossier, written, plain, key, receipt_text)
                written.append(self.blobs.write(manifest_name(written[0].name),
                                                manifest_bytes(self.store_id, rows)))
                self.blobs.sync()
                self._insert(rows)
        except BaseException as exc:
            self._discard(written)
            if not isinstance(exc, Exception):
                raise
            if isinstance(exc, SyncError) and not isinstance(exc, OutboxError):
                raise  # e.g. the keyring went away: its own clear message
            if is_disk_full(exc) or is_sqlite_full(exc):
                log.error("outbox full: dossier %s not stored", dossier.dossier_id)
                raise OutboxFullError(f"disk full while storing {dossier.dossier_id}") from exc
            log.error("dossier %s not stored: %s", dossier.dossier_id, type(exc).__name__)
            if isinstance(exc, OutboxError):
                raise
            if isinstance(exc, sqlite3.IntegrityError):
                raise OutboxError(f"duplicate dossier {dossier.local_code}") from exc
            raise OutboxError(f"{type(exc).__name__} while storing {dossier.dossier_id}") from exc
        log.info(
            "dossier %s (%s) queued, %d attachment(s), %s",
            dossier.dossier_id,
            dossier.local_code,
            len(dossier.attachments),
            f"encrypted for {key.kid}" if key else "awaiting a portal key",
        )

    def _check(self, dossier: Dossier) -> None:
        ids = [dossier.dossier_id, *(a.attachment_id for a in dossier.attachments)]
        bad = [i for i in ids if not _SAFE_ID.match(i)]
        if bad or len(set(ids)) != len(ids):
            raise OutboxError("dossier or attachment ids missing, unsafe or repeated")
        if dossier.created_at.tzinfo is None:
            raise OutboxError("created_at must be timezone-aware")
        for att in dossier.attachments:
            if not att.path.is_file():
                raise OutboxError(f"attachment {att.attachment_id} is not a readable file")

    def _seal_copy(self, name: str, source: Path, key: bytes) -> tuple[BlobInfo, int, str]:
        """Copy a paper in sealed; also its plaintext size and digest (what is uploaded)."""
        digest = hashlib.sha256()
        size = 0
        with source.open("rb") as f:
            def chunks() -> Iterator[bytes]:
                nonlocal size
                while chunk := f.read(COPY_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    yield chunk
            info = self.blobs.write(name, sealed.seal_stream(key, name, chunks()))
        return info, size, digest.hexdigest()

    def _row_of(self, dossier: Dossier, written: list[BlobInfo], plain: list[tuple[int, str]],
                key: envelope.PortalKey | None, receipt_text: str) -> dict[str, Any]:
        """The dossier's row and its attachments' rows (also the manifest's content)."""
        now = self.clock()
        return {
            "dossier": {
                "dossier_id": dossier.dossier_id,
                "local_code": dossier.local_code,
                "service_code": dossier.service_code,
                "created_at": dossier.created_at.isoformat(),
                "fields_json": json.dumps(dossier.portal_fields(), ensure_ascii=False,
                                          sort_keys=True),
                "receipt_json": receipt_text,
                "payload_blob": written[0].name,
                "payload_encrypted": 1 if key else 0,
                "sealed": 0 if key else 1,
                "key_id": key.kid if key else None,
                "state": QUEUED,
                "next_attempt_at": now,
                "turn_at": now,
                "enqueued_at": now,
                "updated_at": now,
            },
            "attachments": [
                {
                    "attachment_id": att.attachment_id,
                    "dossier_id": dossier.dossier_id,
                    "position": pos,
                    "field_id": att.field_id,
                    "name": att.name,
                    "media_type": att.media_type,
                    "blob": info.name,
                    "encrypted": 1 if key else 0,
                    "sealed": 0 if key else 1,
                    "size": size,
                    "sha256": digest,
                }
                for pos, (att, info, (size, digest)) in enumerate(
                    zip(dossier.attachments, written[1:], plain, strict=True))
            ],
        }

    def _insert(self, row: dict[str, Any]) -> None:
        with self._tx() as db:
            insert_row(db, row)

    def _discard(self, written: Iterable[BlobInfo]) -> None:
        try:
            self.blobs.remove(i.name for i in written)
        except OSError:
            log.exception("could not remove blobs of a failed enqueue (swept later)")

    # Queries for receipts and the admin view.

    def get(self, code: str) -> OutboxEntry:
        """By local code, dossier id or official code."""
        rows = self._query(
            "SELECT * FROM dossier WHERE local_code = ? OR dossier_id = ? OR official_code = ? "
            "LIMIT 1",
            (code, code, code),
        )
        found = self._entries(rows)
        if not found:
            raise UnknownDossierError(code)
        return found[0]

    def list(self, states: Iterable[str] | None = None) -> list[OutboxEntry]:
        wanted = tuple(states or ())
        if wanted:
            marks = ",".join("?" * len(wanted))
            rows = self._query(
                f"SELECT * FROM dossier WHERE state IN ({marks}) ORDER BY seq",  # noqa: S608
                wanted,
            )
        else:
            rows = self._query("SELECT * FROM dossier ORDER BY seq")
        return self._entries(rows)

    def receipt_record(self, local_code: str) -> ReceiptRecord:
        rows = self._query(
            "SELECT * FROM dossier WHERE local_code = ? OR official_code = ?",
            (local_code, local_code),
        )
        if not rows:
            raise UnknownDossierError(local_code)
        row = rows[0]
        text = self.unseal_text(f"{row['dossier_id']}.receipt", row["receipt_json"])
        return receipt_record_of(row, text)

    def set_official_code(self, code: str, official_code: str) -> None:
        entry = self.get(code)
        with self._tx() as db:
            db.execute(
                "UPDATE dossier SET official_code = ?, updated_at = ? WHERE dossier_id = ?",
                (official_code, self.clock(), entry.dossier_id),
            )

    def counts(self) -> dict[str, int]:
        rows = self._query("SELECT state, COUNT(*) AS n FROM dossier GROUP BY state")
        return {r["state"]: r["n"] for r in rows}

    def oldest_unsent_age(self) -> float | None:
        rows = self._query(
            "SELECT MIN(enqueued_at) AS t FROM dossier WHERE state IN (?, ?, ?, ?)",
            (QUEUED, UPLOADING, QUARANTINED, BLOCKED),
        )
        t = rows[0]["t"]
        return None if t is None else max(0.0, self.clock() - t)

    # Admin actions and housekeeping.

    def retry(self, code: str) -> OutboxEntry:
        """Make a dossier due now. Allowed for queued, quarantined and blocked dossiers, and
        for a sent one the portal said it does not know (404): an explicit resend."""
        entry = self.get(code)
        resend = entry.state == SENT and entry.portal_status == STATUS_UNKNOWN
        if entry.state not in (QUEUED, QUARANTINED, BLOCKED) and not resend:
            raise InvalidStateError(f"{entry.local_code} is {entry.state}")
        now = self.clock()
        with self._tx() as db:
            db.execute(
                "UPDATE dossier SET state = ?, attempts = 0, last_error = NULL, "
                "next_attempt_at = ?, turn_at = ?, updated_at = ? WHERE dossier_id = ?",
                (QUEUED, now, now, now, entry.dossier_id),
            )
            if resend:
                db.execute(
                    "UPDATE attachment SET upload_id = NULL, upload_offset = 0, uploaded = 0 "
                    "WHERE dossier_id = ?",
                    (entry.dossier_id,),
                )
        log.info("dossier %s put back in the queue (was %s)", entry.dossier_id, entry.state)
        return self.get(entry.dossier_id)

    def purge(self, retention: timedelta,
              on_purged: Callable[[str], object] | None = None) -> int:
        """Delete acknowledged dossiers older than `retention`; returns how many.
        `on_purged(local_code)` lets what was kept beside them (the receipt) go too."""
        limit = self.clock() - retention.total_seconds()
        rows = self._query(
            "SELECT * FROM dossier WHERE state = ? AND acknowledged_at <= ?",
            (ACKNOWLEDGED, limit),
        )
        entries = self._entries(rows)
        if not entries:
            return 0
        with self._tx() as db:
            for e in entries:
                db.execute("DELETE FROM attachment WHERE dossier_id = ?", (e.dossier_id,))
                db.execute("DELETE FROM dossier WHERE dossier_id = ?", (e.dossier_id,))
        self.blobs.remove(name for e in entries for name in e.blob_names)
        if on_purged is not None:
            for e in entries:
                on_purged(e.local_code)
        log.info("purged %d acknowledged dossier(s)", len(entries))
        return len(entries)

    def sweep_orphans(self, grace_s: float = ORPHAN_GRACE_S) -> builtins.list[str]:
        """Remove blob files no live row names (left by a crash mid-enqueue, or freed).

        When no enqueue is running anywhere (the enqueue gate is free), every such file goes
        at once: it holds a citizen's data that nobody will claim. Otherwise only those older
        than `grace_s`, since an enqueue may be between its first blob and its commit.
        This runs only on a store that opened healthy: a missing or damaged database stops
        the outbox before (see OutboxStore), so no blob a lost database owned is touched."""
        with no_enqueue_running(self.root) as idle:
            known = {r["dossier_id"] for r in self._query("SELECT dossier_id FROM dossier")}
            # Blob names start with their dossier id. Files of a dossier that has a row but
            # does not name them (replaced by encryption, or freed) cannot be claimed.
            gone = self.blobs.sweep(self.blob_names_in_use(), 0.0 if idle else grace_s,
                                    lambda name: name.split(".", 1)[0] in known)
        if gone:
            log.info("removed %d orphan blob file(s)", len(gone))
        return gone
