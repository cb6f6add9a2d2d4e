from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickItem

from kiosk.ui.tasks import BackgroundTask

from .conftest import find


def test_attract_screen_starts_a_session_with_one_touch(kiosk_app, qtbot, artifacts_dir) -> None:
    assert kiosk_app.session.screen == "attract"
    assert not kiosk_app.idle.active  # nobody is timed between citizens
    kiosk_app.window.grabWindow().save(str(artifacts_dir / "attract-vi.png"))
    find(kiosk_app, "startButton").clicked.emit()
    qtbot.waitUntil(lambda: kiosk_app.session.screen == "home")
    assert kiosk_app.idle.active


def test_home_screen_is_vietnamese_first_and_switches_language(
    home, qtbot, artifacts_dir: Path
) -> None:
    kiosk_app = home
    title = find(kiosk_app, "homeTitle")
    assert title.property("text") == "Xin chào! Hôm nay bạn cần làm thủ tục gì?"
    kiosk_app.window.grabWindow().save(str(artifacts_dir / "home-vi.png"))

    button = find(kiosk_app, "languageButton")
    assert button.property("text") == "English"
    button.clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: title.property("text") == "Welcome! Which service do you need today?")
    assert button.property("text") == "Tiếng Việt"
    tile = find(kiosk_app, "tile_1.001193")
    qtbot.waitUntil(lambda: tile.property("contentItem").property("text") == "Birth registration")
    kiosk_app.window.grabWindow().save(str(artifacts_dir / "home-en.png"))

    kiosk_app.i18n.toggle()
    qtbot.waitUntil(lambda: title.property("text").startswith("Xin chào"))


def test_touch_targets_are_at_least_15mm(home) -> None:
    kiosk_app = home
    minimum = kiosk_app.settings.touch_target_px
    names = ["languageButton", "largeTextButton", "contrastButton", "tile_1.001193"]
    for name in names:
        item = find(kiosk_app, name)
        assert isinstance(item, QQuickItem)
        assert item.height() >= minimum, name
        assert item.width() >= minimum, name


def test_large_text_and_high_contrast_apply_everywhere(home, qtbot) -> None:
    kiosk_app = home
    title = find(kiosk_app, "homeTitle")
    normal = title.property("font").pixelSize()
    find(kiosk_app, "largeTextButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: title.property("font").pixelSize() > normal)
    before = kiosk_app.theme.background
    find(kiosk_app, "contrastButton").clicked.emit()  # type: ignore[attr-defined]
    assert kiosk_app.theme.background != before


def test_background_task_returns_on_the_gui_thread(kiosk_app, qtbot) -> None:
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    BackgroundTask(work, label="answer").success(done).run(kiosk_app.tasks)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker"] != gui
    assert seen["callback"] == gui


def test_background_failures_reach_one_handler(kiosk_app, qtbot) -> None:
    def boom() -> None:
        raise OSError("disk full")

    with qtbot.waitSignal(kiosk_app.tasks.failed) as blocker:
        BackgroundTask(boom, label="save").run(kiosk_app.tasks)
    label, exc = blocker.args
    assert label == "save"
    assert isinstance(exc, OSError)

    caught: list[BaseException] = []
    BackgroundTask(boom, label="save").failure(caught.append).run(kiosk_app.tasks)
    qtbot.waitUntil(lambda: bool(caught))
    assert str(caught[0]) == "disk full"


def test_the_virtual_keyboard_is_embedded(kiosk_app) -> None:
    panel = find(kiosk_app, "inputPanel")
    assert isinstance(panel, QObject)
    assert panel.metaObject().className().startswith("InputPanel")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_kiosk_run_starts_offscreen_and_saves_a_screenshot(
    tmp_path: Path, artifacts_dir: Path, lang: str
) -> None:
    import subprocess
    import sys

    shot = artifacts_dir / f"run-{lang}.png"
    shot.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path), "run", "--windowed",
         "--lang", lang, "--quit-after", "2", "--screenshot", str(shot)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    assert "window up" in out.stdout
    assert shot.stat().st_size > 10_000
