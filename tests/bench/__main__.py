"""`make bench`: run every tests/bench/bench_*.py and print one table.

Each module has `main() -> list[dict]` returning rows with keys `benchmark`, `value`,
`unit` and optionally `target` and `note`; a module may also print its own details.
Targets are reported, never asserted: speed lives here, not in the test suite.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).parent


def _load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look modules up by name
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    wanted = set(argv)
    rows: list[dict[str, object]] = []
    failed = []
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted and path.stem.removeprefix("bench_") not in wanted:
            continue
        print(f"== {path.stem}", flush=True)
        try:
            result = _load(path).main()
        except Exception:
            traceback.print_exc()
            failed.append(path.stem)
            continue
        for row in result or []:
            rows.append({"area": path.stem.removeprefix("bench_"), **row})
    print()
    header = ("area", "benchmark", "value", "unit", "target", "note")
    table = [[str(r.get(h, "")) for h in header] for r in rows]
    widths = [max([len(h)] + [len(t[i]) for t in table]) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for t in table:
        print("  ".join(c.ljust(w) for c, w in zip(t, widths, strict=True)))
    if failed:
        print(f"\nbenchmarks that failed to run: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
