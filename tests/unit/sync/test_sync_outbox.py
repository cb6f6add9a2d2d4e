"""The outbox: durable enqueue, nothing partial on failure, receipts, admin actions."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.dossier.masking import mask_id_number
from kiosk.sync import blobs as blobs_module
from kiosk.sync import envelope
from kiosk.sync.errors import (
    InvalidStateError,
    OutboxError,
    OutboxFullError,
    UnknownDossierError,
)
from kiosk.sync.outbox import Outbox
from kiosk.sync.outbox_schema import SCHEMA_VERSION, connect
from kiosk.sync.worker_lock import enqueue_gate


def _files(box: Outbox) -> set[str]:
    return {p.name for p in box.blobs.root.iterdir()}


def _key(tmp_path: Path) -> tuple[envelope.PortalKey, object]:
    private = envelope.load_or_create_private_key(tmp_path / "portal.jwk", bits=2048)
    return envelope.PortalKey.from_response(envelope.published_key(private)), private


def test_enqueue_is_durable_and_complete(outbox, make_dossier):
    dossier = make_dossier(attachments=2, size=5000)
    outbox.enqueue(dossier)
    # A second connection (another process) sees it committed.
    db = connect(outbox.root / "outbox.sqlite3")
    row = db.execute("SELECT state, local_code FROM dossier").fetchone()
    assert (row["state"], row["local_code"]) == ("queued", dossier.local_code)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    entry = outbox.get(dossier.local_code)
    for att, original in zip(entry.attachments, dossier.attachments, strict=True):
        stored = outbox.blobs.read(att.blob)
        plain = original.path.read_bytes()
        # No portal key cached: sealed at rest, read back (and uploaded) as given.
        assert att.sealed and stored.startswith(b"KSL1") and plain[:64] not in stored
        data = outbox.read_chunk(att, 0, 10**6)
        assert data == plain
        assert att.sha256 == hashlib.sha256(data).hexdigest() and att.size == len(data)
    assert _files(outbox) == outbox.blob_names_in_use()


def test_enqueue_twice_is_a_no_op_but_a_clash_is_an_error(outbox, make_dossier):
    dossier = make_dossier()
    outbox.enqueue(dossier)
    outbox.enqueue(dossier)
    assert len(outbox.list()) == 1
    clash = make_dossier()
    clash = type(clash)(**{**clash.__dict__, "local_code": dossier.local_code})
    with pytest.raises(OutboxError):
        outbox.enqueue(clash)
    assert len(outbox.list()) == 1


def test_with_a_cached_key_the_queue_holds_only_ciphertext(outbox, make_dossier, tmp_path,
                                                            sync_factory):
    key, private = _key(tmp_path)
    envelope.save_cached_key(outbox.root, key)
    dossier = make_dossier(attachments=1)
    outbox.enqueue(dossier)
    entry = outbox.get(dossier.dossier_id)
    assert entry.payload_encrypted and entry.key_id == key.kid
    on_disk = b"".join(p.read_bytes() for p in outbox.blobs.root.iterdir())
    on_disk += (outbox.root / "outbox.sqlite3").read_bytes()
    for secret in (sync_factory.SECRET_ID_NUMBER, sync_factory.SECRET_ADDRESS):
        assert secret.encode() not in on_disk
    plain, header = envelope.decrypt(outbox.read_payload(entry), private)
    assert header["kid"] == key.kid and b"child_name" in plain
    att = entry.attachments[0]
    data, header = envelope.decrypt(outbox.blobs.read(att.blob), private)
    assert data == dossier.attachments[0].path.read_bytes()
    assert header["cty"] == "image/jpeg"
    # Upload digests are of the ciphertext actually uploaded.
    assert att.sha256 == hashlib.sha256(outbox.blobs.read(att.blob)).hexdigest()


def test_plaintext_stored_without_key_is_encrypted_once_a_key_is_known(outbox, make_dossier,
                                                                       tmp_path):
    dossier = make_dossier(attachments=2)
    outbox.enqueue(dossier)
    before = _files(outbox)
    key, private = _key(tmp_path)
    [pending] = outbox.plaintext_pending()
    assert outbox.encrypt_stored(pending, key)
    entry = outbox.get(dossier.dossier_id)
    assert entry.payload_encrypted and all(a.encrypted for a in entry.attachments)
    assert not (before & _files(outbox))  # the plaintext files are gone
    assert outbox.plaintext_pending() == []
    assert envelope.decrypt(outbox.read_payload(entry), private)[0].startswith(b"{")


def test_receipt_record_keeps_minimal_masked_facts(outbox, make_dossier, sync_factory):
    dossier = make_dossier()
    facts = dossier.receipt
    leaky = type(facts)(**{**facts.__dict__, "id_number_masked": sync_factory.SECRET_ID_NUMBER})
    dossier = type(dossier)(**{**dossier.__dict__, "receipt": leaky})
    outbox.enqueue(dossier)
    record = outbox.receipt_record(dossier.local_code)
    assert record.facts.id_number_masked == "*" * 8 + sync_factory.SECRET_ID_NUMBER[-4:]
    assert record.facts.documents == facts.documents
    assert record.facts.appointment_at == facts.appointment_at
    assert record.official_code is None
    outbox.set_official_code(dossier.local_code, "H26.22.01-261122-0007")
    assert outbox.receipt_record("H26.22.01-261122-0007").local_code == dossier.local_code
    db_bytes = (outbox.root / "outbox.sqlite3").read_bytes()
    db_bytes += (outbox.root / "outbox.sqlite3-wal").read_bytes()
    assert sync_factory.SECRET_ID_NUMBER.encode() not in db_bytes
    with pytest.raises(UnknownDossierError) as info:
        outbox.receipt_record("NO-SUCH-CODE")
    assert info.value.message("vi") and info.value.message("en")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("********2345", "********2345"), ("001199012345", "********2345"), ("", "")],
)
def test_mask_id_number(given, expected):
    assert mask_id_number(given) == expected


def _enospc_after(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    written = {"n": 0}
    real_write = os.write

    def write(fd: int, data: bytes | memoryview) -> int:
        if written["n"] + len(data) > limit:
            raise OSError(errno.ENOSPC, "No space left on device")
        written["n"] += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(blobs_module.os, "write", write)


@pytest.mark.parametrize("limit", [0, 3000, 9000])
def test_disk_full_while_writing_blobs_leaves_nothing(outbox, make_dossier, monkeypatch, limit):
    keep = make_dossier()
    outbox.enqueue(keep)
    files_before = _files(outbox)
    dossier = make_dossier(attachments=3, size=4000)
    _enospc_after(limit, monkeypatch)
    with pytest.raises(OutboxFullError) as info:
        outbox.enqueue(dossier)
    assert "đầy" in info.value.message("vi") and "full" in info.value.message("en")
    assert [e.dossier_id for e in outbox.list()] == [keep.dossier_id]
    assert _files(outbox) == files_before  # no blob, no temp file
    monkeypatch.undo()
    outbox.enqueue(dossier)  # space is back: the same confirm now works
    assert len(outbox.list()) == 2


def test_database_full_at_commit_leaves_nothing(outbox, make_dossier):
    outbox.enqueue(make_dossier())
    files_before = _files(outbox)
    pages = outbox._db.execute("PRAGMA page_count").fetchone()[0]
    outbox._db.execute(f"PRAGMA max_page_count = {pages}")
    big = make_dossier()
    # Long notes need overflow pages the database may no longer grow to.
    facts = type(big.receipt)(**{**big.receipt.__dict__, "notes_vi": "x" * 50_000})
    big = type(big)(**{**big.__dict__, "receipt": facts})
    with pytest.raises(OutboxFullError):
        outbox.enqueue(big)
    assert len(outbox.list()) == 1
    assert _files(outbox) == files_before


def test_missing_attachment_file_is_a_typed_error(outbox, make_dossier):
    dossier = make_dossier(attachments=1)
    dossier.attachments[0].path.unlink()
    with pytest.raises(OutboxError):
        outbox.enqueue(dossier)
    assert outbox.list() == [] and _files(outbox) == set()


def test_sweep_removes_only_orphans(outbox, make_dossier):
    outbox.enqueue(make_dossier())
    (outbox.blobs.root / ".tmp-deadbeef").write_bytes(b"half")
    (outbox.blobs.root / "crashed.abc.payload").write_bytes(b"never committed")
    with enqueue_gate(outbox.root):  # an enqueue in flight (any process): they may be its
        assert outbox.sweep_orphans(grace_s=3600) == []
    # No enqueue running: nobody can claim them, and they may hold a citizen's data.
    assert sorted(outbox.sweep_orphans(grace_s=3600)) == [".tmp-deadbeef",
                                                          "crashed.abc.payload"]
    assert _files(outbox) == outbox.blob_names_in_use()


def test_retry_rules(outbox, make_dossier):
    dossier = make_dossier()
    outbox.enqueue(dossier)
    entry = outbox.claim_next(allow_plaintext=True)
    assert entry is not None
    outbox.mark_quarantined(entry.dossier_id, "HTTP 422: service_code: unknown")
    assert outbox.get(dossier.local_code).last_error == "HTTP 422: service_code: unknown"
    again = outbox.retry(dossier.local_code)
    assert (again.state, again.attempts, again.last_error) == ("queued", 0, None)
    entry = outbox.claim_next(allow_plaintext=True)
    outbox.mark_sent(entry.dossier_id, "H26-1", "received", 0.0)
    with pytest.raises(InvalidStateError):
        outbox.retry(dossier.local_code)  # sent and known to the portal: no resend


def test_purge_after_retention(outbox, make_dossier):
    now = [1_000_000.0]
    outbox.clock = lambda: now[0]
    dossier = make_dossier()
    outbox.enqueue(dossier)
    entry = outbox.claim_next(allow_plaintext=True)
    outbox.mark_sent(entry.dossier_id, "H26-1", "received", now[0])
    outbox.record_status(entry.dossier_id, status="completed", message=None,
                         official_code=None, final=True, next_poll_at=None)
    assert outbox.get(dossier.local_code).state == "acknowledged"
    assert _files(outbox) == set()  # blobs go at acknowledgement
    assert outbox.purge(timedelta(days=30)) == 0
    now[0] += 31 * 86400
    forgotten: list[str] = []
    assert outbox.purge(timedelta(days=30), on_purged=forgotten.append) == 1
    assert outbox.list() == []
    assert forgotten == [dossier.local_code]  # so the kept receipt goes with it


def test_schema_newer_than_program_is_refused(tmp_path):
    root = tmp_path / "outbox"
    Outbox(root).close()
    db = sqlite3.connect(root / "outbox.sqlite3")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(OutboxError):
        Outbox(root)


def test_reopen_keeps_everything(sync_settings, make_dossier):
    box = Outbox.open(sync_settings)
    dossier = make_dossier(attachments=2)
    box.enqueue(dossier)
    box.close()
    again = Outbox.open(sync_settings)
    assert again.get(dossier.dossier_id).attachments[1].name == "giay-to-1.jpg"
    again.close()


def test_leftovers_of_an_interrupted_encryption_go_at_once(outbox, make_dossier):
    dossier = make_dossier()
    outbox.enqueue(dossier)
    # As if a crash hit between encrypt_stored's commit and its removal of the old files.
    stale = outbox.blobs.root / f"{dossier.dossier_id}.0123456789ab.payload"
    stale.write_bytes(b"plaintext left behind")
    assert outbox.sweep_orphans() == [stale.name]  # no grace: no enqueue can claim it


def test_what_an_older_version_stored_in_plaintext_is_sealed(outbox, make_dossier,
                                                            sync_factory):
    from kiosk.sync.outbox_records import receipt_facts_to_json

    dossier = make_dossier(attachments=1, size=5000)
    outbox.enqueue(dossier)
    entry = outbox.get(dossier.local_code)
    att = entry.attachments[0]
    plain = dossier.attachments[0].path.read_bytes()
    # As version 1 left it: the paper and the receipt facts in clear.
    outbox.blobs.write(att.blob, plain)
    with outbox._tx() as db:
        db.execute("UPDATE attachment SET sealed = 0 WHERE attachment_id = ?",
                   (att.attachment_id,))
        db.execute("UPDATE dossier SET receipt_json = ? WHERE dossier_id = ?",
                   (receipt_facts_to_json(dossier.receipt), dossier.dossier_id))
    assert outbox.seal_legacy() == 1
    after = outbox.get(dossier.local_code).attachments[0]
    assert after.sealed and plain[:64] not in outbox.blobs.read(after.blob)
    assert outbox.read_chunk(after, 0, 10**6) == plain
    assert outbox.receipt_record(dossier.local_code).facts.applicant_name == \
        sync_factory.SECRET_NAME
    outbox._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = (outbox.root / "outbox.sqlite3").read_bytes()
    assert sync_factory.SECRET_NAME.encode() not in raw
    assert outbox.seal_legacy() == 0  # nothing left to seal
