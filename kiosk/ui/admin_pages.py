"""The admin panel's pages that act on dossiers: the sync queue and receipt reprints.

Each page reads and acts through BackgroundTasks (SQLite, disk, CUPS); its `message` says,
in the current language, what the last action did. Rows hold codes and states only: the
outbox never hands out names or answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.config import Settings
from kiosk.errors import citizen_message
from kiosk.ui.i18n import Translations
from kiosk.ui.shell import HANOI
from kiosk.ui.tasks import BackgroundTask, TaskRunner

T = TypeVar("T")

STATE_NAMES: dict[str, tuple[str, str]] = {
    "queued": ("Chờ gửi", "Waiting to be sent"),
    "uploading": ("Đang gửi", "Sending"),
    "sent": ("Đã gửi, chờ cổng xác nhận", "Sent, awaiting the portal"),
    "acknowledged": ("Cổng đã tiếp nhận", "Received by the portal"),
    "quarantined": ("Bị giữ lại, cần xem xét", "Held back, needs review"),
    "blocked": ("Bị chặn (thiết bị chưa được cấp phép)", "Blocked (device not authorised)"),
}


@dataclass
class AdminContext:
    """What every admin page needs from the application."""

    settings: Settings
    tasks: TaskRunner
    i18n: Translations
    wake_sync: Callable[[], None]
    service_name: Callable[[str, str], str]  # (code, language) -> the service's name
    # The catalogue offered now (kiosk.forms.catalogue_in_use.CatalogueInUse), and the
    # updates (kiosk.ui.catalogue_updates.CatalogueUpdates) a technician may run at once.
    catalogue_in_use: Callable[[], Any] | None = None
    catalogue_updates: Any = None


def age_text(seconds: float, language: str) -> str:
    if seconds < 3600:
        minutes = max(1, round(seconds / 60))
        return f"{minutes} phút" if language == "vi" else f"{minutes} min"
    if seconds < 48 * 3600:
        hours = round(seconds / 3600, 1)
        shown = f"{hours:g}"
        return f"{shown.replace('.', ',')} giờ" if language == "vi" else f"{shown} h"
    days = round(seconds / 86400)
    return f"{days} ngày" if language == "vi" else f"{days} days"


class AdminPage(QObject):
    """Busy flag and a bilingual result message, shared by the pages."""

    changed = Signal()

    def __init__(self, ctx: AdminContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        self._message: tuple[str, str] = ("", "")
        self._ok = True
        ctx.i18n.languageChanged.connect(self.changed)

    @property
    def language(self) -> str:
        return self.ctx.i18n.current()

    def run(self, fn: Callable[[], T], label: str, done: Callable[[T], None]) -> None:
        self._busy = True
        self.changed.emit()

        def ok(result: T) -> None:
            self._busy = False
            done(result)
            self.changed.emit()

        BackgroundTask(fn, label=label).success(ok).failure(self.fail).run(self.ctx.tasks)

    def say(self, vi: str, en: str, ok: bool = True) -> None:
        self._message = (vi, en)
        self._ok = ok
        self.changed.emit()

    def fail(self, exc: BaseException) -> None:
        self._busy = False
        vi, en = citizen_message(exc)
        # A print failure tells the citizen to photograph the QR: not for a technician.
        from kiosk.receipts import printing

        vi = vi.removesuffix(printing._KEEP_VI)
        en = en.removesuffix(printing._KEEP_EN)
        detail = getattr(exc, "detail", "")
        if isinstance(detail, str) and detail:  # technical ids only: fine for a technician
            vi, en = f"{vi} ({detail})", f"{en} ({detail})"
        self.say(vi, en, ok=False)

    def _message_text(self) -> str:
        vi, en = self._message
        return vi if self.language == "vi" else en

    busy = Property(bool, lambda self: self._busy, notify=changed)
    message = Property(str, _message_text, notify=changed)
    messageOk = Property(bool, lambda self: self._ok, notify=changed)


class QueuePage(AdminPage):
    """`admin.queue`: what waits in the outbox, why, and a retry per dossier."""

    dataChanged = Signal()  # Qt needs a notify signal declared on the class itself

    def __init__(self, ctx: AdminContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self.changed.connect(self.dataChanged)
        self._rows: list[dict[str, Any]] = []
        self._counts: dict[str, int] = {}

    def _read(self) -> tuple[list[dict[str, Any]], dict[str, int]]:
        import time

        from kiosk.sync.outbox import Outbox

        with Outbox.open(self.ctx.settings) as outbox:
            now = time.time()
            entries = outbox.list()
            rows = []
            for entry in reversed(entries):  # newest first
                row = entry.summary(now)
                row["portal_message"] = entry.portal_message
                rows.append(row)
            return rows, outbox.counts()

    @Slot()
    def refresh(self) -> None:
        self.run(self._read, "admin queue", self._take)

    def _take(self, result: tuple[list[dict[str, Any]], dict[str, int]]) -> None:
        self._rows, self._counts = result

    @Slot(str)
    def retry(self, code: str) -> None:
        from kiosk.sync.outbox import Outbox

        def work() -> tuple[list[dict[str, Any]], dict[str, int]]:
            with Outbox.open(self.ctx.settings) as outbox:
                outbox.retry(code)
            return self._read()

        def done(result: tuple[list[dict[str, Any]], dict[str, int]]) -> None:
            self._take(result)
            self.say(f"Đã đưa hồ sơ {code} vào hàng đợi gửi lại.",
                     f"Dossier {code} is queued to be sent again.")
            self.ctx.wake_sync()

        self.run(work, "admin retry", done)

    def _items(self) -> list[dict[str, Any]]:
        lang = self.language
        out = []
        for row in self._rows:
            state = str(row["state"])
            names = STATE_NAMES.get(state, (state, state))
            resend = state == "sent" and row.get("portal_status") == "unknown"
            reason = row.get("last_error") or row.get("portal_message") or ""
            out.append({
                "code": row["code"],
                "service": self.ctx.service_name(str(row["service"]), lang),
                "state": state,
                "stateText": names[0] if lang == "vi" else names[1],
                "attempts": int(row["attempts"]),
                "reason": str(reason),
                "age": age_text(float(row["age_s"]), lang),
                "canRetry": state in ("queued", "quarantined", "blocked") or resend,
            })
        return out

    def _summary(self) -> str:
        from kiosk.sync.delivery import is_mismatch

        waiting = sum(n for s, n in self._counts.items() if s != "acknowledged")
        held = self._counts.get("quarantined", 0) + self._counts.get("blocked", 0)
        # The portal answered for another dossier: nothing was taken as delivered, but a
        # technician must know (the portal or a proxy is at fault).
        wrong = sum(row.get("state") == "quarantined" and is_mismatch(row.get("last_error"))
                    for row in self._rows)
        if self.language == "vi":
            text = f"{waiting} hồ sơ chưa hoàn tất, {held} bị giữ lại"
            return text + (f"; {wrong} do cổng trả lời nhầm hồ sơ khác" if wrong else "")
        text = f"{waiting} dossier(s) not yet done, {held} held back"
        return text + (f"; {wrong} because the portal answered for another dossier"
                       if wrong else "")

    items = Property(list, _items, notify=dataChanged)
    summary = Property(str, _summary, notify=dataChanged)


class ReceiptsPage(AdminPage):
    """`admin.receipts`: the kept receipt PDFs, newest first, and a reprint per receipt."""

    dataChanged = Signal()  # Qt needs a notify signal declared on the class itself

    LIMIT = 100

    def __init__(self, ctx: AdminContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self.changed.connect(self.dataChanged)
        self._rows: list[dict[str, str]] = []

    def _read(self) -> list[dict[str, str]]:
        from kiosk.receipts.store import kept_codes

        out = []
        for code, mtime in kept_codes(self.ctx.settings)[: self.LIMIT]:
            when = dt.datetime.fromtimestamp(mtime, tz=HANOI)
            out.append({"code": code, "time": when.strftime("%H:%M  %d/%m/%Y")})
        return out

    @Slot()
    def refresh(self) -> None:
        self.run(self._read, "admin receipts", self._take)

    def _take(self, rows: list[dict[str, str]]) -> None:
        self._rows = rows

    @Slot(str)
    def reprint(self, code: str) -> None:
        from kiosk.receipts.printing import print_pdf
        from kiosk.receipts.store import kept_receipt_pdf

        settings = self.ctx.settings

        def done(result: Any) -> None:
            printer = getattr(result, "printer", "")
            self.say(f"Đã in lại biên nhận {code} trên máy in {printer}.",
                     f"Receipt {code} was printed again on {printer}.")

        def reprint() -> Any:
            with kept_receipt_pdf(settings, code) as pdf:  # plaintext only while printing
                return print_pdf(pdf, settings)

        self.run(reprint, "admin reprint", done)

    items = Property(list, lambda self: self._rows, notify=dataChanged)
