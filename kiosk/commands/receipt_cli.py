"""`kiosk receipt render (--dossier CODE | --sample) --out FILE.pdf [--paper 80mm|a4|a5]`.

The `receipt` command's other action, `print`, needs the printer support in kiosk.ui, so
kiosk/commands/print_cli.py adds it to the same `receipt` parser through `receipt_actions()`:
the core never imports kiosk.ui (import-linter contract).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli_groups import command_group
from kiosk.commands.output import report
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


class PdfWriteError(KioskError):
    code = "pdf_write_failed"
    message_vi = "Không ghi được tệp PDF."
    message_en = "Cannot write the PDF file."


def load_record(args: argparse.Namespace, settings: Settings) -> Any:
    """The ReceiptRecord named by --dossier (from the outbox) or --sample; a KioskError
    (a malformed code, an unknown dossier, an outbox that cannot be opened) otherwise."""
    if args.sample:
        from kiosk.receipts.sample import sample_record

        return sample_record()
    from kiosk.receipts.store import check_code
    from kiosk.sync.outbox import Outbox

    check_code(args.dossier)
    with Outbox.open(settings) as outbox:
        return outbox.receipt_record(args.dossier)


def say(settings: Settings, exc: BaseException) -> None:
    report("kiosk receipt", exc, settings)


def handle_render(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.receipts.pdf import render_receipt

    try:
        record = load_record(args, settings)
    except KioskError as exc:
        say(settings, exc)
        return EXIT_USAGE
    pdf = render_receipt(record, settings, args.paper or settings.receipt_paper)
    out: Path = args.out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    except OSError as exc:
        error = PdfWriteError(str(exc))
        error.detail = f"{type(exc).__name__}: {exc.strerror or exc}"
        say(settings, error)
        return EXIT_USAGE
    print(f"{out} ({len(pdf)} bytes, {args.paper or settings.receipt_paper})")
    return EXIT_OK
