"""`kiosk queue recover`: rebuild the outbox from what is left when its database is lost or
damaged (a zero-length file after a crash during a copy, a bad restore, a filesystem repair,
a page overwritten).

Nothing is deleted. The damaged database (with its -wal/-shm and the marker) moves to
`outbox/damaged-<time>/`; a new database is built from

1. the rows SQLite can still read from the damaged one (state, codes, upload progress), and
2. each dossier's manifest beside its blobs (written at enqueue, no personal data in clear),

and every dossier whose blobs are complete goes back to the queue unless the portal had
confirmed it. Sending again is safe: the portal recognises a dossier by its idempotency key
(its uuid) and answers a replay with the same official code. Blob files that belong to no
recoverable dossier move to `outbox/unrecovered/` for an administrator; none is deleted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.data_dir import TEMP_PREFIX, fsync_dir
from kiosk.sync.outbox_records import (
    ACKNOWLEDGED,
    MANIFEST_SUFFIX,
    QUARANTINED,
    QUEUED,
    SENT,
)
from kiosk.sync.outbox_schema import connect, migrate
from kiosk.sync.outbox_store import BLOB_DIR, DB_FILE, MARKER_FILE, STORE_ID, read_marker
from kiosk.sync.outbox_transitions import (
    ATTACHMENT_COLUMNS,
    DOSSIER_COLUMNS,
    MANIFEST_VERSION,
    insert_row,
)
from kiosk.sync.worker_lock import WorkerLock

log = logging.getLogger(__name__)

UNRECOVERED_DIR = "unrecovered"
# The sync columns a readable old row keeps (upload ids are reset: the portal may have
# discarded them meanwhile, and a new upload under the same key is answered with the old).
KEPT_COLUMNS = ("official_code", "portal_status", "portal_message", "sent_at", "attempts")


@dataclass
class RecoveryReport:
    moved_to: Path | None = None
    from_rows: int = 0  # dossiers whose row was still readable
    from_manifests: int = 0  # dossiers rebuilt from their manifest alone
    incomplete: list[str] = field(default_factory=list)  # dossier ids: blobs missing
    unrecovered_files: list[str] = field(default_factory=list)  # moved aside, not deleted

    @property
    def recovered(self) -> int:
        return self.from_rows + self.from_manifests


def recover(root: Path, clock: Any = time.time) -> RecoveryReport:
    """Rebuild `root`'s database from a damaged one and the blobs (see the module doc).
    Refuses while a sync worker holds the outbox."""
    lock = WorkerLock(root)
    lock.acquire()  # WorkerBusyError while the kiosk's worker runs: stop the kiosk first
    try:
        return _recover(root, clock)
    finally:
        lock.release()


def _recover(root: Path, clock: Any) -> RecoveryReport:
    report = RecoveryReport()
    blob_dir = root / BLOB_DIR
    blob_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    marker = read_marker(root) or {}
    salvaged: dict[str, dict[str, Any]] = {}
    store_ids: set[str] = set()
    if (root / DB_FILE).exists() or (root / MARKER_FILE).exists():
        report.moved_to = _move_aside(root, clock)
        salvaged, old_id = _salvage(report.moved_to / DB_FILE)
        if old_id:
            store_ids.add(old_id)
    if marker.get("store_id"):
        store_ids.add(str(marker["store_id"]))
    manifests = _manifests(blob_dir)
    files = {p.name for p in blob_dir.iterdir() if p.is_file()}
    # The store id keeps the at-rest key (in the keyring under that id) usable.
    for m in manifests.values():
        store_ids.add(str(m.get("store_id")))
    store_ids.discard("None")
    if len(store_ids) > 1:
        log.warning("blobs name %d store ids; keeping the marker's", len(store_ids))
    store_id = str(marker.get("store_id") or (sorted(store_ids)[0] if store_ids else ""))

    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    for dossier_id in sorted(set(salvaged) | set(manifests)):
        row = _rebuild(salvaged.get(dossier_id), manifests.get(dossier_id), files, clock)
        if row is None:
            report.incomplete.append(dossier_id)
            continue
        rows.append(row)
        used |= _names_of(row)
        if dossier_id in salvaged:
            report.from_rows += 1
        else:
            report.from_manifests += 1

    db = connect(root / DB_FILE)
    try:
        migrate(db)
        db.execute("BEGIN IMMEDIATE")
        if store_id:
            db.execute("INSERT OR REPLACE INTO device_state (name, value) VALUES (?, ?)",
                       (STORE_ID, json.dumps({"id": store_id})))
        for row in rows:
            insert_row(db, row)
            extra = row.get("kept", {})
            if extra:
                sets = ", ".join(f"{c} = ?" for c in extra)
                db.execute(f"UPDATE dossier SET {sets} WHERE dossier_id = ?",  # noqa: S608
                           (*extra.values(), row["dossier"]["dossier_id"]))
        db.execute("COMMIT")
    finally:
        db.close()
    if store_id:
        from kiosk.sync.outbox_store import write_marker

        write_marker(root, store_id, clock())

    # What no dossier claims is kept aside, never deleted.
    aside = root / UNRECOVERED_DIR
    for name in sorted(files - used):
        if name.startswith(TEMP_PREFIX):
            continue
        aside.mkdir(mode=0o700, exist_ok=True)
        os.replace(blob_dir / name, aside / name)
        report.unrecovered_files.append(name)
    if report.unrecovered_files:
        fsync_dir(aside)
        fsync_dir(blob_dir)
    log.warning("outbox recovered: %d dossier(s) (%d from readable rows, %d from manifests), "
                "%d incomplete, %d file(s) set aside", report.recovered, report.from_rows,
                report.from_manifests, len(report.incomplete), len(report.unrecovered_files))
    return report


def _move_aside(root: Path, clock: Any) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(clock()))
    target = root / f"damaged-{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = root / f"damaged-{stamp}-{n}"
    target.mkdir(mode=0o700)
    for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", MARKER_FILE):
        with contextlib.suppress(FileNotFoundError):
            os.replace(root / name, target / name)
    fsync_dir(target)
    fsync_dir(root)
    return target


def _salvage(path: Path) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Every dossier row (with its attachments) SQLite can still read; the store id."""
    if not path.exists() or path.stat().st_size == 0:
        return {}, None
    copy = path.with_name(path.name + ".reading")
    shutil.copyfile(path, copy)  # never write to the evidence
    found: dict[str, dict[str, Any]] = {}
    store_id = None
    try:
        db = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
    except sqlite3.Error:
        return {}, None
    try:
        with contextlib.suppress(sqlite3.Error, ValueError, TypeError):
            value = db.execute("SELECT value FROM device_state WHERE name = ?",
                               (STORE_ID,)).fetchone()
            store_id = json.loads(value[0]).get("id") if value else None
        for row in _readable_rows(db, "dossier", "seq"):
            found[row["dossier_id"]] = {"dossier": row, "attachments": []}
        for row in _readable_rows(db, "attachment", "rowid"):
            owner = found.get(row.get("dossier_id", ""))
            if owner is not None:
                owner["attachments"].append(row)
    finally:
        db.close()
        copy.unlink()
    return found, store_id


