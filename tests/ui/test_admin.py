"""Admin mode: the hidden gesture, the PIN pad and its lockout, the panel's pages (queue
retry, reprint, token, logs, statistics), screen cleaning and exit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.admin.lockout import LockoutPolicy
from kiosk.admin.pin import AdminPin
from kiosk.ui.speech import visible_texts

from .assist_support import FAST_HASHER as FAST
from .assist_support import Clock
from .conftest import find, find_item

PIN = "246810"


class Keyring:
    """Stands in for the OS keyring: tests never touch the developer's real one."""

    def __init__(self) -> None:
        self.token: str | None = None

    def has_device_token(self) -> bool:
        return self.token is not None

    def set_device_token(self, token: str) -> str:
        self.token = token
        return "abc123def456"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def kiosk(kiosk_app, clock: Clock):  # type: ignore[no-untyped-def]
    """The kiosk with an admin PIN set through the core API (3 tries, then 30 s)."""
    pin = AdminPin(kiosk_app.settings.data_dir, hasher=FAST, clock=clock,
                   policy=LockoutPolicy(max_attempts=3, base_lock_s=30))
    pin.set(PIN)
    kiosk_app.admin.pin = pin
    kiosk_app.admin._clock = clock
    kiosk_app.admin.portal.credentials = Keyring()
    return kiosk_app


def tap_corner(app: Any, times: int, clock: Clock, gap_s: float = 0.3) -> None:
    for _ in range(times):
        QTest.mouseClick(app.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(30, 30))
        clock.now += gap_s


def enter_pin(app: Any, qtbot: Any, digits: str) -> None:
    for digit in digits:
        find(app, f"pinKey_{digit}").clicked.emit()  # type: ignore[attr-defined]
    assert find(app, "pinDots").property("text") == "●" * len(digits)
    find(app, "pinKey_ok").clicked.emit()  # type: ignore[attr-defined]


def open_panel(app: Any, qtbot: Any) -> None:
    app.admin.openPin()
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "pinKey_ok") is not None)
    enter_pin(app, qtbot, PIN)
    qtbot.waitUntil(lambda: app.admin.panelOpen)
    qtbot.waitUntil(lambda: not app.admin.queue.busy)


def test_five_taps_in_the_corner_within_3s_open_the_pin_pad(kiosk, qtbot, clock) -> None:
    tap_corner(kiosk, 4, clock, gap_s=0.5)
    clock.now += 3  # too slow: the first taps no longer count
    tap_corner(kiosk, 1, clock)
    assert not kiosk.admin.pinOpen
    tap_corner(kiosk, 4, clock)
    assert kiosk.admin.pinOpen
    qtbot.waitUntil(lambda: find(kiosk, "pinPad").property("visible"))
    # Taps elsewhere on the header do not count.
    kiosk.admin.cancelPin()
    for _ in range(6):
        QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, QPoint(400, 30))
    assert not kiosk.admin.pinOpen


def test_wrong_pins_lock_out_with_the_time_left(kiosk, qtbot, clock, artifacts_dir) -> None:
    kiosk.admin.openPin()
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "pinKey_ok") is not None)
    message = find(kiosk, "pinMessage")
    enter_pin(kiosk, qtbot, "135790")
    qtbot.waitUntil(lambda: "Còn 2 lần thử" in message.property("text"))
    enter_pin(kiosk, qtbot, "135791")
    qtbot.waitUntil(lambda: "Còn 1 lần thử" in message.property("text"))
    enter_pin(kiosk, qtbot, "135792")
    qtbot.waitUntil(lambda: kiosk.admin.pinLocked)
    assert message.property("text") == "Nhập sai quá nhiều lần. Vui lòng thử lại sau 30 giây."
    assert not find(kiosk, "pinKey_5").property("enabled")
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-pin-locked-vi.png"))

    # The lock holds for the right PIN too, and survives closing the pad.
    kiosk.admin.submitPin(PIN)
    assert not kiosk.admin.pinBusy and not kiosk.admin.panelOpen
    kiosk.admin.cancelPin()
    clock.now += 12
    kiosk.admin.openPin()
    qtbot.waitUntil(lambda: kiosk.admin.pinLocked)
    qtbot.waitUntil(lambda: "18 giây" in find(kiosk, "pinMessage").property("text"))
    kiosk.i18n.set_language("en")
    assert find(kiosk, "pinMessage").property("text") == (
        "Too many wrong tries. Please try again in 18 s.")
    kiosk.i18n.set_language("vi")

    clock.now += 19
    kiosk.admin._lock_tick()
    assert not kiosk.admin.pinLocked
    enter_pin(kiosk, qtbot, PIN)
    qtbot.waitUntil(lambda: kiosk.admin.panelOpen)


