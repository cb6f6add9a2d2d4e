"""Signed catalogue updates in the running kiosk: checked in the background at start and
every `catalogue_check_interval_s`, swapped in between citizens.

The check (fetch, verify, install on disk, load the new catalogue and its tiles) is a
BackgroundTask (kiosk.session.catalogue_update). What it brings back waits in a
`BetweenVisits` until the kiosk is on its attract screen, no visit in progress: only then do
the services and the home screen's tiles change, in one turn of the GUI thread. A citizen
half-way through a form keeps the procedure they started with.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.config import Settings
from kiosk.session.catalogue_update import (
    FAILED,
    INSTALLED,
    NONE_PUBLISHED,
    OFF,
    REFUSED,
    UNREACHABLE,
    UP_TO_DATE,
    BetweenVisits,
    UpdateOutcome,
)
from kiosk.ui.catalogue_tiles import ServiceTile, tiles_from_catalogue
from kiosk.ui.tasks import BackgroundTask, TaskRunner

log = logging.getLogger(__name__)

# The screen between citizens: nothing of a visit is on screen or in memory there.
BETWEEN_VISITS_SCREEN = "attract"

# What a technician is told after "Check for a catalogue update" ({v}: version, {d}: why).
OUTCOME_TEXT: dict[str, tuple[str, str]] = {
    INSTALLED: ("Đã cài gói danh mục {v}; dùng từ công dân tiếp theo.",
                "Catalogue bundle {v} installed; in use from the next citizen."),
    UP_TO_DATE: ("Danh mục đang dùng là bản mới nhất.", "The catalogue in use is the newest."),
    NONE_PUBLISHED: ("Cổng không công bố gói danh mục.",
                     "The portal publishes no catalogue bundle."),
    REFUSED: ("Gói danh mục bị từ chối ({d}); danh mục cũ vẫn được dùng.",
              "The catalogue bundle was refused ({d}); the current catalogue stays."),
    UNREACHABLE: ("Không tải được gói danh mục ({d}).", "No catalogue bundle received ({d})."),
    OFF: ("Chưa có khóa ký danh mục (catalogue_signing_key): không cập nhật danh mục.",
          "No catalogue_signing_key is set: catalogue updates are off."),
    FAILED: ("Không cài được gói danh mục ({d}).", "The catalogue bundle was not installed ({d})."),
}


def outcome_text(outcome: UpdateOutcome) -> tuple[str, str]:
    vi, en = OUTCOME_TEXT.get(outcome.status, OUTCOME_TEXT[FAILED])
    values = {"v": outcome.version or "", "d": outcome.detail}
    return vi.format(**values), en.format(**values)


class CatalogueUpdates(QObject):
    checked = Signal(object)  # UpdateOutcome, after every check
    applied = Signal()  # a new catalogue is in use (the home screen shows it)

    def __init__(self, settings: Settings, tasks: TaskRunner, services: Any, session: Any,
                 shell: Any, credentials: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._tasks = tasks
        self._services = services  # kiosk.ui.services.KioskServices
        self._session = session  # kiosk.ui.session.CitizenSession
        self._shell = shell  # kiosk.ui.shell.ShellViewModel
        self._credentials = credentials  # the demo's in-memory token; else the keyring
        self._checking = False
        self.last_outcome: UpdateOutcome | None = None
        self._between: BetweenVisits[tuple[Any, list[ServiceTile]]] = BetweenVisits(
            self._apply, self._in_visit)
        session.screenChanged.connect(self._screen_changed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """A check now, then every catalogue_check_interval_s (0: only this one)."""
        self.check()
        interval_s = self._settings.catalogue_check_interval_s
        if interval_s > 0:
            # QTimer counts in int milliseconds: at most about 24 days.
            self._timer.start(min(round(interval_s * 1000), 2**31 - 1))

    def stop(self) -> None:
        self._timer.stop()

    @property
    def checking(self) -> bool:
        return self._checking

    @property
    def pending(self) -> bool:
        """A new catalogue is installed and waits for the visit in progress to end."""
        return self._between.pending is not None

    @Slot()
    def check(self) -> None:
        if self._checking:
            return
        self._checking = True
        settings, credentials = self._settings, self._credentials
        running = self._services.catalogue_in_use().bundle_version

        def work() -> tuple[UpdateOutcome, Any, list[ServiceTile] | None]:
            from kiosk.forms.catalogue_in_use import catalogue_in_use
            from kiosk.forms.catalogue_store import CatalogueStore
            from kiosk.session.catalogue_update import check_for_update
            from kiosk.sync.credentials import KeyringCredentials

            outcome = check_for_update(
                settings, credentials or KeyringCredentials(settings.kiosk_id))
            in_use = outcome.in_use
            if in_use is None and not outcome.updates_off \
                    and CatalogueStore(settings.data_dir).current_version() != running:
                # Installed meanwhile from outside (`kiosk catalogue update`, a USB stick):
                # the portal then says "nothing newer", yet this kiosk still shows the old one.
                in_use = catalogue_in_use(settings)
                if in_use.bundle_version == running:
                    in_use = None
            # Tiles built here: the GUI thread only swaps them in.
            tiles = None if in_use is None else tiles_from_catalogue(settings, in_use.catalogue)
            return outcome, in_use, tiles

        BackgroundTask(work, label="catalogue update").success(self._checked) \
            .failure(self._failed).run(self._tasks)

    def _checked(self, result: tuple[UpdateOutcome, Any, list[ServiceTile] | None]) -> None:
        self._checking = False
        outcome, in_use, tiles = result
        self.last_outcome = outcome
        if in_use is not None and tiles is not None:
            self._between.offer((in_use, tiles))
        self.checked.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        # check_for_update answers every expected failure; this is a bug, said once.
        self._checking = False
        log.error("catalogue update check failed", extra={"error": type(exc).__name__})
        outcome = UpdateOutcome(FAILED, type(exc).__name__)
        self.last_outcome = outcome
        self.checked.emit(outcome)

    def _in_visit(self) -> bool:
        return str(self._session.screen) != BETWEEN_VISITS_SCREEN

    @Slot()
    def _screen_changed(self) -> None:
        if not self._in_visit():
            self._between.visit_ended()

    def _apply(self, item: tuple[Any, list[ServiceTile]]) -> None:
        in_use, tiles = item
        before = self._services.catalogue_in_use()
        self._services.use_catalogue(in_use)
        self._shell.set_tiles(tiles)
        log.info("catalogue %s in use (was %s)", in_use.version, before.version,
                 extra={"event": "catalogue_swapped", "bundle_version": in_use.version})
        self.applied.emit()
