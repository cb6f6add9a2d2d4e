"""Installed catalogue bundles on disk (kiosk/forms/catalogue_store.py): an install switches
atomically or not at all, also when the process dies at any step; a version that no longer
checks out at start-up is rolled back; everything is private to the kiosk user."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import signal
import stat
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from jwcrypto.jwk import JWK

from kiosk.forms.catalogue_bundle import (
    Bundle,
    BundleRefusedError,
    PinnedKey,
    new_signing_key,
    open_bundle,
    public_key_setting,
    sign_bundle,
)
from kiosk.forms.catalogue_store import (
    BUNDLE_FILE,
    FILES_DIR,
    STATE_FILE,
    CatalogueStore,
    InstalledState,
)

VN = timezone(timedelta(hours=7))
STEPS = ("writing", "unpacked", "validated", "renamed", "switched", "pruned")


@pytest.fixture
def make_bundle(key: JWK, pinned: PinnedKey, files: dict[str, bytes]
                ) -> Callable[..., Bundle]:
    """A checked bundle of the shipped catalogue, its birth registration renamed to say which
    version it is (so a test can tell the versions apart by what a citizen would see)."""
    def make(version: str, change: Callable[[dict[str, Any]], None] | None = None) -> Bundle:
        raw = json.loads(files["1.001193.json"])
        raw["names"]["vi"] = f"Đăng ký khai sinh ({version})"
        if change is not None:
            change(raw)
        own = {**files, "1.001193.json": json.dumps(raw, ensure_ascii=False).encode()}
        data = sign_bundle(own, version, datetime(2026, 12, 8, 9, 0, tzinfo=VN), 1, key)
        return open_bundle(data, pinned, 1)
    return make


def snapshot(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under `root` with its mode and (for files) its bytes."""
    out: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        out[path.relative_to(root).as_posix()] = (
            stat.S_IMODE(info.st_mode), path.read_bytes() if path.is_file() else None)
    return out


def shown_name(store: CatalogueStore, pinned: PinnedKey) -> str | None:
    """The birth registration's name in the catalogue the kiosk would start with."""
    installed = store.select(pinned, 1, repair=False).installed
    return None if installed is None else installed.catalogue.get("1.001193").names.vi


def test_install_switches_and_keeps_the_previous_version(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle]) -> None:
    store = CatalogueStore(tmp_path)
    assert store.select(pinned, 1).installed is None  # nothing installed: the shipped one
    first = store.install(make_bundle("2026.12.08.1"), 1)
    assert first.get("1.001193").names.vi == "Đăng ký khai sinh (2026.12.08.1)"
    assert store.state() == InstalledState("2026.12.08.1", None)
    store.install(make_bundle("2026.12.08.2"), 1)
    assert store.state() == InstalledState("2026.12.08.2", "2026.12.08.1")
    store.install(make_bundle("2026.12.09.1"), 1)
    assert store.state() == InstalledState("2026.12.09.1", "2026.12.08.2")
    # The current and the previous good one are kept, nothing else.
    assert sorted(p.name for p in (store.root / "versions").iterdir()) == [
        "2026.12.08.2", "2026.12.09.1"]
    assert not any((store.root / "staging").iterdir())
    assert shown_name(store, pinned) == "Đăng ký khai sinh (2026.12.09.1)"
    folder = store.version_dir("2026.12.09.1")
    assert (folder / BUNDLE_FILE).read_bytes() == make_bundle("2026.12.09.1").raw


def test_everything_installed_is_private(tmp_path: Path, make_bundle: Callable[..., Bundle]
                                         ) -> None:
    previous = os.umask(0o022)  # a umask that would make them readable by all
    try:
        store = CatalogueStore(tmp_path)
        store.install(make_bundle("2026.12.08.1"), 1)
        store.install(make_bundle("2026.12.08.2"), 1)
    finally:
        os.umask(previous)
    found = {**snapshot(store.root), ".": (stat.S_IMODE(store.root.stat().st_mode), None)}
    assert len(found) > 40  # the folders, state, lock and two versions' files
    for path, (mode, data) in found.items():
        assert mode == (0o600 if data is not None else 0o700), (path, oct(mode))


