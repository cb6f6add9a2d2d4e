"""The admin panel's technical pages: reader and printer tests, portal settings and the
device token, logs, and usage / satisfaction statistics.

Every slow call (PC/SC, CUPS, keyring, disk) is a BackgroundTask. The device token goes
into the keyring and is never read back: only whether one is set and its fingerprint.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.ui.admin_pages import AdminContext, AdminPage

LOG_LINES = 200
STATS_DAYS = 30


class DevicesPage(AdminPage):
    """`admin.devices`: is a card reader connected, is the printer ready, a test print."""

    @Slot()
    def testReader(self) -> None:
        from kiosk.devices.card.pcsc_reader import list_readers

        def done(readers: list[str]) -> None:
            if not readers:
                self.say("Không có đầu đọc thẻ nào được kết nối.", "No card reader is connected.",
                         ok=False)
                return
            names = "; ".join(readers)
            self.say(f"Tìm thấy {len(readers)} đầu đọc thẻ: {names}",
                     f"Found {len(readers)} card reader(s): {names}")

        self.run(list_readers, "admin reader test", done)

    @Slot()
    def testPrinter(self) -> None:
        from kiosk.receipts.printing import PrintFailure, check_printer

        settings = self.ctx.settings

        def check() -> Any:
            outcome = check_printer(settings)
            if isinstance(outcome, PrintFailure):
                raise outcome
            return outcome

        def done(ready: Any) -> None:
            self.say(f"Máy in {ready.printer} sẵn sàng.", f"Printer {ready.printer} is ready.")

        self.run(check, "admin printer test", done)

    @Slot()
    def printTestPage(self) -> None:
        """A sample receipt (invented person), printed from a temporary file."""
        from kiosk.receipts.pdf import render_receipt
        from kiosk.receipts.printing import print_pdf
        from kiosk.receipts.sample import sample_record

        settings = self.ctx.settings

        def work() -> Any:
            with tempfile.TemporaryDirectory(prefix="kiosk-test-print-") as tmp:
                pdf = Path(tmp) / "test-receipt.pdf"
                pdf.write_bytes(render_receipt(sample_record(), settings, settings.receipt_paper))
                return print_pdf(pdf, settings)

        def done(result: Any) -> None:
            self.say(f"Đã in trang thử trên máy in {result.printer}.",
                     f"A test page was printed on {result.printer}.")

        self.run(work, "admin test print", done)


class PortalPage(AdminPage):
    """`admin.portal`: where dossiers go, whether a device token is set, a new token."""

    dataChanged = Signal()  # Qt needs a notify signal declared on the class itself

    def __init__(self, ctx: AdminContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self.changed.connect(self.dataChanged)
        self._token_set: bool | None = None
        self._catalogue: dict[str, Any] = {}
        self.credentials: Any = None  # tests inject; else the keyring for this kiosk
        updates = ctx.catalogue_updates
        if updates is not None:
            updates.checked.connect(self._catalogue_checked)
            updates.applied.connect(self.refresh)

    def _credentials(self) -> Any:
        if self.credentials is None:
            from kiosk.sync.credentials import KeyringCredentials

            self.credentials = KeyringCredentials(self.ctx.settings.kiosk_id)
        return self.credentials

    @Slot()
    def refresh(self) -> None:
        credentials = self._credentials()
        in_use = self._catalogue_in_use

        def read() -> tuple[bool | None, dict[str, Any]]:
            try:
                has = bool(credentials.has_device_token())
            except Exception:  # no keyring on this machine: say "unknown", not crash
                has = None
            return has, catalogue_facts(in_use())

        def done(result: tuple[bool | None, dict[str, Any]]) -> None:
            self._token_set, self._catalogue = result

        self.run(read, "admin portal", done)

    def _catalogue_in_use(self) -> Any:
        if self.ctx.catalogue_in_use is not None:
            return self.ctx.catalogue_in_use()
        from kiosk.forms.catalogue_in_use import catalogue_in_use

        return catalogue_in_use(self.ctx.settings, repair=False)

    @Slot()
    def checkCatalogue(self) -> None:
        """Ask the portal for a newer signed catalogue now (it applies between citizens)."""
        updates = self.ctx.catalogue_updates
        if updates is None:
            return
        self._busy = True
        self.changed.emit()
        updates.check()  # one already running: its outcome is the answer

    def _catalogue_checked(self, outcome: Any) -> None:
        from kiosk.ui.catalogue_updates import outcome_text

        self._busy = False
        vi, en = outcome_text(outcome)
        self.say(vi, en, ok=outcome.ok)
        self.refresh()

    @Slot(str)
    def setToken(self, token: str) -> None:
        token = token.strip()
        if not token or any(c.isspace() or not (0x21 <= ord(c) <= 0x7E) for c in token):
            self.say("Mã thiết bị chỉ gồm chữ cái, chữ số và ký hiệu, không có dấu cách.",
                     "A device token is letters, digits and symbols, without spaces.", ok=False)
            return
        credentials = self._credentials()

        def done(fingerprint: str) -> None:
            self._token_set = True
            self.say(f"Đã lưu mã thiết bị vào kho khóa (dấu nhận dạng {fingerprint}).",
                     f"The device token is saved in the keyring (fingerprint {fingerprint}).")
            self.ctx.wake_sync()

        self.run(lambda: credentials.set_device_token(token), "admin token", done)

    def _rows(self) -> list[dict[str, str]]:
        s = self.ctx.settings
        vi = self.language == "vi"
        yes, no = ("Có", "Không") if vi else ("Yes", "No")

        def row(label_vi: str, label_en: str, value: object) -> dict[str, str]:
            if isinstance(value, bool):
                value = yes if value else no
            return {"label": label_vi if vi else label_en, "value": str(value or "—")}

        return [
            row("Địa chỉ cổng", "Portal address", s.portal_url),
            row("Mã máy", "Kiosk id", s.kiosk_id),
            row("Cơ quan tiếp nhận", "Receiving agency", f"{s.agency_code} {s.agency_name}"),
            row("Chứng chỉ CA của cổng", "Portal CA bundle", s.portal_ca_bundle),
            row("Chứng chỉ máy (TLS hai chiều)", "Client certificate", s.portal_client_cert),
            row("Bắt buộc mã hóa hồ sơ", "Encryption required", s.require_encryption),
            row("Chế độ lưu động", "Mobile mode", s.mobile_mode),
            row("Địa chỉ tra cứu", "Tracking address", s.tracking_url),
        ]

    def _token_text(self) -> str:
        vi = self.language == "vi"
        if self._token_set is None:
            return "Chưa rõ (không đọc được kho khóa)" if vi else "Unknown (keyring unavailable)"
        if self._token_set:
            return "Đã có" if vi else "Set"
        return "Chưa có" if vi else "Not set"

    rows = Property(list, _rows, notify=dataChanged)
    tokenState = Property(str, _token_text, notify=dataChanged)
    # The catalogue in use: its version (a bundle's, else the shipped catalogue's own), the
    # bundle's version and signing time ("" for the shipped one), and when its oldest fact
    # was checked against its source ("" when no fact cites one yet).
    catalogueVersion = Property(str, lambda self: self._catalogue.get("version", ""),
                                notify=dataChanged)
    catalogueBundle = Property(str, lambda self: self._catalogue.get("bundle", ""),
                               notify=dataChanged)
    catalogueSigned = Property(str, lambda self: self._catalogue.get("signed", ""),
                               notify=dataChanged)
    oldestFactCheck = Property(str, lambda self: self._catalogue.get("oldest", ""),
                               notify=dataChanged)
    oldestFactAgeDays = Property(int, lambda self: self._catalogue.get("age_days", 0),
                                 notify=dataChanged)


def catalogue_facts(in_use: Any) -> dict[str, Any]:
    """What the portal page shows of the catalogue in use (facts read off the GUI thread)."""
    import datetime as dt

    from kiosk.ui.shell import HANOI

    checks = in_use.fact_checks()
    signed = in_use.issued_at
    today = dt.datetime.now(HANOI).date()
    return {
        "version": in_use.version,
        "bundle": in_use.bundle_version or "",
        "signed": signed.astimezone(HANOI).strftime("%d/%m/%Y %H:%M") if signed else "",
        "oldest": checks.oldest.strftime("%d/%m/%Y") if checks.oldest else "",
        "age_days": (today - checks.oldest).days if checks.oldest else 0,
    }


class LogsPage(AdminPage):
    """`admin.logs`: the newest lines of the kiosk's log, redacted once more on the way."""

    dataChanged = Signal()  # Qt needs a notify signal declared on the class itself

    def __init__(self, ctx: AdminContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self.changed.connect(self.dataChanged)
        self._lines: list[dict[str, str]] = []

    @Slot()
    def refresh(self) -> None:
        from kiosk.logs.structured import log_file, read_recent, redact_text

        path = log_file(self.ctx.settings)

        def read() -> list[dict[str, str]]:
            out = []
            for record in reversed(read_recent(path, LOG_LINES)):
                extra = " ".join(
                    f"{k}={v}" for k, v in record.items()
                    if k not in ("ts", "level", "logger", "msg", "exc", "stack")
                )
                text = f"{record.get('logger', '')}: {record.get('msg', '')} {extra}".strip()
                out.append({
                    "time": str(record.get("ts", ""))[:19].replace("T", " "),
                    "level": str(record.get("level", "")),
                    "text": redact_text(text),
                })
            return out

        def done(lines: list[dict[str, str]]) -> None:
            self._lines = lines

        self.run(read, "admin logs", done)

    items = Property(list, lambda self: self._lines, notify=dataChanged)


class StatsPage(AdminPage):
    """`admin.stats`: per service over the last 30 days, started / confirmed applications and
    the satisfaction ratings (anonymous counts, kiosk.session.usage)."""

    dataChanged = Signal()  # Qt needs a notify signal declared on the class itself

    def __init__(self, ctx: AdminContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self.changed.connect(self.dataChanged)
        self._rows: list[Any] = []

    @Slot()
    def refresh(self) -> None:
        from kiosk.session.usage import ServiceStats

        data_dir = self.ctx.settings.data_dir

        def done(rows: list[Any]) -> None:
            self._rows = rows

        self.run(lambda: ServiceStats(data_dir).last_days(STATS_DAYS), "admin stats", done)

    def _items(self) -> list[dict[str, Any]]:
        lang = self.language
        out = []
        for s in self._rows:
            mean = s.mean_rating
            share = s.satisfied_share
            out.append({
                "code": s.service,
                "name": self.ctx.service_name(s.service, lang),
                "started": s.started,
                "confirmed": s.confirmed,
                "ratings": s.rating_count,
                "mean": "" if mean is None else f"{mean:.1f}".replace(".", "," if lang == "vi"
                                                                      else "."),
                "satisfied": -1.0 if share is None else round(share, 3),
            })
        return out

    def _max_used(self) -> int:
        return max([max(s.started, s.confirmed) for s in self._rows] or [0])

    items = Property(list, _items, notify=dataChanged)
    maxUsed = Property(int, _max_used, notify=dataChanged)
    days = Property(int, lambda self: STATS_DAYS, constant=True)


__all__ = ["AdminContext", "DevicesPage", "LogsPage", "PortalPage", "StatsPage"]
