"""The reference portal's state and rules, on SQLite (HTTP lives in portal_sim.py).

Each method takes what a request carries and returns a `Reply` (status, headers, JSON body),
following ../shared/design/portal-protocol.md: idempotent uploads and dossiers (same key and
same content = replay, different content = 422, the same key in flight = 409), resumable
uploads with a digest check, official codes <agency>-YYMMDD-NNNN, and statuses that advance
with time (received -> processing -> completed).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jwcrypto.jwk import JWK

from kiosk.sync import envelope

VN_TIME = timezone(timedelta(hours=7))  # Vietnam has no daylight saving time
MAX_CHUNK = 1024 * 1024
MAX_UPLOAD = 64 * 1024 * 1024
_SERVICE_CODE = re.compile(r"^\d+\.\d{6}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
REQUIRED_FIELDS = ("dossier_id", "local_code", "service_code", "catalogue_version",
                   "created_at", "kiosk_id")

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS upload (
        upload_id TEXT PRIMARY KEY, idem_key TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL,
        length INTEGER NOT NULL, sha256 TEXT NOT NULL, received INTEGER NOT NULL DEFAULT 0,
        complete INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS dossier (
        dossier_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, body_sha256 TEXT NOT NULL,
        official_code TEXT NOT NULL UNIQUE, received_at REAL NOT NULL,
        response_json TEXT NOT NULL, body_json TEXT NOT NULL, payload_json TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS day_counter (
        agency TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (agency, day))""",
)


@dataclass
class Reply:
    status: int
    body: Any = None  # JSON, or bytes sent as they are (with their Content-Type header)
    headers: dict[str, str] = field(default_factory=dict)
    send_only: int | None = None  # a fault: announce the whole body, send this much, close


def _errors(status: int, *pairs: tuple[str | None, str]) -> Reply:
    return Reply(status, {"errors": [{"field": f, "message": m} for f, m in pairs]})


def rfc3339(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).astimezone(VN_TIME).isoformat(timespec="seconds")