def test_pin_pad_screenshot_and_keyboard_digits(kiosk, qtbot, artifacts_dir) -> None:
    kiosk.admin.openPin()
    pad = find(kiosk, "pinPad")
    qtbot.waitUntil(lambda: pad.property("activeFocus"))
    for key in (Qt.Key.Key_2, Qt.Key.Key_4, Qt.Key.Key_6):
        QTest.keyClick(kiosk.window, key)
    assert pad.property("pin") == "246"
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-pin-pad-vi.png"))
    QTest.keyClick(kiosk.window, Qt.Key.Key_Escape)
    assert not kiosk.admin.pinOpen


NEUTRAL_VI = "Chức năng này chỉ dành cho cán bộ kỹ thuật."
NEUTRAL_EN = "This function is for technical staff only."


def test_no_pin_set_shows_a_neutral_message(kiosk_app, qtbot, artifacts_dir) -> None:
    # Anyone can open the pad: with no PIN set it must not tell them how to set one.
    kiosk_app.admin.pin = AdminPin(kiosk_app.settings.data_dir, hasher=FAST)
    kiosk_app.admin.openPin()
    qtbot.waitUntil(lambda: find_item(kiosk_app.window.contentItem(), "pinKey_ok") is not None)
    pad = find(kiosk_app, "pinPad")
    qtbot.waitUntil(lambda: NEUTRAL_VI in visible_texts(pad))  # type: ignore[arg-type]
    kiosk_app.window.grabWindow().save(str(artifacts_dir / "admin-pin-not-set-vi.png"))
    for lang, neutral in (("vi", NEUTRAL_VI), ("en", NEUTRAL_EN)):
        kiosk_app.i18n.set_language(lang)
        texts = visible_texts(pad)  # type: ignore[arg-type]
        assert neutral in texts, texts
        shown = " ".join(texts)
        assert "set-pin" not in shown and "kiosk admin" not in shown, shown
        assert "kiosk" not in kiosk_app.admin.pinMessage
    kiosk_app.i18n.set_language("vi")
    # Nothing to check a PIN against: the keys are off; Cancel still closes the pad.
    assert not find(kiosk_app, "pinKey_5").property("enabled")
    kiosk_app.admin.submitPin("246810")
    qtbot.waitUntil(lambda: not kiosk_app.admin.pinBusy)
    assert " ".join(visible_texts(pad)).count("kiosk") == 0  # type: ignore[arg-type]
    find(kiosk_app, "pinCancel").clicked.emit()  # type: ignore[attr-defined]
    assert not kiosk_app.admin.pinOpen
    # Once a technician has set a PIN, the pad works.
    kiosk_app.admin.pin.set(PIN)
    kiosk_app.admin.openPin()
    qtbot.waitUntil(lambda: kiosk_app.admin.pinConfigured)
    qtbot.waitUntil(lambda: find_item(kiosk_app.window.contentItem(), "pinKey_ok") is not None)
    qtbot.waitUntil(lambda: find(kiosk_app, "pinKey_5").property("enabled"))
    enter_pin(kiosk_app, qtbot, PIN)
    qtbot.waitUntil(lambda: kiosk_app.admin.panelOpen)


