"""`kiosk doctor [--json]`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.config import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("doctor", help="check this kiosk's health, with hints")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.doctor.checks import FAIL, format_table, run_checks

    results = run_checks(settings)
    if args.json:
        print(json.dumps({"checks": [r.as_dict() for r in results],
                          "ok": all(r.status != FAIL for r in results)},
                         ensure_ascii=False, indent=2))
    else:
        print(format_table(results))
    return 1 if any(r.status == FAIL for r in results) else 0
