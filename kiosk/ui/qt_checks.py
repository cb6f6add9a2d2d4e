"""What `kiosk doctor` and `kiosk selfcheck` ask of Qt itself: is PySide6 whole (the virtual
keyboard plugin), do the translations load, does the QML window draw a frame with the
keyboard's layouts. Answers are (status, detail, hint) triples; kiosk.doctor makes them
results, so that no Qt code lives outside kiosk.ui.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.config import Settings, translations_path

OK, WARN, FAIL = "OK", "WARN", "FAIL"
FIRST_FRAME_TIMEOUT_S = 20.0
KEYBOARD_LOCALES = ("vi_VN", "en_US")
Status = tuple[str, str, str]  # (OK/WARN/FAIL, detail, hint)


@contextlib.contextmanager
def offscreen_qt() -> Iterator[tuple[Any, list[str]]]:
    """A QGuiApplication (offscreen unless a display is set) and the Qt warnings it logs."""
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
    try:
        yield app, messages
    finally:
        qInstallMessageHandler(previous)


def qt_status() -> Status:
    try:
        from PySide6 import QtCore

        version = QtCore.qVersion()
        pyside = importlib.metadata.version("PySide6")
    except (ImportError, importlib.metadata.PackageNotFoundError, OSError) as exc:
        return (FAIL, f"PySide6 not usable: {exc}",
                           "Run `make run` to install the Qt runtime libraries.")
    plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
    if not any((plugins / "platforminputcontexts").glob("*virtualkeyboard*")):
        return (WARN, f"Qt {version}, PySide6 {pyside}, no virtual keyboard",
                           "Install the full `pyside6` package, not only the Essentials.")
    return (OK, f"Qt {version}, PySide6 {pyside}", "")


def translations_status(app: Any) -> Status:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    own = translations_path()
    missing = [lang for lang in ("vi", "en") if not QTranslator(app).load(f"kiosk_{lang}",
                                                                           str(own))]
    if missing:
        return (FAIL, f"kiosk_{'/'.join(missing)}.qm not loadable "
                           f"from {own}", "Build them: `make translations`.")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt ships qtbase_en but no Vietnamese catalogue of its own strings (as of Qt 6.12).
    qt_langs = [lang for lang in ("vi", "en") if QTranslator(app).load(f"qtbase_{lang}",
                                                                        qt_dir)]
    if "en" not in qt_langs:
        return (FAIL, f"Qt's qtbase_en.qm not in {qt_dir}",
                           "The bundle lacks Qt's translations: rebuild it.")
    return (OK, f"kiosk vi, en; Qt's own: {', '.join(qt_langs)}", "")


def window_status(settings: Settings, app: Any, messages: list[str]) -> Status:
    from kiosk.ui.app import KioskApplication

    messages.clear()
    try:
        kiosk = KioskApplication(settings, start_sync=False)
    except RuntimeError as exc:
        why = "; ".join(messages[:3]) or str(exc)
        return (FAIL, f"the QML window did not load: {why}",
                           "A QML module is missing from this installation.")
    try:
        kiosk.window.show()
        deadline = time.monotonic() + FIRST_FRAME_TIMEOUT_S
        while kiosk.render_watch.frames == 0 and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        if kiosk.render_watch.frames == 0:
            return (FAIL, f"loaded, but no frame was drawn in {FIRST_FRAME_TIMEOUT_S:.0f} s", "")
        image = kiosk.window.grabWindow()
        if image.isNull() or image.width() == 0:
            return (FAIL, "loaded, but the window cannot be grabbed", "")
        locales = _keyboard_locales(kiosk.engine)
        absent = [loc for loc in KEYBOARD_LOCALES if loc not in locales]
        if absent:
            return (FAIL, f"virtual keyboard lacks {', '.join(absent)} "
                          f"(has {', '.join(locales) or 'none'})",
                    "The keyboard layouts plugin is missing from this installation.")
        tiles = len(kiosk.shell.property("tiles") or [])
        return (OK, f"Main.qml loaded, {image.width()}x{image.height()} frame drawn, "
                    f"keyboard {', '.join(KEYBOARD_LOCALES)}, {tiles} service tiles", "")
    finally:
        kiosk.close()


def _keyboard_locales(engine: Any) -> list[str]:
    settings = engine.singletonInstance("QtQuick.VirtualKeyboard.Settings",
                                        "VirtualKeyboardSettings")
    if settings is None:
        return []
    return [str(x) for x in settings.property("availableLocales") or []]


