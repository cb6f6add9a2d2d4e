"""`kiosk doctor`'s queue check on a real outbox in a temporary folder."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.config import Settings, load
from kiosk.doctor.checks import FAIL, OK, WARN
from kiosk.doctor.sync_checks import check_queue
from kiosk.sync.outbox import Outbox


def _factory() -> ModuleType:
    name = "sync_factory"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "sync_factory.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load(tmp_path / "none.toml", {}, data_dir=tmp_path / "data")


def _outbox(settings: Settings, age_s: float = 0.0) -> Outbox:
    return Outbox(settings.data_dir / "outbox", clock=lambda: time.time() - age_s)


def test_no_outbox_yet_is_fine_and_not_created(settings: Settings) -> None:
    assert check_queue(settings).status == OK
    assert not (settings.data_dir / "outbox").exists()


def test_fresh_queue_is_ok_and_a_day_old_one_warns(settings: Settings, tmp_path: Path) -> None:
    with _outbox(settings) as box:
        box.enqueue(_factory().make_dossier(tmp_path / "files"))
    fresh = check_queue(settings)
    assert fresh.status == OK and "1 waiting" in fresh.detail
    with _outbox(settings, age_s=2 * 86400) as box:
        box.enqueue(_factory().make_dossier(tmp_path / "files"))
    old = check_queue(settings)
    assert old.status == WARN and "2 waiting" in old.detail and "days" in old.detail
    assert "kiosk queue list" in old.hint


def test_a_device_block_fails_with_the_token_hint(settings: Settings, tmp_path: Path) -> None:
    with _outbox(settings) as box:
        box.enqueue(_factory().make_dossier(tmp_path / "files"))
        box.set_device_block(401, "refused", "abcdef123456")
    blocked = check_queue(settings)
    assert blocked.status == FAIL and "401" in blocked.detail
    assert "kiosk token set" in blocked.hint
