"""`kiosk portal-sim`: the reference portal over HTTP(S), with fault injection.

    kiosk portal-sim --port N --data DIR [--key] [--faults SPEC] [--agency CODE] [--token T]
                     [--catalogue [DIR]]
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from pathlib import Path
from typing import Any

from kiosk.config import Settings

EXIT_OK = 0


def register(subparsers: Any) -> None:
    sim = subparsers.add_parser("portal-sim", help="run the reference portal (HTTP)")
    sim.add_argument("--port", type=int, default=8765)
    sim.add_argument("--host", default="127.0.0.1", help="listen address (default loopback)")
    sim.add_argument("--data", type=Path, help="portal data dir (default <data-dir>/portal-sim)")
    sim.add_argument("--key", action="store_true",
                     help="create/load a key pair and require encrypted dossiers")
    sim.add_argument("--faults", metavar="SPEC", help="fault injection, e.g. 500=0.1,seed=1")
    sim.add_argument("--agency", help="agency code prefix of official codes")
    sim.add_argument("--token", action="append", default=[], help="accepted device token")
    sim.add_argument("--advance", type=float, default=30.0, metavar="S",
                     help="seconds between status steps received/processing/completed")
    sim.add_argument("--tls-cert", type=Path, help="serve HTTPS with this certificate (PEM)")
    sim.add_argument("--tls-key", type=Path, help="private key of --tls-cert (PEM)")
    sim.add_argument("--tls-client-ca", type=Path,
                     help="require client certificates issued by this CA (mutual TLS)")
    sim.add_argument("--catalogue", nargs="?", type=Path, const=_SHIPPED, metavar="DIR",
                     help="publish this catalogue folder (default: the kiosk's own) as a "
                          "signed bundle at GET /v1/catalogue/bundle")
    sim.set_defaults(handler=portal_sim)


_SHIPPED = Path("<shipped>")



def portal_sim(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.logs.structured import ensure_console_logging
    from kiosk.portal_sim.faults import FaultSpecError
    from kiosk.portal_sim.server import TOKENS_FILE, PortalSim

    ensure_console_logging(settings)
    data = args.data or Path(settings.data_dir) / "portal-sim"
    tls = None
    if args.tls_cert:
        import ssl

        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
        if args.tls_client_ca:
            tls.verify_mode = ssl.CERT_REQUIRED
            tls.load_verify_locations(args.tls_client_ca)
    catalogue = args.catalogue
    if catalogue == _SHIPPED:
        from kiosk.forms.catalogue import catalogue_dir

        catalogue = catalogue_dir(settings.resources())
    try:
        sim = PortalSim(data, host=args.host, port=args.port, tokens=args.token, key=args.key,
                        faults=args.faults, agency=args.agency or settings.agency_code,
                        advance_s=args.advance, tls=tls, catalogue=catalogue,
                        province_code=settings.province_code)
    except FaultSpecError as exc:
        print(f"kiosk portal-sim: --faults: {exc}", file=sys.stderr)
        return 2
    def ready(url: str) -> None:
        tokens = "from --token" if args.token else str(data / TOKENS_FILE)
        print(f"portal-sim on {url} data={data} key={'yes' if args.key else 'no (plaintext)'}"
              f" faults={args.faults or 'none'} tokens: {tokens}", flush=True)
        if catalogue is not None:
            print(f"catalogue bundle {sim.catalogue.newest()} from {catalogue}; kiosks pin: "
                  f"catalogue_signing_key = '{sim.catalogue.public_key_setting()}'", flush=True)

    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        sim.serve_forever(ready)
    return EXIT_OK


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt
