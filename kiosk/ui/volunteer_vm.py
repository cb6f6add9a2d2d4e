"""Assisted mode, exposed to QML as `volunteer`: a volunteer signs in with their code and PIN
and then serves one citizen after another.

While signed in, CitizenSession.assisted_by carries the volunteer's code (it goes into each
dossier) and the header shows who assists. "Next citizen" ends the current citizen's session
(wipe) and keeps the volunteer signed in; signing out also ends the session, so a citizen
never continues under a volunteer who has left.

Sign-in checks an argon2 hash (slow by design): it runs as a BackgroundTask.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.admin.volunteers import VolunteerRegistry, VolunteerSession
from kiosk.config import Settings
from kiosk.errors import citizen_message
from kiosk.ui.i18n import Translations
from kiosk.ui.session import CitizenSession
from kiosk.ui.tasks import BackgroundTask, TaskRunner

log = logging.getLogger(__name__)


class VolunteerViewModel(QObject):
    changed = Signal()
    errorChanged = Signal()

    def __init__(
        self,
        settings: Settings,
        session: CitizenSession,
        tasks: TaskRunner,
        i18n: Translations,
        registry: VolunteerRegistry | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._session = session
        self._tasks = tasks
        self._i18n = i18n
        self.registry = registry or VolunteerRegistry(settings.data_dir)
        self._current: VolunteerSession | None = None
        self._dialog = False
        self._busy = False
        self._error: tuple[str, str] = ("", "")
        i18n.languageChanged.connect(self.errorChanged)
        # The session resets its own state at every wipe; the volunteer stays.
        session.wiped.connect(self._reapply)

    def _reapply(self) -> None:
        self._session.assisted_by = self._current.code if self._current else None

    # --- the sign-in dialog -----------------------------------------------------------
    @Slot()
    def openSignIn(self) -> None:
        if not self._settings.assisted_mode_allowed or self._current is not None:
            return
        self._dialog = True
        self._set_error(("", ""))
        self.changed.emit()

    @Slot()
    def cancelSignIn(self) -> None:
        self._dialog = False
        self._set_error(("", ""))
        self.changed.emit()

    @Slot(str, str)
    def signIn(self, code: str, pin: str) -> None:
        if self._busy:
            return
        if not code.strip() or not pin:
            self._set_error(("Vui lòng nhập mã tình nguyện viên và mã PIN.",
                             "Please enter your volunteer code and PIN."))
            return
        self._busy = True
        self._set_error(("", ""))
        self.changed.emit()
        registry = self.registry
        BackgroundTask(lambda: registry.sign_in(code, pin), label="volunteer sign-in") \
            .success(self._signed_in).failure(self._failed).run(self._tasks)

    def _signed_in(self, current: VolunteerSession) -> None:
        self._busy = False
        self._current = current
        self._dialog = False
        # A citizen's visit that was under way goes on, now assisted.
        self._session.assisted_by = current.code
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._set_error(citizen_message(exc))
        self.changed.emit()

    # --- while signed in --------------------------------------------------------------
    @Slot()
    def nextCitizen(self) -> None:
        """One tap between two citizens: wipe the last one, stay signed in."""
        if self._current is None:
            return
        self._session.finish()
        self._reapply()

    @Slot()
    def signOut(self) -> None:
        if self._current is None:
            return
        self.registry.sign_out()
        self._current = None
        self._session.finish()
        self._session.assisted_by = None
        self.changed.emit()

    # --- properties -------------------------------------------------------------------
    def _set_error(self, message: tuple[str, str]) -> None:
        self._error = message
        self.errorChanged.emit()

    def _error_text(self) -> str:
        vi, en = self._error
        return vi if self._i18n.current() == "vi" else en

    def _name(self) -> str:
        return self._current.volunteer.display_name if self._current else ""

    def _code(self) -> str:
        return self._current.code if self._current else ""

    allowed = Property(bool, lambda self: self._settings.assisted_mode_allowed, constant=True)
    signedIn = Property(bool, lambda self: self._current is not None, notify=changed)
    name = Property(str, _name, notify=changed)
    code = Property(str, _code, notify=changed)
    dialogOpen = Property(bool, lambda self: self._dialog, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    errorText = Property(str, _error_text, notify=errorChanged)
