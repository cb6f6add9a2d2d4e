"""What the outbox hands out: entries (dossier rows) and attachments, and the receipt facts'
stored form.

An entry never holds the payload or the answers: those are blobs (ciphertext once a portal key
is known). The receipt facts are the masked minimum a reprint needs; the ID number is masked
again here so that no full number can reach the database.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from kiosk.dossier.masking import mask_id_number
from kiosk.dossier.model import ReceiptFacts, ReceiptRecord

QUEUED = "queued"
UPLOADING = "uploading"
SENT = "sent"
ACKNOWLEDGED = "acknowledged"
QUARANTINED = "quarantined"
BLOCKED = "blocked"
# Every state, in this order in the schema's CHECK (migration 1 spells them out).
STATES = (QUEUED, UPLOADING, SENT, ACKNOWLEDGED, QUARANTINED, BLOCKED)

# Final statuses of the protocol's GET /v1/dossiers/<id>.
FINAL_PORTAL_STATUSES = frozenset({"completed", "rejected"})
# States whose blobs are kept: the dossier may yet be (re)sent. Blobs go at acknowledgement.
BLOB_STATES = (QUEUED, UPLOADING, SENT, QUARANTINED, BLOCKED)



@dataclass(frozen=True)
class AttachmentEntry:
    attachment_id: str
    dossier_id: str
    position: int
    field_id: str
    name: str
    media_type: str
    blob: str
    encrypted: bool  # for the portal (JWE)
    size: int  # of the bytes uploaded
    sha256: str  # of the bytes uploaded
    upload_id: str | None
    upload_offset: int
    uploaded: bool
    sealed: bool = False  # not for the portal: sealed at rest with the outbox's own key

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> AttachmentEntry:
        return cls(
            attachment_id=row["attachment_id"],
            dossier_id=row["dossier_id"],
            position=row["position"],
            field_id=row["field_id"],
            name=row["name"],
            media_type=row["media_type"],
            blob=row["blob"],
            encrypted=bool(row["encrypted"]),
            size=row["size"],
            sha256=row["sha256"],
            upload_id=row["upload_id"],
            upload_offset=row["upload_offset"],
            uploaded=bool(row["uploaded"]),
            sealed=bool(row["sealed"]),
        )

    def portal_ref(self) -> dict[str, Any]:
        """The attachment as listed in POST /v1/dossiers."""
        return {
            "upload_id": self.upload_id,
            "name": self.name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class OutboxEntry:
    dossier_id: str
    local_code: str
    service_code: str
    created_at: str
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: float
    enqueued_at: float
    updated_at: float
    payload_blob: str
    payload_encrypted: bool
    key_id: str | None
    fields: dict[str, Any]
    sent_at: float | None
    official_code: str | None
    portal_status: str | None
    portal_message: str | None
    polls: int
    next_poll_at: float | None
    acknowledged_at: float | None
    attachments: tuple[AttachmentEntry, ...]
    payload_sealed: bool = False

    @classmethod
    def from_row(cls, row: sqlite3.Row, attachments: tuple[AttachmentEntry, ...]) -> OutboxEntry:
        return cls(
            dossier_id=row["dossier_id"],
            local_code=row["local_code"],
            service_code=row["service_code"],
            created_at=row["created_at"],
            state=row["state"],
            attempts=row["attempts"],
            last_error=row["last_error"],
            next_attempt_at=row["next_attempt_at"],
            enqueued_at=row["enqueued_at"],
            updated_at=row["updated_at"],
            payload_blob=row["payload_blob"],
            payload_encrypted=bool(row["payload_encrypted"]),
            key_id=row["key_id"],
            fields=json.loads(row["fields_json"]),
            sent_at=row["sent_at"],
            official_code=row["official_code"],
            portal_status=row["portal_status"],
            portal_message=row["portal_message"],
            polls=row["polls"],
            next_poll_at=row["next_poll_at"],
            acknowledged_at=row["acknowledged_at"],
            attachments=attachments,
            payload_sealed=bool(row["sealed"]),
        )

    @property
    def blob_names(self) -> tuple[str, ...]:
        """Every file of this dossier in the blob folder, its manifest included."""
        return (self.payload_blob, manifest_name(self.payload_blob),
                *(a.blob for a in self.attachments))

    def summary(self, now: float) -> dict[str, Any]:
        """Admin view (queue list): codes and states only, no personal data."""
        return {
            "code": self.local_code,
            "dossier_id": self.dossier_id,
            "official_code": self.official_code,
            "service": self.service_code,
            "state": self.state,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "age_s": round(max(0.0, now - self.enqueued_at), 1),
            "next_attempt_in_s": (
                round(max(0.0, self.next_attempt_at - now), 1)
                if self.state in (QUEUED, UPLOADING)
                else None
            ),
            "encrypted": self.payload_encrypted,
            "portal_status": self.portal_status,
            "attachments": len(self.attachments),
        }


MANIFEST_SUFFIX = ".manifest"
PAYLOAD_SUFFIX = ".payload"


def manifest_name(payload_blob: str) -> str:
    """`<dossier id>.<nonce>.manifest` beside `<dossier id>.<nonce>.payload`."""
    stem = payload_blob.removesuffix(PAYLOAD_SUFFIX)
    return stem + MANIFEST_SUFFIX


def receipt_facts_to_json(facts: ReceiptFacts) -> str:
    data = asdict(facts)
    data["id_number_masked"] = mask_id_number(facts.id_number_masked)
    data["documents"] = list(facts.documents)
    data["appointment_at"] = facts.appointment_at.isoformat() if facts.appointment_at else None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def receipt_facts_from_json(text: str) -> ReceiptFacts:
    data = json.loads(text)
    data["documents"] = tuple(data["documents"])
    at = data.get("appointment_at")
    data["appointment_at"] = datetime.fromisoformat(at) if at else None
    return ReceiptFacts(**data)


def receipt_record_of(row: sqlite3.Row, receipt_json: str) -> ReceiptRecord:
    """`receipt_json`: the row's receipt facts, unsealed by the caller."""
    return ReceiptRecord(
        dossier_id=row["dossier_id"],
        local_code=row["local_code"],
        service_code=row["service_code"],
        created_at=datetime.fromisoformat(row["created_at"]),
        facts=receipt_facts_from_json(receipt_json),
        official_code=row["official_code"],
    )
