"""What is scrolled out of the form, or out of a list, is not reported as showing (issue 16):
a screen reader or an automated tester that asks the accessibility API what is on screen
gets only what a person sees. Qt says "invisible" for an item of opacity 0 and otherwise
compares an item only with the window, so the kiosk fades what leaves its scrolling area
(kiosk/ui/qml/components/viewport.js)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtQuick import QQuickItem

from kiosk.config import load

from .conftest import find, find_item, open_procedure


def interfaces(iface: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is None or not child.isValid():
            continue
        yield child
        yield from interfaces(child)


def reported_showing_outside(app, view_name: str) -> tuple[list[str], set[str]]:  # type: ignore[no-untyped-def]
    """Named things the accessibility API calls showing though wholly outside the scrolling
    area `view_name`; and the named things it calls showing inside it."""
    view = find(app, view_name)
    top_left = view.mapToGlobal(view.mapFromItem(view, 0, 0))  # type: ignore[attr-defined]
    area = QRect(int(top_left.x()), int(top_left.y()), int(view.width()),  # type: ignore[attr-defined]
                 int(view.height()))  # type: ignore[attr-defined]
    root = QAccessible.queryAccessibleInterface(app.window)
    outside: list[str] = []
    inside: set[str] = set()
    for iface in interfaces(root):
        item = iface.object()
        if not isinstance(item, QQuickItem) or not view.isAncestorOf(item):  # type: ignore[attr-defined]
            continue
        name = iface.text(QAccessible.Text.Name)
        if not name or iface.state().invisible:
            continue
        rect = iface.rect()
        if rect.bottom() < area.top() or rect.top() > area.bottom():
            outside.append(f"{iface.role().name} {name[:60]!r}")
        else:
            inside.add(f"{iface.role().name} {name[:60]!r}")
    return outside, inside


def test_scrolled_away_questions_and_options_are_not_showing(qapp, qtbot,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    from kiosk.ui.app import KioskApplication

    settings = load(env={}, data_dir=tmp_path / "data", fullscreen=False, demo=True,
                    window_size="1280x800", printer_name="no-such-printer-in-tests")
    app = KioskApplication(settings)
    app.window.show()
    try:
        session = app.session
        open_procedure(app, qtbot, "1.004222")
        flick = find(app, "wizardFlick")
        qtbot.wait(100)
        # The first step is taller than a tablet's window: its end is out of view.
        assert flick.property("contentHeight") > flick.height() * 1.3  # type: ignore[attr-defined]
        outside, at_top = reported_showing_outside(app, "wizardFlick")
        assert len(at_top) >= 4 and outside == [], outside
        bottom = flick.property("contentHeight") - flick.height()  # type: ignore[attr-defined]
        flick.setProperty("contentY", bottom)
        qtbot.waitUntil(lambda: abs(flick.property("contentY") - bottom) < 1)
        qtbot.wait(100)
        outside, at_bottom = reported_showing_outside(app, "wizardFlick")
        assert len(at_bottom) >= 2 and outside == [], outside
        assert at_top - at_bottom, "nothing left the view: the form did not scroll"
        flick.setProperty("contentY", 0)
        qtbot.wait(100)
        outside, back = reported_showing_outside(app, "wizardFlick")
        assert back == at_top and outside == []  # scrolled back: showing again
        # A list's options below its end: not showing until scrolled to.
        form = session.form
        form.next()  # refused (phone missing): stay; then answer and go on
        form.session.set_answer("phone", "0912345678")
        form.refresh()
        form.next()
        qtbot.waitUntil(lambda: form.stepId == "new_residence")
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(),
                                          "commune_new_address") is not None)
        find(app, "commune_new_address").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "pickerList") is not None)
        qtbot.wait(100)
        # A long list opens ready to search, keyboard up; at least two options show above it.
        qtbot.waitUntil(lambda: find(app, "pickerSearch").hasActiveFocus())  # type: ignore[attr-defined]
        keyboard = find(app, "inputPanel")
        qtbot.waitUntil(lambda: keyboard.property("active") is True)
        outside, inside = reported_showing_outside(app, "pickerList")
        assert len(inside) >= 4 and outside == [], outside  # 2 options: a button and a text each
        # What the keyboard covers is outside the form's area, and so not showing either.
        flick_bottom = flick.mapToScene(flick.boundingRect().bottomLeft()).y()  # type: ignore[attr-defined]
        assert flick_bottom <= keyboard.y() + 1  # type: ignore[attr-defined]
        outside, inside = reported_showing_outside(app, "wizardFlick")
        assert outside == [], outside
    finally:
        app.close()
