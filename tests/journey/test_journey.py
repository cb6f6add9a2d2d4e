"""A person finishes a procedure alone, through the accessibility bus: the real `kiosk run
--demo` under Xvfb with a D-Bus session and at-spi2-core; controls found only by role and
accessible name (tests/journey/walk.py). Counts are recorded, not asserted: budgets are
`make bench`'s and `make journey`'s business."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.journey import runner

# Every procedure on a tablet; birth registration, the most used, on every screen shape.
CASES = [(code, "tablet") for code in runner.people()] + [
    ("1.001193", "landscape"), ("1.001193", "portrait")]


@pytest.fixture(scope="module")
def walks() -> Iterator[dict[tuple[str, str], Future[dict[str, Any]]]]:
    """Every walk started at once, two at a time: each is mostly waiting on the bus, so two
    side by side on two cores take far less than twice as long as one. Each test then
    waits for its own walk."""
    if runner.missing() is not None:
        yield {}
        return
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="journey") as pool:
        yield {case: pool.submit(runner.walk, *case, timeout_s=420) for case in CASES}


@pytest.mark.parametrize(("code", "size"), CASES, ids=[f"{c}-{s}" for c, s in CASES])
def test_a_person_reaches_the_receipt_through_the_accessibility_bus(
    code: str, size: str, artifacts_dir: Path,
    walks: dict[tuple[str, str], Future[dict[str, Any]]],
) -> None:
    why = runner.missing()
    if why is not None:
        pytest.skip(why)
    result = walks[(code, size)].result()
    (artifacts_dir / f"journey-{code}-{size}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    assert "error" not in result, result.get("error", "")[:4000]
    assert result["taps"] > 0 and result["fields"] > 0
    print(runner.table([result]))


def test_words_left_half_composed_never_crash_or_get_lost(artifacts_dir: Path) -> None:
    """A Telex word still being composed, then "Next", a language switch, "start over", or
    walking away until the idle wipe: rounds of it on the real kiosk through the bus."""
    why = runner.missing()
    if why is not None:
        pytest.skip(why)
    result = runner.composing(rounds=6, idle_s=25)
    (artifacts_dir / "journey-composing.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    assert "error" not in result, result.get("error", "")[:4000]
    assert len(result["log"]) == 7, result["log"]
