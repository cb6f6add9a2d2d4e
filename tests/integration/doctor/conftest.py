"""The doctor's device tests reuse the card area's pcscd stack and the receipts area's CUPS
fixtures (loaded by path: conftest modules cannot be imported by name)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parents[2]


def _load(path: Path, name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


card_stack = _load(TESTS / "integration" / "card" / "conftest.py", "doctor_card_stack")
cups_stack = _load(TESTS / "integration" / "receipts" / "conftest.py", "doctor_cups_stack")

# Fixtures, re-exported so pytest finds them here.
pcsc_session = card_stack.pcsc_session
cups_scheduler = cups_stack.cups_scheduler
make_queue = cups_stack.make_queue
