"""After sending: polling the portal for the statuses of sent dossiers, and heartbeats.

A final status (completed, rejected) acknowledges a dossier. A 404 is reported on the
dossier and never answered by resending it on our own: an admin decides
(`kiosk queue retry`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from kiosk import __version__
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import ItemRejectedError, PortalClient, PortalNotFoundError
from kiosk.sync.delivery import answer_mismatch
from kiosk.sync.outbox import STATUS_UNKNOWN, Outbox
from kiosk.sync.outbox_records import FINAL_PORTAL_STATUSES, QUEUED, UPLOADING
from kiosk.sync.worker_status import SyncReport

log = logging.getLogger(__name__)


def poll_statuses(
    client: PortalClient, outbox: Outbox, backoff: Backoff, report: SyncReport
) -> None:
    """Look up every sent dossier whose poll is due; stops at a Retry-After."""
    for entry in outbox.due_polls(outbox.clock()):
        if client.wait_remaining() > 0:
            return
        next_at = outbox.clock() + backoff.delay(entry.polls + 1)
        try:
            answer = client.dossier_status(entry.dossier_id)
        except PortalNotFoundError:
            outbox.record_status(
                entry.dossier_id,
                status=STATUS_UNKNOWN,
                message="the portal does not know this dossier (HTTP 404)",
                official_code=None,
                final=False,
                next_poll_at=next_at,
            )
            log.warning("dossier %s unknown to the portal (404 on status)", entry.dossier_id)
            continue
        mismatch = answer_mismatch(entry, answer)
        if mismatch is not None:
            # Never believed: above all not a final status, which would free the blobs.
            outbox.defer_poll(entry.dossier_id, next_at,
                              f"status answer does not match this dossier ({mismatch})")
            report.mismatched += 1
            log.error("dossier %s: status answer names another dossier (%s): ignored",
                      entry.dossier_id, mismatch)
            continue
        status = str(answer.get("status") or "received")
        message = answer.get("message")
        official = answer.get("official_code")
        final = status in FINAL_PORTAL_STATUSES
        outbox.record_status(
            entry.dossier_id,
            status=status,
            message=message if isinstance(message, str) else None,
            official_code=official if isinstance(official, str) else None,
            final=final,
            next_poll_at=next_at,
        )
        report.polled += 1
        report.acknowledged += final
        if final:
            log.info("dossier %s final at the portal: %s", entry.dossier_id, status)


def send_heartbeat(
    client: PortalClient, kiosk_id: str, outbox: Outbox, devices: Mapping[str, Any]
) -> bool:
    """POST /v1/heartbeats; False when this portal has no such (optional) endpoint."""
    try:
        client.heartbeat(heartbeat_body(kiosk_id, outbox, devices))
    except (PortalNotFoundError, ItemRejectedError):
        return False
    return True


def heartbeat_body(kiosk_id: str, outbox: Outbox, devices: Mapping[str, Any]) -> dict[str, Any]:
    counts = outbox.counts()
    body: dict[str, Any] = {
        "kiosk_id": kiosk_id,
        "version": __version__,
        "queue_depth": counts.get(QUEUED, 0) + counts.get(UPLOADING, 0),
        "oldest_unsent_age_s": outbox.oldest_unsent_age(),
        "reader": devices.get("reader", "unknown"),
        "printer": devices.get("printer", "unknown"),
    }
    if "last_frame_age_s" in devices:  # from the UI: seconds since its window last drew
        body["last_frame_age_s"] = devices["last_frame_age_s"]
    return body
