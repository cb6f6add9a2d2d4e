"""Suite-wide setup: Qt runs offscreen with the kiosk's own environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
os.environ["QT_QUICK_CONTROLS_STYLE"] = "Basic"
# Never touch the developer's real config/keyring from tests.
os.environ["KIOSK_CONFIG"] = str(Path(__file__).parent / "data" / "no-such-config.toml")

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


# PySide6 6.12 can abort with "bool_dealloc" while the interpreter finalizes after many
# QML engines were built and torn down (a refcount slip inside the binding at GC time,
# after every test has finished and been reported). Leave without finalizing, with
# pytest's own exit status, once all output is flushed.
_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if _exit_status and os.environ.get("KIOSK_TEST_FINALIZE") != "1":
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])