def _readable_rows(db: sqlite3.Connection, table: str, key: str) -> list[dict[str, Any]]:
    """All rows, or, when the table cannot be read in one go, those that can one by one."""
    try:
        return [dict(r) for r in db.execute(f"SELECT * FROM {table}")]  # noqa: S608
    except sqlite3.Error:
        log.info("%s cannot be read whole: reading it row by row", table)
    rows = []
    misses = 0
    n = 0
    while misses < 1000:  # past the last row (or a long run of unreadable pages)
        n += 1
        try:
            r = db.execute(f"SELECT * FROM {table} WHERE {key} = ?", (n,)).fetchone()  # noqa: S608
        except sqlite3.Error:
            r = None
        if r is None:
            misses += 1
            continue
        misses = 0
        rows.append(dict(r))
    return rows


def _manifests(blob_dir: Path) -> dict[str, dict[str, Any]]:
    """The newest readable manifest of each dossier (encrypted for the portal wins)."""
    best: dict[str, dict[str, Any]] = {}
    for p in blob_dir.iterdir():
        if not p.name.endswith(MANIFEST_SUFFIX):
            continue
        try:
            m = json.loads(p.read_text(encoding="utf-8"))
            dossier = m["dossier"]
            dossier_id = str(dossier["dossier_id"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if m.get("version") != MANIFEST_VERSION or not p.name.startswith(dossier_id + "."):
            continue
        m["_mtime"] = p.stat().st_mtime
        old = best.get(dossier_id)
        rank = (dossier.get("payload_encrypted", 0), m["_mtime"])
        if old is None or rank > (old["dossier"].get("payload_encrypted", 0), old["_mtime"]):
            best[dossier_id] = m
    return best


def _names_of(row: dict[str, Any]) -> set[str]:
    d = row["dossier"]
    names = {d["payload_blob"], d["payload_blob"].removesuffix(".payload") + MANIFEST_SUFFIX}
    return names | {a["blob"] for a in row["attachments"]}


def _rebuild(old: dict[str, Any] | None, manifest: dict[str, Any] | None, files: set[str],
             clock: Any) -> dict[str, Any] | None:
    """A row for the new database, or None when neither source has complete blobs."""
    now = clock()
    for source in (old, manifest):
        if source is None:
            continue
        try:
            d = {c: source["dossier"][c] for c in DOSSIER_COLUMNS if c != "sealed"}
            d["sealed"] = int(source["dossier"].get("sealed", 0) or 0)
            atts = [{c: a[c] for c in ATTACHMENT_COLUMNS if c != "sealed"}
                    | {"sealed": int(a.get("sealed", 0) or 0)}
                    for a in sorted(source["attachments"], key=lambda a: a["position"])]
        except (KeyError, TypeError):
            continue
        state = source["dossier"].get("state", QUEUED)
        if state == ACKNOWLEDGED:
            # The portal has it for good; its blobs were freed. Keep the row for reprints.
            row: dict[str, Any] = {"dossier": d, "attachments": atts}
            d["state"] = ACKNOWLEDGED
            row["kept"] = {c: source["dossier"].get(c) for c in (*KEPT_COLUMNS,
                                                                "acknowledged_at")}
            return row
        needed = {d["payload_blob"], *(a["blob"] for a in atts)}
        if not needed <= files:
            continue
        row = {"dossier": d, "attachments": atts}
        kept = {c: source["dossier"].get(c) for c in KEPT_COLUMNS if c in source["dossier"]}
        if state == SENT and kept.get("official_code"):
            # Sent and numbered: poll its status rather than sending it again.
            d["state"] = SENT
            kept["next_poll_at"] = now
        else:
            d["state"] = QUEUED if state != QUARANTINED else QUARANTINED
        d.update(next_attempt_at=now, turn_at=d.get("turn_at") or now, updated_at=now)
        row["kept"] = {k: v for k, v in kept.items() if v is not None}
        return row
    return None
