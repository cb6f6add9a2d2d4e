"""Operator commands of the sync area: the queue, the worker, the device token.

    kiosk queue list [--json] | show CODE | retry CODE | recover
    kiosk sync [--once | --until-empty [--timeout S]] [--portal URL]
    kiosk token set [--cert-password]          (the secret is read from standard input)
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from kiosk.commands.output import report
from kiosk.config import Settings

EXIT_OK = 0
EXIT_FAIL = 1


def register(subparsers: Any) -> None:
    queue = subparsers.add_parser("queue", help="dossiers waiting in the outbox")
    qsub = queue.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    q_list = qsub.add_parser("list", help="code, service, state, attempts, last error, age")
    q_list.add_argument("--json", action="store_true", help="machine-readable output")
    q_list.set_defaults(handler=queue_list)
    q_show = qsub.add_parser("show", help="one dossier's sync details")
    q_show.add_argument("code", help="local code, dossier id or official code")
    q_show.set_defaults(handler=queue_show)
    q_retry = qsub.add_parser("retry", help="send a quarantined/blocked dossier again now")
    q_retry.add_argument("code")
    q_retry.set_defaults(handler=queue_retry)
    q_recover = qsub.add_parser(
        "recover", help="rebuild a damaged or lost outbox database from its blobs (stop the "
        "kiosk first; nothing is deleted)")
    q_recover.add_argument("--force", action="store_true",
                           help="rebuild even when the outbox opens healthy")
    q_recover.set_defaults(handler=queue_recover)

    sync = subparsers.add_parser("sync", help="send queued dossiers to the portal")
    mode = sync.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one pass, then exit")
    mode.add_argument("--until-empty", action="store_true", help="until nothing is left")
    sync.add_argument("--timeout", type=float, default=600.0, metavar="S",
                      help="end --once or --until-empty within S seconds (default 600)")
    sync.add_argument("--portal", metavar="URL", help="portal base URL (overrides settings)")
    sync.set_defaults(handler=sync_run)

    token = subparsers.add_parser("token", help="the device token in the OS keyring")
    tsub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    t_set = tsub.add_parser("set", help="read the device token from standard input")
    t_set.add_argument("--cert-password", action="store_true",
                       help="store the client-certificate password instead")
    t_set.set_defaults(handler=token_set)
    t_status = tsub.add_parser("status", help="whether a token is set (fingerprint only)")
    t_status.set_defaults(handler=token_status)



def _fail(exc: Exception, settings: Settings) -> int:
    report("kiosk", exc, settings)
    return EXIT_FAIL


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f}m"
    if seconds < 172800:
        return f"{seconds / 3600:.0f}h"
    return f"{seconds / 86400:.0f}d"


def queue_list(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sync.errors import SyncError
    from kiosk.sync.outbox import Outbox

    try:
        with Outbox.open(settings) as outbox:
            now = time.time()
            rows = [e.summary(now) for e in outbox.list()]
            block = outbox.device_block()
    except SyncError as exc:
        return _fail(exc, settings)
    if args.json:
        print(json.dumps({"dossiers": rows, "device_blocked": block is not None},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if block is not None:
        print(f"! device blocked by the portal (HTTP {block.get('status')}): "
              "run 'kiosk token set'", file=sys.stderr)
    print(f"{'CODE':<28} {'SERVICE':<10} {'STATE':<12} {'TRIES':>5} {'AGE':>5}  LAST ERROR")
    for r in rows:
        print(f"{r['code']:<28} {r['service']:<10} {r['state']:<12} {r['attempts']:>5} "
              f"{_age(r['age_s']):>5}  {(r['last_error'] or '')[:60]}")
    print(f"{len(rows)} dossier(s)")
    return EXIT_OK


def queue_show(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sync.errors import SyncError
    from kiosk.sync.outbox import Outbox

    try:
        with Outbox.open(settings) as outbox:
            entry = outbox.get(args.code)
    except SyncError as exc:
        return _fail(exc, settings)
    details = entry.summary(time.time())
    details.update({
        "portal_message": entry.portal_message,
        "key_id": entry.key_id,
        "polls": entry.polls,
        "attachments": [
            {"name": a.name, "media_type": a.media_type, "size": a.size, "sha256": a.sha256,
             "upload_id": a.upload_id, "offset": a.upload_offset, "uploaded": a.uploaded}
            for a in entry.attachments
        ],
    })
    print(json.dumps(details, ensure_ascii=False, indent=2))
    return EXIT_OK


def queue_retry(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sync.errors import SyncError
    from kiosk.sync.outbox import Outbox

    try:
        with Outbox.open(settings) as outbox:
            entry = outbox.retry(args.code)
    except SyncError as exc:
        return _fail(exc, settings)
    print(f"{entry.local_code}: {entry.state}, due now")
    return EXIT_OK


def sync_run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.logs.structured import ensure_console_logging
    from kiosk.receipts.store import forget_receipt
    from kiosk.sync.errors import SyncError
    from kiosk.sync.worker import SyncWorker

    ensure_console_logging(settings)
    try:
        worker = SyncWorker(settings, portal_url=args.portal,
                            on_purged=lambda code: forget_receipt(settings, code))
    except SyncError as exc:
        return _fail(exc, settings)
    try:
        if args.once:
            report = worker.run_once(deadline=time.monotonic() + args.timeout)
            print(_report_line(report, worker))
            _say_why_offline(report, worker)
            return EXIT_FAIL if report.blocked else EXIT_OK
        if args.until_empty:
            done = worker.run_until_empty(args.timeout)
            print(_report_line(worker.status().last_report, worker))
            _say_why_offline(worker.status().last_report, worker)
            if not done:
                why = "device blocked" if worker.status().device_blocked else "timeout"
                print(f"kiosk: queue not empty ({why})", file=sys.stderr)
            return EXIT_OK if done else EXIT_FAIL
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        worker.run_forever(stop)
        return EXIT_OK
    except SyncError as exc:
        return _fail(exc, settings)
    finally:
        worker.close()


def _say_why_offline(report: Any, worker: Any) -> None:
    """The portal's last failure in words (which TLS check failed, refused, timeout...)."""
    why = getattr(worker.client, "last_error", None)
    if why and report is not None and (not report.online or report.retried):
        print(f"kiosk: portal: {why}", file=sys.stderr)


