"""`kiosk receipt render (--dossier CODE | --sample) --out FILE.pdf [--paper 80mm|a4|a5]`.

The `receipt` command's other action, `print`, needs the printer support in kiosk.ui, so
kiosk/commands/print_cli.py adds it to the same `receipt` parser through `receipt_actions()`:
the core never imports kiosk.ui (import-linter contract).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.cli_groups import command_group
from kiosk.config import Settings
from kiosk.errors import KioskError

EXIT_OK = 0
EXIT_USAGE = 2  # bad arguments or unknown dossier code
EXIT_PRINT_FAILED = 3

PAPER_CHOICES = ("80mm", "a4", "a5")



def register(subparsers: Any) -> None:
    render = receipt_actions(subparsers).add_parser(
        "render", help="write a receipt PDF (a dossier from the outbox, or the sample)"
    )
    add_source_arguments(render)
    render.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                        help="where to write the PDF")
    render.add_argument("--paper", choices=PAPER_CHOICES,
                        help="layout (default: the receipt_paper setting)")
    render.set_defaults(handler=handle_render)


def receipt_actions(subparsers: Any) -> Any:
    """The `receipt` command's sub-parsers, created by whichever module registers first."""
    return command_group(subparsers, "receipt", "render or print citizens' receipts",
                         "receipt_action")


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--dossier", metavar="CODE",
                        help="local (or official) code of a dossier in the outbox")
    source.add_argument("--sample", action="store_true", help="the built-in sample receipt")


class RecordUnavailableError(KioskError):
    """The CLI could not get the receipt record; message in both languages."""

    def __init__(self, message_vi: str, message_en: str, detail: str = "") -> None:
        super().__init__(detail or message_en)
        self.message_vi = message_vi
        self.message_en = message_en


def load_record(args: argparse.Namespace, settings: Settings) -> Any:
    """The ReceiptRecord named by --dossier (from the outbox) or --sample."""
    if args.sample:
        from kiosk.receipts.sample import sample_record

        return sample_record()
    from kiosk.receipts.store import ReceiptCodeError, check_code
    from kiosk.sync.errors import OutboxError
    from kiosk.sync.outbox import Outbox

    try:
        check_code(args.dossier)
        with Outbox.open(settings) as outbox:
            return outbox.receipt_record(args.dossier)
    except (ReceiptCodeError, OutboxError) as exc:
        raise RecordUnavailableError(exc.message_vi, exc.message_en, str(exc)) from exc


def say(settings: Settings, message_vi: str, message_en: str, detail: str = "") -> None:
    message = message_vi if settings.language == "vi" else message_en
    print(f"kiosk receipt: {message}" + (f" ({detail})" if detail else ""), file=sys.stderr)


def handle_render(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.receipts.pdf import render_receipt

    try:
        record = load_record(args, settings)
    except RecordUnavailableError as exc:
        say(settings, exc.message_vi, exc.message_en, str(exc))
        return EXIT_USAGE
    pdf = render_receipt(record, settings, args.paper or settings.receipt_paper)
    out: Path = args.out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    except OSError as exc:
        say(settings, "Không ghi được tệp PDF.", "Cannot write the PDF file.", str(exc))
        return EXIT_USAGE
    print(f"{out} ({len(pdf)} bytes, {args.paper or settings.receipt_paper})")
    return EXIT_OK
