"""Receipt rendering time: cold (first receipt in a fresh process: imports, font parsing) and
warm (every later receipt), for the 80 mm roll and A4, each with two QR codes (tracking and
VietQR). Goal: warm <= 60 ms. Each warm run uses a new dossier code, so no QR symbol or
layout is reused from a cache.

Run: `.venv/bin/python tests/bench/bench_receipts.py` or `make bench`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WARM_RUNS = 30
GOAL_MS = 60.0

_COLD = """
import time
t0 = time.perf_counter()
from kiosk.config import load
from kiosk.receipts.pdf import render_receipt
from kiosk.receipts.sample import sample_record
pdf = render_receipt(sample_record(), load(env={}), PAPER)
print((time.perf_counter() - t0) * 1000)
"""


def cold_ms(paper: str) -> float:
    """First render in a new interpreter, imports included."""
    out = subprocess.run(
        [sys.executable, "-c", _COLD.replace("PAPER", repr(paper))], capture_output=True, text=True,
        check=True, cwd=ROOT, env={**os.environ, "KIOSK_CONFIG": "/nonexistent.toml"},
        timeout=120,
    )
    return float(out.stdout.strip().splitlines()[-1])


def warm_ms(paper: str) -> list[float]:
    from kiosk.config import load
    from kiosk.receipts.pdf import render_receipt
    from kiosk.receipts.sample import sample_record

    settings = load(env={})
    render_receipt(sample_record(), settings, paper)  # fonts registered
    times = []
    for n in range(WARM_RUNS):
        record = sample_record(local_code=f"H26.22.01-261122-B{n:05d}")
        t0 = time.perf_counter()
        render_receipt(record, settings, paper)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> list[dict[str, object]]:
    sys.path.insert(0, str(ROOT))
    rows: list[dict[str, object]] = []
    for paper in ("80mm", "a4"):
        cold = cold_ms(paper)
        warm = warm_ms(paper)
        median, worst = statistics.median(warm), max(warm)
        print(f"{paper:>5}: cold {cold:7.1f} ms   warm median {median:5.1f} ms   "
              f"p90 {statistics.quantiles(warm, n=10)[-1]:5.1f} ms   max {worst:5.1f} ms   "
              f"({WARM_RUNS} runs, goal <= {GOAL_MS:.0f} ms warm)")
        rows += [
            {"benchmark": f"render {paper} cold (new process)", "value": round(cold, 1),
             "unit": "ms", "note": "imports + font parsing + first receipt"},
            {"benchmark": f"render {paper} warm median", "value": round(median, 1),
             "unit": "ms", "target": f"<= {GOAL_MS:.0f}", "note": "two QR codes"},
            {"benchmark": f"render {paper} warm max", "value": round(worst, 1), "unit": "ms"},
        ]
    return rows


if __name__ == "__main__":
    main()
