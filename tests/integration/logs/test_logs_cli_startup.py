"""Every `kiosk` command sets up the structured logs once its settings are loaded."""

from __future__ import annotations

import json
import logging
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def test_a_command_writes_json_lines_in_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # selfcheck reads the demo card and starts the embedded portal: both log.
    out = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data), "selfcheck"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    log = data / "logs" / "kiosk.jsonl"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records and all({"ts", "level", "logger", "msg"} <= set(r) for r in records)
    assert any(r["logger"] == "kiosk.portal_sim.server" for r in records)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)


def test_an_unusable_log_folder_does_not_stop_the_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging: None) -> None:
    from kiosk.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("x")  # the data dir would have to be inside a file
    code = main(["--data-dir", str(blocker / "data"), "receipt", "render", "--sample",
                 "--out", str(tmp_path / "r.pdf")])
    assert code == 0 and (tmp_path / "r.pdf").stat().st_size > 0
    assert "no log file" in capsys.readouterr().err