def test_install_refuses_an_older_or_equal_version_and_changes_nothing(
        tmp_path: Path, make_bundle: Callable[..., Bundle]) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.2"), 1)
    before = snapshot(store.root)
    for version in ("2026.12.08.2", "2026.12.08.1", "2025.01.01.9"):
        with pytest.raises(BundleRefusedError) as info:
            store.install(make_bundle(version), 1)
        assert info.value.reason == "replay"
    assert snapshot(store.root) == before


def test_install_refuses_a_catalogue_that_does_not_validate(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle]) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    before = snapshot(store.root)
    broken = make_bundle("2026.12.08.2", lambda raw: raw["fee"].update(rule="${copies} *"))
    with pytest.raises(BundleRefusedError) as info:
        store.install(broken, 1)
    assert info.value.reason == "invalid"
    assert "1.001193.json: fee.rule: syntax error" in info.value.detail
    assert snapshot(store.root) == before
    assert shown_name(store, pinned) == "Đăng ký khai sinh (2026.12.08.1)"


def test_install_checks_every_province_override_it_carries(
        tmp_path: Path, key: JWK, pinned: PinnedKey, files: dict[str, bytes]) -> None:
    bad = json.dumps({"province_code": 79, "province_name": "TP HCM",
                      "services": {"9.999999": {"processing_time": {
                          "unit": "working_days", "value": 2}}}}).encode()
    data = sign_bundle({**files, "overrides/79.json": bad}, "2026.12.08.1",
                       datetime(2026, 12, 8, tzinfo=VN), 1, key)
    with pytest.raises(BundleRefusedError, match=r"overrides/79\.json"):
        CatalogueStore(tmp_path).install(open_bundle(data, pinned, 1), 1)


def _install_and_die(data_dir: Path, bundle: Bundle, at: str) -> None:
    def die(step: str) -> None:
        if step == at:
            os.kill(os.getpid(), signal.SIGKILL)

    CatalogueStore(data_dir, on_step=die).install(bundle, 1)


@pytest.mark.parametrize("at", STEPS)
def test_a_kill_at_any_step_leaves_a_whole_catalogue(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle], at: str) -> None:
    """kill -9 in the middle of an install (a power cut, as far as this process can tell):
    the kiosk then starts with the old version or the new one, whole, never a mix; and the
    next install works."""
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    new = make_bundle("2026.12.08.2")
    child = multiprocessing.get_context("fork").Process(
        target=_install_and_die, args=(tmp_path, new, at))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    switched = at in ("switched", "pruned")
    expected = "2026.12.08.2" if switched else "2026.12.08.1"
    assert store.state().current == expected
    selection = store.select(pinned, 1)  # start-up: checks signature, digests, a strict load
    assert selection.failed == ()
    assert selection.installed is not None
    assert selection.installed.version == expected
    assert selection.installed.catalogue.get("1.001193").names.vi == \
        f"Đăng ký khai sinh ({expected})"
    assert not any((store.root / "staging").iterdir())  # half-made installs swept
    store.install(make_bundle("2026.12.09.1"), 1)
    assert shown_name(store, pinned) == "Đăng ký khai sinh (2026.12.09.1)"


@pytest.mark.parametrize("at", STEPS[:4])
def test_a_failure_at_any_step_before_the_switch_changes_nothing(
        tmp_path: Path, make_bundle: Callable[..., Bundle], at: str) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    before = snapshot(store.root)

    def fail(step: str) -> None:
        if step == at:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        CatalogueStore(tmp_path, on_step=fail).install(make_bundle("2026.12.08.2"), 1)
    after = snapshot(store.root)
    if at == "renamed":  # failed after its rename: the new folder is there, unused
        assert after.pop("versions/2026.12.08.2") == (0o700, None)
        after = {p: v for p, v in after.items() if not p.startswith("versions/2026.12.08.2/")}
    assert after == before
    assert store.state() == InstalledState("2026.12.08.1", None)


