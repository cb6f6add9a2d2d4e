"""Admin mode, exposed to QML as `admin`: the hidden gesture, the PIN pad, the panel.

Five taps within three seconds in the header's top-left corner open the PIN pad; the PIN is
checked by kiosk.admin.pin.AdminPin (argon2id, slow by design: a BackgroundTask) under its
persisted lockout, whose time left counts down on the pad. Anyone can open the pad: with no
PIN set it says only that the function is for technical staff (never how to set a PIN), and
a lockout ended from the console (`kiosk admin unlock`) holds no more once the pad reopens.
The panel's pages live in kiosk.ui.admin_pages / admin_tools. The panel closes itself after
a few minutes without a touch, so a technician who walks away does not leave it open to the
next citizen.

Screen cleaning: a full-screen overlay that swallows every touch for 30 s, with a countdown.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Property, QCoreApplication, QEvent, QObject, QTimer, Signal, Slot

from kiosk.admin.errors import PinLockedError, PinNotSetError
from kiosk.admin.pin import AdminPin, LockStatus
from kiosk.errors import citizen_message
from kiosk.ui.admin_pages import AdminContext, QueuePage, ReceiptsPage
from kiosk.ui.admin_tools import DevicesPage, LogsPage, PortalPage, StatsPage
from kiosk.ui.tasks import BackgroundTask

log = logging.getLogger(__name__)

TAPS_NEEDED = 5
TAP_WINDOW_S = 3.0
CLEANING_S = 30
PANEL_IDLE_S = 180
PAGES = ("queue", "receipts", "devices", "portal", "logs", "stats", "more")
_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class AdminViewModel(QObject):
    changed = Signal()
    pinChanged = Signal()
    cleaningChanged = Signal()

    def __init__(
        self,
        ctx: AdminContext,
        pin: AdminPin | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pin = pin or AdminPin(ctx.settings.data_dir)
        self._clock = clock
        self.quit_app: Callable[[], None] = QCoreApplication.quit
        self._taps: list[float] = []
        self._pin_open = False
        self._pin_busy = False
        self._pin_configured = True
        self._pin_message: tuple[str, str] = ("", "")
        self._locked_until = 0.0
        self._panel = False
        self._page = "queue"
        self._cleaning_left = 0
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._lock_tick)
        self._clean_timer = QTimer(self)
        self._clean_timer.setInterval(1000)
        self._clean_timer.timeout.connect(self._clean_tick)
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(PANEL_IDLE_S * 1000)
        self._idle_timer.timeout.connect(self.closePanel)
        self._queue = QueuePage(ctx, self)
        self._receipts = ReceiptsPage(ctx, self)
        self._devices = DevicesPage(ctx, self)
        self._portal = PortalPage(ctx, self)
        self._logs = LogsPage(ctx, self)
        self._stats = StatsPage(ctx, self)
        ctx.i18n.languageChanged.connect(self.pinChanged)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self._panel or self._pin_open) and event.type() in _ACTIVITY:
            self._idle_timer.start()
        return False

    # --- the hidden gesture -----------------------------------------------------------
    @Slot()
    def cornerTap(self) -> None:
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= TAP_WINDOW_S] + [now]
        if len(self._taps) >= TAPS_NEEDED and not self._panel:
            self._taps = []
            self.openPin()

    # --- the PIN pad ------------------------------------------------------------------
    @Slot()
    def openPin(self) -> None:
        self._pin_open = True
        self._set_pin_message(("", ""))
        self._idle_timer.start()
        self.changed.emit()
        pin = self.pin
        # Locked already (tries from before a restart)? Show the time left at once.
        BackgroundTask(pin.status, label="admin pin status") \
            .success(self._took_status).failure(self._pin_failed).run(self.ctx.tasks)

    def _took_status(self, status: LockStatus) -> None:
        self._pin_configured = True
        if status.locked:
            self._lock_for(status.retry_after_s)
        elif self._locked_left() > 0:
            # Unlocked from the console (`kiosk admin unlock`, `set-pin`) while this pad
            # still counted down: the file is the truth.
            self._locked_until = 0.0
            self._lock_timer.stop()
            self._set_pin_message(("", ""))
        self.changed.emit()

    @Slot()
    def cancelPin(self) -> None:
        self._pin_open = False
        self._set_pin_message(("", ""))
        self.changed.emit()

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        if self._pin_busy or self._locked_left() > 0:
            return
        self._pin_busy = True
        self._set_pin_message(("", ""))
        self.changed.emit()
        admin_pin = self.pin
        BackgroundTask(lambda: admin_pin.verify(pin), label="admin pin") \
            .success(self._pin_ok).failure(self._pin_failed).run(self.ctx.tasks)

    def _pin_ok(self, _result: object) -> None:
        self._pin_busy = False
        self._pin_open = False
        self._panel = True
        self._page = "queue"
        log.info("admin panel opened", extra={"event": "admin_panel_open"})
        self._idle_timer.start()
        self.changed.emit()
        self._queue.refresh()

    def _pin_failed(self, exc: BaseException) -> None:
        self._pin_busy = False
        if isinstance(exc, PinLockedError):
            self._lock_for(exc.retry_after_s)
        else:
            # No PIN set: nothing to check a PIN against, so no keys; the core's message
            # names no command (whoever opened the pad may be a passer-by).
            self._pin_configured = not isinstance(exc, PinNotSetError)
            self._set_pin_message(citizen_message(exc))
        self.changed.emit()

    def _lock_for(self, seconds: float) -> None:
        self._locked_until = self._clock() + seconds
        self._lock_timer.start()
        self._lock_tick()

    def _locked_left(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def _lock_tick(self) -> None:
        left = self._locked_left()
        if left <= 0:
            self._lock_timer.stop()
            self._set_pin_message(("Bạn có thể nhập lại mã PIN.", "You may enter the PIN again."))
        else:
            # The core's own message, with the time left as it is now.
            self._set_pin_message(citizen_message(PinLockedError(left)))
        self.changed.emit()

    def _set_pin_message(self, message: tuple[str, str]) -> None:
        self._pin_message = message
        self.pinChanged.emit()

    def _pin_text(self) -> str:
        vi, en = self._pin_message
        return vi if self.ctx.i18n.current() == "vi" else en

    # --- the panel --------------------------------------------------------------------
    @Slot(str)
    def setPage(self, page: str) -> None:
        if page not in PAGES:
            raise ValueError(page)
        self._page = page
        self.changed.emit()
        refresh: dict[str, Callable[[], None]] = {
            "queue": self._queue.refresh, "receipts": self._receipts.refresh,
            "portal": self._portal.refresh, "logs": self._logs.refresh,
            "stats": self._stats.refresh,
        }
        if page in refresh:
            refresh[page]()

    @Slot()
    def closePanel(self) -> None:
        if self._panel or self._pin_open:
            log.info("admin panel closed", extra={"event": "admin_panel_close"})
        self._panel = False
        self._pin_open = False
        self._idle_timer.stop()
        self.changed.emit()

    @Slot()
    def startCleaning(self) -> None:
        self._cleaning_left = CLEANING_S
        self._clean_timer.start()
        self.cleaningChanged.emit()

    def _clean_tick(self) -> None:
        self._cleaning_left -= 1
        if self._cleaning_left <= 0:
            self._cleaning_left = 0
            self._clean_timer.stop()
            self._idle_timer.start()
        self.cleaningChanged.emit()

    @Slot()
    def confirmExit(self) -> None:
        """Leave the kiosk for the desktop (the QML asks for confirmation first)."""
        log.info("exit to desktop", extra={"event": "admin_exit"})
        self._panel = False
        self.changed.emit()
        self.quit_app()

    # --- properties -------------------------------------------------------------------
    pinOpen = Property(bool, lambda self: self._pin_open, notify=changed)
    pinBusy = Property(bool, lambda self: self._pin_busy, notify=changed)
    pinMessage = Property(str, _pin_text, notify=pinChanged)
    pinLocked = Property(bool, lambda self: self._locked_left() > 0, notify=pinChanged)
    pinConfigured = Property(bool, lambda self: self._pin_configured, notify=changed)
    panelOpen = Property(bool, lambda self: self._panel, notify=changed)
    page = Property(str, lambda self: self._page, notify=changed)
    cleaning = Property(bool, lambda self: self._cleaning_left > 0, notify=cleaningChanged)
    cleaningSecondsLeft = Property(int, lambda self: self._cleaning_left,
                                   notify=cleaningChanged)
    queue = Property(QObject, lambda self: self._queue, constant=True)
    receipts = Property(QObject, lambda self: self._receipts, constant=True)
    devices = Property(QObject, lambda self: self._devices, constant=True)
    portal = Property(QObject, lambda self: self._portal, constant=True)
    logs = Property(QObject, lambda self: self._logs, constant=True)
    stats = Property(QObject, lambda self: self._stats, constant=True)
