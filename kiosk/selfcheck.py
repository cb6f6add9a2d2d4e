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
from typing import Any

from kiosk.config import Settings, translations_path
from kiosk.doctor import FAIL, OK, WARN, CheckResult

FIRST_FRAME_TIMEOUT_S = 20.0
KEYBOARD_LOCALES = ("vi_VN", "en_US")


def run_selfcheck(settings: Settings) -> list[CheckResult]:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.environment import prepare_qt_environment

    prepare_qt_environment()
    app = QGuiApplication.instance() or QGuiApplication(["kiosk-selfcheck"])
    messages: list[str] = []

    def collect(kind: QtMsgType, _context: Any, text: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            messages.append(text)

    previous = qInstallMessageHandler(collect)
    results: list[CheckResult] = []
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-selfcheck-") as tmp:
            demo = dataclasses.replace(settings, data_dir=Path(tmp), demo=True,
                                       fullscreen=False)
            steps: list[tuple[str, Callable[[], CheckResult]]] = [
                ("translations", lambda: check_translations(app)),
                ("window", lambda: check_window(demo, app, messages)),
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
    finally:
        qInstallMessageHandler(previous)
    return results


def check_translations(app: Any) -> CheckResult:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    own = translations_path()
    missing = [lang for lang in ("vi", "en") if not QTranslator(app).load(f"kiosk_{lang}",
                                                                           str(own))]
    if missing:
        return CheckResult("translations", FAIL, f"kiosk_{'/'.join(missing)}.qm not loadable "
                           f"from {own}", "Build them: `make translations`.")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt ships qtbase_en but no Vietnamese catalogue of its own strings (as of Qt 6.12).
    qt_langs = [lang for lang in ("vi", "en") if QTranslator(app).load(f"qtbase_{lang}",
                                                                        qt_dir)]
    if "en" not in qt_langs:
        return CheckResult("translations", FAIL, f"Qt's qtbase_en.qm not in {qt_dir}",
                           "The bundle lacks Qt's translations: rebuild it.")
    return CheckResult("translations", OK, f"kiosk vi, en; Qt's own: {', '.join(qt_langs)}")


def check_window(settings: Settings, app: Any, messages: list[str]) -> CheckResult:
    from kiosk.ui.app import KioskApplication

    messages.clear()
    try:
        kiosk = KioskApplication(settings, start_sync=False)
    except RuntimeError as exc:
        why = "; ".join(messages[:3]) or str(exc)
        return CheckResult("window", FAIL, f"the QML window did not load: {why}",
                           "A QML module is missing from this installation.")
    try:
        kiosk.window.show()
        deadline = time.monotonic() + FIRST_FRAME_TIMEOUT_S
        while kiosk.render_watch.frames == 0 and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        if kiosk.render_watch.frames == 0:
            return CheckResult("window", FAIL, "loaded, but no frame was drawn in "
                               f"{FIRST_FRAME_TIMEOUT_S:.0f} s")
        image = kiosk.window.grabWindow()
        if image.isNull() or image.width() == 0:
            return CheckResult("window", FAIL, "loaded, but the window cannot be grabbed")
        locales = _keyboard_locales(kiosk.engine)
        absent = [loc for loc in KEYBOARD_LOCALES if loc not in locales]
        if absent:
            return CheckResult("window", FAIL, f"virtual keyboard lacks {', '.join(absent)} "
                               f"(has {', '.join(locales) or 'none'})",
                               "The keyboard layouts plugin is missing from this installation.")
        tiles = len(kiosk.shell.property("tiles") or [])
        return CheckResult("window", OK, f"Main.qml loaded, {image.width()}x{image.height()} "
                           f"frame drawn, keyboard {', '.join(KEYBOARD_LOCALES)}, "
                           f"{tiles} service tiles")
    finally:
        kiosk.close()


def _keyboard_locales(engine: Any) -> list[str]:
    settings = engine.singletonInstance("QtQuick.VirtualKeyboard.Settings",
                                        "VirtualKeyboardSettings")
    if settings is None:
        return []
    return [str(x) for x in settings.property("availableLocales") or []]


def check_card(settings: Settings) -> CheckResult:
    from kiosk.devices.access_key import bac_key_candidates
    from kiosk.devices.card_session import read_card
    from kiosk.devices.citizen import demo_citizen
    from kiosk.devices.lds import load_trust_store
    from kiosk.devices.virtual_card import VirtualCard

    citizen = demo_citizen()
    keys = bac_key_candidates(citizen.id_number, citizen.date_of_birth)
    trust = load_trust_store(settings.resources() / "trust" / "demo-csca.pem")
    result = read_card(VirtualCard.for_citizen(citizen).transport(), keys, trust=trust)
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
