"""A confirmed dossier: what the citizen filed, handed from the wizard to the outbox.

It is the one thing of a citizen that outlives the session. `ReceiptFacts` is the minimal,
already-masked part that the receipt and the admin view need after the payload itself has
been encrypted for the portal (no full ID number in it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class AttachmentFile:
    """A photographed or scanned document, as a file on disk for the session's lifetime."""

    attachment_id: str  # uuid4; the upload's Idempotency-Key
    field_id: str  # the form field it answers
    name: str  # file name shown to the portal, e.g. "giay-chung-sinh.jpg"
    media_type: str  # "image/jpeg", "application/pdf", ...
    path: Path


@dataclass(frozen=True)
class ReceiptFacts:
    """What the receipt (Mẫu 01) prints; kept beside the encrypted payload for reprints."""

    applicant_name: str
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    id_number_masked: str  # e.g. "********2345"
    service_name_vi: str
    service_name_en: str
    documents: tuple[str, ...]  # documents received, in Vietnamese, one per line
    sets: int  # number of sets (bộ hồ sơ)
    processing_time_vi: str  # statutory time as text, e.g. "03 ngày làm việc"
    result_place_vi: str  # where the result is collected (or "Trả qua bưu chính")
    fee_vnd: int  # what the citizen pays (the VietQR's amount; 0: no VietQR)
    fee_basis: str  # legal basis of the fee, e.g. "Thông tư 16/2025/TT-BTC"
    appointment_at: datetime | None
    notes_vi: str = ""
    # The fee before a province's support, and that support's rule in one line (issue 17);
    # None / "" when nothing lowered it (and on receipts kept from before).
    fee_listed_vnd: int | None = None
    fee_rule_vi: str = ""
    # No official source confirms the fee / the processing time (kiosk/forms/facts.py).
    fee_unconfirmed: bool = False
    time_unconfirmed: bool = False
    # A result sent by post: where to, and who pays the postage (a province's rule), or "".
    delivery_address: str = ""
    postage_vi: str = ""
    # The agency that decides the dossier (the kiosk only hands it on), and what the receipt
    # says of that agency's own receipt (the police's CT04), or "".
    agency_vi: str = ""
    agency_receipt_vi: str = ""


@dataclass(frozen=True)
class Dossier:
    dossier_id: str  # uuid4; the dossier's Idempotency-Key at the portal
    local_code: str  # provisional code printed on the receipt, e.g. H26.22.01-261122-K01A7Q
    service_code: str  # procedure code, e.g. "1.001193"
    catalogue_version: str
    created_at: datetime  # timezone-aware
    kiosk_id: str
    assisted_by: str | None
    answers: dict[str, Any]  # JSON-serialisable form answers (the portal payload)
    receipt: ReceiptFacts
    attachments: tuple[AttachmentFile, ...] = field(default=())

    def portal_fields(self) -> dict[str, Any]:
        """The protocol's dossier fields other than payload/envelope/attachments."""
        return {
            "dossier_id": self.dossier_id,
            "local_code": self.local_code,
            "service_code": self.service_code,
            "catalogue_version": self.catalogue_version,
            "created_at": self.created_at.isoformat(),
            "kiosk_id": self.kiosk_id,
            "assisted_by": self.assisted_by,
        }


@dataclass(frozen=True)
class ReceiptRecord:
    """Everything a receipt needs, available from a live Dossier or from the outbox later
    (when the payload is already ciphertext)."""

    dossier_id: str
    local_code: str
    service_code: str
    created_at: datetime
    facts: ReceiptFacts
    official_code: str | None = None  # assigned by the portal once synced

    @classmethod
    def of(cls, dossier: Dossier) -> ReceiptRecord:
        return cls(
            dossier_id=dossier.dossier_id,
            local_code=dossier.local_code,
            service_code=dossier.service_code,
            created_at=dossier.created_at,
            facts=dossier.receipt,
        )