def test_console_unlock_lets_the_technician_in_at_once(kiosk, qtbot) -> None:
    import argparse

    from kiosk.commands import admin_cli

    kiosk.admin.openPin()
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "pinKey_ok") is not None)
    for wrong in ("135790", "135791", "135792"):
        enter_pin(kiosk, qtbot, wrong)
        qtbot.waitUntil(lambda: not kiosk.admin.pinBusy)
    qtbot.waitUntil(lambda: kiosk.admin.pinLocked)
    kiosk.admin.cancelPin()
    # The technician, on the console: `kiosk admin unlock` (same data dir).
    assert admin_cli.handle_unlock(argparse.Namespace(), kiosk.settings) == 0
    kiosk.admin.openPin()
    qtbot.waitUntil(lambda: not kiosk.admin.pinLocked)
    qtbot.waitUntil(lambda: find(kiosk, "pinKey_5").property("enabled"))
    enter_pin(kiosk, qtbot, PIN)
    qtbot.waitUntil(lambda: kiosk.admin.panelOpen)


def _enqueue(app: Any, tmp_path: Path, quarantine: bool) -> str:
    from kiosk.sync.outbox import Outbox
    from tests.sync_factory import make_dossier

    dossier = make_dossier(tmp_path / "work", attachments=0)
    with Outbox.open(app.settings) as outbox:
        outbox.enqueue(dossier)
        if quarantine:
            outbox.mark_quarantined(dossier.dossier_id, "portal said 422: field x invalid")
    return dossier.local_code


def test_queue_summary_names_dossiers_the_portal_answered_wrongly(kiosk, qtbot, tmp_path
                                                                  ) -> None:
    from kiosk.sync.delivery import MISMATCH_PREFIX
    from kiosk.sync.outbox import Outbox

    code = _enqueue(kiosk, tmp_path, quarantine=False)
    with Outbox.open(kiosk.settings) as outbox:
        entry = outbox.get(code)
        outbox.mark_quarantined(entry.dossier_id, f'{MISMATCH_PREFIX} (dossier_id "other")')
    open_panel(kiosk, qtbot)
    qtbot.waitUntil(lambda: "trả lời nhầm" in kiosk.admin.queue.summary)
    assert kiosk.admin.queue.summary.endswith("1 do cổng trả lời nhầm hồ sơ khác")


def test_queue_shows_quarantine_reasons_and_retries(
    kiosk, qtbot, tmp_path, artifacts_dir
) -> None:
    held = _enqueue(kiosk, tmp_path, quarantine=True)
    waiting = _enqueue(kiosk, tmp_path, quarantine=False)
    woken: list[bool] = []
    kiosk.admin.ctx.wake_sync = lambda: woken.append(True)
    open_panel(kiosk, qtbot)
    rows = {row["code"]: row for row in kiosk.admin.queue.items}
    assert rows[held]["state"] == "quarantined"
    assert rows[held]["stateText"] == "Bị giữ lại, cần xem xét"
    assert rows[waiting]["state"] == "queued"
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), f"retry_{held}") is not None)
    reason = find(kiosk, f"queueReason_{held}")
    assert reason.property("text") == "Lý do: portal said 422: field x invalid"
    assert "Bí Mật" not in " ".join(visible_texts(find(kiosk, "adminPanel")))  # codes only
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-queue-vi.png"))

    find(kiosk, f"retry_{held}").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: woken == [True])
    rows = {row["code"]: row for row in kiosk.admin.queue.items}
    assert rows[held]["state"] == "queued"
    assert rows[held]["attempts"] == 0
    assert held in find(kiosk, "adminMessage").property("text")


