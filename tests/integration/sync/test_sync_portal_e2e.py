"""Kiosk worker against portal-sim over loopback HTTP: encryption round trip, exactly-once,
encryption policy, quarantine, device block, Retry-After, resume after a restart."""

from __future__ import annotations

import dataclasses
import hashlib
import time

import pytest

from kiosk.sync.client import PortalClient
from kiosk.sync.credentials import StaticCredentials
from kiosk.sync.outbox import Outbox

pytestmark = pytest.mark.portal


def _created(portal) -> int:
    """POST /v1/dossiers that created a dossier (answered or lost after acting)."""
    return sum(1 for r in portal.requests("POST", "/v1/dossiers") if 201 in (r.status, r.acted))


def test_jwe_round_trip_portal_decrypts_the_same_content(portal, portal_settings, make_worker,
                                                         make_dossier):
    outbox = Outbox.open(portal_settings)
    dossiers = [make_dossier(attachments=2, size=1_500_000 if i == 0 else 3000) for i in range(3)]
    for d in dossiers:
        outbox.enqueue(d)
    worker = make_worker(portal_settings)
    assert worker.run_until_empty(20)
    received = {d["dossier_id"]: d for d in portal.dossiers()}
    assert set(received) == {d.dossier_id for d in dossiers}
    assert _created(portal) == 3
    for d in dossiers:
        got = received[d.dossier_id]
        assert "payload" not in got["body"] and got["body"]["envelope"].count(".") == 4
        assert got["payload"] == d.answers
        assert got["body"]["local_code"] == d.local_code
        for ref, original in zip(got["body"]["attachments"], d.attachments, strict=True):
            uploaded = portal.store.upload_bytes(ref["upload_id"])
            assert ref["sha256"] == hashlib.sha256(uploaded).hexdigest()
            assert ref["size"] == len(uploaded)
            assert portal.attachment(ref["upload_id"]) == original.path.read_bytes()
        entry = outbox.get(d.local_code)
        assert entry.state == "sent"
        assert entry.official_code == got["official_code"]
        assert entry.official_code.startswith("H26.22.01-") and entry.official_code[-4:].isdigit()
    outbox.close()


def test_statuses_are_polled_to_the_final_one(portal, portal_settings, make_worker,
                                              make_dossier):
    outbox = Outbox.open(portal_settings)
    d = make_dossier()
    outbox.enqueue(d)
    worker = make_worker(portal_settings)
    assert worker.run_until_empty(10)
    deadline = time.monotonic() + 10
    while outbox.get(d.local_code).state != "acknowledged" and time.monotonic() < deadline:
        worker.run_once()
        time.sleep(0.05)
    entry = outbox.get(d.local_code)
    assert (entry.state, entry.portal_status) == ("acknowledged", "completed")
    assert outbox.blob_names_in_use() == set() and list(outbox.blobs.root.iterdir()) == []
    outbox.close()


def test_plaintext_portal(start_portal, sync_settings, make_worker, make_dossier):
    portal = start_portal(key=False)
    settings = dataclasses.replace(sync_settings, portal_url=portal.url)
    outbox = Outbox.open(settings)
    d = make_dossier()
    outbox.enqueue(d)
    strict = make_worker(settings)
    assert not strict.run_until_empty(0.5)  # encryption required: never sent in plaintext
    assert portal.requests("POST", "/v1/dossiers") == [] and portal.requests(prefix="/v1/up") == []
    strict.close()
    relaxed = make_worker(dataclasses.replace(settings, require_encryption=False))
    assert relaxed.run_until_empty(10)
    [got] = portal.dossiers()
    assert got["body"]["payload"] == d.answers and "envelope" not in got["body"]
    outbox.close()


def test_quarantined_dossier_does_not_block_the_others(portal, portal_settings, make_worker,
                                                       make_dossier, caplog, sync_factory):
    import logging

    caplog.set_level(logging.DEBUG)
    outbox = Outbox.open(portal_settings)
    bad = make_dossier(service_code="not-a-procedure")
    good = [make_dossier() for _ in range(3)]
    for d in [bad, *good]:
        outbox.enqueue(d)
    worker = make_worker(portal_settings)
    assert worker.run_until_empty(10)
    assert {d["dossier_id"] for d in portal.dossiers()} == {d.dossier_id for d in good}
    entry = outbox.get(bad.local_code)
    assert entry.state == "quarantined"
    assert entry.last_error == "HTTP 422: service_code: unknown procedure code"
    assert bad.dossier_id in caplog.text  # logs name dossiers by id only
    for secret in (sync_factory.SECRET_NAME, sync_factory.SECRET_ID_NUMBER,
                   sync_factory.SECRET_ADDRESS):
        assert secret not in caplog.text
    outbox.close()


