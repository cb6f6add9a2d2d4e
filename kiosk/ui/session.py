"""The citizen session: one person's visit, from the attract screen to the wipe.

attract -> home (services) -> overview -> consent -> identify (QR / ID number / no card)
-> reading -> card -> wizard -> review -> saving -> receipt -> rating -> attract

Everything of the citizen (card data, photo, answers, attachments, receipt preview) lives
in this object and the form view-model; `wipe()` drops all of it and deletes the session's
temporary folder. Slow steps (card read, saving, rendering, printing) run as BackgroundTasks.
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
from kiosk.ui.i18n import Translations
from kiosk.ui.tasks import BackgroundTask, TaskRunner

log = logging.getLogger(__name__)

SCREENS = (
    "attract", "home", "overview", "consent", "identify", "reading", "card", "wizard",
    "review", "saving", "receipt", "rating",
)


def bilingual(exc: BaseException) -> tuple[str, str]:
    """The (vi, en) message of a typed kiosk error, or a plain fallback."""
    vi = getattr(exc, "message_vi", None)
    en = getattr(exc, "message_en", None)
    if callable(vi):
        vi = vi()
    if callable(en):
        en = en()
    if isinstance(vi, str) and isinstance(en, str):
        return vi, en
    return (
        "Đã có lỗi xảy ra. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.",
        "Something went wrong. Please try again or ask a staff member for help.",
    )


class CitizenSession(QObject):
    """Exposed to QML as `session`."""

    changed = Signal()
    screenChanged = Signal()
    errorChanged = Signal()
    formChanged = Signal()
    wiped = Signal()

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
        self._screen = "attract"
        self._reset_state()
        self.assisted_by: str | None = None
        self.on_screen_change: list[Callable[[str], None]] = []
        self.dossier_saved: list[Callable[[], None]] = []

    # --- state ------------------------------------------------------------------------
    def _reset_state(self) -> None:
        self._service_code = ""
        self._service: dict[str, Any] = {}
        self._consent = False
        self._card: Any = None  # CardReadResult
        self._card_summary: dict[str, Any] = {}
        self._qr: Any = None
        self._form: QObject | None = None
        self._error: tuple[str, str] = ("", "")
        self._busy = False
        self._local_code = ""
        self._receipt_pdf: Path | None = None
        self._receipt_preview = ""
        self._receipt_qr = ""
        self._print_state = ""
        self._tmp: Path | None = None
        self._ask_card_removed = False

    def temp_dir(self) -> Path:
        """The session's private folder (attachments, previews); deleted by wipe()."""
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="kiosk-session-"))
        return self._tmp

    def _go(self, screen: str) -> None:
        if screen not in SCREENS:
            raise ValueError(screen)
        self._screen = screen
        self._set_error(None)
        log.info("screen", extra={"screen": screen})
        for hook in self.on_screen_change:
            hook(screen)
        self.screenChanged.emit()

    def _set_error(self, exc: BaseException | None, message: tuple[str, str] | None = None) -> None:
        self._error = message or (bilingual(exc) if exc is not None else ("", ""))
        self.errorChanged.emit()

    @Slot()
    def clearError(self) -> None:
        self._set_error(None)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.changed.emit()

    # --- the flow ---------------------------------------------------------------------
    @Slot()
    def begin(self) -> None:
        self._go("home")

    @Slot(str)
    def chooseService(self, code: str) -> None:
        entry = self._services.service_overview(code)
        if entry is None:
            self._set_error(None, ("Thủ tục này hiện chưa có.", "This service is not available."))
            return
        self._service_code = code
        self._service = entry
        self.changed.emit()
        self._go("overview")

    @Slot()
    def startApplication(self) -> None:
        self._in_background(self._services.record_started, self._service_code, "usage")
        self._go("consent")

    def _in_background(self, fn: Callable[[str], None], code: str, label: str) -> None:
        """Anonymous counters: a failed write is logged, never shown to the citizen."""
        BackgroundTask(lambda: fn(code), label=label).failure(
            lambda exc: log.warning("statistics not recorded",
                                    extra={"error": type(exc).__name__})
        ).run(self._tasks)

    @Slot(bool)
    def giveConsent(self, agreed: bool) -> None:
        self._consent = agreed
        if agreed:
            self._go("identify")
        else:
            # Without consent the chip is never read: the citizen types everything.
            self._open_form(card_json=None)

    @Slot(str, str)
    def readCard(self, id_number: str, date_of_birth: str) -> None:
        """Read the chip: PACE with the ID number's last 6 digits; the date of birth
        (dd/mm/yyyy, may be empty) opens older cards that only know BAC."""
        if not self._consent:
            self._set_error(None, ("Cần sự đồng ý của bạn trước khi đọc thẻ.",
                                   "Your consent is needed before reading the card."))
            return
        try:
            access = self._services.card_access(id_number, date_of_birth)
        except ValueError as exc:
            self._set_error(exc)
            return
        self._go("reading")
        self._set_busy(True)
        BackgroundTask(lambda: self._services.read_card(access), label="card read") \
            .success(self._card_read).failure(self._card_failed).run(self._tasks)

    @Slot(str)
    def scanQr(self, text: str) -> None:
        """A card-front QR from the scanner or camera: gives the ID number and birth date."""
        try:
            self._qr = self._services.parse_card_qr(text)
        except ValueError as exc:
            self._set_error(exc)
            return
        self.changed.emit()
        dob = self._qr.date_of_birth
        if self._qr.id_number:
            self.readCard(self._qr.id_number, dob.strftime("%d/%m/%Y") if dob else "")

    @Slot()
    def continueWithoutCard(self) -> None:
        card_json = self._services.qr_prefill(self._qr) if self._qr is not None else None
        self._open_form(card_json=card_json)

    def _card_read(self, result: Any) -> None:
        self._set_busy(False)
        self._card = result
        self._services.remember_for_redaction(self._services.card_prefill(result))
        self._card_summary = self._services.card_summary(result)
        self.changed.emit()
        self._go("card")

    def _card_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._go("identify")
        self._set_error(exc)

    @Slot()
    def confirmCard(self) -> None:
        self._open_form(card_json=self._services.card_prefill(self._card))

    def _open_form(self, card_json: dict[str, Any] | None) -> None:
        code = self._service_code
        self._set_busy(True)
        BackgroundTask(lambda: self._services.new_form_session(code, card_json),
                       label="open form").success(self._form_ready) \
            .failure(self._form_failed).run(self._tasks)

    def _form_ready(self, form_session: Any) -> None:
        self._set_busy(False)
        self._form = self._services.form_view_model(form_session, self, self._tasks,
                                                    self.temp_dir())
        self.formChanged.emit()
        self._go("wizard")

    def _form_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        log.error("form could not open", extra={"error": type(exc).__name__})
        self._set_error(exc)

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
        self._go("saving")
        self._set_busy(True)
        assisted_by = self.assisted_by

        def save() -> tuple[str, Path, str, str]:
            dossier = form.confirm(assisted_by=assisted_by)  # type: ignore[attr-defined]
            return self._services.save_and_render(dossier, self.temp_dir())

        BackgroundTask(save, label="save dossier").success(self._saved) \
            .failure(self._save_failed).run(self._tasks)

    def _saved(self, result: tuple[str, Path, str, str]) -> None:
        self._set_busy(False)
        for hook in self.dossier_saved:
            hook()
        self._in_background(self._services.record_confirmed, self._service_code, "usage")
        self._local_code, self._receipt_pdf, self._receipt_preview, self._receipt_qr = result
        self.changed.emit()
        self._go("receipt")
        if not self._settings.mobile_mode:
            self.printReceipt()

    def _save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._go("review")
        self._set_error(exc)

    @Slot()
    def printReceipt(self) -> None:
        pdf = self._receipt_pdf
        if pdf is None or self._settings.mobile_mode:
            return
        self._print_state = "printing"
        self.changed.emit()
        BackgroundTask(lambda: self._services.print_receipt(pdf), label="print") \
            .success(self._printed).failure(self._print_failed).run(self._tasks)

    def _printed(self, _result: object) -> None:
        self._print_state = "printed"
        self.changed.emit()

    def _print_failed(self, exc: BaseException) -> None:
        self._print_state = "failed"
        self._set_error(exc)
        self.changed.emit()

    # --- the card taken off the reader mid-flow ----------------------------------------
    @Slot()
    def cardRemoved(self) -> None:
        """What was read stays in this session; ask whether to go on without the card or
        to end here (a citizen who walks off with their card is usually done)."""
        if self._card is not None and self._screen in ("card", "wizard", "review"):
            self._ask_card_removed = True
            self.changed.emit()

    @Slot()
    def continueWithoutCardAfterRemoval(self) -> None:
        self._ask_card_removed = False
        self.changed.emit()

    @Slot()
    def receiptDone(self) -> None:
        self._go("rating")

    @Slot(int)
    def rate(self, stars: int) -> None:
        code = self._service_code
        self._in_background(lambda c: self._services.record_rating(c, stars), code, "rating")
        self.finish()

    @Slot()
    def finish(self) -> None:
        """End of the visit (Finish, timeout, card removal): wipe, back to attract."""
        self.wipe()
        self._go("attract")

    @Slot()
    def goHome(self) -> None:
        self.wipe()
        self._go("home")

    def wipe(self) -> None:
        form = self._form
        if form is not None and hasattr(form, "wipe"):
            form.wipe()
        if self._card is not None and hasattr(self._card.data, "wipe"):
            self._card.data.wipe()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._services.forget_session()
        self._reset_state()
        self.formChanged.emit()
        self.changed.emit()
        self.errorChanged.emit()
        self.wiped.emit()

    # --- properties for QML -----------------------------------------------------------
    def _error_text(self) -> str:
        vi, en = self._error
        return vi if self._i18n.current() == "vi" else en

    screen = Property(str, lambda self: self._screen, notify=screenChanged)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    errorText = Property(str, _error_text, notify=errorChanged)
    serviceCode = Property(str, lambda self: self._service_code, notify=changed)
    service = Property(dict, lambda self: self._service, notify=changed)
    card = Property(dict, lambda self: self._card_summary, notify=changed)
    form = Property(QObject, lambda self: self._form, notify=formChanged)
    localCode = Property(str, lambda self: self._local_code, notify=changed)
    receiptPreview = Property(str, lambda self: self._receipt_preview, notify=changed)
    receiptQr = Property(str, lambda self: self._receipt_qr, notify=changed)
    printState = Property(str, lambda self: self._print_state, notify=changed)
    askCardRemoved = Property(bool, lambda self: self._ask_card_removed, notify=changed)
    mobile = Property(bool, lambda self: self._settings.mobile_mode, constant=True)
    demo = Property(bool, lambda self: self._settings.demo, constant=True)
    demoIdentity = Property(list, lambda self: list(self._services.demo_identity()),
                            constant=True)
