"""`make lint`'s cycle check finds a cycle (also through a lazy import) and passes the tree."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[3] / "tools" / "import_cycles.py"


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("import_cycles_tool", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_cycle_through_a_lazy_import_is_found(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "knotted"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from knotted import b\n")
    (pkg / "b.py").write_text("def f():\n    from knotted import c\n")
    (pkg / "c.py").write_text("import knotted.a\n")
    (pkg / "d.py").write_text("from typing import TYPE_CHECKING\n"
                              "if TYPE_CHECKING:\n    from knotted import e\n")
    (pkg / "e.py").write_text("import knotted.d\n")  # d -> e only for annotations: no knot
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _tool().cycles("knotted") == [["knotted.a", "knotted.b", "knotted.c"]]
    sys.modules.pop("knotted", None)


def test_the_kiosk_package_has_no_cycle() -> None:
    assert _tool().cycles("kiosk") == []