def test_401_blocks_the_device_and_keeps_everything(portal, portal_settings, make_worker,
                                                    make_dossier, portal_token):
    outbox = Outbox.open(portal_settings)
    ds = [make_dossier() for _ in range(3)]
    for d in ds:
        outbox.enqueue(d)
    alerts: list[str] = []
    portal.revoke_token(portal_token)
    worker = make_worker(portal_settings, on_alert=alerts.append)
    assert not worker.run_until_empty(2)
    assert alerts == ["device_blocked"] and worker.status().device_blocked
    assert portal.requests("POST", "/v1/dossiers") == []
    states = sorted(outbox.get(d.local_code).state for d in ds)
    assert states in (["queued", "queued", "queued"], ["blocked", "queued", "queued"])
    assert len(outbox.blob_names_in_use()) == 9  # nothing deleted (with the manifests)
    before = len(portal.requests())
    for _ in range(5):
        assert worker.run_once().blocked
    assert len(portal.requests()) == before  # stopped: nothing more sent
    worker.close()
    # The admin sets a new token (the portal knows it): the block lifts by itself.
    portal.add_token("renewed-token")
    renewed = make_worker(portal_settings, credentials=StaticCredentials("renewed-token"))
    assert renewed.run_until_empty(10)
    assert {d["dossier_id"] for d in portal.dossiers()} == {d.dossier_id for d in ds}
    outbox.close()


@pytest.mark.parametrize("header", ["2", "date:2"])
def test_retry_after_is_respected(portal, portal_settings, make_worker, make_dossier, header):
    outbox = Outbox.open(portal_settings)
    outbox.enqueue(make_dossier())
    worker = make_worker(portal_settings)
    portal.set_faults(f"429=1.0:retry-after={header}")
    report = worker.run_once()
    assert report.waiting_s >= 1.5
    [first] = portal.requests()
    assert first.status == 429
    portal.set_faults(None)
    # Hammer the worker during the window: it must send nothing to the portal.
    while time.monotonic() < first.mono + 1.5:
        worker.run_once()
        worker.wake()
        time.sleep(0.01)
    assert len(portal.requests()) == 1
    assert worker.run_until_empty(10)
    after = portal.requests()[1]
    assert after.mono - first.mono >= 2.0 - 0.05
    outbox.close()


class _Crash(BaseException):
    """Stands for the process dying: nothing in the worker catches it."""


def test_restart_mid_upload_resumes_at_the_acknowledged_offset(portal, portal_settings,
                                                               make_worker, make_dossier):
    outbox = Outbox.open(portal_settings)
    d = make_dossier(attachments=1, size=3_000_000)  # about 4 MB as JWE: 4 chunks
    outbox.enqueue(d)
    client = PortalClient.from_settings(portal_settings, StaticCredentials("itest-device-token"))
    real_patch = client.patch_upload
    done = []

    def patch_then_die(upload_id: str, offset: int, data: bytes) -> int:
        if len(done) == 2:
            raise _Crash
        done.append(offset)
        return real_patch(upload_id, offset, data)

    client.patch_upload = patch_then_die  # type: ignore[method-assign]
    worker = make_worker(portal_settings, client=client)
    with pytest.raises(_Crash):
        worker.run_until_empty(10)
    worker.close()  # what the kernel does to the lock of a killed process
    assert outbox.get(d.local_code).state == "uploading"
    mark = len(portal.requests())
    again = make_worker(portal_settings)
    assert again.run_until_empty(10)
    after = [(r.method, r.upload_offset) for r in portal.requests()[mark:]
             if r.path.startswith("/v1/uploads/")]
    assert after[0] == ("HEAD", None)
    patches = [int(o) for m, o in after if m == "PATCH"]
    assert patches[0] == 2 * 1024 * 1024  # not from zero: from the server's offset
    assert patches == sorted(patches) and len(patches) == 2
    [got] = portal.dossiers()
    assert portal.attachment(got["body"]["attachments"][0]["upload_id"]) == (
        d.attachments[0].path.read_bytes())
    outbox.close()


