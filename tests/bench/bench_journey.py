"""What a visit costs a person: birth registration walked through the accessibility bus
(tests/journey), as taps, key presses, scrolls and pre-filled fields, beside the goals of
issue 16 (≤ 25 taps, ≤ 40 keys, no scroll)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def main() -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.journey import runner

    why = runner.missing()
    if why is not None:
        return [{"benchmark": "birth registration journey", "value": "not run", "unit": "",
                 "note": why}]
    result = runner.walk("1.001193", "tablet")
    if "error" in result:
        return [{"benchmark": "birth registration journey", "value": "failed", "unit": "",
                 "note": result["error"][:200]}]
    name = "birth registration 1.001193, 1280x800"
    return [
        {"benchmark": f"{name}: taps", "value": result["taps"], "unit": "taps",
         "target": f"<= {runner.GOALS['taps']}"},
        {"benchmark": f"{name}: key presses", "value": result["keys"], "unit": "keys",
         "target": f"<= {runner.GOALS['keys']}"},
        {"benchmark": f"{name}: scrolls", "value": result["scrolls"], "unit": "scrolls",
         "target": f"{runner.GOALS['scrolls']}"},
        {"benchmark": f"{name}: pre-filled fields", "value":
         f"{result['prefilled']}/{result['fields']}", "unit": "fields",
         "target": ">= 60%"},
    ]
