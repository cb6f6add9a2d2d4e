"""Delivering one claimed dossier: resumable attachment uploads, then the dossier itself.

Every step is idempotent at the portal (upload key = attachment uuid, dossier key = dossier
uuid) and its progress is persisted, so a crash or a lost response at any point is repaired by
doing the same again: HEAD tells where an upload stands, a replayed POST returns the same
answer.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from kiosk.sync.client import (
    ItemRejectedError,
    OffsetConflictError,
    PortalClient,
    PortalNotFoundError,
    TransientError,
)
from kiosk.sync.outbox_records import AttachmentEntry, OutboxEntry
from kiosk.sync.outbox_transitions import OutboxTransitions

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024  # the protocol's largest PATCH


def deliver(client: PortalClient, outbox: OutboxTransitions, entry: OutboxEntry) -> dict[str, Any]:
    """Upload what is missing and post the dossier; returns the portal's answer."""
    for attachment in entry.attachments:
        if not attachment.uploaded:
            upload_attachment(client, outbox, attachment)
    fresh = outbox.entry_by_id(entry.dossier_id) or entry  # upload ids were just recorded
    return client.post_dossier(entry.dossier_id, dossier_body(outbox, fresh))


def upload_attachment(
    client: PortalClient, outbox: OutboxTransitions, att: AttachmentEntry
) -> None:
    upload_id = att.upload_id
    offset = 0
    if upload_id is not None:
        try:
            offset, length = client.upload_offset(upload_id)
        except PortalNotFoundError:
            length = -1
        if length != att.size:
            # The portal discarded it (or never finished creating it): start again.
            outbox.forget_upload(att.attachment_id)
            upload_id = None
        else:
            log.info("attachment %s resumes at %d/%d", att.attachment_id, offset, att.size)
    if upload_id is None:
        created = client.create_upload(att.attachment_id, att.size, att.sha256)
        upload_id, offset = created.upload_id, created.offset
        outbox.record_upload(att.attachment_id, upload_id, offset)
    # Bounded: every round either advances or adopts the server's offset.
    rounds_left = 2 * (att.size // CHUNK_BYTES) + 8
    first = True
    while offset < att.size or (att.size == 0 and first):
        first = False
        rounds_left -= 1
        if rounds_left < 0 or offset > att.size:
            raise TransientError(f"upload {upload_id} does not advance (offset {offset})")
        chunk = outbox.read_chunk(att, offset, CHUNK_BYTES)
        try:
            new_offset = client.patch_upload(upload_id, offset, chunk)
        except OffsetConflictError as conflict:
            log.info("upload %s: server is at %d, not %d", upload_id, conflict.server_offset,
                     offset)
            new_offset = conflict.server_offset
        except ItemRejectedError:
            # A digest mismatch discards the upload at the portal.
            outbox.forget_upload(att.attachment_id)
            raise
        offset = new_offset
        if offset < att.size:
            outbox.record_upload(att.attachment_id, upload_id, offset)
    outbox.record_uploaded(att.attachment_id)


def dossier_body(outbox: OutboxTransitions, entry: OutboxEntry) -> bytes:
    """The POST /v1/dossiers body; the same bytes on every retry (the envelope was made once,
    at enqueue), so a replay is recognised as one."""
    body: dict[str, Any] = dict(entry.fields)
    data = outbox.read_payload(entry)
    if entry.payload_encrypted:
        body["envelope"] = data.decode("ascii")
    else:
        body["payload"] = json.loads(data)
    body["attachments"] = [a.portal_ref() for a in entry.attachments]
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# The reason kept with a dossier held back because the portal's answer named another one.
MISMATCH_PREFIX = "portal answer does not confirm this dossier"


def is_mismatch(last_error: str | None) -> bool:
    return bool(last_error) and str(last_error).startswith(MISMATCH_PREFIX)


# What the protocol lets a portal say about a dossier (GET /v1/dossiers/<id>).
PORTAL_STATUSES = frozenset({"received", "processing", "needs_info", "completed", "rejected"})
MAX_OFFICIAL_CODE = 100


def answer_mismatch(entry: OutboxEntry, answer: dict[str, Any]) -> str | None:
    """Why a portal answer about `entry` (to its POST or a status lookup) does not confirm
    it, or None when it does. The answer must name the dossier sent; fields it repeats must
    agree; an official code must look like one."""
    named = answer.get("dossier_id")
    if named != entry.dossier_id:
        return "no dossier_id" if named is None else f"dossier_id {_shown(named)}"
    for name, mine in (("service_code", entry.service_code), ("local_code", entry.local_code)):
        if name in answer and answer[name] != mine:
            return f"{name} {_shown(answer[name])}, sent {mine}"
    official = answer.get("official_code")
    if official is not None and (not isinstance(official, str) or not official.strip()
                                 or len(official) > MAX_OFFICIAL_CODE):
        return f"official_code {_shown(official)}"
    if entry.official_code and isinstance(official, str) and official != entry.official_code:
        return f"official_code {_shown(official)}, known as {entry.official_code}"
    status = answer.get("status")
    if status is not None and status not in PORTAL_STATUSES:
        return f"status {_shown(status)}"
    return None


def _shown(value: Any) -> str:
    """A value of a hostile answer, short and printable, for the admin's view."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 80 else text[:79] + "…"
