"""The citizen session for QML: kiosk.session.visit.Visit (the visit's screens and rules,
no Qt) adapted to properties and slots, its slow steps (card read, saving, rendering,
printing) run as BackgroundTasks whose outcomes go back to the Visit.

Everything of the citizen (card data, photo, answers, attachments, receipt preview) lives
in the Visit, this object and the form view-model; `wipe()` drops all of it and deletes the
session's temporary folder.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.config import Settings
from kiosk.session.visit import Visit
from kiosk.ui.i18n import Translations
from kiosk.ui.tasks import BackgroundTask, TaskRunner

log = logging.getLogger(__name__)

__all__ = ["CitizenSession"]


class CitizenSession(QObject):
    """Exposed to QML as `session`."""

    changed = Signal()
    screenChanged = Signal()
    errorChanged = Signal()
    formChanged = Signal()
    wiped = Signal()
    visitEnded = Signal()  # the citizen left (Finish, timeout, card removal): not "start again"
    otherCardChanged = Signal()

    def __init__(
        self,
        settings: Settings,
        tasks: TaskRunner,
        i18n: Translations,
        services: Any,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._tasks = tasks
        self._i18n = i18n
        self._services = services  # kiosk.ui.services.KioskServices: card, forms, outbox, receipts
        self._i18n.languageChanged.connect(self.errorChanged)
        self._i18n.languageChanged.connect(self.otherCardChanged)
        self._reset_state()
        self.assisted_by: str | None = None
        self.on_screen_change: list[Callable[[str], None]] = []
        self.dossier_saved: list[Callable[[], None]] = []

    # --- state ------------------------------------------------------------------------
    def _reset_state(self) -> None:
        self.visit = Visit(mobile=self._settings.mobile_mode, screen=self._screen)
        self._form: QObject | None = None
        self._receipt_pdf: Path | None = None
        self._receipt_preview = ""
        self._receipt_qr = ""
        self._payment_qr = ""
        self._next_steps: dict[str, str] = {}
        self._tmp: Path | None = None

    @property
    def _screen(self) -> str:
        return self.visit.screen if hasattr(self, "visit") else "attract"

    def temp_dir(self) -> Path:
        """The session's private folder (attachments, previews); deleted by wipe()."""
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="kiosk-session-"))
        return self._tmp

    def _moved(self) -> None:
        """After the Visit changed screen: log it, tell the hooks and QML."""
        screen = self.visit.screen
        log.info("screen", extra={"screen": screen})
        for hook in self.on_screen_change:
            hook(screen)
        self.errorChanged.emit()
        self.changed.emit()
        self.screenChanged.emit()

    def _go(self, screen: str) -> None:
        self.visit.go(screen)
        self._moved()

    def _set_error(self, exc: BaseException | None, message: tuple[str, str] | None = None) -> None:
        self.visit.fail(exc, message)
        self.errorChanged.emit()

    @Slot()
    def clearError(self) -> None:
        self._set_error(None)

    # --- the flow ---------------------------------------------------------------------
    @Slot()
    def begin(self) -> None:
        self._go("home")

    @Slot(str)
    def chooseService(self, code: str) -> None:
        if self.visit.choose_service(code, self._services.service_overview(code)):
            self._moved()
        else:
            self.errorChanged.emit()

    @Slot()
    def startApplication(self) -> None:
        self._in_background(self._services.record_started, self.visit.service_code, "usage")
        self.visit.start_application()
        self._moved()

    def _in_background(self, fn: Callable[[str], None], code: str, label: str) -> None:
        """Anonymous counters: a failed write is logged, never shown to the citizen."""
        BackgroundTask(lambda: fn(code), label=label).failure(
            lambda exc: log.warning("statistics not recorded",
                                    extra={"error": type(exc).__name__})
        ).run(self._tasks)

    @Slot(bool)
    def giveConsent(self, agreed: bool) -> None:
        if self.visit.give_consent(agreed):
            self._moved()
        else:
            # Without consent the chip is never read: the citizen types everything.
            self._open_form(card_json=None)

    @Slot(str, str)
    def readCard(self, id_number: str, date_of_birth: str) -> None:
        """Read the chip: PACE with the ID number's last 6 digits; the date of birth
        (dd/mm/yyyy, may be empty) opens older cards that only know BAC."""
        if not self.visit.may_read_card():
            self.errorChanged.emit()
            return
        try:
            access = self._services.card_access(id_number, date_of_birth)
        except ValueError as exc:
            self._set_error(exc)
            return
        self.visit.reading()
        self._moved()
        BackgroundTask(lambda: self._services.read_card(access), label="card read") \
            .success(self._card_read).failure(self._card_failed).run(self._tasks)

    @Slot(str)
    def scanQr(self, text: str) -> None:
        """A card-front QR from the scanner or camera: gives the ID number and birth date."""
        try:
            self.visit.qr = self._services.parse_card_qr(text)
        except ValueError as exc:
            self._set_error(exc)
            return
        self.changed.emit()
        qr = self.visit.qr
        dob = qr.date_of_birth
        if qr.id_number:
            self.readCard(qr.id_number, dob.strftime("%d/%m/%Y") if dob else "")

    @Slot()
    def continueWithoutCard(self) -> None:
        qr = self.visit.qr
        self._open_form(card_json=self._services.qr_prefill(qr) if qr is not None else None)

    def _card_read(self, result: Any) -> None:
        self._services.remember_for_redaction(self._services.card_prefill(result))
        self.visit.card_read(result, self._services.card_summary(result))
        self._moved()

    def _card_failed(self, exc: BaseException) -> None:
        self.visit.card_failed(exc)
        self._moved()
        self.errorChanged.emit()

    @Slot()
    def confirmCard(self) -> None:
        self._open_form(card_json=self._services.card_prefill(self.visit.card))

    def _open_form(self, card_json: dict[str, Any] | None) -> None:
        code = self.visit.service_code
        self.visit.busy = True
        self.changed.emit()
        BackgroundTask(lambda: self._services.new_form_session(code, card_json),
                       label="open form").success(self._form_ready) \
            .failure(self._form_failed).run(self._tasks)

    def _form_ready(self, form_session: Any) -> None:
        self._form = self._services.form_view_model(form_session, self, self._tasks,
                                                    self.temp_dir())
        self.formChanged.emit()
        self.visit.form_opened()
        self._moved()

    def _form_failed(self, exc: BaseException) -> None:
        log.error("form could not open", extra={"error": type(exc).__name__})
        self.visit.form_failed(exc)
        self.changed.emit()
        self.errorChanged.emit()

    @Slot()
    def showReview(self) -> None:
        self._go("review")

    @Slot()
    def backToWizard(self) -> None:
        self._go("wizard")

    @Slot()
    def confirmDossier(self) -> None:
        """Build the dossier and commit it to the outbox before saying it is saved."""
        form = self._form
        if form is None:
            return
        self.visit.saving()
        self._moved()
        assisted_by = self.assisted_by

        def save() -> tuple[str, Path, str, str, dict[str, str], str]:
            dossier = form.confirm(assisted_by=assisted_by)  # type: ignore[attr-defined]
            return self._services.save_and_render(dossier, self.temp_dir())

        BackgroundTask(save, label="save dossier").success(self._saved) \
            .failure(self._save_failed).run(self._tasks)

    def _saved(self, result: tuple[str, Path, str, str, dict[str, str], str]) -> None:
        for hook in self.dossier_saved:
            hook()
        self._in_background(self._services.record_confirmed, self.visit.service_code, "usage")
        (local_code, self._receipt_pdf, self._receipt_preview, self._receipt_qr,
         self._next_steps, self._payment_qr) = result
        should_print = self.visit.saved(local_code)
        self._moved()
        if should_print:
            self.printReceipt()

    def _save_failed(self, exc: BaseException) -> None:
        self.visit.save_failed(exc)
        self._moved()
        self.errorChanged.emit()

    @Slot()
    def printReceipt(self) -> None:
        pdf = self._receipt_pdf
        if pdf is None or not self.visit.printing():
            return
        self.changed.emit()
        BackgroundTask(lambda: self._services.print_receipt(pdf), label="print") \
            .success(self._printed).failure(self._print_failed).run(self._tasks)

    def _printed(self, _result: object) -> None:
        self.visit.printed()
        self.changed.emit()

    def _print_failed(self, exc: BaseException) -> None:
        self.visit.print_failed(exc)
        self.errorChanged.emit()
        self.changed.emit()

    # --- another person's card, for one field of the form ------------------------------
    @Slot(str)
    def openOtherCard(self, path: str) -> None:
        self.visit.other_card.open(path)
        self.otherCardChanged.emit()

    @Slot(bool)
    def otherCardConsent(self, agreed: bool) -> None:
        self.visit.other_card.consent = agreed
        self.otherCardChanged.emit()

    @Slot(str, str)
    def readOtherCard(self, id_number: str, date_of_birth: str) -> None:
        """Read the other person's chip (as readCard: the ID number opens it, the date of
        birth opens older cards) and fill their fields; only with their consent."""
        other = self.visit.other_card
        path = other.path
        if not path or other.busy:
            return
        if not other.may_read():
            self.otherCardChanged.emit()
            return
        try:
            if "|" in id_number:  # the card-front QR, typed by a keyboard-style reader
                qr = self._services.parse_card_qr(id_number)
                dob = qr.date_of_birth
                id_number, date_of_birth = qr.id_number, dob.strftime("%d/%m/%Y") if dob else ""
            access = self._services.card_access(id_number, date_of_birth)
        except ValueError as exc:
            other.failed(exc)
            self.otherCardChanged.emit()
            return
        other.reading()
        self.otherCardChanged.emit()
        engine = getattr(self._form, "session", None)
        BackgroundTask(lambda: self._services.read_other_card(access, engine),
                       label="other card read") \
            .success(lambda card_json: self._other_card_read(path, card_json)) \
            .failure(self._other_card_failed).run(self._tasks)

    def _other_card_read(self, path: str, card_json: dict[str, Any]) -> None:
        form = self._form
        if form is None or self.visit.other_card.path != path:
            return  # the visit ended or the sheet was closed meanwhile: drop what was read
        self._services.remember_for_redaction(card_json)
        try:
            form.fill_from_card(path, card_json)  # type: ignore[attr-defined]
        except (KeyError, ValueError) as exc:  # the person's entry was removed meanwhile
            self._other_card_failed(exc)
            return
        self.visit.other_card.read()
        self.otherCardChanged.emit()

    def _other_card_failed(self, exc: BaseException) -> None:
        self.visit.other_card.failed(exc)
        self.otherCardChanged.emit()

    @Slot()
    def closeOtherCard(self) -> None:
        self.visit.other_card.close()
        self.otherCardChanged.emit()

    def _demo_other_cards(self) -> list[dict[str, str]]:
        """Demo mode: the sample cards another person may put on the reader."""
        return [{"name": name, "id": id_number, "dob": dob}
                for name, id_number, dob in self._services.demo_other_cards()]

    def _other_card(self) -> dict[str, Any]:
        other = self.visit.other_card
        vi, en = other.error
        return {"path": other.path, "consent": other.consent, "busy": other.busy,
                "error": vi if self._i18n.current() == "vi" else en}

    # --- the card taken off the reader mid-flow ----------------------------------------
    @Slot()
    def cardRemoved(self) -> None:
        """What was read stays in this session; ask whether to go on without the card or
        to end here (see Visit.card_removed)."""
        self.visit.card_removed()
        self.changed.emit()

    @Slot()
    def continueWithoutCardAfterRemoval(self) -> None:
        self.visit.keep_going_without_card()
        self.changed.emit()

    @Slot()
    def receiptDone(self) -> None:
        self._go("rating")

    @Slot(int)
    def rate(self, stars: int) -> None:
        code = self.visit.service_code
        self._in_background(lambda c: self._services.record_rating(c, stars), code, "rating")
        self.finish()

    @Slot()
    def finish(self) -> None:
        """End of the visit (Finish, timeout, card removal): wipe, back to attract."""
        self.wipe()
        self.visitEnded.emit()
        self._go("attract")

    @Slot()
    def goHome(self) -> None:
        self.wipe()
        self._go("home")

    def wipe(self) -> None:
        form = self._form
        if form is not None and hasattr(form, "wipe"):
            form.wipe()
        self.visit.wipe()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._services.forget_session()
        self._reset_state()
        self.formChanged.emit()
        self.changed.emit()
        self.errorChanged.emit()
        self.otherCardChanged.emit()
        self.wiped.emit()

    # --- properties for QML -----------------------------------------------------------
    def _error_text(self) -> str:
        vi, en = self.visit.error
        return vi if self._i18n.current() == "vi" else en

    screen = Property(str, lambda self: self.visit.screen, notify=screenChanged)
    busy = Property(bool, lambda self: self.visit.busy, notify=changed)
    errorText = Property(str, _error_text, notify=errorChanged)
    serviceCode = Property(str, lambda self: self.visit.service_code, notify=changed)
    service = Property(dict, lambda self: self.visit.service, notify=changed)
    card = Property(dict, lambda self: self.visit.card_summary, notify=changed)
    form = Property(QObject, lambda self: self._form, notify=formChanged)
    localCode = Property(str, lambda self: self.visit.local_code, notify=changed)
    receiptPreview = Property(str, lambda self: self._receipt_preview, notify=changed)
    receiptQr = Property(str, lambda self: self._receipt_qr, notify=changed)
    paymentQr = Property(str, lambda self: self._payment_qr, notify=changed)
    nextSteps = Property(dict, lambda self: self._next_steps, notify=changed)
    printState = Property(str, lambda self: self.visit.print_state, notify=changed)
    askCardRemoved = Property(bool, lambda self: self.visit.ask_card_removed, notify=changed)
    mobile = Property(bool, lambda self: self._settings.mobile_mode, constant=True)
    demo = Property(bool, lambda self: self._settings.demo, constant=True)
    demoIdentity = Property(list, lambda self: list(self._services.demo_identity()),
                            constant=True)
    otherCard = Property(dict, _other_card, notify=otherCardChanged)
    demoOtherCards = Property(list, _demo_other_cards, constant=True)
