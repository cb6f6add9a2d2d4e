from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from kiosk.ui.idle import IdleMonitor

from .conftest import find


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_warning_comes_20s_early_and_one_tap_extends(qapp, qtbot) -> None:
    clock = FakeClock()
    idle = IdleMonitor(timeout_s=60, warning_s=20, clock=clock)
    timed_out: list[bool] = []
    idle.timedOut.connect(lambda: timed_out.append(True))
    idle.start()
    clock.now += 39
    idle._tick()
    assert not idle.warning
    clock.now += 2
    idle._tick()
    assert idle.warning
    assert idle.secondsLeft == 19
    for _ in range(12):  # extendable again and again (WCAG asks for at least ten)
        idle.extend()
        assert not idle.warning
        clock.now += 45
        idle._tick()
        assert idle.warning
    clock.now += 20
    idle._tick()
    assert timed_out == [True]
    assert not idle.active


def test_any_key_or_touch_restarts_the_countdown(qapp) -> None:
    clock = FakeClock()
    idle = IdleMonitor(timeout_s=60, warning_s=20, clock=clock)
    idle.start()
    clock.now += 30
    idle.eventFilter(QObject(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                          Qt.KeyboardModifier.NoModifier))
    clock.now += 35
    idle._tick()
    assert not idle.warning  # 35 s since the key, not 65 s since start


def test_timeout_wipes_the_session_back_to_attract(home, qtbot, artifacts_dir: Path) -> None:
    app = home
    clock = FakeClock()
    app.idle._clock = clock
    app.idle.start()
    clock.now += app.settings.idle_timeout_s - 5
    app.idle._tick()
    dialog = find(app, "timeoutDialog")
    qtbot.waitUntil(lambda: dialog.property("visible"))
    assert "5" in find(app, "timeoutText").property("text")
    app.window.grabWindow().save(str(artifacts_dir / "timeout-warning-vi.png"))
    find(app, "moreTimeButton").clicked.emit()
    qtbot.waitUntil(lambda: not dialog.property("visible"))
    assert app.session.screen == "home"
    clock.now += app.settings.idle_timeout_s + 1
    app.idle._tick()
    qtbot.waitUntil(lambda: app.session.screen == "attract")
