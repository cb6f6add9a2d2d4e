"""The data folder is private to the kiosk user (issue #14, item 11): folders 0700, files
0600, whatever the umask the kiosk was started with and whatever an older version left."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.data_dir import (
    PRIVATE_UMASK,
    apply_private_umask,
    secure_data_dir,
    write_private_file,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")

# What an older version left: the data dir's layout, with the modes a 022 umask gives.
OLD_FILES = (
    "outbox/outbox.sqlite3-wal",
    "outbox/outbox.sqlite3-shm",
    "outbox/portal_key.json",
    "outbox/worker.lock",
    "outbox/blobs/0c5f.payload",
    "receipts/2025/07/H26.22.01-250701-K3KX0001.pdf",
    "stats.sqlite3",
    "local-code-counter.json",
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def make_old_tree(data: Path, names: tuple[str, ...] = OLD_FILES) -> None:
    for name in names:
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    loosen(data)


def loosen(data: Path) -> None:
    """0755 folders and 0644 files, as a 022 umask made them."""
    for path in [data, *entries(data)]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def entries(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            yield Path(folder, name)


def not_private(root: Path) -> list[str]:
    """Every folder and file under ``root`` (and root) that group or others may use."""
    return [f"{oct(mode(p))} {p.relative_to(root.parent)}"
            for p in [root, *entries(root)]
            if not p.is_symlink() and mode(p) & 0o077]


# ---- secure_data_dir ------------------------------------------------------------------------


def test_secure_data_dir_tightens_what_an_older_version_left(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_old_tree(data)
    (data / "logs").mkdir()
    (data / "logs" / "kiosk.jsonl").write_text("{}\n")
    (data / "logs").chmod(0o700)
    (data / "logs" / "kiosk.jsonl").chmod(0o600)  # already private: not reported
    (data / "receipts" / "run.sh").write_text("#!/bin/sh\n")
    (data / "receipts" / "run.sh").chmod(0o755)  # owner bits kept: 0700, not 0600
    (data / "readonly.json").write_text("{}")
    (data / "readonly.json").chmod(0o444)  # never gains a permission: 0400

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not the kiosk's")
    outside.chmod(0o755)
    (outside / "secret.txt").chmod(0o644)
    (data / "outbox" / "link-to-file").symlink_to(outside / "secret.txt")
    (data / "receipts" / "link-to-dir").symlink_to(outside, target_is_directory=True)
    (data / "dangling").symlink_to(tmp_path / "nowhere")

    tightened = secure_data_dir(data)

    assert not_private(data) == []
    assert mode(data) == 0o700
    assert mode(data / "outbox") == 0o700
    assert mode(data / "receipts" / "2025" / "07") == 0o700
    for name in OLD_FILES:
        assert mode(data / name) == 0o600, name
    assert mode(data / "receipts" / "run.sh") == 0o700
    assert mode(data / "readonly.json") == 0o400
    expected = {
        data, data / "outbox", data / "outbox" / "blobs", data / "receipts",
        data / "receipts" / "2025", data / "receipts" / "2025" / "07",
        data / "receipts" / "run.sh", data / "readonly.json",
        *(data / name for name in OLD_FILES),
    }
    assert set(tightened) == expected
    # The links are still links, and what they point to is not the kiosk's to change.
    assert (data / "outbox" / "link-to-file").is_symlink()
    assert (data / "receipts" / "link-to-dir").is_symlink()
    assert mode(outside) == 0o755
    assert mode(outside / "secret.txt") == 0o644
    # Once private, nothing more to do.
    assert secure_data_dir(data) == []


def test_secure_data_dir_creates_a_missing_dir_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        made = secure_data_dir(tmp_path / "new" / "data")
    finally:
        os.umask(old)
    assert made == []
    assert mode(tmp_path / "new" / "data") == 0o700


def test_secure_data_dir_skips_files_that_vanish_meanwhile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    make_old_tree(data)
    gone = data / "outbox" / "worker.lock"
    real_open = os.open

    def vanishing_open(path: str, *args: int, **kwargs: int) -> int:
        if path == gone.name:
            gone.unlink(missing_ok=True)  # another process deletes it under our feet
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", vanishing_open)
    tightened = secure_data_dir(data)
    monkeypatch.undo()
    assert not gone.exists()
    assert gone not in tightened
    assert not_private(data) == []


def test_secure_data_dir_leaves_a_home_folder_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    home.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    assert secure_data_dir(home) == []  # `--data-dir ~` by mistake
    assert mode(home) == 0o755
    assert mode(home / "Documents") & 0o077


def test_apply_private_umask() -> None:
    old = apply_private_umask()
    try:
        assert os.umask(PRIVATE_UMASK) == PRIVATE_UMASK
    finally:
        assert old is not None
        os.umask(old)


# ---- the kiosk command ----------------------------------------------------------------------


def kiosk_command() -> list[str]:
    script = Path(sys.executable).with_name("kiosk")  # the installed entry point
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


def kiosk(tmp_path: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`kiosk --data-dir DATA ...` started from a shell whose umask is the usual 022."""
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "kiosk.sync.credentials.FileKeyring",
        "KIOSK_KEYRING_FILE": str(tmp_path / "keyring.json"),
        "KIOSK_CONFIG": str(tmp_path / "none.toml"),
    }
    return subprocess.run(
        [*kiosk_command(), "--data-dir", str(data), *args],
        env=env, capture_output=True, text=True, timeout=120, check=False, umask=0o022,
    )