def test_reprint_reports_the_printer_outcome(kiosk, qtbot, monkeypatch) -> None:
    import dataclasses

    from kiosk.receipts import printing
    from kiosk.receipts.sample import sample_record
    from kiosk.receipts.store import save_receipt_pdf

    record = dataclasses.replace(sample_record(), local_code="H26.22.01-261122-K0000000001")
    save_receipt_pdf(record, kiosk.settings, kiosk.settings.data_dir / "work")
    printed: list[tuple[Path, bytes]] = []

    def fail(pdf: Path, settings: Any, **_: Any) -> Any:
        printed.append((pdf, pdf.read_bytes()))  # the plaintext exists while it prints
        raise printing.PrintFailure(printing.PrintFailureReason.OUT_OF_PAPER, "media-empty")

    monkeypatch.setattr(printing, "print_pdf", fail)
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("receipts")
    qtbot.waitUntil(lambda: len(kiosk.admin.receipts.items) == 1)
    button = "reprint_H26.22.01-261122-K0000000001"
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), button) is not None)
    find(kiosk, button).clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not kiosk.admin.receipts.busy and bool(printed))
    [(pdf, data)] = printed
    assert data.startswith(b"%PDF") and not pdf.exists()  # gone once printed
    assert "hết giấy" in kiosk.admin.receipts.message
    assert not kiosk.admin.receipts.messageOk


def test_device_token_goes_to_the_keyring_and_is_never_shown(kiosk, qtbot) -> None:
    keyring = kiosk.admin.portal.credentials
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("portal")
    qtbot.waitUntil(lambda: not kiosk.admin.portal.busy)
    assert kiosk.admin.portal.tokenState == "Chưa có"
    assert kiosk.admin.portal.catalogueVersion
    field = find(kiosk, "tokenField")
    field.setProperty("text", "s3cret-device-token")
    assert field.property("displayText") != "s3cret-device-token"  # masked while typed
    find(kiosk, "saveToken").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: keyring.token == "s3cret-device-token")
    qtbot.waitUntil(lambda: kiosk.admin.portal.tokenState == "Đã có")
    assert field.property("text") == ""
    shown = " ".join(visible_texts(find(kiosk, "adminPanel")))
    assert "s3cret" not in shown
    assert "abc123def456" in shown  # the fingerprint only

    kiosk.admin.portal.setToken("has spaces")
    assert not kiosk.admin.portal.messageOk
    assert keyring.token == "s3cret-device-token"


def test_logs_are_shown_redacted(kiosk, qtbot) -> None:
    from kiosk.logs.structured import log_file

    path = log_file(kiosk.settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"ts": "2026-11-22T03:00:00.000Z", "level": "WARNING", "logger": "kiosk.test",
              "msg": "card read for Nguyễn Thị Bí Mật, 001199012345"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("logs")
    qtbot.waitUntil(lambda: len(kiosk.admin.logs.items) == 1)
    text = kiosk.admin.logs.items[0]["text"]
    assert "kiosk.test" in text
    assert "001199012345" not in text
    assert "Bí Mật" not in text


def test_statistics_chart(kiosk, qtbot, artifacts_dir) -> None:
    from kiosk.session.usage import ServiceStats

    stats = ServiceStats(kiosk.settings.data_dir, today=dt.date.today)
    for _ in range(6):
        stats.record_started("1.001193")
    for _ in range(4):
        stats.record_confirmed("1.001193")
    for rating in (5, 5, 4, 2):
        stats.record_rating("1.001193", rating)
    stats.record_started("2.000488")
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("stats")
    qtbot.waitUntil(lambda: len(kiosk.admin.stats.items) == 2)
    birth = kiosk.admin.stats.items[0]
    assert birth["name"] == "Đăng ký khai sinh"
    assert (birth["started"], birth["confirmed"], birth["ratings"]) == (6, 4, 4)
    assert birth["satisfied"] == 0.75
    assert birth["mean"] == "4,0"
    assert kiosk.admin.stats.maxUsed == 6
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "statsList") is not None)
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-stats-vi.png"))


