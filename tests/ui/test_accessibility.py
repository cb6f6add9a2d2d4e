"""Accessibility: reading the screen aloud (Qt TextToSpeech; Qt's "mock" engine stands in
for speech-dispatcher, and has no Vietnamese voice), silent degradation without an engine or
voice, and screenshots of the first screens in normal, large-text and high-contrast modes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtQuick import QQuickItem

from kiosk.ui.speech import as_speech, visible_texts

from .conftest import find, find_item


def build(settings: Any, **changes: Any) -> Any:
    from kiosk.ui.app import KioskApplication

    app = KioskApplication(dataclasses.replace(settings, **changes))
    app.window.show()
    return app


@pytest.fixture
def speaking(qapp, settings) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    app = build(settings, speech_engine="mock")
    yield app
    app.speech.stop()
    app.close()


def spoken_by(app: Any) -> list[str]:
    said: list[str] = []
    app.speech.spoken.connect(said.append)
    return said


def test_read_aloud_speaks_the_screen_in_the_current_language(speaking, qtbot) -> None:
    app = speaking
    app.i18n.set_language("en")
    said = spoken_by(app)
    button = find(app, "speakButton")
    assert button.property("visible")
    assert button.property("text") == "Read aloud"
    button.clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(said) == 1)  # once the engine has loaded off the GUI thread
    assert "Public services, with help at every step." in said[0]
    assert "Touch here to start." in said[0]
    qtbot.waitUntil(lambda: app.speech.speaking)
    assert button.property("text") == "Stop reading"
    button.clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not app.speech.speaking)
    assert len(said) == 1  # the second tap stopped, it did not start again


def test_errors_in_the_banner_are_spoken(speaking, qtbot) -> None:
    app = speaking
    app.i18n.set_language("en")
    session = app.session
    session.begin()
    session.chooseService("1.001193")
    session.startApplication()
    session.giveConsent(True)
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "identifyScreen") is not None)
    session.readCard("001099012345", "31/02/1985")
    assert session.errorText
    said = spoken_by(app)
    find(app, "speakButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(said) == 1)
    assert session.errorText in said[0]
    assert "Place your ID card on the reader." in said[0]


def test_the_timeout_warning_is_what_gets_read(speaking, qtbot) -> None:
    app = speaking
    app.i18n.set_language("en")
    app.session.begin()
    app.idle.start()
    app.idle._set_warning(True)
    said = spoken_by(app)
    find(app, "speakButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(said) == 1)
    assert said[0].startswith("Are you still there?")
    assert "Which service" not in said[0]


def test_no_vietnamese_voice_means_silence_not_an_error(speaking, qtbot) -> None:
    app = speaking  # Qt's mock engine has no Vietnamese voice
    assert app.i18n.language == "vi"
    said = spoken_by(app)
    button = find(app, "speakButton")
    assert button.property("visible")  # voices unknown until the engine loads
    button.clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: app.speech.ready)
    assert said == []
    assert not app.speech.speaking
    assert not button.property("visible")  # no Vietnamese voice: no button
    app.i18n.set_language("en")
    assert button.property("visible")


def test_without_an_engine_the_button_is_not_shown(qapp, settings, qtbot) -> None:
    app = build(settings, speech_engine="none")
    try:
        assert not app.speech.available
        assert not find(app, "speakButton").property("visible")
        app.speech.speak("Xin chào")  # nothing happens, nothing breaks
    finally:
        app.close()


def test_visible_texts_skip_hidden_items_and_tags(home, qtbot) -> None:
    # The grid creates its tiles on a later frame; under load that can be after `home`.
    qtbot.waitUntil(lambda: "Đăng ký khai sinh" in visible_texts(find(home, "homeScreen")))
    texts = visible_texts(find(home, "homeScreen"))  # type: ignore[arg-type]
    assert texts[0] == "Xin chào! Hôm nay bạn cần làm thủ tục gì?"
    assert "Đăng ký khai sinh" in texts
    assert not any("<" in t for t in texts)
    assert as_speech(["Một", "Hai."]) == "Một.\nHai."


SCREENS = ("attract", "home", "consent", "identify")
MODES = ("normal", "large", "contrast")


def go_to(app: Any, qtbot: Any, screen: str) -> None:
    session = app.session
    if screen != "attract":
        session.begin()
    if screen in ("consent", "identify"):
        session.chooseService("1.001193")
        session.startApplication()
    if screen == "identify":
        session.giveConsent(True)
    qtbot.waitUntil(lambda: session.screen == screen)
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), f"{screen}Screen") is not None)


@pytest.mark.parametrize("mode", MODES)
def test_first_screens_in_every_mode(kiosk_app, qtbot, artifacts_dir: Path, mode: str) -> None:
    app = kiosk_app
    if mode == "large":
        app.theme.toggleLargeText()
    if mode == "contrast":
        app.theme.toggleHighContrast()
    for screen in SCREENS:
        go_to(app, qtbot, screen)
        qtbot.wait(50)
        app.window.grabWindow().save(str(artifacts_dir / f"a11y-{screen}-{mode}-vi.png"))
        header = find(app, "kioskHeader")
        assert isinstance(header, QQuickItem)
        for name in ("speakButton", "largeTextButton", "contrastButton", "languageButton"):
            item = find(app, name)
            assert isinstance(item, QQuickItem)
            if not item.isVisible():
                continue
            assert item.height() >= app.settings.touch_target_px, name
            # Every header button fits on the screen, whatever the mode.
            right = item.mapToItem(header, item.width(), 0).x()
            assert right <= header.width() + 0.5, (screen, name)
        app.session.finish()
