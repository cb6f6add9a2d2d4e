"""A volunteer with a hardware keyboard: Tab reaches every control, Enter or Space acts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def focus_names(app, qtbot, presses: int) -> list[str]:  # type: ignore[no-untyped-def]
    names = []
    for _ in range(presses):
        QTest.keyClick(app.window, Qt.Key.Key_Tab)
        qtbot.wait(10)
        item = app.window.activeFocusItem()
        names.append(item.objectName() if item is not None else "")
    return names


def test_tab_order_goes_header_then_search_then_tiles(home, qtbot) -> None:
    names = focus_names(home, qtbot, 14)
    assert names.index("languageButton") < names.index("serviceSearch")
    tiles = [n for n in names if n.startswith("tile_")]
    assert len(tiles) >= 3
    assert names.index("serviceSearch") < names.index(tiles[0])


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Space])
def test_enter_or_space_opens_the_focused_service(home, qtbot, key: Qt.Key) -> None:
    for _ in range(20):
        QTest.keyClick(home.window, Qt.Key.Key_Tab)
        item = home.window.activeFocusItem()
        if item is not None and item.objectName().startswith("tile_"):
            break
    code = home.window.activeFocusItem().objectName().removeprefix("tile_")
    QTest.keyClick(home.window, key)
    qtbot.waitUntil(lambda: home.session.screen == "overview")
    assert home.session.serviceCode == code
