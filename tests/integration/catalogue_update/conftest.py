"""Fixtures of the signed-catalogue tests: the reference portal over loopback publishing the
shipped catalogue, kiosk settings that pin its key, and catalogues that tell their versions
apart by what a citizen sees (birth registration's name)."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.config import Settings, load, resources_path

TOKEN = "catalogue-test-token"
SHIPPED = resources_path() / "catalogue"
SHIPPED_NAME = json.loads((SHIPPED / "1.001193.json").read_text("utf-8"))["names"]["vi"]


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[object]:
    from kiosk.portal_sim.server import PortalSim

    sim = PortalSim(tmp_path / "portal", tokens=[TOKEN], catalogue=SHIPPED)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def kiosk_settings(tmp_path: Path, portal: object) -> Settings:
    return load(env={}, data_dir=tmp_path / "data", fullscreen=False,
                portal_url=portal.url,  # type: ignore[attr-defined]
                catalogue_signing_key=portal.catalogue.public_key_setting(),  # type: ignore[attr-defined]
                portal_connect_timeout_s=2.0, portal_read_timeout_s=5.0,
                portal_request_deadline_s=20.0)


@pytest.fixture
def credentials() -> object:
    from kiosk.sync.credentials import StaticCredentials

    return StaticCredentials(TOKEN)


@pytest.fixture
def catalogue_named(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of the shipped catalogue whose birth registration is called `name`."""
    def make(name: str) -> Path:
        folder = tmp_path / "catalogues" / name
        shutil.copytree(SHIPPED, folder)
        path = folder / "1.001193.json"
        raw = json.loads(path.read_text("utf-8"))
        raw["names"]["vi"] = name
        path.write_text(json.dumps(raw, ensure_ascii=False, indent=2), "utf-8")
        return folder
    return make


def snapshot(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under `root`, its mode and (for a file) its bytes."""
    return {p.relative_to(root).as_posix(): (stat.S_IMODE(p.lstat().st_mode),
                                             p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}