def test_upload_offset_conflict_answers_the_server_offset(portal, portal_settings):
    client = PortalClient.from_settings(portal_settings, StaticCredentials("itest-device-token"))
    data = b"x" * 10
    up = client.create_upload("att-1", 10, hashlib.sha256(data).hexdigest())
    assert client.patch_upload(up.upload_id, 0, data[:4]) == 4
    from kiosk.sync.client import ItemRejectedError, OffsetConflictError

    with pytest.raises(OffsetConflictError) as info:
        client.patch_upload(up.upload_id, 0, data[:4])  # a retry of a chunk that got through
    assert info.value.server_offset == 4
    assert client.create_upload("att-1", 10, hashlib.sha256(data).hexdigest()) == (
        type(up)(up.upload_id, 4))  # same key: same upload, resumable
    with pytest.raises(ItemRejectedError):
        client.create_upload("att-1", 11, hashlib.sha256(data).hexdigest())
    with pytest.raises(ItemRejectedError) as bad:
        client.patch_upload(up.upload_id, 4, b"y" * 6)  # digest mismatch at the end
    assert "digest" in bad.value.detail
    client.close()


def test_dossier_replay_is_recognised_and_a_changed_body_refused(portal, portal_settings,
                                                                 make_dossier):
    import json

    from kiosk.sync.client import ItemRejectedError

    client = PortalClient.from_settings(portal_settings, StaticCredentials("itest-device-token"))
    d = make_dossier(attachments=0)
    body = {**d.portal_fields(), "payload": d.answers, "attachments": []}
    raw = json.dumps(body).encode()
    first = client.post_dossier(d.dossier_id, raw)
    replay = client.post_dossier(d.dossier_id, json.dumps(body, indent=1).encode())
    assert replay == first and first["status"] == "received"
    statuses = [r.status for r in portal.requests("POST", "/v1/dossiers")]
    assert statuses == [201, 200]
    changed = json.dumps({**body, "local_code": "OTHER"}).encode()
    with pytest.raises(ItemRejectedError) as info:
        client.post_dossier(d.dossier_id, changed)
    assert "different body" in info.value.detail
    assert len(portal.dossiers()) == 1
    client.close()


def test_run_forever_wakes_on_new_dossiers_and_sends_heartbeats(portal, portal_settings,
                                                                make_worker, make_dossier):
    import threading

    settings = dataclasses.replace(portal_settings, sync_backoff_base_s=5.0)
    outbox = Outbox.open(settings)
    worker = make_worker(settings, heartbeat_interval_s=0.0,
                         device_status=lambda: {"reader": "ok", "printer": "no paper"})
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # idle: nothing queued
        d = make_dossier()
        outbox.enqueue(d)
        worker.wake()
        deadline = time.monotonic() + 5
        while not portal.dossiers() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [x["dossier_id"] for x in portal.dossiers()] == [d.dossier_id]
        status = worker.status()
        assert status.online and not status.device_blocked
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
    beat = portal.heartbeats[-1]
    assert beat["kiosk_id"] == settings.kiosk_id and beat["printer"] == "no paper"
    assert set(beat) == {"kiosk_id", "version", "queue_depth", "oldest_unsent_age_s", "reader",
                         "printer"}
    outbox.close()


def test_retry_after_outlives_a_worker_restart(portal, portal_settings, make_worker,
                                               make_dossier):
    outbox = Outbox.open(portal_settings)
    outbox.enqueue(make_dossier())
    portal.set_faults("503=1.0:retry-after=2")
    first = make_worker(portal_settings)
    assert first.run_once().waiting_s > 1.5
    first.close()
    portal.set_faults(None)
    t_503 = portal.requests()[0].mono
    second = make_worker(portal_settings)  # e.g. the kiosk rebooted during the wait
    while time.monotonic() < t_503 + 1.5:
        second.run_once()
        time.sleep(0.02)
    assert len(portal.requests()) == 1
    assert second.run_until_empty(10)
    assert portal.requests()[1].mono - t_503 >= 1.9
    outbox.close()