class PortalStore:
    def __init__(
        self,
        data_dir: Path,
        *,
        agency: str,
        private_key: JWK | None,
        advance_s: float,
        clock: Any = time.time,
    ) -> None:
        self.data_dir = data_dir
        self.agency = agency
        self.private_key = private_key
        self.advance_s = advance_s
        self.clock = clock
        self.upload_dir = data_dir / "uploads"
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._in_flight: set[str] = set()
        self._db = sqlite3.connect(data_dir / "portal.sqlite3", check_same_thread=False,
                                   isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        for statement in SCHEMA:
            self._db.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # Uploads.

    def create_upload(self, key: str | None, length: str | None, digest: str | None,
                      kiosk_id: str) -> Reply:
        if not key:
            return _errors(400, ("Idempotency-Key", "required"))
        try:
            size = int(length or "")
        except ValueError:
            return _errors(400, ("Upload-Length", "not an integer"))
        if size < 0:
            return _errors(400, ("Upload-Length", "negative"))
        if size > MAX_UPLOAD:
            return _errors(413, ("Upload-Length", f"larger than {MAX_UPLOAD} bytes"))
        digest = (digest or "").lower()
        if not _SHA256.match(digest):
            return _errors(400, ("Upload-Sha256", "not a hex SHA-256 digest"))
        with self._lock:
            row = self._db.execute("SELECT * FROM upload WHERE idem_key = ?", (key,)).fetchone()
            if row is not None:
                if (row["length"], row["sha256"]) != (size, digest):
                    return _errors(422, ("Idempotency-Key", "reused for a different upload"))
                return self._upload_reply(200, row["upload_id"], row["received"])
            upload_id = uuid.uuid4().hex
            self._db.execute(
                "INSERT INTO upload (upload_id, idem_key, kiosk_id, length, sha256, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (upload_id, key, kiosk_id, size, digest, self.clock()),
            )
            (self.upload_dir / upload_id).write_bytes(b"")
            return self._upload_reply(201, upload_id, 0)

    @staticmethod
    def _upload_reply(status: int, upload_id: str, offset: int) -> Reply:
        return Reply(status, {"upload_id": upload_id, "offset": offset},
                     {"Location": f"/v1/uploads/{upload_id}"})

    def head_upload(self, upload_id: str) -> Reply:
        with self._lock:
            row = self._upload(upload_id)
        if row is None:
            return Reply(404)
        return Reply(200, None, {"Upload-Offset": str(row["received"]),
                                 "Upload-Length": str(row["length"]),
                                 "Cache-Control": "no-store"})

    def patch_upload(self, upload_id: str, offset: str | None, content_type: str | None,
                     data: bytes) -> Reply:
        if (content_type or "").split(";")[0].strip() != "application/offset+octet-stream":
            return _errors(400, ("Content-Type", "must be application/offset+octet-stream"))
        if len(data) > MAX_CHUNK:
            return _errors(413, (None, f"chunks are at most {MAX_CHUNK} bytes"))
        try:
            at = int(offset or "")
        except ValueError:
            return _errors(400, ("Upload-Offset", "not an integer"))
        with self._lock:
            row = self._upload(upload_id)
            if row is None:
                return Reply(404)
            if at != row["received"]:
                return Reply(409, None, {"Upload-Offset": str(row["received"])})
            if at + len(data) > row["length"]:
                return _errors(400, (None, "bytes beyond Upload-Length"))
            path = self.upload_dir / upload_id
            with path.open("r+b") as f:
                f.seek(at)
                f.write(data)
                f.truncate()
            new = at + len(data)
            complete = new == row["length"]
            if complete and hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
                self._db.execute("DELETE FROM upload WHERE upload_id = ?", (upload_id,))
                path.unlink(missing_ok=True)
                return _errors(422, ("Upload-Sha256", "digest mismatch: upload discarded"))
            self._db.execute("UPDATE upload SET received = ?, complete = ? WHERE upload_id = ?",
                             (new, int(complete), upload_id))
        return Reply(204, None, {"Upload-Offset": str(new)})

    def _upload(self, upload_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute(
            "SELECT * FROM upload WHERE upload_id = ?", (upload_id,)
        ).fetchone()
        return row

    def upload_bytes(self, upload_id: str) -> bytes:
        return (self.upload_dir / upload_id).read_bytes()

    # Dossiers.

    def post_dossier(self, key: str | None, raw: bytes, kiosk_id: str) -> Reply:
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _errors(400, (None, "body is not JSON"))
        if not isinstance(body, dict):
            return _errors(400, (None, "body is not a JSON object"))
        if not key:
            return _errors(400, ("Idempotency-Key", "required"))
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        body_hash = hashlib.sha256(canonical.encode()).hexdigest()
        with self._lock:
            if key in self._in_flight:
                return _errors(409, ("Idempotency-Key", "being processed, retry later"))
            row = self._db.execute("SELECT * FROM dossier WHERE dossier_id = ?", (key,)).fetchone()
            if row is not None:
                if row["body_sha256"] != body_hash:
                    return _errors(422, ("Idempotency-Key", "reused with a different body"))
                return Reply(200, json.loads(row["response_json"]))
            self._in_flight.add(key)
        try:
            problems, payload = self._check(key, body)
            if problems:
                return _errors(422, *problems)
            with self._lock:
                return self._accept(key, body, canonical, body_hash, payload, kiosk_id)
        finally:
            with self._lock:
                self._in_flight.discard(key)

    def _check(self, key: str, body: dict[str, Any]
               ) -> tuple[list[tuple[str | None, str]], dict[str, Any]]:
        problems: list[tuple[str | None, str]] = []
        for name in REQUIRED_FIELDS:
            if not isinstance(body.get(name), str) or not body[name]:
                problems.append((name, "required"))
        if body.get("dossier_id") != key:
            problems.append(("dossier_id", "must equal the Idempotency-Key"))
        if isinstance(body.get("service_code"), str) and not _SERVICE_CODE.match(
            body["service_code"]
        ):
            problems.append(("service_code", "unknown procedure code"))
        try:
            created = datetime.fromisoformat(str(body.get("created_at")))
            if created.tzinfo is None:
                problems.append(("created_at", "needs a UTC offset (RFC 3339)"))
        except ValueError:
            problems.append(("created_at", "not an RFC 3339 time"))
        payload, payload_problem = self._payload(body)
        if payload_problem:
            problems.append(payload_problem)
        problems += self._check_attachments(body.get("attachments"))
        return problems, payload

    def _payload(self, body: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, str] | None]:
        has_payload, has_envelope = "payload" in body, "envelope" in body
        if has_payload == has_envelope:
            return {}, ("payload", "exactly one of payload and envelope")
        if has_envelope:
            if self.private_key is None:
                return {}, ("envelope", "this portal publishes no key")
            try:
                data, _ = envelope.decrypt(str(body["envelope"]), self.private_key)
                payload = json.loads(data)
            except (envelope.EnvelopeError, ValueError):
                return {}, ("envelope", "cannot be decrypted with the portal key")
        else:
            payload = body["payload"]
        if not isinstance(payload, dict):
            return {}, ("payload", "must be a JSON object")
        return payload, None

    def _check_attachments(self, items: Any) -> list[tuple[str | None, str]]:
        if not isinstance(items, list):
            return [("attachments", "must be a list")]
        problems: list[tuple[str | None, str]] = []
        for i, item in enumerate(items):
            where = f"attachments[{i}]"
            if not isinstance(item, dict):
                problems.append((where, "must be an object"))
                continue
            with self._lock:
                row = self._upload(str(item.get("upload_id")))
            if row is None or not row["complete"]:
                problems.append((where, "upload missing or incomplete"))
            elif (item.get("size"), item.get("sha256")) != (row["length"], row["sha256"]):
                problems.append((where, "size or sha256 differs from the upload"))
        return problems

    def _accept(self, key: str, body: dict[str, Any], canonical: str, body_hash: str,
                payload: dict[str, Any], kiosk_id: str) -> Reply:
        now = self.clock()
        day = datetime.fromtimestamp(now, VN_TIME).strftime("%y%m%d")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(
                "INSERT INTO day_counter (agency, day, n) VALUES (?, ?, 1) "
                "ON CONFLICT (agency, day) DO UPDATE SET n = n + 1",
                (self.agency, day),
            )
            n = self._db.execute("SELECT n FROM day_counter WHERE agency = ? AND day = ?",
                                 (self.agency, day)).fetchone()[0]
            official = f"{self.agency}-{day}-{n:04d}"
            response = {"dossier_id": key, "official_code": official, "status": "received",
                        "received_at": rfc3339(now)}
            self._db.execute(
                "INSERT INTO dossier (dossier_id, kiosk_id, body_sha256, official_code, "
                "received_at, response_json, body_json, payload_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, kiosk_id, body_hash, official, now, json.dumps(response), canonical,
                 json.dumps(payload, ensure_ascii=False)),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return Reply(201, response)

    def dossier_status(self, dossier_id: str) -> Reply:
        with self._lock:
            row = self._db.execute("SELECT * FROM dossier WHERE dossier_id = ?",
                                   (dossier_id,)).fetchone()
        if row is None:
            return Reply(404, {"errors": [{"field": None, "message": "unknown dossier"}]})
        age = self.clock() - row["received_at"]
        steps = (("received", "Hồ sơ đã được tiếp nhận."), ("processing", "Hồ sơ đang xử lý."),
                 ("completed", "Hồ sơ đã có kết quả."))
        index = min(int(age / self.advance_s), 2) if self.advance_s > 0 else 2
        status, message = steps[index]
        updated = row["received_at"] + index * self.advance_s
        return Reply(200, {"dossier_id": dossier_id, "official_code": row["official_code"],
                           "status": status, "message": message, "updated_at": rfc3339(updated)})

    def dossiers(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM dossier ORDER BY received_at").fetchall()
        return [
            {
                "dossier_id": r["dossier_id"],
                "official_code": r["official_code"],
                "kiosk_id": r["kiosk_id"],
                "received_at": r["received_at"],
                "body": json.loads(r["body_json"]),
                "payload": json.loads(r["payload_json"]),
            }
            for r in rows
        ]
