"""The outbox database: connection settings and versioned migrations (PRAGMA user_version).

Each migration is a list of statements applied in one transaction together with the new
user_version, so a crash leaves the schema at the old or the new version, never between.
Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.sync.outbox_records import STATES

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: dossiers, their attachments, and device-level state (auth block).
    (
        f"""CREATE TABLE dossier (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            dossier_id TEXT NOT NULL UNIQUE,
            local_code TEXT NOT NULL UNIQUE,
            service_code TEXT NOT NULL,
            created_at TEXT NOT NULL,
            fields_json TEXT NOT NULL,      -- the protocol's dossier fields, sent verbatim
            receipt_json TEXT NOT NULL,     -- ReceiptFacts: masked, minimal, for reprints
            payload_blob TEXT NOT NULL,
            payload_encrypted INTEGER NOT NULL,
            key_id TEXT,
            state TEXT NOT NULL CHECK (state IN {STATES!r}),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt_at REAL NOT NULL,
            turn_at REAL NOT NULL,          -- when it last had its turn: fairness of claims
            enqueued_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            sent_at REAL,
            official_code TEXT,
            portal_status TEXT,
            portal_message TEXT,
            polls INTEGER NOT NULL DEFAULT 0,
            next_poll_at REAL,
            acknowledged_at REAL
        )""",
        "CREATE INDEX dossier_turn ON dossier (state, turn_at, seq)",
        "CREATE INDEX dossier_poll ON dossier (state, next_poll_at)",
        "CREATE INDEX dossier_official ON dossier (official_code)",
        """CREATE TABLE attachment (
            attachment_id TEXT PRIMARY KEY,
            dossier_id TEXT NOT NULL REFERENCES dossier (dossier_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            field_id TEXT NOT NULL,
            name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            blob TEXT NOT NULL,
            encrypted INTEGER NOT NULL,
            size INTEGER NOT NULL,          -- of the bytes to upload
            sha256 TEXT NOT NULL,           -- of the bytes to upload
            upload_id TEXT,
            upload_offset INTEGER NOT NULL DEFAULT 0,
            uploaded INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX attachment_dossier ON attachment (dossier_id, position)",
        "CREATE TABLE device_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # 2: blobs not encrypted for the portal are sealed at rest (kiosk.dossier.sealed); rows of
    # version 1 hold plaintext blobs (sealed = 0) until the worker seals them.
    (
        "ALTER TABLE dossier ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE attachment ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNewError(RuntimeError):
    pass


def connect(path: Path) -> sqlite3.Connection:
    """An autocommit connection (transactions are explicit) with the outbox's durability."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    # Deleted or replaced rows (purged dossiers, data sealed after an upgrade) are zeroed,
    # not left readable in free pages.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION; returns the version found before."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if found > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"outbox schema {found} is newer than this program's {SCHEMA_VERSION}"
            )
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
        if found < SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found
