"""`kiosk selfcheck`: does this installation (a bundle above all) hold everything the kiosk
needs? Offscreen and in demo mode, in a throw-away data folder, it loads the QML window
(with the virtual keyboard and its vi_VN layout), loads the translations, reads the demo
virtual card in-process, renders a sample receipt (PDF and its QtPdf preview), starts the
embedded portal and asks /v1/health. Nothing here touches the kiosk's real data or devices.

Unlike `kiosk doctor` (is this machine set up right?), this answers: is the software whole?
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Settings
from kiosk.doctor.result import FAIL, OK, WARN, CheckResult


def run_selfcheck(settings: Settings) -> list[CheckResult]:
    from kiosk.ui.qt_checks import offscreen_qt, translations_status, window_status

    results: list[CheckResult] = []
    with offscreen_qt() as (app, messages), \
            tempfile.TemporaryDirectory(prefix="kiosk-selfcheck-") as tmp:
        demo = dataclasses.replace(settings, data_dir=Path(tmp), demo=True, fullscreen=False)
        steps: list[tuple[str, Callable[[], CheckResult]]] = [
            ("translations", lambda: CheckResult("translations", *translations_status(app))),
            ("window", lambda: CheckResult("window", *window_status(demo, app, messages))),
            ("card", lambda: check_card(demo)),
            ("receipt", lambda: check_receipt(demo)),
            ("portal", lambda: check_portal(demo)),
        ]
        for name, step in steps:
            started = time.monotonic()
            try:
                result = step()
            except Exception as exc:  # report every step, whatever breaks
                result = CheckResult(name, FAIL, f"{type(exc).__name__}: {exc}")
            took = time.monotonic() - started
            results.append(dataclasses.replace(result, detail=f"{result.detail} "
                                               f"[{took:.2f} s]"))
    return results


def check_card(settings: Settings) -> CheckResult:
    from kiosk.demo import demo_citizen_access
    from kiosk.devices.card.card_session import read_card
    from kiosk.devices.card.lds import load_trust_store

    transport, keys = demo_citizen_access()
    trust = load_trust_store(settings.resources() / "trust" / "demo-csca.pem")
    result = read_card(transport, keys, trust=trust)
    passive = result.authentication.passive
    detail = (f"demo card: {len(result.files)} files in {result.stats.apdus} APDUs, "
              f"passive authentication {passive}")
    if passive != "valid":
        return CheckResult("card", FAIL, detail, "The demo trust store or the chip "
                           "signature checks are broken in this installation.")
    if not result.data.to_json().get("id_number"):
        return CheckResult("card", FAIL, detail + ", but no ID number parsed")
    return CheckResult("card", OK, detail)


def check_receipt(settings: Settings) -> CheckResult:
    from kiosk.receipts.pdf import render_receipt
    from kiosk.receipts.sample import sample_record
    from kiosk.ui.receipt_preview import page_count, preview_png

    pdf = render_receipt(sample_record(), settings, "80mm")
    pages = page_count(pdf)  # QtPdf itself: the preview may fall back to pdftoppm
    png = preview_png(pdf, 320)
    if pages < 1 or not png.startswith(b"\x89PNG"):
        return CheckResult("receipt", FAIL, f"{len(pdf)} bytes of PDF, {pages} page(s), "
                           "no preview")
    return CheckResult("receipt", OK, f"sample receipt: {len(pdf)} bytes of PDF, {pages} "
                       f"page(s), preview {len(png)} bytes of PNG")


def check_portal(settings: Settings) -> CheckResult:
    from kiosk.demo import start_demo_portal
    from kiosk.sync.client import PortalClient

    demo = start_demo_portal(settings)
    try:
        client = PortalClient(demo.settings.portal_url, settings.kiosk_id, demo.credentials,
                              connect_timeout_s=2.0, read_timeout_s=5.0)
        try:
            health = client.health()
            key = client.dossier_key()
        finally:
            client.close()
    finally:
        demo.stop()
    if health.get("status") != "ok":
        return CheckResult("portal", FAIL, f"embedded portal health: {health}")
    if key is None:
        return CheckResult("portal", WARN, "embedded portal up, but it publishes no key")
    return CheckResult("portal", OK, f"embedded portal at {demo.settings.portal_url}: "
                       f"/v1/health ok, key {key.kid}")
