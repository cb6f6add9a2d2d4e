"""The worker's state machine against a scripted in-memory portal (no HTTP): quarantine,
device block, transient retries with backoff, fairness, encryption policy, status polls."""

from __future__ import annotations

import dataclasses
import time
from collections import defaultdict
from typing import Any, cast

import pytest

from kiosk.sync import envelope
from kiosk.sync.client import (
    DeviceRefusedError,
    ItemRejectedError,
    OffsetConflictError,
    PortalBusyError,
    PortalClient,
    PortalConnectionError,
    PortalNotFoundError,
    TransientError,
    Upload,
)
from kiosk.sync.credentials import StaticCredentials
from kiosk.sync.worker import SyncWorker

KEY_CACHE: dict[str, Any] = {}


def portal_key(tmp_path_factory: pytest.TempPathFactory) -> envelope.PortalKey:
    if "key" not in KEY_CACHE:
        private = envelope.load_or_create_private_key(
            tmp_path_factory.mktemp("key") / "k.jwk", bits=2048)
        KEY_CACHE["key"] = envelope.PortalKey.from_response(envelope.published_key(private))
    return cast(envelope.PortalKey, KEY_CACHE["key"])


class FakePortal:
    """Duck-types PortalClient; `fail[dossier_id]` lists exceptions its POSTs raise first."""

    base_url = "http://127.0.0.1:9"

    def __init__(self, key: envelope.PortalKey | None) -> None:
        self.key = key
        self.fail: dict[str, list[Exception]] = defaultdict(list)
        self.patch_fail: list[Exception] = []
        self.health_fail: list[Exception] = []
        self.status_answers: dict[str, Any] = {}
        self.uploads: dict[str, list[int]] = {}  # id -> [offset, length]
        self.posted: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self._hold_until = 0.0
        self.failures_in_a_row = 1  # what PortalClient.failures(kind) answers
        self.unanswered_in_a_row = 1  # what PortalClient.unanswered() answers

    on_hold: Any = None  # PortalClient.on_hold: the worker persists Retry-After with it

    def set_pass_end(self, ends_at: float | None) -> None:
        self.pass_end = ends_at

    def failures(self, kind: str) -> int:
        return self.failures_in_a_row

    def unanswered(self) -> int:
        return self.unanswered_in_a_row

    def wait_remaining(self) -> float:
        return max(0.0, self._hold_until - time.monotonic())

    def hold(self, seconds: float) -> None:
        self._hold_until = max(self._hold_until, time.monotonic() + seconds)

    def close(self) -> None:
        pass

    def health(self) -> dict[str, Any]:
        self.calls.append("health")
        if self.health_fail:
            raise self.health_fail.pop(0)
        return {"status": "ok"}

    def dossier_key(self) -> envelope.PortalKey | None:
        self.calls.append("key")
        return self.key

    def create_upload(self, key: str, length: int, sha256: str) -> Upload:
        self.calls.append("create")
        upload_id = f"u-{key}"
        self.uploads.setdefault(upload_id, [0, length])
        return Upload(upload_id, self.uploads[upload_id][0])

    def upload_offset(self, upload_id: str) -> tuple[int, int]:
        self.calls.append("head")
        if upload_id not in self.uploads:
            raise PortalNotFoundError("unknown", 404)
        offset, length = self.uploads[upload_id]
        return offset, length

    def patch_upload(self, upload_id: str, offset: int, data: bytes) -> int:
        self.calls.append(f"patch@{offset}")
        if self.patch_fail:
            raise self.patch_fail.pop(0)
        state = self.uploads[upload_id]
        if offset != state[0]:
            raise OffsetConflictError(state[0])
        state[0] += len(data)
        return state[0]

    def post_dossier(self, dossier_id: str, body: bytes) -> dict[str, Any]:
        self.calls.append(f"post:{dossier_id}")
        if self.fail[dossier_id]:
            raise self.fail[dossier_id].pop(0)
        import json

        self.posted.append(json.loads(body))
        return {"dossier_id": dossier_id, "official_code": f"H26-{len(self.posted):04d}",
                "status": "received"}

    def dossier_status(self, dossier_id: str) -> dict[str, Any]:
        self.calls.append(f"status:{dossier_id}")
        answer = self.status_answers.get(dossier_id,
                                         {"dossier_id": dossier_id, "status": "processing"})
        if isinstance(answer, Exception):
            raise answer
        return cast(dict[str, Any], answer)

    def heartbeat(self, body: Any) -> None:
        self.calls.append("heartbeat")