def test_screen_cleaning_ignores_touches_for_30s(kiosk, qtbot, artifacts_dir) -> None:
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("more")
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "startCleaning") is not None)
    find(kiosk, "startCleaning").clicked.emit()  # type: ignore[attr-defined]
    overlay = find(kiosk, "cleaningOverlay")
    qtbot.waitUntil(lambda: overlay.property("visible"))
    assert kiosk.admin.cleaningSecondsLeft == 30
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-cleaning-vi.png"))
    # Taps on the panel's Close button and the header's language button do nothing.
    for point in (QPoint(1220, 50), QPoint(640, 400), QPoint(20, 20)):
        QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, point)
    QTest.keyClick(kiosk.window, Qt.Key.Key_Escape)
    assert kiosk.admin.panelOpen and kiosk.i18n.language == "vi"
    for _ in range(29):
        kiosk.admin._clean_tick()
    assert find(kiosk, "cleaningCountdown").property("text") == "1"
    kiosk.admin._clean_tick()
    assert not kiosk.admin.cleaning
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "cleaningOverlay") is None)
    find(kiosk, "adminClose").clicked.emit()  # type: ignore[attr-defined]
    assert not kiosk.admin.panelOpen


def test_exit_to_desktop_asks_first(kiosk, qtbot) -> None:
    quits: list[bool] = []
    kiosk.admin.quit_app = lambda: quits.append(True)
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("more")
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "exitKiosk") is not None)
    find(kiosk, "exitKiosk").clicked.emit()  # type: ignore[attr-defined]
    assert quits == []
    find(kiosk, "cancelExit").clicked.emit()  # type: ignore[attr-defined]
    find(kiosk, "exitKiosk").clicked.emit()  # type: ignore[attr-defined]
    find(kiosk, "confirmExit").clicked.emit()  # type: ignore[attr-defined]
    assert quits == [True]


def test_volunteer_sign_in_from_the_panel(kiosk, qtbot) -> None:
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("more")
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "openVolunteer") is not None)
    help_text = find(kiosk, "gesturesHelp").property("text")
    assert "nhấn giữ tên ki-ốt" in help_text and "5 lần" in help_text  # both gestures said
    find(kiosk, "openVolunteer").clicked.emit()  # type: ignore[attr-defined]
    assert not kiosk.admin.panelOpen
    assert kiosk.volunteer.dialogOpen
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "volunteerCode") is not None)


def test_panel_closes_itself_when_left_alone(kiosk, qtbot) -> None:
    open_panel(kiosk, qtbot)
    kiosk.admin._idle_timer.setInterval(200)
    kiosk.admin._idle_timer.start()
    qtbot.waitUntil(lambda: not kiosk.admin.panelOpen, timeout=3000)


def test_admin_panel_screenshots_in_every_theme(kiosk, qtbot, artifacts_dir) -> None:
    open_panel(kiosk, qtbot)
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-panel-vi.png"))
    kiosk.admin.setPage("devices")
    kiosk.theme.toggleHighContrast()
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-devices-contrast-vi.png"))
    kiosk.theme.toggleHighContrast()
    kiosk.theme.toggleLargeText()
    kiosk.admin.setPage("portal")
    qtbot.waitUntil(lambda: not kiosk.admin.portal.busy)
    kiosk.window.grabWindow().save(str(artifacts_dir / "admin-portal-large-vi.png"))


def test_reader_and_printer_tests_report_what_they_found(kiosk, qtbot, monkeypatch) -> None:
    from kiosk.devices.card import pcsc_reader
    from kiosk.receipts import printing

    monkeypatch.setattr(pcsc_reader, "list_readers", lambda: ["ACS ACR39U ICC Reader 00 00"])
    monkeypatch.setattr(printing, "check_printer", lambda settings: printing.PrintFailure(
        printing.PrintFailureReason.PRINTER_OFFLINE, "offline-report", printer="receipt"))
    open_panel(kiosk, qtbot)
    kiosk.admin.setPage("devices")
    page = kiosk.admin.devices
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "testReader") is not None)
    find(kiosk, "testReader").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not page.busy and bool(page.message))
    assert page.message == "Tìm thấy 1 đầu đọc thẻ: ACS ACR39U ICC Reader 00 00"
    assert page.messageOk
    find(kiosk, "testPrinter").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not page.busy and "Máy in không phản hồi" in page.message)
    assert not page.messageOk
    assert "offline-report" in page.message  # the technical detail, for the technician
    assert "QR" not in page.message  # the citizen's advice is not the technician's
