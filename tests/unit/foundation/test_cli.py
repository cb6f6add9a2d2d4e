from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.cli import _default_to_run, build_parser


def kiosk(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_version(tmp_path: Path) -> None:
    out = kiosk("--version", data=tmp_path)
    assert out.returncode == 0
    assert out.stdout.strip() == f"kiosk {__version__}"


def test_doctor_json_reports_every_check(tmp_path: Path) -> None:
    out = kiosk("doctor", "--json", data=tmp_path / "d")
    report = json.loads(out.stdout)
    names = {c["name"] for c in report["checks"]}
    assert {"python", "qt", "pcsc", "printer", "portal", "keyring", "data_dir", "disk"} <= names
    assert all(c["status"] in ("OK", "WARN", "FAIL") for c in report["checks"])
    assert out.returncode == (0 if report["ok"] else 1)
    data_dir = next(c for c in report["checks"] if c["name"] == "data_dir")
    assert data_dir["status"] == "OK"
    assert (tmp_path / "d").is_dir()


def test_doctor_flags_an_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = kiosk("doctor", "--json", data=blocker / "sub")
    report = json.loads(out.stdout)
    data_dir = next(c for c in report["checks"] if c["name"] == "data_dir")
    assert data_dir["status"] == "FAIL"
    assert data_dir["hint"]
    assert out.returncode == 1


def test_bad_settings_exit_2_with_message(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text("language = 'fr'\n")
    out = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(cfg), "doctor"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 2
    assert "language must be vi or en" in out.stderr


def test_run_is_the_default_command() -> None:
    parser = build_parser()
    assert _default_to_run([], parser) == ["run"]
    assert _default_to_run(["--demo"], parser) == ["run", "--demo"]
    assert _default_to_run(["--data-dir", "d", "--windowed"], parser) == [
        "--data-dir", "d", "run", "--windowed"]
    assert _default_to_run(["doctor"], parser) == ["doctor"]
    assert _default_to_run(["--data-dir", "d", "doctor"], parser) == ["--data-dir", "d", "doctor"]


def test_window_size_makes_a_window_of_that_size(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import settings_from_args
    from kiosk.config import SettingsError

    parser = build_parser()
    args = parser.parse_args(["--data-dir", str(tmp_path), "run", "--window-size", "1080x1920"])
    settings = settings_from_args(args)
    assert not settings.fullscreen
    assert settings.window_px == (1080, 1920)
    for bad in ("1080", "1080x", "wide", "10x10", "1080x1920x2"):
        args = parser.parse_args(["--data-dir", str(tmp_path), "run", "--window-size", bad])
        with pytest.raises(SettingsError, match="window_size"):
            settings_from_args(args)
