"""The PyInstaller bundle starts offscreen and passes its own self-check.

Builds it with `make bundle` unless dist/hanoi-kiosk/kiosk is newer than every source it is
made from (a build takes about 40 s on 2 cores). Then runs the bundled executable, not the
venv: `--version`, `selfcheck` (QML window with the virtual keyboard, translations, demo
card, receipt with QtPdf, embedded portal) and `doctor --json`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from kiosk import __version__

ROOT = Path(__file__).resolve().parents[3]
BUNDLE = ROOT / "dist" / "hanoi-kiosk"
EXE = BUNDLE / "kiosk"
SOURCES = ("kiosk", "resources", "translations", "installer/bundle", "pyproject.toml")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()
                                                and "__pycache__" not in p.parts]
        newest = max([newest, *(f.stat().st_mtime for f in files)])
    return newest


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not EXE.exists() or EXE.stat().st_mtime < _newest_source():
        done = subprocess.run(["make", "-C", str(ROOT), "bundle"], capture_output=True,
                              text=True, timeout=1100, check=False)
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert EXE.exists()
    return BUNDLE


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # The bundle must not fall back on the venv or the source tree.
    for name in ("PYTHONPATH", "VIRTUAL_ENV", "QT_PLUGIN_PATH", "QML2_IMPORT_PATH"):
        env.pop(name, None)
    return subprocess.run([str(EXE), "--data-dir", str(data), *args], capture_output=True,
                          text=True, timeout=180, check=False, env=env, cwd=data.parent)


def test_bundle_layout(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "kiosk" / "ui" / "qml" / "Main.qml").is_file()
    assert (internal / "kiosk" / "_translations" / "kiosk_vi.qm").is_file()
    assert (internal / "kiosk" / "_resources" / "catalogue" / "schema.json").is_file()
    assert any((internal / "kiosk" / "_resources" / "fonts").glob("NotoSans-*.ttf"))
    qt = internal / "PySide6" / "Qt"
    assert (qt / "translations" / "qtbase_en.qm").is_file()
    keyboard = qt / "qml" / "QtQuick" / "VirtualKeyboard"
    assert any((keyboard / "Layouts").glob("*layouts*")), "vi_VN and other layouts plugin"
    assert any((qt / "plugins" / "platforminputcontexts").glob("*virtualkeyboard*"))
    assert (qt / "qml" / "QtQuick" / "Controls" / "Basic").is_dir()
    # Only the QML modules the kiosk needs: no WebEngine (hundreds of MB).
    assert not (qt / "qml" / "QtWebEngine").exists()
    assert not list(internal.rglob("libQt6WebEngineCore*"))


def test_bundle_version(bundle: Path, tmp_path: Path) -> None:
    out = run("--version", data=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"kiosk {__version__}"


def test_bundle_selfcheck(bundle: Path, tmp_path: Path) -> None:
    out = run("selfcheck", "--json", data=tmp_path / "data")
    report = json.loads(out.stdout)
    assert out.returncode == 0, json.dumps(report, indent=2) + out.stderr[-2000:]
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses == {"translations": "OK", "window": "OK", "card": "OK", "receipt": "OK",
                        "portal": "OK"}
    # The self-check ran in a throw-away folder; only the log went to the data dir.
    assert (tmp_path / "data" / "logs" / "kiosk.jsonl").is_file()
    assert not (tmp_path / "data" / "outbox").exists()


def test_bundle_doctor_runs(bundle: Path, tmp_path: Path) -> None:
    out = run("doctor", "--json", data=tmp_path / "data")
    report = json.loads(out.stdout)
    names = [c["name"] for c in report["checks"]]
    assert {"qt", "translations", "keyring", "pcsc", "card", "printer", "portal", "token",
            "clock", "queue", "logs"} <= set(names)
    crashed = [c for c in report["checks"] if "check crashed" in c["detail"]]
    assert not crashed
    by_name = {c["name"]: c for c in report["checks"]}
    assert by_name["qt"]["status"] == "OK" and by_name["translations"]["status"] == "OK"
