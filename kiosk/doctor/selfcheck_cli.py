"""`kiosk selfcheck [--json]`: an offscreen demo run of the parts the kiosk is made of.

Meant for a freshly built or installed bundle (`dist/hanoi-kiosk/kiosk selfcheck`): it needs
no display, no reader, no printer and no network, and leaves the kiosk's data alone.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from kiosk.config import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "selfcheck", help="offscreen demo self-test: QML, keyboard, card, receipt, portal")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    # Never on the kiosk's screen, even when run beside the running kiosk.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.doctor.result import FAIL, format_table
    from kiosk.doctor.selfcheck import run_selfcheck

    results = run_selfcheck(settings)
    ok = all(r.status != FAIL for r in results)
    if args.json:
        print(json.dumps({"checks": [r.as_dict() for r in results], "ok": ok},
                         ensure_ascii=False, indent=2))
    else:
        print(format_table(results))
        print("selfcheck: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1
