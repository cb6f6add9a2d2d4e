"""Fixtures of the sync area's unit tests: dossiers from the shared factory, an outbox on a
temporary disk, settings for fast retries."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kiosk.config import Settings, load
from kiosk.dossier.model import Dossier
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
def sync_factory() -> ModuleType:
    return _factory()


@pytest.fixture
def make_dossier(tmp_path: Path) -> Callable[..., Dossier]:
    def make(**kwargs: Any) -> Dossier:
        return _factory().make_dossier(tmp_path / "citizen-files", **kwargs)

    return make


@pytest.fixture
def sync_settings(tmp_path: Path) -> Settings:
    return load(
        tmp_path / "no-config.toml",
        {},
        data_dir=tmp_path / "kiosk-data",
        portal_url="http://127.0.0.1:9",
        sync_backoff_base_s=0.02,
        sync_backoff_cap_s=0.2,
        sync_probe_interval_s=0.05,
    )


@pytest.fixture
def outbox(sync_settings: Settings) -> Iterator[Outbox]:
    box = Outbox.open(sync_settings)
    yield box
    box.close()