@pytest.fixture
def fake(tmp_path_factory: pytest.TempPathFactory) -> FakePortal:
    return FakePortal(portal_key(tmp_path_factory))


def worker_for(settings: Any, outbox: Any, fake: FakePortal, **kw: Any) -> SyncWorker:
    return SyncWorker(settings, outbox=outbox, client=cast(PortalClient, fake),
                      credentials=kw.pop("credentials", StaticCredentials("tok")),
                      heartbeat_interval_s=None, **kw)


def test_sends_oldest_first_and_records_official_codes(sync_settings, outbox, fake,
                                                       make_dossier):
    ds = [make_dossier(attachments=1) for _ in range(3)]
    for d in ds:
        outbox.enqueue(d)
    w = worker_for(sync_settings, outbox, fake)
    report = w.run_once()
    assert report.sent == 3 and report.encrypted == 3
    assert [p["dossier_id"] for p in fake.posted] == [d.dossier_id for d in ds]
    assert all("envelope" in p and "payload" not in p for p in fake.posted)
    assert [outbox.get(d.local_code).official_code for d in ds] == ["H26-0001", "H26-0002",
                                                                    "H26-0003"]
    assert fake.calls[:2] == ["health", "key"]
    w.close()


def test_rejected_dossier_is_quarantined_and_others_go_on(sync_settings, outbox, fake,
                                                         make_dossier):
    bad, good = make_dossier(), make_dossier()
    outbox.enqueue(bad)
    outbox.enqueue(good)
    fake.fail[bad.dossier_id] = [ItemRejectedError("HTTP 422: service_code: unknown", 422)]
    w = worker_for(sync_settings, outbox, fake)
    report = w.run_once()
    assert (report.quarantined, report.sent) == (1, 1)
    entry = outbox.get(bad.local_code)
    assert entry.state == "quarantined" and "service_code: unknown" in (entry.last_error or "")
    assert outbox.get(good.local_code).state == "sent"
    assert w.run_until_empty(2.0)  # a quarantined dossier does not keep the queue "non-empty"
    w.close()


def test_401_blocks_the_device_and_keeps_everything(sync_settings, outbox, fake, make_dossier):
    first, second = make_dossier(), make_dossier()
    outbox.enqueue(first)
    outbox.enqueue(second)
    fake.fail[first.dossier_id] = [DeviceRefusedError("refused", 401)]
    alerts: list[str] = []
    w = worker_for(sync_settings, outbox, fake, on_alert=alerts.append)
    report = w.run_once()
    assert report.blocked and alerts == ["device_blocked"]
    assert outbox.get(first.local_code).state == "blocked"
    assert outbox.get(second.local_code).state == "queued"  # not tried after the 401
    calls = len(fake.calls)
    assert w.run_once().blocked and len(fake.calls) == calls  # nothing sent while blocked
    assert not w.run_until_empty(0.2)
    assert len(outbox.blob_names_in_use()) == 6  # payloads, attachments, manifests all kept
    w.close()
    # A new token lifts the block and the blocked dossier goes back to the queue.
    w2 = worker_for(sync_settings, outbox, fake, credentials=StaticCredentials("tok-2"))
    assert w2.run_until_empty(2.0)
    assert {p["dossier_id"] for p in fake.posted} == {first.dossier_id, second.dossier_id}
    w2.close()


