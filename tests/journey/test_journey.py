"""A person finishes a procedure alone, through the accessibility bus: the real `kiosk run
--demo` under Xvfb with a D-Bus session and at-spi2-core; controls found only by role and
accessible name (tests/journey/walk.py). Counts are recorded, not asserted: budgets are
`make bench`'s and `make journey`'s business."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.journey import runner


@pytest.mark.parametrize("code", runner.people())
def test_a_person_reaches_the_receipt_through_the_accessibility_bus(
    code: str, artifacts_dir: Path
) -> None:
    why = runner.missing()
    if why is not None:
        pytest.skip(why)
    result = runner.walk(code, "tablet")
    (artifacts_dir / f"journey-{code}-tablet.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    assert "error" not in result, result.get("error", "")[:4000]
    assert result["taps"] > 0 and result["fields"] > 0
    print(runner.table([result]))
