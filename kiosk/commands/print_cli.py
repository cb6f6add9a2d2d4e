"""`kiosk receipt print (--dossier CODE | --sample) [--printer NAME] [--paper ...]`.

Printing itself is kiosk.receipts.printing (CUPS through pycups). Exit codes: 0 printed, 2 bad
arguments or unknown dossier, 3 printing failed (the PDF and the fallback QR images are kept
and their paths printed).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.commands.receipt_cli import (
    EXIT_OK,
    EXIT_PRINT_FAILED,
    EXIT_USAGE,
    PAPER_CHOICES,
    add_source_arguments,
    load_record,
    receipt_actions,
    say,
)
from kiosk.config import Settings
from kiosk.errors import KioskError


def register(subparsers: Any) -> None:
    parser = receipt_actions(subparsers).add_parser(
        "print", help="print a receipt through CUPS (keeps the PDF for reprint)"
    )
    add_source_arguments(parser)
    parser.add_argument("--printer", metavar="NAME",
                        help="CUPS queue (default: the printer_name setting, else the default)")
    parser.add_argument("--paper", choices=PAPER_CHOICES,
                        help="layout (default: the receipt_paper setting)")
    parser.set_defaults(handler=handle_print)


def handle_print(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.receipts.printing import PrintFailure, print_receipt

    try:
        record = load_record(args, settings)
    except KioskError as exc:
        say(settings, exc)
        return EXIT_USAGE
    try:
        result = print_receipt(record, settings, printer=args.printer, paper=args.paper)
    except PrintFailure as failure:
        say(settings, failure)
        if failure.pdf_path:
            print(f"PDF kept for reprint: {failure.pdf_path}", file=sys.stderr)
        for qr in failure.fallback:
            print(f"fallback QR ({qr.kind}): {qr.png}", file=sys.stderr)
        return EXIT_PRINT_FAILED
    print(f"printed on {result.printer} (job {result.job_id}, {result.seconds:.1f} s); "
          f"PDF kept at {result.pdf_path}")
    return EXIT_OK