def queue_recover(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.logs.structured import ensure_console_logging
    from kiosk.sync.errors import SyncError
    from kiosk.sync.outbox import OUTBOX_DIR
    from kiosk.sync.outbox_recovery import recover

    ensure_console_logging(settings)
    root = Path(settings.data_dir) / OUTBOX_DIR
    if not root.is_dir():
        print(f"kiosk: no outbox at {root}: nothing to recover", file=sys.stderr)
        return EXIT_FAIL
    if not args.force:
        from kiosk.sync.errors import OutboxDamagedError
        from kiosk.sync.outbox import Outbox

        try:
            Outbox.open(settings).close()
        except OutboxDamagedError:
            pass  # what recover is for
        except SyncError as exc:
            return _fail(exc, settings)  # not a damaged store: a rebuild would not help
        else:
            print("the outbox is healthy: nothing to recover (--force rebuilds it anyway)")
            return EXIT_OK
    try:
        report = recover(root)
    except (SyncError, OSError) as exc:
        if isinstance(exc, SyncError):
            return _fail(exc, settings)
        print(f"kiosk: recovery stopped: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if report.moved_to is not None:
        print(f"damaged database kept in {report.moved_to}")
    print(f"recovered {report.recovered} dossier(s): {report.from_rows} from readable rows, "
          f"{report.from_manifests} from their manifests")
    for dossier_id in report.incomplete:
        print(f"! dossier {dossier_id}: files missing, not recovered", file=sys.stderr)
    if report.unrecovered_files:
        print(f"! {len(report.unrecovered_files)} file(s) belong to no recoverable dossier: "
              f"kept in {root / 'unrecovered'}", file=sys.stderr)
    print("next: 'kiosk queue list', then 'kiosk sync --once'")
    return EXIT_OK


def _report_line(report: Any, worker: Any) -> str:
    counts = worker.outbox.counts()
    state = " ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "empty"
    if report is None:
        return f"outbox: {state}"
    return (f"online={report.online} sent={report.sent} retried={report.retried} "
            f"quarantined={report.quarantined} mismatched={report.mismatched} "
            f"blocked={report.blocked} | outbox: {state}")


def token_set(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sync.credentials import KeyringCredentials
    from kiosk.sync.errors import SyncError

    secret = sys.stdin.readline().strip()
    creds = KeyringCredentials(settings.kiosk_id)
    try:
        if args.cert_password:
            creds.set_client_cert_password(secret)
            print("client-certificate password stored")
        else:
            print(f"device token stored (fingerprint {creds.set_device_token(secret)})")
    except SyncError as exc:
        return _fail(exc, settings)
    return EXIT_OK


def token_status(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sync.credentials import KeyringCredentials, backend_name, fingerprint
    from kiosk.sync.errors import SyncError

    try:
        token = KeyringCredentials(settings.kiosk_id).device_token()
    except SyncError as exc:
        return _fail(exc, settings)
    print(f"device token set for {settings.kiosk_id} in {backend_name()} "
          f"(fingerprint {fingerprint(token)})")
    return EXIT_OK
