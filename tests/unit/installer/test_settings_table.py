"""installer/README.md's table of settings is the one tools/settings_table.py generates."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("settings_table",
                                                  ROOT / "tools" / "settings_table.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _tool()


def test_readme_table_is_current() -> None:
    readme = (ROOT / "installer" / "README.md").read_text(encoding="utf-8")
    assert tool.current(readme) == tool.block(), (
        "installer/README.md's settings table is stale: run "
        "`.venv/bin/python tools/settings_table.py --write`")


def test_every_setting_is_in_the_table_with_its_default() -> None:
    from kiosk.config import Settings

    table = tool.table()
    for field in dataclasses.fields(Settings):
        row = next((line for line in table.splitlines() if line.startswith(f"| `{field.name}` ")),
                   None)
        assert row is not None, field.name
        assert field.metadata["doc"].replace("|", "\\|") in row
    assert '| `language` | string | `"vi"` |' in table
    assert "| `mobile_mode` | boolean | `false` |" in table
    assert "| `csca_trust_store` | path (optional) | none |" in table
    assert str(Path.home()) not in table  # no machine-dependent defaults


def test_check_fails_on_a_stale_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "README.md"
    text = (ROOT / "installer" / "README.md").read_text(encoding="utf-8")
    block = tool.block()
    stale.write_text(text.replace(block, block.replace("| `kiosk_id` |", "| `kiosk_ident` |")),
                     encoding="utf-8")
    monkeypatch.setattr(tool, "README", stale)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.main(["--check"]) == 1
    assert "--write" in capsys.readouterr().err
    assert tool.main(["--write"]) == 0
    assert tool.main(["--check"]) == 0
    assert stale.read_text(encoding="utf-8") == text