def test_the_kiosk_command_makes_only_private_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = kiosk(tmp_path, data, "queue", "list")
    assert listed.returncode == 0, listed.stderr
    doctor = kiosk(tmp_path, data, "doctor", "--json")
    assert doctor.returncode in (0, 1), doctor.stderr
    assert (data / "outbox" / "outbox.sqlite3").is_file()
    assert (data / "logs" / "kiosk.jsonl").is_file()
    # Everything, including the SQLite -wal/-shm and stats.sqlite3 when they exist.
    assert not_private(data) == []


def test_the_next_kiosk_start_tightens_an_older_versions_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = kiosk(tmp_path, data, "queue", "list")  # the outbox, as any version makes it
    assert made.returncode == 0, made.stderr
    make_old_tree(data, tuple(n for n in OLD_FILES if not n.startswith("outbox/outbox.")))
    db = data / "outbox" / "outbox.sqlite3"
    db.chmod(0o644)
    # An older sync worker still has the outbox open: its -wal and -shm exist, 0644.
    with closing(sqlite3.connect(db)) as older:
        assert older.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        older.execute("SELECT count(*) FROM sqlite_master").fetchall()
        loosen(data)
        assert mode(db.with_name(db.name + "-wal")) == 0o644
        assert mode(db.with_name(db.name + "-shm")) == 0o644

        listed = kiosk(tmp_path, data, "queue", "list")
        assert listed.returncode == 0, listed.stderr

        assert not_private(data) == []
        for name in ("outbox.sqlite3", "outbox.sqlite3-wal", "outbox.sqlite3-shm",
                     "portal_key.json", "worker.lock"):
            assert mode(data / "outbox" / name) == 0o600, name
        assert mode(data / "stats.sqlite3") == 0o600
        assert mode(data) == mode(data / "outbox") == 0o700
    log = (data / "logs" / "kiosk.jsonl").read_text(encoding="utf-8")
    assert "took group/other access away from" in log


def test_private_file_is_replaced_whole_and_private(tmp_path: Path) -> None:
    os.umask(0o022)  # as a careless service manager would start the kiosk
    try:
        target = write_private_file(tmp_path / "new" / "state.json", b'{"n": 1}')
        assert target.read_bytes() == b'{"n": 1}'
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
        write_private_file(target, b'{"n": 2}')
        assert target.read_bytes() == b'{"n": 2}'
    finally:
        os.umask(PRIVATE_UMASK)
    assert sorted(p.name for p in target.parent.iterdir()) == ["state.json"]  # no temp left


def test_a_failed_replace_keeps_the_old_bytes_and_no_temp(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = write_private_file(tmp_path / "counter.json", b"old")

    def power_cut(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="No space"):
        write_private_file(target, b"new", temp_prefix=".counter-")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["counter.json"]
