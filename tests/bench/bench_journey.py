"""What a visit costs a person: every procedure in the catalogue walked through the
accessibility bus on a 1280x800 tablet (tests/journey), as taps, key presses, scrolls and
pre-filled fields, beside the goals of issue 16 (≤ 25 taps, ≤ 40 keys, no scroll, at least
60% of the fields about people and places filled in by the kiosk). `make journey` walks the
same at all three screen shapes."""

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
        return [{"benchmark": "journeys", "value": "not run", "unit": "", "note": why}]
    goals = runner.GOALS
    target = (f"<= {goals['taps']} taps, <= {goals['keys']} keys, {goals['scrolls']} scrolls, "
              f">= 60% pre-filled")
    rows: list[dict[str, Any]] = []
    for code in runner.people():
        result = runner.walk(code, "tablet")
        name = f"{code}, 1280x800"
        if "error" in result:
            rows.append({"benchmark": name, "value": "failed", "unit": "", "target": target,
                         "note": result["error"][:160]})
            continue
        share = result["prefilled"] / max(1, result["fields"])
        met = (result["taps"] <= goals["taps"] and result["keys"] <= goals["keys"])
        rows.append({
            "benchmark": name,
            "value": (f"{result['taps']} taps, {result['keys']} keys, {result['scrolls']} "
                      f"scrolls, {result['prefilled']}/{result['fields']} pre-filled "
                      f"({share:.0%})"),
            "unit": "per visit", "target": target,
            "note": "taps and keys within the goal" if met else "over the goal",
        })
    return rows
