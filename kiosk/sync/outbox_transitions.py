"""State changes the sync worker makes: claim, upload progress, sent, retry, quarantine,
block, status polls, and encrypting dossiers stored before a portal key was known.

queued -> uploading -> sent -> acknowledged; uploading -> queued (transient, with backoff),
-> quarantined (permanent for this item), -> blocked (device auth error). Only the worker that
holds the worker lock claims (see kiosk.sync.worker_lock), so `uploading` rows found at its
start are stale and go back to the queue.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

from kiosk.dossier import sealed
from kiosk.sync import envelope
from kiosk.sync.blobs import COPY_CHUNK, BlobInfo
from kiosk.sync.outbox_records import (
    ACKNOWLEDGED,
    BLOB_STATES,
    BLOCKED,
    QUARANTINED,
    QUEUED,
    SENT,
    UPLOADING,
    AttachmentEntry,
    OutboxEntry,
    manifest_name,
)
from kiosk.sync.outbox_store import OutboxStore

log = logging.getLogger(__name__)

MAX_ERROR_TEXT = 500
MANIFEST_VERSION = 1
DOSSIER_COLUMNS = ("dossier_id", "local_code", "service_code", "created_at", "fields_json",
                   "receipt_json", "payload_blob", "payload_encrypted", "sealed", "key_id",
                   "state", "next_attempt_at", "turn_at", "enqueued_at", "updated_at")
ATTACHMENT_COLUMNS = ("attachment_id", "dossier_id", "position", "field_id", "name",
                      "media_type", "blob", "encrypted", "sealed", "size", "sha256")


def _clip(text: str) -> str:
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"


def insert_row(db: sqlite3.Connection, row: dict[str, Any]) -> None:
    """Insert a dossier and its attachments as described by `row` (see Outbox._row_of)."""
    d = row["dossier"]
    db.execute(
        f"INSERT INTO dossier ({', '.join(DOSSIER_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * len(DOSSIER_COLUMNS))})",
        tuple(d[c] for c in DOSSIER_COLUMNS),
    )
    for a in row["attachments"]:
        db.execute(
            f"INSERT INTO attachment ({', '.join(ATTACHMENT_COLUMNS)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(ATTACHMENT_COLUMNS))})",
            tuple(a[c] for c in ATTACHMENT_COLUMNS),
        )


def manifest_bytes(store_id: str, row: dict[str, Any]) -> bytes:
    """What `kiosk queue recover` needs to rebuild a dossier's row from its blobs. No
    personal data in clear: the receipt facts in it are sealed (`receipt_json`)."""
    return json.dumps({"version": MANIFEST_VERSION, "store_id": store_id, **row},
                      ensure_ascii=False, sort_keys=True).encode()


class OutboxTransitions(OutboxStore):
    def claim_next(
        self, *, allow_plaintext: bool = False, now: float | None = None
    ) -> OutboxEntry | None:
        """The due dossier that waited longest for its turn, now `uploading`.

        Order is by `turn_at`: the enqueue time until a first attempt, then the time of the
        last attempt, so the oldest goes first but one that keeps failing goes to the back
        of the line instead of starving the others. Plaintext dossiers are skipped unless
        the caller knows the portal takes plaintext and settings allow it.
        """
        now = self.clock() if now is None else now
        with self._tx() as db:
            row = db.execute(
                "SELECT dossier_id FROM dossier WHERE state = ? AND next_attempt_at <= ? "
                "AND (payload_encrypted = 1 OR ?) ORDER BY turn_at, seq LIMIT 1",
                (QUEUED, now, 1 if allow_plaintext else 0),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE dossier SET state = ?, attempts = attempts + 1, turn_at = ?, "
                "updated_at = ? WHERE dossier_id = ?",
                (UPLOADING, now, now, row["dossier_id"]),
            )
        return self.entry_by_id(row["dossier_id"])

    def next_due_at(self, allow_plaintext: bool = False) -> float | None:
        """When the next queued dossier becomes due (None: nothing queued)."""
        rows = self._query(
            "SELECT MIN(next_attempt_at) AS t FROM dossier WHERE state = ? "
            "AND (payload_encrypted = 1 OR ?)",
            (QUEUED, 1 if allow_plaintext else 0),
        )
        return rows[0]["t"]

    def release_claims(self) -> int:
        """Give `uploading` rows of a dead worker back to the queue (upload ids are kept)."""
        now = self.clock()
        with self._tx() as db:
            return db.execute(
                "UPDATE dossier SET state = ?, updated_at = ? WHERE state = ?",
                (QUEUED, now, UPLOADING),
            ).rowcount

    def record_upload(self, attachment_id: str, upload_id: str, offset: int) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE attachment SET upload_id = ?, upload_offset = ? WHERE attachment_id = ?",
                (upload_id, offset, attachment_id),
            )

    def record_uploaded(self, attachment_id: str) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE attachment SET uploaded = 1, upload_offset = size WHERE attachment_id = ?",
                (attachment_id,),
            )

    def forget_upload(self, attachment_id: str) -> None:
        """The portal no longer knows the upload: start it again next time."""
        with self._tx() as db:
            db.execute(
                "UPDATE attachment SET upload_id = NULL, upload_offset = 0, uploaded = 0 "
                "WHERE attachment_id = ?",
                (attachment_id,),
            )

    def mark_sent(
        self, dossier_id: str, official_code: str | None, status: str, next_poll_at: float
    ) -> None:
        now = self.clock()
        with self._tx() as db:
            db.execute(
                "UPDATE dossier SET state = ?, sent_at = ?, official_code = ?, portal_status = ?,"
                " last_error = NULL, next_poll_at = ?, updated_at = ? WHERE dossier_id = ?",
                (SENT, now, official_code, status, next_poll_at, now, dossier_id),
            )

    def mark_retry(self, dossier_id: str, error: str, next_attempt_at: float) -> None:
        """Transient failure: back to the queue, due again at `next_attempt_at`."""
        self._set_state(dossier_id, QUEUED, error, next_attempt_at)

    def mark_quarantined(self, dossier_id: str, error: str) -> None:
        self._set_state(dossier_id, QUARANTINED, error, None)

    def mark_blocked(self, dossier_id: str, error: str) -> None:
        self._set_state(dossier_id, BLOCKED, error, None)

    def _set_state(self, dossier_id: str, state: str, error: str, due: float | None) -> None:
        now = self.clock()
        with self._tx() as db:
            db.execute(
                "UPDATE dossier SET state = ?, last_error = ?, "
                "next_attempt_at = COALESCE(?, next_attempt_at), updated_at = ? "
                "WHERE dossier_id = ?",
                (state, _clip(error), due, now, dossier_id),
            )

    def due_polls(self, now: float, limit: int = 50) -> list[OutboxEntry]:
        rows = self._query(
            "SELECT * FROM dossier WHERE state = ? AND next_poll_at <= ? "
            "ORDER BY next_poll_at LIMIT ?",
            (SENT, now, limit),
        )
        return self._entries(rows)

    def record_status(
        self,
        dossier_id: str,
        *,
        status: str,
        message: str | None,
        official_code: str | None,
        final: bool,
        next_poll_at: float | None,
    ) -> None:
        """A status lookup's answer; a final status acknowledges the dossier and frees its
        blobs (the portal has it for good)."""
        now = self.clock()
        entry = self.entry_by_id(dossier_id)
        with self._tx() as db:
            db.execute(
                "UPDATE dossier SET portal_status = ?, portal_message = ?, "
                "official_code = COALESCE(?, official_code), polls = polls + 1, "
                "next_poll_at = ?, state = ?, acknowledged_at = ?, updated_at = ? "
                "WHERE dossier_id = ? AND state = ?",
                (
                    status,
                    _clip(message) if message else None,
                    official_code,
                    None if final else next_poll_at,
                    ACKNOWLEDGED if final else SENT,
                    now if final else None,
                    now,
                    dossier_id,
                    SENT,
                ),
            )
        if final and entry is not None:
            self.blobs.remove(entry.blob_names)

    def defer_poll(self, dossier_id: str, next_poll_at: float, error: str) -> None:
        """A status answer that cannot be believed: nothing changes but the next poll and
        the note the admin sees."""
        with self._tx() as db:
            db.execute(
                "UPDATE dossier SET next_poll_at = ?, polls = polls + 1, last_error = ?, "
                "updated_at = ? WHERE dossier_id = ? AND state = ?",
                (next_poll_at, _clip(error), self.clock(), dossier_id, SENT),
            )

    def read_payload(self, entry: OutboxEntry) -> bytes:
        """The bytes to send: the JWE, or the answers' JSON (unsealed)."""
        data = self.blobs.read(entry.payload_blob)
        if entry.payload_sealed:
            return sealed.unseal(self.at_rest_key(), entry.payload_blob, data)
        return data

    def read_chunk(self, attachment: AttachmentEntry, offset: int, length: int) -> bytes:
        if not attachment.sealed:
            return self.blobs.read_range(attachment.blob, offset, length)
        path = self.blobs.path(attachment.blob)
        with path.open("rb") as f:
            def read_at(at: int, n: int) -> bytes:
                f.seek(at)
                return f.read(n)
            return sealed.open_range(self.at_rest_key(), attachment.blob, read_at,
                                     path.stat().st_size, offset, length)

    def _read_whole(self, name: str, is_sealed: bool) -> bytes:
        data = self.blobs.read(name)
        return sealed.unseal(self.at_rest_key(), name, data) if is_sealed else data

    def plaintext_pending(self) -> list[OutboxEntry]:
        """Dossiers stored before a key was known whose upload has not started."""
        rows = self._query(
            "SELECT * FROM dossier d WHERE payload_encrypted = 0 AND state IN (?, ?, ?) "
            "AND NOT EXISTS (SELECT 1 FROM attachment a WHERE a.dossier_id = d.dossier_id "
            "AND a.upload_id IS NOT NULL) ORDER BY seq",
            (QUEUED, QUARANTINED, BLOCKED),
        )
        return self._entries(rows)

    def adopt_portal_key(self, key: envelope.PortalKey) -> int:
        """Cache the portal's key (new dossiers are encrypted at enqueue from now on) and
        encrypt those stored before it was known; returns how many were encrypted."""
        if envelope.load_cached_key(self.root) != key:
            envelope.save_cached_key(self.root, key)
            log.info("portal key %s cached", key.kid)
        return sum(self.encrypt_stored(entry, key) for entry in self.plaintext_pending())

    def encrypt_stored(self, entry: OutboxEntry, key: envelope.PortalKey) -> bool:
        """Replace a plaintext dossier's blobs by ciphertext; False if it changed meanwhile."""
        nonce = uuid.uuid4().hex[:12]
        written: list[BlobInfo] = []
        try:
            payload = envelope.encrypt(
                self._read_whole(entry.payload_blob, entry.payload_sealed), key,
                "application/json",
            )
            written.append(self.blobs.write(f"{entry.dossier_id}.{nonce}.payload", payload))
            for a in entry.attachments:
                data = envelope.encrypt(self._read_whole(a.blob, a.sealed), key, a.media_type)
                written.append(
                    self.blobs.write(f"{entry.dossier_id}.{nonce}.{a.position}.att", data)
                )
            row = self._row_after_encryption(entry, written, key)
            written.append(self.blobs.write(manifest_name(written[0].name),
                                            manifest_bytes(self.store_id, row)))
            self.blobs.sync()
            now = self.clock()
            with self._tx() as db:
                changed = db.execute(
                    "UPDATE dossier SET payload_blob = ?, payload_encrypted = 1, sealed = 0, "
                    "key_id = ?, updated_at = ? WHERE dossier_id = ? AND payload_encrypted = 0",
                    (written[0].name, key.kid, now, entry.dossier_id),
                ).rowcount
                if not changed:
                    raise _UnchangedError
                for a, info in zip(entry.attachments, written[1:], strict=False):
                    db.execute(
                        "UPDATE attachment SET blob = ?, encrypted = 1, sealed = 0, size = ?, "
                        "sha256 = ?, upload_id = NULL, upload_offset = 0, uploaded = 0 "
                        "WHERE attachment_id = ?",
                        (info.name, info.size, info.sha256, a.attachment_id),
                    )
        except BaseException as exc:
            self.blobs.remove(i.name for i in written)
            if isinstance(exc, _UnchangedError):
                return False
            raise
        self.blobs.remove(entry.blob_names)
        log.info("dossier %s encrypted for portal key %s", entry.dossier_id, key.kid)
        return True

    def _row_after_encryption(self, entry: OutboxEntry, written: list[BlobInfo],
                              key: envelope.PortalKey) -> dict[str, Any]:
        """The manifest of a dossier once encrypted for the portal."""
        rows = self._query("SELECT * FROM dossier WHERE dossier_id = ?", (entry.dossier_id,))
        d = {c: rows[0][c] for c in DOSSIER_COLUMNS}
        d.update(payload_blob=written[0].name, payload_encrypted=1, sealed=0, key_id=key.kid)
        attachments = []
        for a, info in zip(entry.attachments, written[1:], strict=True):
            attachments.append({
                "attachment_id": a.attachment_id, "dossier_id": a.dossier_id,
                "position": a.position, "field_id": a.field_id, "name": a.name,
                "media_type": a.media_type, "blob": info.name, "encrypted": 1, "sealed": 0,
                "size": info.size, "sha256": info.sha256,
            })
        return {"dossier": d, "attachments": attachments}

    def blob_names_in_use(self) -> set[str]:
        marks = ",".join("?" * len(BLOB_STATES))
        rows = self._query(
            f"SELECT payload_blob AS b FROM dossier WHERE state IN ({marks}) "  # noqa: S608
            f"UNION SELECT a.blob FROM attachment a JOIN dossier d USING (dossier_id) "
            f"WHERE d.state IN ({marks})",
            (*BLOB_STATES, *BLOB_STATES),
        )
        names = {r["b"] for r in rows}
        return names | {manifest_name(n) for n in names if n.endswith(".payload")}

    # Data stored in plaintext by a version that did not seal.

    def seal_legacy(self) -> int:
        """Seal receipt facts and blobs an older version stored in plaintext; returns how
        many dossiers it sealed. Uploads in progress go on (the bytes sent do not change)."""
        rows = self._query(
            "SELECT d.dossier_id FROM dossier d WHERE d.receipt_json NOT LIKE 'sealed:%' OR "
            "(d.payload_encrypted = 0 AND d.sealed = 0 AND d.state IN (?, ?, ?, ?, ?)) OR "
            "EXISTS (SELECT 1 FROM attachment a WHERE a.dossier_id = d.dossier_id AND "
            "a.encrypted = 0 AND a.sealed = 0 AND d.state IN (?, ?, ?, ?, ?))",
            (*BLOB_STATES, *BLOB_STATES),
        )
        done = 0
        for r in rows:
            entry = self.entry_by_id(r["dossier_id"])
            if entry is not None:
                self._seal_one(entry)
                done += 1
        if done:
            log.info("sealed %d dossier(s) stored in plaintext by an older version", done)
        return done

    def _seal_one(self, entry: OutboxEntry) -> None:
        key = self.at_rest_key(create=True)
        nonce = uuid.uuid4().hex[:12]
        stem = f"{entry.dossier_id}.{nonce}"
        written: list[BlobInfo] = []
        keep_old = entry.state not in BLOB_STATES
        rows = self._query("SELECT * FROM dossier WHERE dossier_id = ?", (entry.dossier_id,))
        receipt = rows[0]["receipt_json"]
        if not sealed.is_sealed_text(receipt):
            receipt = self.seal_text(f"{entry.dossier_id}.receipt", receipt)
        try:
            payload_name, payload_sealed = entry.payload_blob, entry.payload_sealed
            blobs: dict[str, tuple[str, bool]] = {}
            if not keep_old:
                if not entry.payload_encrypted and not entry.payload_sealed:
                    payload_name, payload_sealed = f"{stem}.payload", True
                    written.append(self._seal_file(entry.payload_blob, payload_name, key))
                for a in entry.attachments:
                    if not a.encrypted and not a.sealed:
                        name = f"{stem}.{a.position}.att"
                        written.append(self._seal_file(a.blob, name, key))
                        blobs[a.attachment_id] = (name, True)
            self.blobs.sync()
            with self._tx() as db:
                db.execute("UPDATE dossier SET receipt_json = ?, payload_blob = ?, sealed = ? "
                           "WHERE dossier_id = ?",
                           (receipt, payload_name, 1 if payload_sealed else 0, entry.dossier_id))
                for attachment_id, (name, is_sealed) in blobs.items():
                    db.execute("UPDATE attachment SET blob = ?, sealed = ? "
                               "WHERE attachment_id = ?",
                               (name, 1 if is_sealed else 0, attachment_id))
        except BaseException:
            self.blobs.remove(i.name for i in written)
            raise
        replaced = [] if payload_name == entry.payload_blob else [entry.payload_blob]
        replaced += [a.blob for a in entry.attachments if a.attachment_id in blobs]
        self.blobs.remove(replaced)

    def _seal_file(self, source: str, name: str, key: bytes) -> BlobInfo:
        def chunks() -> Iterator[bytes]:
            with self.blobs.path(source).open("rb") as f:
                while chunk := f.read(COPY_CHUNK):
                    yield chunk
        return self.blobs.write(name, sealed.seal_stream(key, name, chunks()))


class _UnchangedError(Exception):
    pass
