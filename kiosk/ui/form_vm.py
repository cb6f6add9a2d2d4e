"""`FormViewModel`: the wizard's state for QML, over one `kiosk.forms.engine.FormSession`.

The engine decides (visibility, validation, pre-fill, repeats); this class only turns its
snapshots into what the screens bind to, in the current language, and forwards the
citizen's input. Errors appear once a field was left (`commitField`) or after "Next" was
refused, so nobody is scolded for a phone number they are still typing.

Attachments: files are copied (in a BackgroundTask: USB sticks are slow) into a private
session folder made with `tempfile.mkdtemp(prefix="kiosk-session-")`; `wipe()` deletes it
unless the caller passed its own `session_dir` (then the caller wipes it).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.forms import addresses
from kiosk.forms.engine import FormSession, RepeatLimitError
from kiosk.forms.prefill import CardData
from kiosk.forms.sample_papers import sample_paper
from kiosk.forms.views import ReviewSummary, StepView
from kiosk.ui.document_files import (
    REMOVABLE_ROOTS,
    DocumentFile,
    FileTooLargeError,
    capture_path,
    copy_into,
    find_document_files,
    new_session_dir,
)
from kiosk.ui.form_fields import (
    FieldListModel,
    FieldRows,
    from_qml,
    pick,
    repeat_info,
    review_info,
    review_rows,
)
from kiosk.ui.i18n import Translations
from kiosk.ui.tasks import BackgroundTask, TaskRunner

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.dossier.model import Dossier

log = logging.getLogger(__name__)


class FormViewModel(QObject):
    """Exposed to the wizard screens as `form` (the lead passes `session.form`)."""

    stepChanged = Signal()
    fieldsChanged = Signal()
    reviewChanged = Signal()
    reviewReady = Signal()
    nextRefused = Signal(str)  # path of the first problem, for the screen to scroll to
    documentFilesChanged = Signal()
    messageChanged = Signal()

    def __init__(self, form_session: FormSession, translations: Translations,
                 parent: QObject | None = None, *, tasks: TaskRunner | None = None,
                 document_folders: Sequence[Path] = (),
                 session_dir: Path | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__(parent)
        self._session: FormSession | None = form_session
        self._settings = settings
        self._i18n = translations
        self._tasks = tasks or TaskRunner(max_threads=1, parent=self)
        extra = [settings.documents_dir] if settings and settings.documents_dir else []
        self._roots = [*REMOVABLE_ROOTS, *extra, *document_folders]
        self._own_dir = session_dir is None
        self._dir: Path | None = session_dir
        self._model = FieldListModel(self)
        self._step: StepView | None = None
        self._review: ReviewSummary | None = None
        self._typed: dict[str, Any] = {}
        self._committed: set[str] = set()
        self._attempted: set[str] = set()
        self._busy: set[str] = set()
        self._file_problems: dict[str, str] = {}
        self._message = ""
        self._files: list[DocumentFile] = []
        self._files_busy = False
        translations.languageChanged.connect(self.refresh)
        self.refresh()

    # ---- state ----------------------------------------------------------------------------

    def _lang(self) -> str:
        return str(self._i18n.property("language") or "vi")

    @property
    def session(self) -> FormSession | None:
        return self._session

    @property
    def session_dir(self) -> Path | None:
        """The folder holding this session's photos and copied files (None until needed)."""
        return self._dir

    def _ensure_dir(self) -> Path:
        if self._dir is None:
            self._dir = new_session_dir()
        return self._dir

    def _show_error(self, path: str) -> bool:
        step = self._step
        return path in self._committed or (step is not None and step.step_id in self._attempted)

    @Slot()
    def refresh(self) -> None:
        """Rebuild everything shown from the engine (after any change, or a language switch)."""
        s = self._session
        self._step = s.current_step() if s is not None else None
        if s is None or self._step is None:
            self._model.update([])
        else:
            rows = FieldRows(s, self._lang(), self._show_error, self._typed, self._busy).rows(
                self._step)
            demo = self._settings is not None and self._settings.demo
            for row in rows:
                problem = self._file_problems.get(row["path"])
                if problem and not row["error"]:
                    row["error"] = self._file_problem_text(problem)
                # Demo mode only: a stamped sample paper stands in for the camera and USB stick.
                paper = sample_paper(row["document"]) if demo and row["type"] == "attachment" \
                    else None
                row["samplePaper"] = str(paper) if paper else ""
            self._model.update(rows)
        self._review = s.review() if s is not None and s.at_review else None
        self.stepChanged.emit()
        self.fieldsChanged.emit()
        self.reviewChanged.emit()

    # ---- input ----------------------------------------------------------------------------

    @Slot(str, "QVariant")
    def setAnswer(self, path: str, value: Any) -> None:
        if self._session is None:
            return
        value = from_qml(value)
        if isinstance(value, str | dict) and value != "":
            self._typed[path] = value
        else:
            self._typed.pop(path, None)
        self._session.set_answer(path, value)
        self.refresh()

    def fill_from_card(self, path: str, card_json: dict[str, Any]) -> None:
        """Another person's card was read for the person at `path` (CitizenSession reads
        it): their answers replace whatever was typed there."""
        if self._session is None:
            return
        filled = self._session.read_other_card(path, CardData.from_json(card_json))
        prefix = path.rsplit(".", 1)[0] + "." if "." in path else ""
        for field_id in filled:
            self._typed.pop(prefix + field_id, None)
            self._committed.add(prefix + field_id)
        self.refresh()

    @Slot()
    def agreeAtReview(self) -> None:
        """The review's submit button states the closing statements: they are agreed."""
        if self._session is not None:
            self._session.agree_at_review()
            self.refresh()

    @Slot(str)
    def commitField(self, path: str) -> None:
        """The citizen left the field: from now on its problems are shown."""
        if path not in self._committed:
            self._committed.add(path)
            self.refresh()

    @Slot(result=bool)
    def next(self) -> bool:
        s = self._session
        if s is None or self._step is None:
            return False
        step_id = self._step.step_id
        result = s.next()
        self._set_message("")
        if not result.moved:
            self._attempted.add(step_id)
            self.refresh()
            first = result.errors[0].path if result.errors else ""
            self.nextRefused.emit(self._row_path(first))
            return False
        self.refresh()
        if result.at_review:
            self.reviewReady.emit()
        return True

    def _row_path(self, error_path: str) -> str:
        for row in self._model.rows:
            if error_path == row["path"] or error_path.startswith(row["path"] + "."):
                return str(row["path"])
        return error_path

    @Slot(result=bool)
    def back(self) -> bool:
        """One step back (from the review: the last step); False on the first step."""
        if self._session is None:
            return False
        moved = self._session.back()
        self._set_message("")
        self.refresh()
        return moved

    @Slot(str, result=bool)
    def editStep(self, step_id: str) -> bool:
        """The review screen's "Change" for one step."""
        if self._session is None:
            return False
        moved = self._session.go_to(step_id)
        self.refresh()
        return moved

    @Slot(str)
    def addRepeat(self, group_id: str) -> None:
        if self._session is None:
            return
        try:
            self._session.add_repeat_item(group_id)
            self._set_message("")
        except RepeatLimitError as exc:
            self._set_message(exc.message(self._lang()))
        self.refresh()

    @Slot(str, int)
    def removeRepeat(self, group_id: str, index: int) -> None:
        if self._session is None:
            return
        try:
            self._session.remove_repeat_item(group_id, index)
            self._set_message("")
        except RepeatLimitError as exc:
            self._set_message(exc.message(self._lang()))
        # Items after the removed one moved up: what was typed there no longer matches.
        prefix = f"{group_id}["
        for key in [k for k in self._typed if k.startswith(prefix)]:
            del self._typed[key]
        self._committed = {p for p in self._committed if not p.startswith(prefix)}
        self.refresh()

    def _set_message(self, text: str) -> None:
        if text != self._message:
            self._message = text
            self.messageChanged.emit()

    # ---- address pickers --------------------------------------------------------------------

    @Slot(result=list)
    def provinces(self) -> list[dict[str, Any]]:
        return [{"value": p.code, "label": p.name} for p in addresses.provinces()]

    @Slot(int, result=list)
    def communes(self, province_code: int) -> list[dict[str, Any]]:
        return [{"value": c.code, "label": c.name} for c in addresses.communes(province_code)]

    # ---- attachments -----------------------------------------------------------------------

    @Slot(str, str, result=str)
    def newCapturePath(self, path: str, suffix: str) -> str:
        """Where the camera (or the signature pad) writes its picture for field `path`."""
        return str(capture_path(self._ensure_dir(), suffix))

    @Slot(str, str)
    def attachCaptured(self, path: str, file_path: str) -> None:
        """A photo or signature already written into the session folder."""
        file = Path(file_path)
        if self._session is None or self._dir is None or file.resolve().parent != \
                self._dir.resolve():
            log.warning("capture outside the session folder refused")
            return
        self._attach(path, file)

    @Slot(str, str)
    def attachFile(self, path: str, source: str) -> None:
        """Copy a file the citizen chose (USB stick) into the session folder, then attach."""
        if self._session is None:
            return
        folder = self._ensure_dir()
        self._busy.add(path)
        self._file_problems.pop(path, None)
        self.refresh()
        (BackgroundTask(lambda: copy_into(folder, Path(source)), label="copy-attachment")
         .success(lambda copied: self._attach(path, copied))
         .failure(lambda exc: self._copy_failed(path, exc))
         .run(self._tasks))

    def _attach(self, path: str, file: Path) -> None:
        self._busy.discard(path)
        if self._session is None:  # wiped while the copy ran
            file.unlink(missing_ok=True)
            return
        self._file_problems.pop(path, None)
        self._remove_file_of(path)
        self._session.attach(path, file)
        self._committed.add(path)
        self.refresh()

    def _copy_failed(self, path: str, exc: BaseException) -> None:
        self._busy.discard(path)
        if self._session is None:
            return
        log.info("attachment copy failed: %s", type(exc).__name__)
        too_large = isinstance(exc, FileTooLargeError)
        self._file_problems[path] = "too_large" if too_large else "unreadable"
        self.refresh()

    def _file_problem_text(self, code: str) -> str:
        if code == "too_large":
            return self.tr("The file is too large (at most 10 MB). "
                           "Please choose another file or take a photo.")
        return self.tr("The file could not be read. Please try again or choose another file.")

    @Slot(str)
    def removeAttachment(self, path: str) -> None:
        if self._session is None:
            return
        self._remove_file_of(path)
        self._session.detach(path)
        self._file_problems.pop(path, None)
        self.refresh()

    def _remove_file_of(self, path: str) -> None:
        if self._session is None or self._dir is None:
            return
        old = self._session.attachment_files.get(path)
        if old is not None and Path(old.path).parent == self._dir:
            Path(old.path).unlink(missing_ok=True)

    @Slot()
    def scanDocumentFiles(self) -> None:
        """Look for photos/PDFs on USB sticks and the configured folders (in the background)."""
        if self._files_busy:
            return
        self._files_busy = True
        self.documentFilesChanged.emit()
        roots = list(self._roots)
        (BackgroundTask(lambda: find_document_files(roots), label="find-document-files")
         .success(self._files_found)
         .failure(lambda exc: self._files_found([]))
         .run(self._tasks))

    def _files_found(self, files: list[DocumentFile]) -> None:
        self._files_busy = False
        self._files = files
        self.documentFilesChanged.emit()

    # ---- the lead's session view-model -------------------------------------------------------

    def confirm(self, **kwargs: Any) -> Dossier:
        """The Dossier from the FormSession (kwargs as FormSession.confirm: settings=...,
        assisted_by=..., allocator=...; settings defaults to the constructor's). Safe to
        call from a BackgroundTask: it touches no Qt object. Raises
        kiosk.forms.engine.FormIncompleteError when answers are missing."""
        session = self._session
        if session is None:
            raise RuntimeError("the form session was wiped")
        if self._settings is not None:
            kwargs.setdefault("settings", self._settings)
        return session.confirm(**kwargs)

    def wipe(self) -> None:
        """Drop every reference to the citizen's data (and the session folder if ours)."""
        self._session = None
        self._step = None
        self._review = None
        self._typed.clear()
        self._committed.clear()
        self._attempted.clear()
        self._busy.clear()
        self._file_problems.clear()
        self._files = []
        self._message = ""
        self._model.clear()
        if self._dir is not None and self._own_dir:
            shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None
        self.stepChanged.emit()
        self.fieldsChanged.emit()
        self.reviewChanged.emit()
        self.documentFilesChanged.emit()
        self.messageChanged.emit()

    # ---- properties for QML -------------------------------------------------------------------

    def _step_text(self, vi_attr: str, en_attr: str) -> str:
        step = self._step
        return "" if step is None else pick(self._lang(), getattr(step, vi_attr),
                                            getattr(step, en_attr))

    def _review_rows(self) -> list[dict[str, Any]]:
        return review_rows(self._review, self._lang()) if self._review else []

    def _review_info(self) -> dict[str, Any]:
        return review_info(self._review, self._lang()) if self._review else {}

    def _repeat_info(self) -> dict[str, Any]:
        return repeat_info(self._step, self._lang())

    def _service_name(self) -> str:
        s = self._session
        return "" if s is None else pick(self._lang(), s.service.names.vi, s.service.names.en)

    stepTitle = Property(str, lambda self: self._step_text("title_vi", "title_en"),
                         notify=stepChanged)
    stepHint = Property(str, lambda self: self._step_text("hint_vi", "hint_en"),
                        notify=stepChanged)
    stepId = Property(str, lambda self: self._step.step_id if self._step else "",
                      notify=stepChanged)
    stepIndex = Property(int, lambda self: self._step.index if self._step else -1,
                         notify=stepChanged)
    stepCount = Property(int, lambda self: self._step.count if self._step else (
        len(self._session.visible_groups()) if self._session else 0), notify=stepChanged)
    canGoBack = Property(bool, lambda self: bool(self._session) and (
        self._step is None or self._step.index > 0), notify=stepChanged)
    onReview = Property(bool, lambda self: self._review is not None, notify=stepChanged)
    serviceName = Property(str, _service_name, notify=stepChanged)
    repeat = Property(dict, _repeat_info, notify=stepChanged)
    fields = Property(list, lambda self: self._model.rows, notify=fieldsChanged)
    fieldModel = Property(QObject, lambda self: self._model, constant=True)
    review = Property(list, _review_rows, notify=reviewChanged)
    reviewInfo = Property(dict, _review_info, notify=reviewChanged)
    message = Property(str, lambda self: self._message, notify=messageChanged)
    documentFiles = Property(list, lambda self: [f.as_qml() for f in self._files],
                             notify=documentFilesChanged)
    documentFilesBusy = Property(bool, lambda self: self._files_busy,
                                 notify=documentFilesChanged)
    active = Property(bool, lambda self: self._session is not None, notify=stepChanged)

