from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QWindow
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.config import Settings


@pytest.fixture(autouse=True)
def collect_closed_kiosks() -> Iterator[None]:
    """Closed KioskApplications sit in reference cycles. Left to Python's automatic GC, a
    worker thread's allocation (a BackgroundTask, the sync thread) can collect them and
    delete their QObjects, running timers included, from the wrong thread: a segfault in a
    later test. So collect on the GUI thread before each test (the previous test's fixtures
    are released by then) and keep the automatic collector off while the test runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture
def kiosk_app(qapp, settings: Settings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import KioskApplication

    app = KioskApplication(settings)
    app.window.show()
    yield app
    app.close()


@pytest.fixture
def demo_app(qapp, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The kiosk in demo mode (virtual card, embedded portal), no printer."""
    from kiosk.config import load
    from kiosk.ui.app import KioskApplication

    settings = load(env={}, data_dir=tmp_path / "data", fullscreen=False, demo=True,
                    printer_name="no-such-printer-in-tests", print_timeout_s=5)
    app = KioskApplication(settings)
    app.window.show()
    yield app
    app.close()


def open_procedure(app, qtbot, code: str) -> None:  # type: ignore[no-untyped-def]
    """From the attract screen to the first step of `code`'s form, with the demo card read
    and confirmed (the same signals the buttons send)."""
    session = app.session
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "startButton") is not None)
    find(app, "startButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: session.screen == "home")
    session.chooseService(code)
    qtbot.waitUntil(lambda: session.screen == "overview")
    session.startApplication()
    qtbot.waitUntil(lambda: session.screen == "consent")
    find(app, "agreeButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "demoCardButton") is not None)
    find(app, "demoCardButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: session.screen == "card", timeout=30000)
    find(app, "confirmCardButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: session.screen == "wizard", timeout=60000)


def find(app: object, name: str) -> QObject:
    """A QML item by objectName, including view delegates (which have no QObject parent)."""
    item = find_item(app.window.contentItem(), name)  # type: ignore[attr-defined]
    if item is None:
        item = app.window.findChild(QObject, name)  # type: ignore[attr-defined]
    assert item is not None, f"no QML item named {name!r}"
    return item


def find_item(root: QQuickItem, name: str) -> QQuickItem | None:
    if root.objectName() == name:
        return root
    for child in root.childItems():
        found = find_item(child, name)
        if found is not None:
            return found
    return None


def find_all(root: QQuickItem, prefix: str) -> list[QQuickItem]:
    out = [root] if root.objectName().startswith(prefix) else []
    for child in root.childItems():
        out += find_all(child, prefix)
    return out


@pytest.fixture
def home(kiosk_app, qtbot):  # type: ignore[no-untyped-def]
    """The kiosk with a session started (the attract screen touched)."""
    find(kiosk_app, "startButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: kiosk_app.session.screen == "home")
    qtbot.waitUntil(lambda: find_item(kiosk_app.window.contentItem(), "homeTitle") is not None)
    return kiosk_app


def type_keys(window: QWindow, text: str) -> None:
    """As a USB keyboard (or a keyboard-style QR reader) would: one press and release per
    character; "\b" is Backspace, "\t" Tab, "\n" Enter."""
    for char in text:
        if char == " ":
            key = Qt.Key.Key_Space
        elif char == "\b":
            key, char = Qt.Key.Key_Backspace, ""
        elif char == "\t":
            key = Qt.Key.Key_Tab
        elif char == "\n":
            key, char = Qt.Key.Key_Return, "\r"
        elif char.isascii():
            key = Qt.Key(ord(char.upper()))
        else:  # a letter with diacritics: no key of its own, the text says what it is
            key = Qt.Key.Key_unknown
        shift = Qt.KeyboardModifier.ShiftModifier if char.isupper() else \
            Qt.KeyboardModifier.NoModifier
        QTest.sendKeyEvent(QTest.KeyAction.Click, window, key, char, shift)
