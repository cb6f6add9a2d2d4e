"""Card insert/remove events from PC/SC, delivered to the GUI thread as signals.

The core's ReaderMonitor calls back on its own thread; re-emitting through a Qt signal
queues the event onto the GUI thread, where the session decides what it means.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class CardWatch(QObject):
    cardRemoved = Signal()
    cardInserted = Signal()
    _event = Signal(str)  # crosses from the monitor thread

    def __init__(self, monitor_factory: Callable[[Callable[[Any], None]], Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = monitor_factory or _pcsc_monitor
        self._monitor: Any = None
        self._event.connect(self._dispatch)

    def start(self) -> None:
        try:
            self._monitor = self._factory(lambda event: self._event.emit(event.kind))
            self._monitor.start()
        except Exception as exc:  # no PC/SC service: the kiosk still works by QR or typing
            log.warning("card monitor unavailable", extra={"error": type(exc).__name__})
            self._monitor = None

    def stop(self) -> None:
        if self._monitor is not None:
            self._monitor.stop()
            self._monitor = None

    @Slot(str)
    def _dispatch(self, kind: str) -> None:
        if kind == "card_removed":
            self.cardRemoved.emit()
        elif kind == "card_inserted":
            self.cardInserted.emit()


def _pcsc_monitor(callback: Callable[[Any], None]) -> Any:
    from kiosk.devices.card.pcsc_reader import ReaderMonitor

    return ReaderMonitor(callback)
