"""Proof that the kiosk's screen is alive, for the heartbeat: the age of the last drawn frame.

A live process is not a working kiosk: a hung GUI thread, a dead render thread or a lost
GPU leave the process up with a frozen picture. The window's `frameSwapped` signal fires
after each frame reaches the screen; `RenderWatch` keeps the monotonic time of the last one.
Qt Quick draws only when something changes, so a quiet attract screen would look frozen:
a timer asks for a frame every `poke_interval_s`. If the GUI thread hangs, neither the
timer nor the frames come, and the age grows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtQuick import QQuickWindow

from kiosk.config import Settings

POKE_INTERVAL_S = 10.0


class RenderWatch(QObject):
    def __init__(self, window: QQuickWindow, poke_interval_s: float = POKE_INTERVAL_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._last: float | None = None
        self._frames = 0
        # Direct: with the threaded render loop the signal comes from the render thread.
        window.frameSwapped.connect(self._frame, Qt.ConnectionType.DirectConnection)
        self._poke = QTimer(self)
        self._poke.setInterval(round(poke_interval_s * 1000))
        self._poke.timeout.connect(window.update)
        self._poke.start()

    def _frame(self) -> None:
        now = time.monotonic()
        with self._lock:
            self._last = now
            self._frames += 1

    def last_frame_age_s(self) -> float | None:
        """Seconds since the last frame; None before the first one. Any thread may ask."""
        with self._lock:
            last = self._last
        return None if last is None else round(time.monotonic() - last, 3)

    @property
    def frames(self) -> int:
        with self._lock:
            return self._frames


def device_status(settings: Settings, watch: RenderWatch) -> Callable[[], dict[str, Any]]:
    """The heartbeat's device fields, gathered on the sync worker's thread: reader and
    printer states (never touching a card) and the age of the last frame."""

    def status() -> dict[str, Any]:
        from kiosk.doctor.device_checks import printer_state, reader_state

        reader = "virtual" if settings.demo else reader_state(settings).code
        return {
            "reader": reader,
            "printer": printer_state(settings).code,
            "last_frame_age_s": watch.last_frame_age_s(),
        }

    return status
