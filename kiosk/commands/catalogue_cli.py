"""`kiosk catalogue ...` and `kiosk dossier new`: the catalogue and the form engine headless.

    kiosk catalogue list [--json]
    kiosk catalogue show CODE [--json]          full form definition (docs/catalogue.md)
    kiosk catalogue validate [PATH]             schema + expression checks; exit 1 on errors
    kiosk catalogue facts [--stale-after 180d] [--json]
                                                facts with their sources, oldest check first
    kiosk catalogue update | bundle             signed bundles (catalogue_bundle_cli.py)
    kiosk dossier new --service CODE --answers FILE.json [--attach FIELD=PATH ...]
                      [--card-json FILE] [--assisted-by ID] [--json]

`dossier new` drives the same `FormSession` as the wizard: invalid answers exit 2 with one
line per problem (`field: message`) on stdout (stderr carries logs), valid ones are queued in
the outbox.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.commands.catalogue_bundle_cli import register_actions
from kiosk.commands.output import report
from kiosk.config import Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2


def register(subparsers: Any) -> None:
    cat = subparsers.add_parser("catalogue", help="the service catalogue (procedures and forms)")
    csub = cat.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    c_list = csub.add_parser("list", help="procedures offered by this kiosk")
    c_list.add_argument("--json", action="store_true", help="print JSON")
    c_list.set_defaults(handler=_list)
    c_show = csub.add_parser("show", help="one procedure with its full form definition")
    c_show.add_argument("code", help="procedure code, e.g. 1.001193")
    c_show.add_argument("--json", action="store_true", help="print JSON")
    c_show.set_defaults(handler=_show)
    c_val = csub.add_parser("validate", help="check catalogue files (schema and expressions)")
    c_val.add_argument("path", nargs="?", type=Path,
                       help="a procedure file or catalogue folder (default: the kiosk's)")
    c_val.set_defaults(handler=_validate)
    c_facts = csub.add_parser("facts", help="every fact shown to citizens with its source and "
                                            "the age of its check, oldest first")
    c_facts.add_argument("--stale-after", metavar="AGE", type=_days,
                         help="only facts checked longer ago than AGE (e.g. 180d) or citing "
                              "nothing")
    c_facts.add_argument("--json", action="store_true", help="print JSON")
    c_facts.set_defaults(handler=_facts)
    register_actions(csub)  # update, bundle: kiosk/commands/catalogue_bundle_cli.py

    dossier = subparsers.add_parser("dossier", help="create dossiers without the screens")
    dsub = dossier.add_subparsers(dest="dossier_command", metavar="ACTION", required=True)
    new = dsub.add_parser("new", help="validate answers like the wizard and queue a dossier")
    new.add_argument("--service", required=True, metavar="CODE", help="procedure code")
    new.add_argument("--answers", required=True, type=Path, metavar="FILE.json",
                     help='answers: {"field": value, "repeat_group": [{"field": value}]}')
    new.add_argument("--attach", action="append", default=[], metavar="FIELD=PATH",
                     help="a document file for an attachment field (repeatable)")
    new.add_argument("--card-json", type=Path, metavar="FILE",
                     help="ID card data (as `kiosk card read --json` prints) for pre-filling")
    new.add_argument("--assisted-by", metavar="ID", help="volunteer who assisted the citizen")
    new.add_argument("--json", action="store_true", help="print JSON")
    new.set_defaults(handler=_dossier_new)


def _catalogue(settings: Settings) -> Any:
    """The catalogue the screens offer (a signed bundle when one is installed); read only."""
    from kiosk.forms.catalogue_in_use import catalogue_in_use

    return catalogue_in_use(settings, repair=False).catalogue


def _list(args: argparse.Namespace, settings: Settings) -> int:
    catalogue = _catalogue(settings)
    services = catalogue.list()
    if args.json:
        rows = [{
            "code": s.code, "name_vi": s.names.vi, "name_en": s.names.en,
            "category": s.category_id, "agency_level": s.agency_level,
            "service_level": s.service_level, "catalogue_version": s.catalogue_version,
            "fee_kind": s.fee.kind, "fee_vnd": s.fee.amount_vnd,
            "processing_time": s.processing_time.text("en"),
            "verified": s.verified,
        } for s in services]
        print(json.dumps({"services": rows, "problems": [str(p) for p in catalogue.problems]},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    for s in services:
        print(f"{s.code:<14} {s.category.en:<18} {s.names.vi}")
    for p in catalogue.problems:
        print(f"warning: {p}", file=sys.stderr)
    return EXIT_OK


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.forms.catalogue import UnknownServiceError
    from kiosk.forms.definition_json import service_to_json

    try:
        service = _catalogue(settings).get(args.code)
    except UnknownServiceError as exc:
        report("kiosk", exc, settings)
        return EXIT_INVALID
    doc = service_to_json(service)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{service.code}  {service.names.vi} / {service.names.en}")
    print(f"  agency: {service.agency_name.vi}; time: {service.processing_time.text('vi')}; "
          f"fee basis: {service.fee.basis}")
    for step in doc["steps"]:
        repeat = f"  (repeat {step['repeat']['min']}-{step['repeat']['max']})" if step.get(
            "repeat") else ""
        print(f"  [{step['id']}] {step['title']['vi']}{repeat}")
        for f in step["fields"]:
            req = "*" if f["required"] is True else "?" if f["required"] else " "
            print(f"    {req} {f['id']:<28} {f['type']:<13} {f['label']['vi']}")
    return EXIT_OK


def _days(text: str) -> int:
    """"180d" or "180": a number of days."""
    value = text.strip().lower().removesuffix("d")
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: a number of days, e.g. 180d")
    return int(value)


def _facts(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 1 when a fact cites nothing or (with --stale-after) is older than allowed."""
    from datetime import date

    from kiosk.forms.facts import report as fact_report

    catalogue = _catalogue(settings)
    today = date.today()
    rows = fact_report({s.code: s.raw for s in catalogue.list()}, today, args.stale_after,
                       catalogue.overrides)
    if args.json:
        print(json.dumps([{
            "code": r.code, "location": r.fact.location, "fact": r.fact.what,
            "checked": r.checked.isoformat() if r.checked else None,
            "age_days": r.age_days(today), "confidence": r.confidence, "sources": r.cites,
        } for r in rows], ensure_ascii=False, indent=2))
    else:
        for r in rows:
            age = "no source" if r.checked is None else f"{r.age_days(today)} d"
            print(f"{r.code:<14} {age:>9}  {r.confidence:<11} {r.fact.location:<18} "
                  f"{r.fact.what[:70]}")
        print(f"{len(rows)} fact(s)", file=sys.stderr)
    return EXIT_FAILED if rows and args.stale_after is not None else EXIT_OK


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.forms.catalogue import catalogue_dir, validate_path

    path = args.path or catalogue_dir(settings.resources())
    if not path.exists():
        print(f"kiosk: {path}: no such file or folder", file=sys.stderr)
        return EXIT_FAILED
    problems = validate_path(path)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return EXIT_FAILED
    print(f"{path}: OK")
    return EXIT_OK


