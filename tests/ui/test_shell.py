from __future__ import annotations

import dataclasses
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


def test_a_damaged_outbox_is_said_on_the_home_screen_not_a_crash(
        qapp, qtbot, settings, tmp_path: Path, artifacts_dir: Path) -> None:
    import importlib.util
    import sys

    from kiosk.sync.outbox import Outbox
    from kiosk.ui.app import KioskApplication

    spec = importlib.util.spec_from_file_location(
        "sync_factory", Path(__file__).resolve().parents[1] / "sync_factory.py")
    assert spec and spec.loader
    factory = sys.modules.get("sync_factory") or importlib.util.module_from_spec(spec)
    if "sync_factory" not in sys.modules:
        sys.modules["sync_factory"] = factory
        spec.loader.exec_module(factory)
    with Outbox.open(settings) as outbox:
        outbox.enqueue(factory.make_dossier(tmp_path / "files"))
    (settings.data_dir / "outbox" / "outbox.sqlite3").write_bytes(b"")  # a bad restore
    for suffix in ("-wal", "-shm"):
        (settings.data_dir / "outbox" / f"outbox.sqlite3{suffix}").unlink(missing_ok=True)

    from kiosk.sync.credentials import StaticCredentials

    # As `kiosk run` starts it; a demo-mode kiosk watches no card reader.
    app = KioskApplication(dataclasses.replace(settings, demo=True), start_sync=True,
                           sync_credentials=StaticCredentials("t"))  # must not raise
    try:
        app.window.show()
        find(app, "startButton").clicked.emit()
        qtbot.waitUntil(lambda: app.session.screen == "home")
        banner = find(app, "outboxRefused")
        qtbot.waitUntil(lambda: bool(banner.property("visible")))
        assert "chưa nhận được hồ sơ mới" in banner.property("text")  # Vietnamese first
        assert app.sync.problem == "outbox_damaged"
        app.window.grabWindow().save(str(artifacts_dir / "home-outbox-refused.png"))
    finally:
        app.close()
    assert len(list((settings.data_dir / "outbox" / "blobs").iterdir())) == 3  # all kept
