"""installer/bundle/qml_modules.py: the QML modules the bundle collects."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_qml_modules", ROOT / "installer" / "bundle" / "qml_modules.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


qml_modules = _load()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_follows_qml_imports_and_qmldir_but_not_optional_imports(tmp_path: Path) -> None:
    root = tmp_path / "qml"
    _write(root / "A" / "qmldir", "module A\nimport B auto\noptional import Unused auto\n"
                                  "default import C auto\n")
    _write(root / "B" / "qmldir", "module B\ndepends D\n")
    _write(root / "C" / "qmldir", "module C\n")
    _write(root / "C" / "impl" / "Thing.qml", "import E\nItem {}\n")  # a folder of C's
    _write(root / "D" / "qmldir", "module D\n")
    _write(root / "E" / "qmldir", "module E\n")
    _write(root / "Unused" / "qmldir", "module Unused\n")
    _write(root / "Big" / "qmldir", "module Big\n")
    app = tmp_path / "app" / "Main.qml"
    _write(app, 'import A\nimport "components"\nItem {}\n')
    found = qml_modules.required_modules(root, [app])
    assert found >= {"A", "B", "C", "D", "E"}
    assert "Unused" not in found and "Big" not in found


def test_the_kiosks_modules_from_the_installed_pyside6() -> None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        pytest.fail("PySide6 is a dependency of the project")
    root = Path(spec.origin).parent / "Qt" / "qml"
    found = qml_modules.required_modules(root, (ROOT / "kiosk" / "ui" / "qml").rglob("*.qml"))
    assert {"QtQuick", "QtQuick.Controls", "QtQuick.Controls.Basic", "QtQuick.Layouts",
            "QtQuick.VirtualKeyboard", "QtQuick.VirtualKeyboard.Layouts",
            "QtQuick.VirtualKeyboard.Styles", "QtQml", "QtMultimedia",
            "QtTextToSpeech"} <= found
    assert not any(m.startswith(("QtWebEngine", "Qt3D", "QtQuick3D", "QtCharts"))
                   for m in found)
    # Other Controls styles are optional imports of QtQuick.Controls: not needed.
    assert "QtQuick.Controls.Material" not in found
