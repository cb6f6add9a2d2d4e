"""Every fault portal-sim can inject, alone and all mixed: each dossier reaches the portal
exactly once, with its content intact, and the queue drains."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from kiosk.sync.outbox import Outbox

pytestmark = [pytest.mark.portal, pytest.mark.slow]

FAULTS = {
    "500": "500=0.3",
    "502-504": "502=0.15,504=0.15",
    "503-retry-after": "503=0.1:retry-after=1",
    "429-retry-after-date": "429=0.06:retry-after=date:1",
    "408": "408=0.3",
    "reset-before": "reset-before=0.3",
    "reset-after": "reset-after=0.3",
    "slow": "slow=0.15:1.3s",  # longer than the kiosk's 1 s read timeout
    "down": "down=0s-1.5s",
    "mixed": "500=0.08,503=0.04:retry-after=1,429=0.03:retry-after=1,408=0.04,"
             "reset-before=0.08,reset-after=0.08,slow=0.04:1.3s,down=0.5s-1.2s",
}
EXPECTED_LABEL = {"502-504": "502", "503-retry-after": "503", "429-retry-after-date": "429",
                  "slow": "slow", "down": "down"}


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_matrix_exactly_once(name, start_portal, sync_settings, make_worker, make_dossier,
                                   caplog, sync_factory):
    caplog.set_level(logging.DEBUG)
    portal = start_portal(faults=f"{FAULTS[name]},seed=11")
    settings = dataclasses.replace(sync_settings, portal_url=portal.url,
                                   portal_connect_timeout_s=1.0, portal_read_timeout_s=1.0)
    outbox = Outbox.open(settings)
    dossiers = [make_dossier(attachments=1 + i % 2, size=1_200_000 if i == 0 else 2000)
                for i in range(6)]
    for d in dossiers:
        outbox.enqueue(d)
    worker = make_worker(settings)
    assert worker.run_until_empty(90), outbox.counts()

    labels = {r.fault for r in portal.requests()}
    assert EXPECTED_LABEL.get(name, name if name != "mixed" else "500") in labels
    received = portal.dossiers()
    assert sorted(r["dossier_id"] for r in received) == sorted(d.dossier_id for d in dossiers)
    created = [r for r in portal.requests("POST", "/v1/dossiers") if 201 in (r.status, r.acted)]
    assert len(created) == len(dossiers)  # never a second dossier for the same key
    by_id = {r["dossier_id"]: r for r in received}
    for d in dossiers:
        got = by_id[d.dossier_id]
        assert got["payload"] == d.answers
        for ref, original in zip(got["body"]["attachments"], d.attachments, strict=True):
            assert portal.attachment(ref["upload_id"]) == original.path.read_bytes()
        assert outbox.get(d.local_code).official_code == got["official_code"]
    codes = [r["official_code"] for r in received]
    assert len(set(codes)) == len(codes)
    # Whatever happened, no personal data reached a log line.
    for secret in (sync_factory.SECRET_NAME, sync_factory.SECRET_ID_NUMBER,
                   sync_factory.SECRET_ADDRESS, "Nguyễn Văn An"):
        assert secret not in caplog.text
    outbox.close()
