"""A damaged or lost outbox database, on real SQLite files: never silently replaced, never a
traceback, no blob deleted, and `kiosk queue recover` rebuilds the queue from the blobs so
every dossier still reaches the portal exactly once."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.sync.errors import OutboxDamagedError
from kiosk.sync.outbox import Outbox
from kiosk.sync.outbox_store import DB_FILE, MARKER_FILE

pytestmark = pytest.mark.portal

ANSWERS = Path(__file__).resolve().parents[2] / "data" / "answers"


@pytest.fixture
def kiosk(sync_settings: Any, kiosk_env: Any) -> Any:
    env = kiosk_env()

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kiosk", "--data-dir", str(sync_settings.data_dir), *args],
            input=stdin, env=env, capture_output=True, text=True, timeout=180, check=False)

    run("token", "set", stdin="itest-device-token\n")
    return run


def _queue(sync_settings: Any, make_dossier: Any, n: int) -> list[Any]:
    dossiers = [make_dossier(attachments=1 + i % 2, size=3000) for i in range(n)]
    with Outbox.open(sync_settings) as outbox:
        for d in dossiers:
            outbox.enqueue(d)
    return dossiers


def _age_blobs(root: Path, seconds: float = 3600) -> set[str]:
    """Make every blob look old (an orphan sweep's grace would not protect them)."""
    old = time.time() - seconds
    names = set()
    for p in (root / "blobs").iterdir():
        os.utime(p, (old, old))
        names.add(p.name)
    return names


def _assert_every_entry_point_refuses(kiosk: Any, portal_url: str) -> None:
    """`queue list`, `sync` and `dossier new` each say [outbox_damaged], no traceback."""
    _assert_clear_refusal(kiosk("queue", "list"))
    _assert_clear_refusal(kiosk("sync", "--once", "--portal", portal_url))
    answers = ANSWERS / "1.001193.json"
    photo = f"birth_certificate_photo={ANSWERS / 'document.jpg'}"
    _assert_clear_refusal(kiosk("dossier", "new", "--service", "1.001193", "--answers",
                                str(answers), "--attach", photo))


def _assert_clear_refusal(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "sqlite3." not in done.stderr, done.stderr
    assert "[outbox_damaged]" in done.stderr, done.stderr


@pytest.mark.parametrize("loss", ["zero-length", "deleted"])
def test_a_lost_database_stops_everything_and_recover_brings_every_dossier_back(
        loss, kiosk, sync_settings, make_dossier, start_portal):
    dossiers = _queue(sync_settings, make_dossier, 3)
    root = sync_settings.data_dir / "outbox"
    for suffix in ("", "-wal", "-shm"):
        path = root / f"{DB_FILE}{suffix}"
        if suffix == "" and loss == "zero-length":
            path.write_bytes(b"")  # a crash during a copy, a bad restore
        else:
            path.unlink(missing_ok=True)
    blobs = _age_blobs(root)
    portal = start_portal()

    with pytest.raises(OutboxDamagedError):
        Outbox.open(sync_settings)
    _assert_every_entry_point_refuses(kiosk, portal.url)
    doctor = kiosk("doctor", "--json")
    assert "outbox damaged" in doctor.stdout and "queue recover" in doctor.stdout
    assert {p.name for p in (root / "blobs").iterdir()} == blobs  # not one blob deleted
    assert portal.requests() == []

    recovered = kiosk("queue", "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert "recovered 3 dossier(s)" in recovered.stdout
    listed = kiosk("queue", "list")
    assert listed.returncode == 0 and all(d.local_code in listed.stdout for d in dossiers)
    done = kiosk("sync", "--until-empty", "--timeout", "60", "--portal", portal.url)
    assert done.returncode == 0, done.stderr
    delivered = [d["dossier_id"] for d in portal.dossiers()]
    assert sorted(delivered) == sorted(d.dossier_id for d in dossiers)  # each exactly once
    with Outbox.open(sync_settings) as outbox:  # receipts still reprint from the new store
        record = outbox.receipt_record(dossiers[0].local_code)
        assert record.facts.applicant_name == dossiers[0].receipt.applicant_name


def test_a_damaged_page_is_a_clear_error_everywhere_and_recoverable(
        kiosk, sync_settings, make_dossier, start_portal):
    dossiers = _queue(sync_settings, make_dossier, 40)
    root = sync_settings.data_dir / "outbox"
    db = root / DB_FILE
    with Outbox.open(sync_settings) as outbox:
        outbox._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = 4096
    pages = db.stat().st_size // page
    assert pages > 4
    rng = random.Random(3)
    with db.open("r+b") as f:  # one page in the middle overwritten with garbage
        f.seek(rng.randrange(2, pages) * page)
        f.write(rng.randbytes(page))
    _age_blobs(root)
    portal = start_portal()

    _assert_every_entry_point_refuses(kiosk, portal.url)

    recovered = kiosk("queue", "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert "recovered 40 dossier(s)" in recovered.stdout
    assert list(root.glob("damaged-*/" + DB_FILE))  # the evidence is kept
    done = kiosk("sync", "--until-empty", "--timeout", "90", "--portal", portal.url)
    assert done.returncode == 0, done.stderr
    assert sorted(d["dossier_id"] for d in portal.dossiers()) == sorted(
        d.dossier_id for d in dossiers)


def test_a_database_from_elsewhere_is_not_taken_for_this_kiosks(sync_settings, make_dossier,
                                                                tmp_path):
    _queue(sync_settings, make_dossier, 1)
    root = sync_settings.data_dir / "outbox"
    marker = (root / MARKER_FILE).read_text(encoding="utf-8")
    (root / MARKER_FILE).write_text(marker.replace('"store_id": "', '"store_id": "x'),
                                    encoding="utf-8")
    with pytest.raises(OutboxDamagedError, match="not the store"):
        Outbox.open(sync_settings)


def test_orphans_of_a_killed_enqueue_go_at_the_next_start(sync_settings, make_dossier,
                                                         make_worker, portal_settings):
    kept = _queue(sync_settings, make_dossier, 1)[0]
    root = sync_settings.data_dir / "outbox"
    # What a kill between the blobs and the commit leaves: fresh files no row names.
    orphan = "0e6d2f1c-1111-4222-8333-944455556666.abcdef012345"
    for suffix in (".payload", ".0.att", ".manifest"):
        (root / "blobs" / f"{orphan}{suffix}").write_bytes(b"a citizen's data")
    (root / "blobs" / ".tmp-0123").write_bytes(b"half a blob")
    worker = make_worker(portal_settings)
    worker.run_once()
    names = {p.name for p in (root / "blobs").iterdir()}
    assert not any(n.startswith(orphan) or n.startswith(".tmp-") for n in names)
    assert any(n.startswith(kept.dossier_id) for n in names) or worker.outbox.get(
        kept.local_code).state in ("sent", "acknowledged")


def test_recover_leaves_a_healthy_outbox_alone(kiosk, sync_settings, make_dossier):
    dossiers = _queue(sync_settings, make_dossier, 2)
    root = sync_settings.data_dir / "outbox"
    done = kiosk("queue", "recover")
    assert done.returncode == 0 and "healthy" in done.stdout
    assert not list(root.glob("damaged-*"))  # nothing moved aside
    forced = kiosk("queue", "recover", "--force")
    assert forced.returncode == 0
    assert "recovered 2 dossier(s): 2 from readable rows" in forced.stdout
    with Outbox.open(sync_settings) as outbox:
        assert {e.local_code for e in outbox.list()} == {d.local_code for d in dossiers}


def test_recover_without_an_outbox_says_so(kiosk, sync_settings):
    done = kiosk("queue", "recover")
    assert done.returncode == 1 and "no outbox" in done.stderr


def test_recover_sets_aside_what_it_cannot_place_and_deletes_nothing(
        kiosk, sync_settings, make_dossier):
    kept = _queue(sync_settings, make_dossier, 1)[0]
    root = sync_settings.data_dir / "outbox"
    blobs = root / "blobs"
    # A damaged manifest, and the blob of a dossier no manifest or row describes.
    (blobs / "0e6d2f1c-1111-4222-8333-944455556666.abcdef012345.manifest").write_text("{oops")
    (blobs / "0e6d2f1c-1111-4222-8333-944455556666.abcdef012345.payload").write_bytes(b"x")
    (root / DB_FILE).write_bytes(b"")
    done = kiosk("queue", "recover")
    assert done.returncode == 0, done.stderr
    assert "recovered 1 dossier(s)" in done.stdout and "unrecovered" in done.stderr
    aside = {p.name for p in (root / "unrecovered").iterdir()}
    assert aside == {"0e6d2f1c-1111-4222-8333-944455556666.abcdef012345.manifest",
                     "0e6d2f1c-1111-4222-8333-944455556666.abcdef012345.payload"}
    with Outbox.open(sync_settings) as outbox:
        assert outbox.get(kept.local_code).state == "queued"