def test_transient_error_backs_off_the_item_and_the_portal(sync_settings, outbox, fake,
                                                           make_dossier):
    settings = dataclasses.replace(sync_settings, sync_backoff_base_s=0.5)
    d = make_dossier()
    outbox.enqueue(d)
    fake.fail[d.dossier_id] = [TransientError("POST /v1/dossiers", 503, "dossier-post")]
    w = worker_for(settings, outbox, fake)
    before = time.time()
    report = w.run_once()
    entry = outbox.get(d.local_code)
    assert report.retried == 1 and entry.state == "queued" and entry.attempts == 1
    assert before <= entry.next_attempt_at <= time.time() + settings.sync_backoff_base_s
    assert entry.last_error == "503 POST /v1/dossiers"
    # One failure among answers is the item's business: the portal is not paused ...
    assert report.waiting_s == 0.0
    assert w.run_until_empty(2.0)
    assert outbox.get(d.local_code).attempts == 2
    # ... but the same kind of request failing again and again pauses the whole portal.
    fake.failures_in_a_row = 3
    again = make_dossier()
    outbox.enqueue(again)
    fake.fail[again.dossier_id] = [TransientError("POST /v1/dossiers", 503, "dossier-post")]
    w.run_once()
    assert 0.0 < w.client.wait_remaining() <= settings.sync_backoff_base_s
    w.close()


def test_a_dossier_that_keeps_failing_never_starves_the_others(sync_settings, outbox, fake,
                                                               make_dossier):
    stuck = make_dossier()
    outbox.enqueue(stuck)
    others = [make_dossier() for _ in range(3)]
    for d in others:
        outbox.enqueue(d)
    fake.fail[stuck.dossier_id] = [PortalBusyError("in progress", 409) for _ in range(50)]
    w = worker_for(sync_settings, outbox, fake)
    w.run_once()
    assert all(outbox.get(d.local_code).state == "sent" for d in others)
    assert outbox.get(stuck.local_code).state == "queued"
    # New dossiers keep going out while the stuck one retries with growing backoff.
    late = make_dossier()
    outbox.enqueue(late)
    deadline = time.monotonic() + 1.0
    while outbox.get(late.local_code).state != "sent" and time.monotonic() < deadline:
        w.run_once()
    assert outbox.get(late.local_code).state == "sent"
    w.close()


def test_encryption_required_and_no_portal_key_sends_nothing(sync_settings, outbox, fake,
                                                             make_dossier):
    fake.key = None
    outbox.enqueue(make_dossier())
    w = worker_for(sync_settings, outbox, fake)
    report = w.run_once()
    assert report.sent == 0 and fake.posted == []
    assert w.status().note and "no key" in (w.status().note or "")
    assert not w.run_until_empty(0.3)
    w.close()


def test_plaintext_allowed_by_settings_when_portal_has_no_key(sync_settings, outbox, fake,
                                                              make_dossier, sync_factory):
    fake.key = None
    settings = dataclasses.replace(sync_settings, require_encryption=False)
    d = make_dossier()
    outbox.enqueue(d)
    w = worker_for(settings, outbox, fake)
    assert w.run_until_empty(2.0)
    [posted] = fake.posted
    assert "envelope" not in posted
    assert posted["payload"]["id_number"] == sync_factory.SECRET_ID_NUMBER
    w.close()


def test_connection_failure_goes_offline_and_probes_at_the_interval(sync_settings, outbox, fake,
                                                                    make_dossier):
    settings = dataclasses.replace(sync_settings, sync_probe_interval_s=0.3)
    outbox.enqueue(make_dossier())
    fake.health_fail = [PortalConnectionError("refused")]
    w = worker_for(settings, outbox, fake)
    first = w.run_once()
    assert first.probed and not first.online
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.25:
        assert not w.run_once().probed  # at most one probe per interval while offline
    assert fake.calls.count("health") == 1
    assert w.run_until_empty(2.0)
    assert fake.calls.count("health") == 2
    w.close()


def test_upload_resumes_at_the_server_offset(sync_settings, outbox, fake, make_dossier):
    d = make_dossier(attachments=1, size=2_500_000)
    outbox.enqueue(d)
    fake.patch_fail = [PortalConnectionError("reset")]
    w = worker_for(sync_settings, outbox, fake)
    w.run_once()  # the first PATCH fails: back to the queue, offline
    entry = outbox.get(d.local_code)
    assert entry.attachments[0].upload_id is not None and entry.state == "queued"
    # Meanwhile the server got the first chunk (e.g. the answer was lost).
    upload = fake.uploads[entry.attachments[0].upload_id]
    upload[0] = 1024 * 1024
    assert w.run_until_empty(3.0)
    patches = [c for c in fake.calls if c.startswith("patch@")]
    assert patches == ["patch@0", "patch@1048576", "patch@2097152", "patch@3145728"]
    assert "head" in fake.calls
    w.close()


