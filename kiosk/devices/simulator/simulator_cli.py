"""`kiosk card simulate`: the virtual CCCD card as a vpcd client, for pcscd without hardware
(tests, demos, a technician checking a reader setup). Not part of the kiosk's own path.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kiosk.commands.card_cli import (
    DATA_GROUPS,
    EXIT_OK,
    EXIT_USAGE,
    card_actions,
    fail_with,
    non_negative,
    pace_domain,
    positive,
)

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.devices.simulator.citizens import CitizenRecord


def register(subparsers: Any) -> None:
    actions = card_actions(subparsers)
    sim = actions.add_parser("simulate", help="a virtual card on pcscd's vpcd reader")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=35963, help="35963 = 'Virtual PCD 00 00'")
    sim.add_argument("--citizen", default="demo", help="'demo' or a test citizen's ID number")
    sim.add_argument("--no-extended", action="store_true", help="short APDUs only")
    sim.add_argument("--max-response", type=non_negative, default=0, metavar="N",
                     help="largest answer in bytes (0 = what the APDU allows)")
    sim.add_argument("--too-long", choices=("wrong_length", "exact_length", "truncate"),
                     default="wrong_length", help="answer to a Le above --max-response")
    sim.add_argument("--delay-ms", type=non_negative, default=0, metavar="N")
    sim.add_argument("--tamper", choices=DATA_GROUPS, metavar="DG", help="alter one data group")
    sim.add_argument("--wrong-dsc", action="store_true", help="sign with an unknown CSCA's DSC")
    sim.add_argument("--remove-after", type=non_negative, metavar="N",
                     help="take the card away after N APDUs (once)")
    sim.add_argument("--reinsert-after", type=float, default=2.0, metavar="S",
                     help="seconds before a removed card comes back (negative = never)")
    sim.add_argument("--quit-after", type=float, metavar="S", help="stop after S seconds")
    sim.add_argument("--no-pace", action="store_true", help="a BAC-only card (no EF.CardAccess)")
    sim.add_argument("--pace-curve", default="brainpoolP256r1", type=pace_domain,
                     metavar="NAME", help="PACE domain: brainpoolP256r1, secp256r1, "
                     "modp2048_224... (ICAO standardized ids 0-2, 8-18)")
    sim.add_argument("--pace-cipher", default="AES-128",
                     choices=("3DES", "AES-128", "AES-192", "AES-256"))
    sim.add_argument("--pace-tries", type=positive, default=3, metavar="N",
                     help="wrong CAN/MRZ before PACE blocks until the card is put back")
    sim.add_argument("--clone", action="store_true",
                     help="genuine data and SOD, but other chip keys (a copied card)")
    sim.add_argument("--rsa-aa", action="store_true",
                     help="RSA (ISO 9796-2) Active Authentication key instead of ECDSA")
    sim.set_defaults(handler=simulate_command)


def _citizen(name: str) -> CitizenRecord | None:
    from kiosk.devices.simulator.citizens import citizen, demo_citizen

    if name == "demo":
        return demo_citizen()
    try:
        return citizen(name)
    except KeyError:
        return None


def simulate_command(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading
    import time

    from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions
    from kiosk.devices.simulator.vpcd_client import VpcdClient

    citizen = _citizen(args.citizen)
    if citizen is None:
        return fail_with(EXIT_USAGE, "Không có công dân thử nghiệm này.",
                     "No such test citizen (use 'demo' or a test ID number).")
    options = VirtualCardOptions(
        extended_length=not args.no_extended, max_response=args.max_response,
        too_long=args.too_long, delay_s=args.delay_ms / 1000, tamper_dg=args.tamper,
        wrong_dsc=args.wrong_dsc, remove_after_apdus=args.remove_after,
        pace=not args.no_pace, pace_curve=args.pace_curve, pace_cipher=args.pace_cipher,
        pace_tries=args.pace_tries, clone=args.clone, rsa_active_authentication=args.rsa_aa)
    card = VirtualCard.for_citizen(citizen, options)
    reinsert = None if args.reinsert_after < 0 else args.reinsert_after
    client = VpcdClient(card, args.host, args.port, reinsert_after_s=reinsert)
    done = threading.Event()

    def finish(_signum: int, _frame: object) -> None:
        done.set()

    previous = signal.signal(signal.SIGTERM, finish)
    client.start()
    print(f"Virtual card (ID …{citizen.id_number[-3:]}) for vpcd at {args.host}:{args.port}; "
          "Ctrl+C to stop.", flush=True)
    started = time.monotonic()
    warned = False
    try:
        while not done.wait(0.5):
            elapsed = time.monotonic() - started
            if args.quit_after is not None and elapsed >= args.quit_after:
                break
            if not warned and elapsed > 5.0 and not client.connected.is_set():
                warned = True
                print("Waiting for vpcd: is pcscd running with the vsmartcard-vpcd driver?",
                      file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass  # Ctrl+C is how this command is meant to end: take the card out below
    finally:
        client.stop()
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK
