"""Telex typing in the kiosk window: a hardware keyboard (key events through the application
event filter) and the on-screen keyboard (virtual key clicks through the Telex input
method installed on Qt Virtual Keyboard's input engine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt
from PySide6.QtTest import QTest

from .conftest import find, find_item, type_keys


def virtual_keys(telex_keyboard: QObject, text: str) -> None:
    """As the on-screen keyboard's keys do: InputEngine.virtualKeyClick(key, text, mods)."""
    for char in text:
        if char == " ":
            key = int(Qt.Key.Key_Space)
        elif char == "\b":
            key, char = int(Qt.Key.Key_Backspace), ""
        else:
            key = ord(char.upper())
        QMetaObject.invokeMethod(telex_keyboard, "virtualKeyClick", Q_RETURN_ARG("QVariant"),
                                 Q_ARG("QVariant", key), Q_ARG("QVariant", char))


@pytest.fixture
def search(home, qtbot):  # type: ignore[no-untyped-def]
    field = find(home, "serviceSearch")
    field.forceActiveFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: field.property("activeFocus"))
    return field


def test_hardware_keys_compose_vietnamese_with_preedit(home, search, qtbot) -> None:
    window = home.window
    type_keys(window, "Nguyeenx")
    # The word being composed is pre-edit, not yet text: the engine may still change it.
    assert search.property("text") == ""
    assert search.property("preeditText") == "Nguyễn"
    type_keys(window, " Thij Thu Haf ")
    assert search.property("text") == "Nguyễn Thị Thu Hà "
    assert search.property("preeditText") == ""


def test_hardware_backspace_edits_the_word_being_composed(home, search) -> None:
    type_keys(home.window, "Vieetj\b")
    assert search.property("preeditText") == "Việ"
    type_keys(home.window, "t ")
    assert search.property("text") == "Việt "
    type_keys(home.window, "\b\b")  # no word being composed: plain deletes
    assert search.property("text") == "Việ"


def test_tab_or_a_focus_change_commits_the_word(home, search, qtbot) -> None:
    type_keys(home.window, "DDoongs")
    assert search.property("preeditText") == "Đống"
    type_keys(home.window, "\t")  # committed first, then Tab moves on as usual
    assert search.property("text") == "Đống"
    search.forceActiveFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: search.property("activeFocus"))
    type_keys(home.window, " Ddaaf")
    assert search.property("preeditText") == "Đầ"
    search.setProperty("focus", False)
    qtbot.waitUntil(lambda: not search.property("activeFocus"))
    assert search.property("text") == "Đống Đầ"


def test_telex_off_types_plain_letters_and_english_turns_it_off(home, search, qtbot) -> None:
    assert home.telex.enabled  # on by default in Vietnamese
    switch = find(home, "telexSwitch")
    qtbot.waitUntil(lambda: switch.property("visible"))  # shown while the keyboard is up
    assert switch.property("text") == "Gõ Telex: Bật"
    switch.clicked.emit()  # type: ignore[attr-defined]
    assert not home.telex.enabled
    assert switch.property("text") == "Gõ Telex: Tắt"
    assert search.property("activeFocus")  # the tap left the field focused
    type_keys(home.window, "Nguyeenx ")
    assert search.property("text") == "Nguyeenx "
    home.telex.enabled = True
    home.i18n.set_language("en")
    assert not home.telex.enabled  # English words would gain accents
    home.i18n.set_language("vi")
    assert home.telex.enabled


def test_session_wipe_drops_a_half_typed_word(home, search, qtbot) -> None:
    type_keys(home.window, "Thuyr")
    assert home.telex_filter.composing
    home.session.finish()
    assert not home.telex_filter.composing
    assert home.telex.word() == ""


def test_on_screen_keyboard_uses_the_same_engine(
    home, search, qtbot, artifacts_dir: Path
) -> None:
    keyboard = find(home, "telexKeyboard")
    qtbot.waitUntil(lambda: keyboard.property("installed"))
    virtual_keys(keyboard, "Nguyeenx")
    assert search.property("preeditText") == "Nguyễn"
    assert search.property("text") == ""
    panel = find(home, "inputPanel")
    qtbot.waitUntil(lambda: panel.property("active"))
    qtbot.waitUntil(lambda: find(home, "telexSwitch").property("visible"))
    home.window.grabWindow().save(str(artifacts_dir / "telex-keyboard-vi.png"))
    virtual_keys(keyboard, " Vawn Awm\bn ")
    assert search.property("text") == "Nguyễn Văn Ăn "  # "Ăm", backspace, "n"


def test_on_screen_keyboard_switch_gives_the_keyboard_back(home, search, qtbot) -> None:
    keyboard = find(home, "telexKeyboard")
    qtbot.waitUntil(lambda: keyboard.property("installed"))
    home.telex.enabled = False
    qtbot.waitUntil(lambda: not keyboard.property("installed"))
    virtual_keys(keyboard, "dd ")
    assert search.property("text") == "dd "
    home.telex.enabled = True
    qtbot.waitUntil(lambda: keyboard.property("installed"))
    virtual_keys(keyboard, "dd")
    assert search.property("preeditText") == "đ"


def test_keys_swallowed_by_telex_still_keep_the_session_alive(home, search) -> None:
    now = [1000.0]
    home.idle._clock = lambda: now[0]
    home.idle.start()
    now[0] += home.settings.idle_timeout_s - 10
    type_keys(home.window, "a")  # composed by Telex, never reaches the field as a key
    now[0] += 15
    home.idle._tick()
    assert home.idle.active and not home.idle.warning


def _compose_in_search(app, qtbot, on_screen: bool) -> QObject:  # type: ignore[no-untyped-def]
    if app.session.screen != "home":
        find(app, "startButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: app.session.screen == "home")
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "serviceSearch") is not None)
    field = find(app, "serviceSearch")
    field.forceActiveFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: field.property("activeFocus"))
    if on_screen:
        keyboard = find(app, "telexKeyboard")
        qtbot.waitUntil(lambda: keyboard.property("installed"))
        virtual_keys(keyboard, "Nguyeenx")
    else:
        type_keys(app.window, "Nguyeenx")
    assert field.property("preeditText") == "Nguyễn"  # still being composed
    return field


@pytest.mark.parametrize("on_screen", [True, False], ids=["on-screen", "hardware"])
def test_a_word_being_composed_survives_every_way_its_screen_can_end(
    home, qtbot, on_screen: bool
) -> None:
    """Regression for a segfault seen once: Telex text still being composed, then a tap
    elsewhere. Each way the box can lose its word, many times over: no crash, no warning,
    and the next box starts clean."""
    app = home
    for _ in range(8):
        # a tap on another control
        _compose_in_search(app, qtbot, on_screen)
        tile = find(app, "category_all")
        centre = tile.mapToScene(tile.boundingRect().center()).toPoint()  # type: ignore[attr-defined]
        QTest.mouseClick(app.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         centre)
        qtbot.wait(10)
        # a screen change under the word
        _compose_in_search(app, qtbot, on_screen)
        app.session.chooseService("1.001193")
        qtbot.waitUntil(lambda: app.session.screen == "overview")
        app.session.goHome()
        qtbot.waitUntil(lambda: app.session.screen == "home")
        # the idle wipe
        _compose_in_search(app, qtbot, on_screen)
        app.idle.timedOut.emit()
        qtbot.waitUntil(lambda: app.session.screen == "attract")
        assert not app.telex_filter.composing and app.telex.word() == ""


def test_a_list_search_counts_the_word_still_being_composed(home, qtbot) -> None:
    """"ha noi" typed in Telex finds Hà Nội while "noi" is still being composed (before any
    space), and the list is read by its options' names."""
    from kiosk.forms.engine import start_session

    app = home
    form_session = start_session(app.services.catalogue(), "1.001193", settings=app.settings)
    assert form_session.answer("mother_address")["province_code"] == 1  # the kiosk's own
    app.session.chooseService("1.001193")
    qtbot.waitUntil(lambda: app.session.screen == "overview")
    app.session.startApplication()
    qtbot.waitUntil(lambda: app.session.screen == "consent")
    find(app, "declineButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: app.session.screen in ("identify", "wizard"), timeout=10000)
    if app.session.screen == "identify":
        find(app, "noCardButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: app.session.screen == "wizard", timeout=30000)
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "province_declarant_address")
                    is not None)
    find(app, "province_declarant_address").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "pickerSearch") is not None)
    search = find(app, "pickerSearch")
    search.forceActiveFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: search.property("activeFocus"))
    type_keys(app.window, "ha noi")
    assert search.property("preeditText") == "noi"  # not yet a word
    picker = find(app, "optionPicker")
    shown = [o["label"] for o in picker.property("shown").toVariant()]  # type: ignore[union-attr]
    assert shown == ["Thành phố Hà Nội"]
    assert find(app, "option_1").property("text") == "Thành phố Hà Nội"  # its accessible name