def test_offset_conflict_resumes_from_the_server(sync_settings, outbox, fake, make_dossier):
    d = make_dossier(attachments=1, size=2_000_000)
    outbox.enqueue(d)
    fake.patch_fail = [OffsetConflictError(0)]
    w = worker_for(sync_settings, outbox, fake)
    assert w.run_until_empty(3.0)
    w.close()


def test_status_polls_until_final_and_report_unknown(sync_settings, outbox, fake, make_dossier):
    done, lost = make_dossier(), make_dossier()
    outbox.enqueue(done)
    outbox.enqueue(lost)
    w = worker_for(sync_settings, outbox, fake)
    assert w.run_until_empty(2.0)
    fake.status_answers[done.dossier_id] = {"dossier_id": done.dossier_id, "status": "completed",
                                            "message": "Đã có kết quả."}
    fake.status_answers[lost.dossier_id] = PortalNotFoundError("unknown", 404)
    deadline = time.monotonic() + 2.0
    while outbox.get(done.local_code).state != "acknowledged" and time.monotonic() < deadline:
        w.run_once()
        time.sleep(0.02)
    assert outbox.get(done.local_code).portal_status == "completed"
    lost_entry = outbox.get(lost.local_code)
    assert (lost_entry.state, lost_entry.portal_status) == ("sent", "unknown")
    posts = [c for c in fake.calls if c == f"post:{lost.dossier_id}"]
    assert len(posts) == 1  # never resent on its own
    outbox.retry(lost.local_code)  # an admin decides to resend
    assert w.run_until_empty(2.0)
    assert [c for c in fake.calls if c == f"post:{lost.dossier_id}"] == posts * 2
    w.close()


def test_interrupted_claims_return_to_the_queue(sync_settings, outbox, fake, make_dossier):
    d = make_dossier()
    outbox.enqueue(d)
    assert outbox.claim_next(allow_plaintext=True) is not None
    assert outbox.get(d.local_code).state == "uploading"  # as if the process died here
    w = worker_for(sync_settings, outbox, fake)
    assert w.run_until_empty(2.0)
    assert outbox.get(d.local_code).state == "sent"
    w.close()


def test_only_one_worker_per_outbox(sync_settings, outbox, fake):
    from kiosk.sync.errors import WorkerBusyError

    w1 = worker_for(sync_settings, outbox, fake)
    w1.run_once()
    w2 = worker_for(sync_settings, outbox, fake)
    with pytest.raises(WorkerBusyError):
        w2.run_once()
    w1.close()
    w2.run_once()
    w2.close()


def test_losing_the_token_mid_pass_leaves_no_dangling_claim(sync_settings, outbox, fake,
                                                            make_dossier):
    from kiosk.sync.errors import CredentialsError

    d = make_dossier()
    outbox.enqueue(d)

    def post(dossier_id: str, body: bytes) -> dict[str, Any]:
        # What the real client does when the keyring no longer has the token.
        raise CredentialsError("no device token")

    fake.post_dossier = post  # type: ignore[method-assign]
    w = worker_for(sync_settings, outbox, fake)
    with pytest.raises(CredentialsError):
        w.run_once()
    entry = outbox.get(d.local_code)
    assert entry.state == "queued" and "CredentialsError" in (entry.last_error or "")
    w.close()


def test_one_reset_is_not_an_outage_but_three_unanswered_are(sync_settings, outbox, fake,
                                                            make_dossier):
    first, second = make_dossier(), make_dossier()
    outbox.enqueue(first)
    outbox.enqueue(second)
    fake.fail[first.dossier_id] = [PortalConnectionError("POST /v1/dossiers: connection reset",
                                                         kind="dossier-post")]
    settings = dataclasses.replace(sync_settings, sync_backoff_base_s=0.5)
    w = worker_for(settings, outbox, fake)
    report = w.run_once()
    assert report.online and outbox.get(second.local_code).state == "sent"  # drain went on
    assert outbox.get(first.local_code).state == "queued"
    fake.unanswered_in_a_row = 3
    third = make_dossier()
    outbox.enqueue(third)
    fake.fail[third.dossier_id] = [PortalConnectionError("POST /v1/dossiers: connection reset",
                                                         kind="dossier-post")]
    assert not w.run_once().online  # back to probing
    w.close()
