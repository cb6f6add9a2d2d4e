"""Idle timeout with a warning and a one-tap extension (WCAG 2.2.1).

Any touch, click or key press anywhere restarts the countdown. `warning` is raised
`warning_s` before the end; the citizen can extend with one tap, as often as they like.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal, Slot

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleMonitor(QObject):
    """Exposed to QML as `idle`."""

    changed = Signal()
    timedOut = Signal()

    def __init__(
        self,
        timeout_s: int,
        warning_s: int,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeout_s = timeout_s
        self._warning_s = warning_s
        self._clock = clock
        self._deadline = 0.0
        self._active = False
        self._warning = False
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self.extensions = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # During the warning only the explicit "more time" button extends: a stray touch
        # on the dialog's backdrop should not hide it silently.
        if self._active and not self._warning and event.type() in _ACTIVITY:
            self._deadline = self._clock() + self._timeout_s
        return False

    @Slot()
    def start(self) -> None:
        self._active = True
        self._deadline = self._clock() + self._timeout_s
        self._set_warning(False)
        self._timer.start()
        self.changed.emit()

    @Slot()
    def stop(self) -> None:
        self._active = False
        self._timer.stop()
        self._set_warning(False)
        self.changed.emit()

    @Slot()
    def extend(self) -> None:
        """"I need more time": a full timeout again."""
        if not self._active:
            return
        self.extensions += 1
        self._deadline = self._clock() + self._timeout_s
        self._set_warning(False)
        self.changed.emit()

    def set_timeout(self, timeout_s: int) -> None:
        """Per-screen timeouts (a long form page may need more than the welcome screen)."""
        self._timeout_s = max(timeout_s, self._warning_s + 1)
        if self._active:
            self._deadline = self._clock() + self._timeout_s

    def _set_warning(self, value: bool) -> None:
        if value != self._warning:
            self._warning = value
            self.changed.emit()

    @Slot()
    def _tick(self) -> None:
        if not self._active:
            return
        left = self._deadline - self._clock()
        if left <= 0:
            self.stop()
            self.timedOut.emit()
            return
        self._set_warning(left <= self._warning_s)
        if self._warning:
            self.changed.emit()

    def _seconds_left(self) -> int:
        if not self._active:
            return 0
        return max(0, round(self._deadline - self._clock()))

    warning = Property(bool, lambda self: self._warning, notify=changed)
    secondsLeft = Property(int, _seconds_left, notify=changed)
    active = Property(bool, lambda self: self._active, notify=changed)
