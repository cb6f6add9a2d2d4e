"""A small window for the wizard's screens in tests: the same context properties as the
kiosk (theme, i18n, shell), a Loader that hands screens `form` / `catalogueEntry` the way
Main.qml does, and the embedded virtual keyboard."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt, QUrl
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from kiosk.config import Settings, resources_path
from kiosk.forms.catalogue import Catalogue, catalogue_dir, load_catalogue
from kiosk.forms.engine import FormSession
from kiosk.forms.prefill import CardData
from kiosk.ui.catalogue_tiles import tiles_from_catalogue
from kiosk.ui.form_vm import FormViewModel
from kiosk.ui.i18n import Translations
from kiosk.ui.shell import ShellViewModel
from kiosk.ui.sync_service import SyncService
from kiosk.ui.theme import Theme
from kiosk.ui.viewport import ViewportFade

QML_DIR = Path(__file__).resolve().parents[2] / "kiosk" / "ui" / "qml"

_WINDOW = """
import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
ApplicationWindow {
    id: win
    objectName: "harnessWindow"
    width: 1280
    height: 800
    visible: true
    color: theme.background
    property url screenUrl
    property var screenForm: null
    property var screenEntry: ({})
    // Stands in for KioskHeader (which needs the whole citizen session): same height.
    header: Rectangle {
        implicitHeight: theme.touchTarget + 24
        color: theme.primary
        Label {
            anchors.verticalCenter: parent.verticalCenter
            x: 24
            text: shell.kioskName
            color: theme.primaryText
            font.pixelSize: theme.fontBody
            font.bold: true
        }
    }
    Loader {
        id: screen
        objectName: "screenLoader"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: inputPanel.active ? inputPanel.top : parent.bottom
        source: win.screenUrl
        onLoaded: {
            if (item.hasOwnProperty("form"))
                item.form = Qt.binding(function() { return win.screenForm })
            if (item.hasOwnProperty("catalogueEntry"))
                item.catalogueEntry = Qt.binding(function() { return win.screenEntry })
        }
    }
    Item { id: focusSink; objectName: "focusSink" }
    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: i18n.language === "vi" ? "vi_VN" : "en_US"
    }
    Component.onCompleted: VirtualKeyboardSettings.activeLocales = ["vi_VN", "en_US"]
    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: 99
        y: active ? parent.height - height : parent.height
        width: parent.width
        visible: active
    }
}
"""


def card_json_of_demo_citizen() -> dict[str, Any]:
    """The demo card's holder under the card reader's JSON field names."""
    from kiosk.devices.simulator.citizens import demo_citizen

    citizen = demo_citizen()
    out: dict[str, Any] = {}
    for f in dataclasses.fields(citizen):
        if f.name == "face_jpeg":
            continue
        value = getattr(citizen, f.name)
        out[f.name] = value.isoformat() if isinstance(value, date) else value
    return out


def catalogue() -> Catalogue:
    return load_catalogue(catalogue_dir(resources_path()), 1)


def birth_session(card: bool = True) -> FormSession:
    service = catalogue().get("1.001193")
    return FormSession(service, card=CardData.from_json(card_json_of_demo_citizen())
                       if card else None)


class Harness:
    def __init__(self, settings: Settings, tmp_path: Path, language: str = "vi") -> None:
        self.settings = settings
        self.engine = QQmlApplicationEngine()
        self.theme = Theme(settings)
        self.i18n = Translations(self.engine, language)
        self.shell = ShellViewModel(settings, tiles_from_catalogue(settings))
        self.sync = SyncService(settings)  # never started: no worker in the harness
        ctx = self.engine.rootContext()
        ctx.setContextProperty("sync", self.sync)
        ctx.setContextProperty("theme", self.theme)
        ctx.setContextProperty("i18n", self.i18n)
        ctx.setContextProperty("shell", self.shell)
        self.viewport = ViewportFade()  # as the kiosk: what is scrolled away is not showing
        ctx.setContextProperty("viewport", self.viewport)
        qml = tmp_path / "harness.qml"
        qml.write_text(_WINDOW, encoding="utf-8")
        self.engine.load(QUrl.fromLocalFile(str(qml)))
        root = self.engine.rootObjects()[0]
        window = shiboken6.wrapInstance(shiboken6.getCppPointer(root)[0], QQuickWindow)
        assert isinstance(window, QQuickWindow)
        self.window = window
        self.viewport.attach(window)
        self.forms: list[FormViewModel] = []

    def form(self, session: FormSession, **kwargs: Any) -> FormViewModel:
        vm = FormViewModel(session, self.i18n, **kwargs)
        self.forms.append(vm)
        return vm

    def show(self, screen: str, form: QObject | None = None,
             entry: dict[str, Any] | None = None) -> QQuickItem:
        self.window.setProperty("screenForm", form)
        self.window.setProperty("screenEntry", entry or {})
        self.window.setProperty("screenUrl", (QML_DIR / "screens" / screen).as_uri())
        QCoreApplication.processEvents()
        return self.find("screenLoader").property("item")

    def find(self, name: str) -> QQuickItem:
        item = _find(self.window.contentItem(), name)
        assert item is not None, f"no QML item named {name!r}"
        return item

    def maybe(self, name: str) -> QQuickItem | None:
        return _find(self.window.contentItem(), name)

    def shot(self, path: Path) -> None:
        QTest.qWait(150)  # let asynchronous images and layouts settle
        self.window.grabWindow().save(str(path))

    def tap(self, name_or_item: str | QQuickItem) -> None:
        """A real touch at the item's centre (so it must be visible and on top)."""
        QTest.qWait(40)  # layouts are polished on the next frame (e.g. after the keyboard)
        item = self.find(name_or_item) if isinstance(name_or_item, str) else name_or_item
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         centre)
        QCoreApplication.processEvents()

    def type_into(self, name: str, text: str) -> QQuickItem:
        """Type as the virtual keyboard does: focus, then commit the text by input method."""
        item = self.find(name)
        item.forceActiveFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QCoreApplication.sendEvent(item, event)
        QCoreApplication.processEvents()
        return item

    def unfocus(self) -> None:
        """Leave the current box (editingFinished) and hide the keyboard."""
        self.find("focusSink").forceActiveFocus()
        QCoreApplication.processEvents()

    def close(self) -> None:
        self.window.setProperty("screenUrl", "")
        self.window.setProperty("screenForm", None)
        for vm in self.forms:
            vm.wipe()
        for root in self.engine.rootObjects():
            root.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _find(root: QQuickItem, name: str) -> QQuickItem | None:
    if root.objectName() == name:
        return root
    for child in root.childItems():
        found = _find(child, name)
        if found is not None:
            return found
    return None


def harness_fixture(settings: Settings, tmp_path: Path) -> Iterator[Harness]:
    h = Harness(settings, tmp_path)
    h.window.show()
    yield h
    h.close()
