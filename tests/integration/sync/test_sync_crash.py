"""kill -9 at random moments, many rounds: during enqueue (confirm) and during sync. After
restarting, nothing confirmed is lost, nothing is partial, nothing reaches the portal twice."""

from __future__ import annotations

import hashlib
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from kiosk.sync import envelope
from kiosk.sync.outbox import Outbox

pytestmark = [pytest.mark.portal, pytest.mark.slow]

CHILD = Path(__file__).with_name("sync_crash_child.py")
ENQUEUE_ROUNDS = 12
SYNC_ROUNDS = 10


def _kill_after(proc: subprocess.Popen[str], seconds: float) -> str:
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    return out


def test_kill_during_enqueue_loses_nothing_confirmed(tmp_path):
    rng = random.Random(20261122)
    data = tmp_path / "kiosk"
    private = envelope.load_or_create_private_key(tmp_path / "portal.jwk", bits=2048)
    key = envelope.PortalKey.from_response(envelope.published_key(private))
    confirmed: list[str] = []
    for round_no in range(ENQUEUE_ROUNDS):
        # Half the rounds encrypt at enqueue (a key is cached), half store for later.
        if round_no % 2:
            envelope.save_cached_key(data / "outbox", key)
        else:
            envelope.clear_cached_key(data / "outbox")
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(data), str(tmp_path / "files"),
             str(round_no * 1000)],
            stdout=subprocess.PIPE, text=True,
        )
        confirmed += _kill_after(proc, rng.uniform(0.3, 0.9)).split()
        assert proc.returncode == -signal.SIGKILL  # it was enqueueing, not failing
    assert len(confirmed) > 3 * ENQUEUE_ROUNDS  # the kills did land mid-stream

    # The child's seeds give its dossier ids and how many attachments each one has.
    expected_attachments = {
        str(uuid.UUID(int=random.Random(seed).getrandbits(128), version=4)): 1 + seed % 3
        for round_no in range(ENQUEUE_ROUNDS)
        for seed in range(round_no * 1000, round_no * 1000 + 999)
    }
    db = sqlite3.connect(data / "outbox" / "outbox.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    outbox = Outbox(data / "outbox")
    stored = {e.dossier_id: e for e in outbox.list()}
    assert set(confirmed) <= set(stored)  # every "saved" dossier is there
    assert len(stored) - len(confirmed) <= ENQUEUE_ROUNDS  # at most one committed per kill
    for entry in stored.values():
        assert entry.state == "queued"
        assert outbox.read_payload(entry)  # payload complete and readable
        assert len(entry.attachments) == expected_attachments[entry.dossier_id]
        for att in entry.attachments:
            data_bytes = outbox.read_chunk(att, 0, att.size + 1)  # the bytes to upload
            assert hashlib.sha256(data_bytes).hexdigest() == att.sha256
            assert len(data_bytes) == att.size
    # Files of enqueues that never committed are swept; committed ones are all kept.
    outbox.sweep_orphans(grace_s=0)
    assert {p.name for p in outbox.blobs.root.iterdir()} == outbox.blob_names_in_use()
    outbox.close()


def test_kill_during_sync_delivers_each_dossier_exactly_once(tmp_path, start_portal,
                                                              make_dossier, sync_settings,
                                                              kiosk_env):
    rng = random.Random(7)
    portal = start_portal(faults="reset-after=0.05,500=0.05,slow=0.05:0.3s,seed=3")
    env = kiosk_env(portal_read_timeout_s="2", log_level="WARNING")
    kiosk = [sys.executable, "-m", "kiosk", "--data-dir", str(sync_settings.data_dir)]
    subprocess.run([*kiosk, "token", "set"], input="itest-device-token\n", env=env, check=True,
                   capture_output=True, text=True)
    outbox = Outbox.open(sync_settings)
    dossiers = [make_dossier(attachments=1 + i % 2, size=2_500_000 if i % 4 == 0 else 5000)
                for i in range(12)]
    for d in dossiers:
        outbox.enqueue(d)
    sync = [*kiosk, "sync", "--until-empty", "--timeout", "60", "--portal", portal.url]
    kills = 0
    for _ in range(SYNC_ROUNDS):
        proc = subprocess.Popen(sync, env=env, stdout=subprocess.PIPE, text=True,
                                stderr=subprocess.DEVNULL)
        _kill_after(proc, rng.uniform(0.3, 1.6))
        kills += proc.returncode == -signal.SIGKILL
        if outbox.counts().get("queued", 0) + outbox.counts().get("uploading", 0) == 0:
            break
    assert kills >= 3
    resumed = [r for r in portal.requests("HEAD")]
    print(f"kills={kills} sent_before_final={outbox.counts()} heads={len(resumed)}")
    final = subprocess.run(sync, env=env, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr

    received = portal.dossiers()
    assert sorted(r["dossier_id"] for r in received) == sorted(d.dossier_id for d in dossiers)
    created = [r for r in portal.requests("POST", "/v1/dossiers") if 201 in (r.status, r.acted)]
    assert len(created) == len(dossiers)
    by_id = {r["dossier_id"]: r for r in received}
    for d in dossiers:
        got = by_id[d.dossier_id]
        assert got["payload"] == d.answers
        refs = got["body"]["attachments"]
        assert [portal.attachment(r["upload_id"]) for r in refs] == [
            a.path.read_bytes() for a in d.attachments]
        assert outbox.get(d.local_code).state in ("sent", "acknowledged")
    outbox.close()
