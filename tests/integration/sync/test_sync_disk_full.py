"""A real full disk (a tiny tmpfs): the confirm fails with the typed error, nothing partial
is left, and what was saved before is intact. Needs the right to mount (root in CI)."""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.sync.errors import OutboxFullError
from kiosk.sync.outbox import Outbox


@pytest.fixture
def tiny_disk(tmp_path):
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_disk_full_at_confirm_is_typed_and_leaves_nothing_partial(tiny_disk: Path, make_dossier,
                                                                  caplog, sync_factory):
    caplog.set_level(logging.DEBUG)
    outbox = Outbox(tiny_disk / "outbox")
    saved = []
    error: OutboxFullError | None = None
    for _ in range(100):
        dossier = make_dossier(attachments=2, size=150_000)
        try:
            outbox.enqueue(dossier)
        except OutboxFullError as exc:
            error = exc
            break
        saved.append(dossier)
    assert error is not None, "3 MiB never filled up"
    assert saved, "the disk filled before the first dossier"
    assert error.message("vi") and error.message("en")
    entries = {e.dossier_id: e for e in outbox.list()}
    assert set(entries) == {d.dossier_id for d in saved}  # the failed one left no row
    for d in saved:
        for att, original in zip(entries[d.dossier_id].attachments, d.attachments, strict=True):
            data = outbox.read_chunk(att, 0, att.size + 1)  # unsealed: the bytes to upload
            assert data == original.path.read_bytes()
            assert hashlib.sha256(data).hexdigest() == att.sha256
    files = {p.name for p in outbox.blobs.root.iterdir()}
    assert files == outbox.blob_names_in_use()  # no blob or temp file of the failed one
    for secret in (sync_factory.SECRET_NAME, sync_factory.SECRET_ID_NUMBER):
        assert secret not in caplog.text
    outbox.close()