def _dossier_new(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.session.headless import DossierInputError, create_dossier

    try:
        outcome = create_dossier(settings, args.service, args.answers, args.attach,
                                 args.card_json, args.assisted_by)
    except DossierInputError as exc:
        print(f"kiosk: {exc.text(settings.language)}", file=sys.stderr)
        return EXIT_INVALID
    if outcome.errors:
        # The problems are the command's answer: stdout, one line each (logs go to stderr).
        if args.json:
            print(json.dumps({"errors": [
                {"field": e.path, "code": e.code, "message_vi": e.message_vi,
                 "message_en": e.message_en} for e in outcome.errors]},
                ensure_ascii=False, indent=2))
        else:
            for e in outcome.errors:
                print(f"{e.path}: {e.message(settings.language)}")
        return EXIT_INVALID
    if outcome.failure is not None:
        report("kiosk", outcome.failure, settings)
        return EXIT_FAILED
    dossier = outcome.dossier
    assert dossier is not None
    if args.json:
        appointment = dossier.receipt.appointment_at
        print(json.dumps({
            "local_code": dossier.local_code,
            "dossier_id": dossier.dossier_id,
            "service_code": dossier.service_code,
            "appointment": appointment.isoformat() if appointment else None,
            "fee": dossier.receipt.fee_vnd,
            "fee_listed": (dossier.receipt.fee_listed_vnd
                           if dossier.receipt.fee_listed_vnd is not None
                           else dossier.receipt.fee_vnd),
            "fee_rule": dossier.receipt.fee_rule_vi,
            "fee_basis": dossier.receipt.fee_basis,
            "prefilled_from_chip": outcome.prefilled,
        }, ensure_ascii=False, indent=2))
    else:
        print(dossier.local_code)
    return EXIT_OK


