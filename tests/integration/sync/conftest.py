"""Fixtures of the sync area's integration tests: the unit tests' dossier factory, outbox and
fast-retry settings, plus portal-sim over loopback and workers that talk to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from tests.unit.sync import conftest as _unit

# The unit tests' fixtures, shared rather than written twice.
sync_factory = _unit.sync_factory
make_dossier = _unit.make_dossier
sync_settings = _unit.sync_settings
outbox = _unit.outbox

# Portal-sim over loopback, and workers that talk to it.

PORTAL_TOKEN = "itest-device-token"


@pytest.fixture
def start_portal(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    from kiosk.portal_sim.server import PortalSim

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


@pytest.fixture
def kiosk_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., dict[str, str]]:
    """The environment of `kiosk` processes a test starts: the file keyring, shared with the
    test itself (the outbox's at-rest key is in it), no settings file, fast retries; `extra`
    adds or overrides KIOSK_* settings."""
    import os

    keyring_file = str(tmp_path / "keyring.json")
    monkeypatch.setenv("KIOSK_KEYRING_FILE", keyring_file)

    def env(**extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHON_KEYRING_BACKEND": "kiosk.sync.credentials.FileKeyring",
            "KIOSK_KEYRING_FILE": keyring_file,
            "KIOSK_CONFIG": str(tmp_path / "none.toml"),
            "KIOSK_SYNC_BACKOFF_BASE_S": "0.02",
            "KIOSK_SYNC_BACKOFF_CAP_S": "0.2",
            "KIOSK_SYNC_PROBE_INTERVAL_S": "0.05",
            **{f"KIOSK_{k.upper()}": v for k, v in extra.items()},
        }

    return env
