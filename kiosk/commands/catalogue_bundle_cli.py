"""`kiosk catalogue update` and `kiosk catalogue bundle`: signed catalogue bundles.

    kiosk catalogue update [--portal URL | --file BUNDLE.jws]
        fetch the portal's newest signed bundle now (or take one from a file, e.g. a USB
        stick), check and install it; says what happened. Exit 0: installed or already the
        newest; 1: refused, failed, unreachable or updates off.
    kiosk catalogue bundle --key KEY --out FILE [--from DIR] [--version V | --after V]
                           [--province N]
        for a portal's operator: validate a catalogue folder and sign it as a bundle with
        the portal's private Ed25519 key (JWK, or PEM from `openssl genpkey -algorithm
        ed25519`); prints the public key the kiosks pin.

A running kiosk swaps in what `update` installed at its next check, between citizens.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.config import Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def register_actions(actions: Any) -> None:
    """Add `update` and `bundle` to `kiosk catalogue`'s actions."""
    update = actions.add_parser("update", help="fetch, check and install the portal's signed "
                                               "catalogue bundle now")
    source = update.add_mutually_exclusive_group()
    source.add_argument("--portal", metavar="URL", help="portal base URL (default: settings)")
    source.add_argument("--file", type=Path, metavar="BUNDLE.jws",
                        help="install a signed bundle from a file instead")
    update.set_defaults(handler=_update)
    bundle = actions.add_parser("bundle", help="sign a catalogue folder as a bundle (for the "
                                               "portal's operator)")
    bundle.add_argument("--key", type=Path, required=True, metavar="KEY",
                        help="the portal's private Ed25519 key (JWK or PEM)")
    bundle.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="where to write the bundle (JWS compact)")
    bundle.add_argument("--from", dest="source", type=Path, metavar="DIR",
                        help="catalogue folder (default: the kiosk's shipped catalogue)")
    version = bundle.add_mutually_exclusive_group()
    version.add_argument("--version", help="the bundle's version, YYYY.MM.DD.N")
    version.add_argument("--after", metavar="VERSION",
                         help="the version published last: this one is the next")
    bundle.add_argument("--province", type=int, help="province code (default: settings)")
    bundle.set_defaults(handler=_bundle)


def _update(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.session.catalogue_update import (
        INSTALLED,
        UP_TO_DATE,
        check_for_update,
        install_file,
    )

    if args.file is not None:
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            print(f"kiosk: {args.file}: {exc.strerror}", file=sys.stderr)
            return EXIT_FAILED
        outcome = install_file(settings, data)
    else:
        from kiosk.sync.credentials import KeyringCredentials

        outcome = check_for_update(settings, KeyringCredentials(settings.kiosk_id),
                                   portal_url=args.portal)
    print(f"{outcome.status}: {outcome.detail}")
    if outcome.in_use is not None:
        print(f"in use from the next citizen: {outcome.in_use.describe()}")
    return EXIT_OK if outcome.status in (INSTALLED, UP_TO_DATE) else EXIT_FAILED


def _bundle(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.forms.catalogue import catalogue_dir, validate_path
    from kiosk.forms.catalogue_bundle import (
        SigningKeyError,
        catalogue_files,
        load_signing_key,
        next_version,
        public_key_setting,
        sign_bundle,
        version_key,
    )

    source = args.source or catalogue_dir(settings.resources())
    try:
        key = load_signing_key(args.key)
    except (SigningKeyError, OSError) as exc:
        print(f"kiosk: --key: {exc}", file=sys.stderr)
        return EXIT_USAGE
    now = datetime.now(HANOI)
    try:
        version = args.version or next_version(args.after, now.date())
        version_key(version)
    except ValueError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not source.is_dir():
        print(f"kiosk: {source}: not a catalogue folder", file=sys.stderr)
        return EXIT_USAGE
    # Every kiosk would refuse a catalogue that does not validate: refuse to sign it here,
    # with the check dates against today's date as well.
    problems = validate_path(source)
    for p in problems:
        print(p)
    if problems:
        print(f"kiosk: {len(problems)} problem(s): not signed", file=sys.stderr)
        return EXIT_FAILED
    files = catalogue_files(source)
    province = settings.province_code if args.province is None else args.province
    data = sign_bundle(files, version, now, province, key)
    args.out.write_bytes(data)
    print(f"{args.out}: bundle {version} for province {province}, {len(files)} files, "
          f"signed {now.isoformat(timespec='seconds')} by key {key.thumbprint()}")
    print(f"kiosks pin: catalogue_signing_key = '{public_key_setting(key)}'", file=sys.stderr)
    return EXIT_OK


__all__ = ["register_actions"]