def _break_file(folder: Path) -> None:
    path = folder / FILES_DIR / "1.001193.json"
    path.write_bytes(path.read_bytes().replace("Đăng ký".encode(), b"Dang ky", 1))


@pytest.mark.parametrize("damage", [
    _break_file,
    # A file more or less that would still load: only the signed list of files tells.
    lambda folder: shutil.copy(folder / FILES_DIR / "lists" / "genders.json",
                               folder / FILES_DIR / "lists" / "extra.json"),
    lambda folder: (folder / FILES_DIR / "overrides" / "1.json").unlink(),
    lambda folder: (folder / BUNDLE_FILE).write_bytes(b"not a bundle"),
    lambda folder: shutil.rmtree(folder),
], ids=["changed", "added", "missing", "bundle", "gone"])
def test_a_broken_current_version_rolls_back_to_the_previous(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle],
        damage: Callable[[Path], Any], caplog: pytest.LogCaptureFixture) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    store.install(make_bundle("2026.12.08.2"), 1)
    damage(store.version_dir("2026.12.08.2"))
    with caplog.at_level(logging.INFO, "kiosk.forms"):
        selection = store.select(pinned, 1)
    assert selection.installed is not None
    assert selection.installed.version == "2026.12.08.1"
    assert selection.installed.catalogue.get("1.001193").names.vi == \
        "Đăng ký khai sinh (2026.12.08.1)"
    assert [v for v, _ in selection.failed] == ["2026.12.08.2"]
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1
    assert "bundle 2026.12.08.2 does not load" in lines[0]
    assert "rolled back to bundle 2026.12.08.1" in lines[0]
    # Written down: the next start goes straight to the good one; the broken one is gone.
    assert store.state() == InstalledState("2026.12.08.1", None)
    assert [p.name for p in (store.root / "versions").iterdir()] == ["2026.12.08.1"]
    caplog.clear()
    with caplog.at_level(logging.WARNING, "kiosk.forms"):
        assert store.select(pinned, 1).failed == ()
    assert not caplog.records


def test_with_both_versions_broken_the_shipped_catalogue_is_used(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle],
        caplog: pytest.LogCaptureFixture) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    store.install(make_bundle("2026.12.08.2"), 1)
    _break_file(store.version_dir("2026.12.08.1"))
    _break_file(store.version_dir("2026.12.08.2"))
    with caplog.at_level(logging.WARNING, "kiosk.forms"):
        selection = store.select(pinned, 1)
    assert selection.installed is None
    assert [v for v, _ in selection.failed] == ["2026.12.08.2", "2026.12.08.1"]
    assert "rolled back to the shipped catalogue" in caplog.records[0].getMessage()
    assert store.state() == InstalledState()


def test_select_without_repair_changes_nothing_on_disk(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle]) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    store.install(make_bundle("2026.12.08.2"), 1)
    _break_file(store.version_dir("2026.12.08.2"))
    before = snapshot(store.root)
    selection = store.select(pinned, 1, repair=False)
    assert selection.installed is not None
    assert selection.installed.version == "2026.12.08.1"
    assert snapshot(store.root) == before


def test_installed_bundles_need_the_pinned_key(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle],
        caplog: pytest.LogCaptureFixture) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    with caplog.at_level(logging.WARNING, "kiosk.forms"):
        assert store.select(None, 1).installed is None
    assert "no catalogue_signing_key" in caplog.text
    # A key changed since (rotated): what the old one signed is not trusted any more.
    other = PinnedKey.from_setting(public_key_setting(new_signing_key()))
    assert store.select(other, 1).installed is None


def test_an_unreadable_state_means_the_shipped_catalogue(
        tmp_path: Path, pinned: PinnedKey, make_bundle: Callable[..., Bundle]) -> None:
    store = CatalogueStore(tmp_path)
    store.install(make_bundle("2026.12.08.1"), 1)
    (store.root / STATE_FILE).write_text('{"current": "../../etc"}')
    assert store.select(pinned, 1).installed is None
