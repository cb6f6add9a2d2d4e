"""The sync worker's life in the UI: its own thread, woken by new dossiers and the network.

The worker loops for the kiosk's lifetime, so it gets a dedicated thread rather than a
pool slot. Its status is read on that side too and handed to the GUI thread as a queued
signal: the GUI never opens the outbox itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from kiosk.config import Settings

log = logging.getLogger(__name__)

STATUS_INTERVAL_S = 2.0


class SyncService(QObject):
    """Exposed to QML as `sync`: online state and what waits in the queue."""

    changed = Signal()
    _statusReady = Signal(object)
    _problemFound = Signal(str, bool)
    alert = Signal(str)

    def __init__(self, settings: Settings, credentials: Any = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._credentials = credentials
        self._worker: Any = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._status: Any = None
        self._refused = False  # the outbox cannot take dossiers (damaged store)
        self._problem = ""
        self._statusReady.connect(self._take_status)
        self._problemFound.connect(self._take_problem)
        # Heartbeat fields (reader, printer, last frame age), set by the app before start().
        self.device_status: Callable[[], dict[str, Any]] | None = None

    def start(self) -> None:
        # The worker is made on its own thread: opening the outbox checks the database
        # (quick_check), its identity and the keyring, none of which the GUI thread waits on.
        run = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        watch = threading.Thread(target=self._watch_status, name="sync-status", daemon=True)
        self._threads = [run, watch]
        for thread in self._threads:
            thread.start()
        self._watch_network()

    def _run(self) -> None:
        from kiosk.sync.errors import OutboxError, SyncError
        from kiosk.sync.worker import SyncWorker

        try:
            worker = SyncWorker(self._settings, credentials=self._credentials,
                                on_alert=self.alert.emit, device_status=self.device_status,
                                on_purged=self._forget_receipt)
        except SyncError as exc:
            # A damaged store (or no keyring): the kiosk stays up, says it takes no dossiers
            # now, and keeps every file for `kiosk queue recover`; it never starts afresh.
            log.error("sync not started: %s %s", exc.code, exc.detail)
            self._problemFound.emit(exc.code, isinstance(exc, OutboxError))
            self.alert.emit(exc.code)
            return
        self._worker = worker
        worker.run_forever(self._stop)

    @Slot(str, bool)
    def _take_problem(self, code: str, refused: bool) -> None:
        self._problem, self._refused = code, refused
        self.changed.emit()

    def _forget_receipt(self, local_code: str) -> None:
        """A purged dossier's kept receipt goes with it (worker thread)."""
        from kiosk.receipts.store import forget_receipt

        forget_receipt(self._settings, local_code)

    def _watch_network(self) -> None:
        # Wake the worker the moment the network returns instead of at its next probe.
        if not QNetworkInformation.loadDefaultBackend():
            log.info("no network-information backend; relying on periodic probes")
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(lambda *_: self.wake())

    @Slot()
    def wake(self) -> None:
        if self._worker is not None:
            self._worker.wake()

    def stop(self) -> None:
        self._stop.set()
        if self._worker is not None:
            self._worker.wake()
        for thread in self._threads:
            thread.join(timeout=10)
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def _watch_status(self) -> None:
        while not self._stop.wait(STATUS_INTERVAL_S):
            worker = self._worker
            if worker is None:  # not made yet (or it could not be: see _run)
                continue
            try:
                self._statusReady.emit(worker.status())
            except Exception:  # a status read must never kill the loop
                log.exception("sync status read failed")

    @Slot(object)
    def _take_status(self, status: object) -> None:
        self._status = status
        self.changed.emit()

    def _get(self, name: str, default: Any) -> Any:
        return getattr(self._status, name, default) if self._status is not None else default

    def _queue_depth(self) -> int:
        counts = self._get("counts", {}) or {}
        return sum(n for state, n in counts.items() if state not in ("acknowledged",))

    def _oldest_hours(self) -> float:
        age = self._get("oldest_unsent_age_s", None)
        return round(age / 3600, 1) if age else 0.0

    online = Property(bool, lambda self: bool(self._get("online", False)), notify=changed)
    # True when the outbox cannot store dossiers: the home screen says so before a citizen
    # spends ten minutes on a form that could not be saved.
    outboxRefused = Property(bool, lambda self: self._refused, notify=changed)
    problem = Property(str, lambda self: self._problem, notify=changed)
    blocked = Property(bool, lambda self: bool(self._get("device_blocked", False)),
                       notify=changed)
    queueDepth = Property(int, _queue_depth, notify=changed)
    oldestUnsentHours = Property(float, _oldest_hours, notify=changed)
