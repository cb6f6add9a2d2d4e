"""kiosk/ui/viewport.py on a small scene: an item wholly outside the scrolling area gets
opacity 0 (Qt then reports it invisible), one partly inside keeps its own, and each gets
back exactly the opacity it had (a dimmed, disabled label stays dimmed)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem

from kiosk.ui.viewport import fade_outside

_SCENE = b"""
import QtQuick
Flickable {
    width: 200; height: 100
    contentHeight: 400
    Column {
        Rectangle { objectName: "first"; width: 200; height: 60 }
        Rectangle { objectName: "second"; width: 200; height: 60; opacity: 0.45 }
        Rectangle { objectName: "third"; width: 200; height: 60
            Rectangle { objectName: "inner"; width: 20; height: 20 } }
    }
}
"""


def test_fade_outside_hides_what_left_and_restores_what_came_back(qapp) -> None:  # type: ignore[no-untyped-def]
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(QByteArray(_SCENE), QUrl("scene.qml"))
    area = component.create()
    assert isinstance(area, QQuickItem), component.errors()
    items = {i.objectName(): i for i in area.findChildren(QQuickItem) if i.objectName()}
    # 0-60 and 60-120 touch the 100 px area; 120-180 (and its child) is wholly below.
    assert fade_outside(area) == 2
    assert [items[n].opacity() for n in ("first", "second", "third", "inner")] == [
        1.0, 0.45, 0.0, 0.0]
    area.setProperty("contentY", 130)  # now 130-230: only the third shows
    assert fade_outside(area) == 2  # the first two (the column still reaches in)
    assert items["first"].opacity() == 0.0 and items["second"].opacity() == 0.0
    assert items["third"].opacity() == 1.0 and items["inner"].opacity() == 1.0
    area.setProperty("contentY", 0)
    fade_outside(area)
    assert items["second"].opacity() == 0.45  # its own, not 1
    assert items["third"].opacity() == 0.0
    # Something sets the faded item's opacity while it is away (a binding): faded again on
    # the next pass, and that newer value is the one it gets back.
    items["third"].setOpacity(0.6)
    fade_outside(area)
    assert items["third"].opacity() == 0.0
    area.setProperty("contentY", 130)
    fade_outside(area)
    assert items["third"].opacity() == 0.6
