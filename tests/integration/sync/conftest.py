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


# Portal-sim over loopback, and workers that talk to it.

PORTAL_TOKEN = "itest-device-token"


@pytest.fixture
def start_portal(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    from kiosk.sync.portal_sim import PortalSim

    started: list[PortalSim] = []

    def start(**kwargs: Any) -> PortalSim:
        kwargs.setdefault("tokens", [PORTAL_TOKEN])
        kwargs.setdefault("key", True)
        kwargs.setdefault("advance_s", 0.3)
        sim = PortalSim(tmp_path / f"portal-{len(started)}", **kwargs)
        sim.start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def portal(start_portal: Callable[..., Any]) -> Any:
    return start_portal()


@pytest.fixture
def portal_settings(sync_settings: Settings, portal: Any) -> Settings:
    import dataclasses

    return dataclasses.replace(sync_settings, portal_url=portal.url,
                               portal_connect_timeout_s=1.0, portal_read_timeout_s=1.0)


@pytest.fixture
def make_worker() -> Iterator[Callable[..., Any]]:
    from kiosk.sync.credentials import StaticCredentials
    from kiosk.sync.worker import SyncWorker

    workers: list[SyncWorker] = []

    def make(settings: Settings, **kwargs: Any) -> SyncWorker:
        kwargs.setdefault("credentials", StaticCredentials(PORTAL_TOKEN))
        kwargs.setdefault("heartbeat_interval_s", None)
        worker = SyncWorker(settings, **kwargs)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.close()


@pytest.fixture
def portal_token() -> str:
    return PORTAL_TOKEN
