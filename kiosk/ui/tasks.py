"""The one way the kiosk runs slow work: off the GUI thread, results back on it.

Modelled on Anki's QueryOp: build a `BackgroundTask` around a plain function, attach
`.success()` and `.failure()` callbacks, and `.run()` it. The function runs on a
QThreadPool worker; its result or exception comes back to the GUI thread as a queued signal,
so callbacks may touch view-models and QML freely. A task without a failure callback reports
to the runner's single `failed` signal, which the shell shows to the citizen.

The GUI thread never waits on a card, a disk fsync, the network or a printer: those calls go
through here. `StallProbe` measures whether that holds.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit into it (queued across threads)."""

    done = Signal(int, object, object)  # task id, result, exception


class _Job(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._task_id = task_id
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the failure callback on the GUI thread
            self._relay.done.emit(self._task_id, None, exc)
        else:
            self._relay.done.emit(self._task_id, result, None)


class TaskRunner(QObject):
    """Owns the worker pool; create one per application, on the GUI thread."""

    failed = Signal(str, object)  # task label, exception (for tasks without .failure())
    busyChanged = Signal()

    def __init__(self, max_threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._finish)
        self._ids = itertools.count(1)
        self._pending: dict[int, BackgroundTask[Any]] = {}

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(self, task: BackgroundTask[Any]) -> None:
        task_id = next(self._ids)
        self._pending[task_id] = task
        if len(self._pending) == 1:
            self.busyChanged.emit()
        self._pool.start(_Job(task_id, task.fn, self._relay))

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """For tests and shutdown only: never call from a citizen-facing path."""
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, object, object)
    def _finish(self, task_id: int, result: object, exc: object) -> None:
        task = self._pending.pop(task_id, None)
        if not self._pending:
            self.busyChanged.emit()
        if task is None:
            return
        if isinstance(exc, BaseException):
            log.info("task failed", extra={"task": task.label, "error": type(exc).__name__})
            if task.on_failure is not None:
                task.on_failure(exc)
            else:
                self.failed.emit(task.label, exc)
        elif task.on_success is not None:
            task.on_success(result)


class BackgroundTask(Generic[T]):
    def __init__(self, fn: Callable[[], T], *, label: str) -> None:
        self.fn = fn
        self.label = label
        self.on_success: Callable[[T], None] | None = None
        self.on_failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[T], None]) -> BackgroundTask[T]:
        self.on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundTask[T]:
        self.on_failure = callback
        return self

    def run(self, runner: TaskRunner) -> None:
        runner.submit(self)


class StallProbe(QObject):
    """Records the longest gap between ticks of a GUI-thread timer: a GUI stall."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._interval_s = interval_ms / 1000
        self._last = 0.0
        self.longest_gap_s = 0.0

    def start(self) -> None:
        self.longest_gap_s = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.longest_gap_s

    @Slot()
    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_gap_s = max(self.longest_gap_s, now - self._last - self._interval_s)
        self._last = now
