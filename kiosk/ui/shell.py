"""The shell's view-model: header facts (kiosk name, clock) and the home screen's tiles."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.config import Settings
from kiosk.ui.catalogue_tiles import ServiceSearch, ServiceTile

__all__ = ["HANOI", "ServiceTile", "ShellViewModel"]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


class ShellViewModel(QObject):
    """Exposed to QML as `shell`."""

    clockChanged = Signal()
    tilesChanged = Signal()
    statusChanged = Signal()

    def __init__(
        self, settings: Settings, tiles: list[ServiceTile], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._tiles = tiles
        self._services = ServiceSearch(tiles, parent=self)
        self._status = ""
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.clockChanged)
        self._timer.start()

    def _kiosk_name(self) -> str:
        return self._settings.kiosk_name

    def _clock(self) -> str:
        return datetime.now(HANOI).strftime("%H:%M  %d/%m/%Y")

    def _tile_list(self) -> list[dict[str, str]]:
        return [t.as_qml() for t in self._tiles]

    def set_tiles(self, tiles: list[ServiceTile]) -> None:
        self._tiles = tiles
        self._services.set_tiles(tiles)
        self.tilesChanged.emit()

    def _get_services(self) -> ServiceSearch:
        return self._services

    def _get_status(self) -> str:
        return self._status

    @Slot(str)
    def setStatus(self, text: str) -> None:
        self._status = text
        self.statusChanged.emit()

    kioskName = Property(str, _kiosk_name, constant=True)
    demo = Property(bool, lambda self: self._settings.demo, constant=True)
    clock = Property(str, _clock, notify=clockChanged)
    tiles = Property(list, _tile_list, notify=tilesChanged)
    status = Property(str, _get_status, notify=statusChanged)
    # The home screen's searchable, filterable service list (kiosk.ui.catalogue_tiles).
    services = Property(QObject, _get_services, constant=True)

