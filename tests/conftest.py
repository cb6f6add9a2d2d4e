"""Suite-wide setup: Qt runs offscreen with the kiosk's own environment."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
os.environ["QT_QUICK_CONTROLS_STYLE"] = "Basic"
# Never touch the developer's real config/keyring from tests.
os.environ["KIOSK_CONFIG"] = str(Path(__file__).parent / "data" / "no-such-config.toml")
# The outbox keeps its at-rest key in the keyring: tests use the project's file backend in a
# folder of their own (a machine without a Secret Service has no other).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "kiosk.sync.credentials.FileKeyring")
os.environ.setdefault("KIOSK_KEYRING_FILE",
                      str(Path(tempfile.mkdtemp(prefix="kiosk-test-keyring-")) / "keyring.json"))

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def artifacts_dir() -> Path:
    """Screenshots and rendered PDFs for people to look at (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from kiosk.config import load

    return load(env={}, data_dir=tmp_path / "data", fullscreen=False)

