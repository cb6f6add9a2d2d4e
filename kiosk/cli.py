"""The `kiosk` command: the GUI and the operators' tools in one entry.

Each area registers its own sub-commands from a small `*_cli` module listed in
COMMAND_MODULES: ``register(subparsers)`` adds parsers whose defaults carry
``handler(args, settings) -> exit code``. Those modules import their heavy dependencies
inside the handler so that ``kiosk --version`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.config import Settings, SettingsError, load
from kiosk.data_dir import apply_private_umask, secure_data_dir

# Sub-command modules, each with `register(subparsers) -> None`.
COMMAND_MODULES: tuple[str, ...] = (
    "kiosk.doctor.doctor_cli",
    "kiosk.doctor.selfcheck_cli",
    "kiosk.commands.card_cli",
    "kiosk.devices.simulator.simulator_cli",
    "kiosk.commands.admin_cli",
    "kiosk.commands.receipt_cli",
    "kiosk.commands.print_cli",
    "kiosk.commands.sync_cli",
    "kiosk.portal_sim.portal_cli",
    "kiosk.commands.catalogue_cli",
)

# Commands that run until stopped and whose progress an operator watches on the terminal.
LONG_RUNNING = frozenset({"run", "sync", "portal-sim"})

EXIT_OK = 0
EXIT_USAGE = 2

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Hanoi citizen service kiosk: run the kiosk or look after it.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--data-dir", type=Path, help="data directory (outbox, receipts, logs)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start the kiosk (default)")
    add_run_arguments(run)
    run.set_defaults(handler=_run_kiosk)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="virtual card and embedded portal")
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    parser.add_argument("--window-size", metavar="WxH",
                        help="a window of this size, e.g. 1080x1920 (portrait), 1280x800 "
                             "(tablet), 1920x1080; implies --windowed")
    parser.add_argument("--lang", choices=("vi", "en"), help="start-up language")
    parser.add_argument(
        "--quit-after", type=float, metavar="S", help="quit after S seconds (smoke tests)"
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="save a screenshot before --quit-after"
    )


def _run_kiosk(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.ui.app import run_kiosk

    return run_kiosk(
        settings,
        quit_after_s=getattr(args, "quit_after", None),
        screenshot=getattr(args, "screenshot", None),
    )


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {"data_dir": args.data_dir}
    if getattr(args, "demo", False):
        overrides["demo"] = True
    if getattr(args, "windowed", False):
        overrides["fullscreen"] = False
    if getattr(args, "window_size", None):
        overrides["fullscreen"] = False
        overrides["window_size"] = args.window_size
    if getattr(args, "lang", None):
        overrides["language"] = args.lang
    return load(args.config, None, **overrides)


def main(argv: Sequence[str] | None = None) -> int:
    # The outbox holds personal data: nothing this process creates is for other users.
    # Restored on return, for callers that run a command in-process (tests).
    previous_umask = apply_private_umask()
    try:
        return _main(argv)
    finally:
        if previous_umask is not None:
            os.umask(previous_umask)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    argv = _default_to_run(list(sys.argv[1:] if argv is None else argv), parser)
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
    except SettingsError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        from kiosk.logs.structured import setup_logging

        # JSON lines in <data_dir>/logs, redacted. On the terminal, the long-running
        # commands narrate; one-shot operator commands show only warnings, unless -v.
        chatty = args.verbose or args.command in LONG_RUNNING
        setup_logging(settings, console_level=logging.INFO if chatty else logging.WARNING)
    except OSError as exc:  # a read-only or foreign-owned data dir: still run, say why
        print(f"kiosk: no log file ({exc}); logging to stderr only", file=sys.stderr)
    try:  # what an older version left readable by other users
        secure_data_dir(settings.data_dir)
    except OSError as exc:  # the sub-command (e.g. doctor) says what is wrong with it
        log.warning("data dir permissions not checked: %s", exc)
    return int(args.handler(args, settings))


def _default_to_run(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """`kiosk`, `kiosk --demo` and `kiosk --data-dir D --demo` mean `kiosk run ...`."""
    i = 0
    while i < len(argv) and argv[i] in ("--config", "--data-dir", "-v", "--verbose"):
        i += 1 if argv[i] in ("-v", "--verbose") else 2
    rest = argv[i:]
    commands = _subcommands(parser)
    if rest and (rest[0] in commands or rest[0] in ("-h", "--help", "--version")):
        return argv
    return [*argv[:i], "run", *rest]


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()
