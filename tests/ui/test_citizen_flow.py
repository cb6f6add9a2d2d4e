"""A whole visit in demo mode, by touch, then proof that the next person finds no trace.

Attract -> birth registration -> consent -> the demo card read through BAC and passive
authentication -> the wizard pre-filled from the chip -> review -> the dossier committed to
the outbox -> receipt (printer missing: the QR fallback) -> rating -> attract, wiped.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickItem

from kiosk.config import resources_path

from .conftest import find, find_item, type_keys

ANSWERS = Path(__file__).parent.parent / "data" / "answers"
SERVICE = "1.001193"
CITIZEN_NAME = "Phạm Quốc Hưng"
CITIZEN_ID = "001099012345"


def click(app: Any, name: str, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), name) is not None, timeout=10000)
    item = find(app, name)
    assert item.property("enabled"), f"{name} is disabled"
    item.clicked.emit()  # type: ignore[attr-defined]


def shot(app: Any, artifacts: Path, name: str, qtbot: Any) -> None:
    qtbot.wait(50)
    app.window.grabWindow().save(str(artifacts / f"flow-{name}.png"))


def flatten(answers: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in answers.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and "province_code" not in value:
            out += flatten(value, path + ".")
        else:
            out.append((path, value))
    return out


def answer_the_rest_and_review(app: Any, qtbot: Any) -> None:
    """Type what the chip could not know (keeping what it filled in), then Next to review."""
    form = app.session.form
    engine = form.session
    answers = json.loads((ANSWERS / f"{SERVICE}.json").read_text(encoding="utf-8"))
    for path, value in flatten(answers):
        given = engine.answer(path)
        # An address holding only the kiosk's own province (the default) is not answered yet.
        # The child's surname offered from the card is only the start of the name.
        if given in (None, "", [], {}) or (isinstance(given, dict)
                                          and given.get("commune_code") is None) or (
                isinstance(given, str) and given != value and str(value).startswith(given)):
            engine.set_answer(path, value)
    form.refresh()
    # The birth certificate: demo mode offers the stamped sample paper (no camera, no USB).
    for _ in range(20):
        if find_item(app.window.contentItem(), "samplePaper_birth_certificate_photo"):
            break
        click(app, "wizardNext", qtbot)
        qtbot.wait(30)
    click(app, "samplePaper_birth_certificate_photo", qtbot)
    qtbot.waitUntil(lambda: engine.answer("birth_certificate_photo") is not None, timeout=10000)
    attached = engine.attachment_files["birth_certificate_photo"]
    assert Path(attached.path).read_bytes() == (
        resources_path() / "sample_papers" / "giay_chung_sinh.jpg").read_bytes()
    for _ in range(20):
        if app.session.screen == "review":
            break
        click(app, "wizardNext", qtbot)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: app.session.screen == "review", timeout=5000)


def all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in all_strings(v)]
    return []


def qml_texts(item: QQuickItem) -> list[str]:
    out = []
    for prop in ("text", "source", "placeholderText"):
        value = item.property(prop)
        if isinstance(value, str):
            out.append(value)
        elif value is not None and hasattr(value, "toString"):
            out.append(value.toString())
    for child in item.childItems():
        out += qml_texts(child)
    return out


# The demo card's own key, offered by the "sample card" button in demo mode only: it is
# the simulated card's printed data, not something a citizen typed or the chip revealed.
DEMO_CONSTANTS = {"demoIdentity"}


def view_model_strings(obj: QObject) -> list[str]:
    meta = obj.metaObject()
    out: list[str] = []
    for i in range(meta.propertyCount()):
        name = meta.property(i).name()
        if name in DEMO_CONSTANTS:
            continue
        try:
            out += all_strings(obj.property(name))
        except (RuntimeError, TypeError):
            continue
    return out


def test_a_whole_visit_by_touch_then_no_trace(demo_app, qtbot, artifacts_dir: Path) -> None:
    app = demo_app
    session = app.session
    tmp_before = set(os.listdir(tempfile.gettempdir()))

    click(app, "startButton", qtbot)
    qtbot.waitUntil(lambda: session.screen == "home")
    click(app, f"tile_{SERVICE}", qtbot)
    qtbot.waitUntil(lambda: session.screen == "overview")
    shot(app, artifacts_dir, "1-overview", qtbot)
    click(app, "overviewStart", qtbot)
    qtbot.waitUntil(lambda: session.screen == "consent")
    shot(app, artifacts_dir, "2-consent", qtbot)
    click(app, "agreeButton", qtbot)
    qtbot.waitUntil(lambda: session.screen == "identify")

    # The sample card: its key filled in on screen and read at once, over BAC + secure
    # messaging (one tap).
    shot(app, artifacts_dir, "3-identify", qtbot)
    click(app, "demoCardButton", qtbot)
    qtbot.waitUntil(lambda: session.screen == "card", timeout=30000)
    assert session.card["fullName"] == CITIZEN_NAME
    assert session.card["passive"] == "valid"
    assert CITIZEN_ID not in session.card["idMasked"]
    from kiosk.logs.structured import session_redactor

    masked = session_redactor.redact(f"note about {CITIZEN_NAME}, Hàng Trống")
    assert CITIZEN_NAME not in masked and "Hàng Trống" not in masked
    qtbot.waitUntil(lambda: find(app, "cardPhoto").property("implicitWidth") > 100)  # decoded
    shot(app, artifacts_dir, "4-card", qtbot)
    click(app, "confirmCardButton", qtbot)
    qtbot.waitUntil(lambda: session.screen == "wizard", timeout=60000)

    form = session.form
    assert form.session.answer("declarant.full_name") == CITIZEN_NAME  # from the chip
    shot(app, artifacts_dir, "5-wizard", qtbot)
    answer_the_rest_and_review(app, qtbot)
    shot(app, artifacts_dir, "6-review", qtbot)
    click(app, "confirmButton", qtbot)
    qtbot.waitUntil(lambda: session.screen == "receipt", timeout=60000)
    code = session.localCode
    assert code.startswith(app.settings.agency_code)
    # The dossier is in the outbox before the receipt is shown, and its receipt kept.
    queued = app.services.outbox().list()
    assert [q.local_code for q in queued] == [code]
    kept = app.settings.data_dir / "receipts" / f"{code}.pdf.sealed"  # for reprints, sealed
    assert kept.is_file() and b"%PDF" not in kept.read_bytes()
    # No printer here: the citizen is told and gets the QR to photograph.
    qtbot.waitUntil(lambda: session.printState == "failed", timeout=30000)
    # Said once, with the cause and what to do (there were two near-identical red lines).
    assert not find(app, "printStatus").property("visible")
    assert "chụp ảnh mã QR" in session.errorText
    # What the paper would have said is on the screen: when, where, the fee.
    steps = session.nextSteps
    assert steps["appointment"] and steps["resultPlace"] and steps["fee"]
    assert find(app, "nextStep_appointment").property("text").startswith("Hẹn trả kết quả: ")
    assert find(app, "receiptPreview").property("source").toString().startswith(
        "image://session/receiptqr/")
    shot(app, artifacts_dir, "7-receipt-print-failed", qtbot)
    click(app, "doneButton", qtbot)
    qtbot.waitUntil(lambda: session.screen == "rating")
    shot(app, artifacts_dir, "8-rating", qtbot)
    click(app, "rate5", qtbot)
    qtbot.waitUntil(lambda: session.screen == "attract")
    app.tasks.wait_idle()
    qtbot.wait(100)

    # --- the next person finds nothing -------------------------------------------------
    secrets = [CITIZEN_NAME, CITIZEN_ID, CITIZEN_ID[-9:], "Hàng Trống"]
    folded = [unicodedata.normalize("NFC", s) for s in secrets]
    visible = qml_texts(app.window.contentItem())
    models: list[str] = []
    for vm in (session, app.shell, app.theme, app.i18n, app.idle, app.sync):
        models += view_model_strings(vm)
    for text in visible + models:
        for secret in folded:
            assert secret not in text, f"{secret!r} still visible after the session"
    assert session.form is None
    assert app.images.names() == []
    assert not session_redactor.active  # the session's strings went with it
    # What stays is anonymous: one start, one confirmed dossier, one rating, per day.
    [usage] = app.services.stats().last_days(1)
    assert (usage.service, usage.started, usage.confirmed) == (SERVICE, 1, 1)
    assert usage.ratings == (0, 0, 0, 0, 1)
    leftovers = set(os.listdir(tempfile.gettempdir())) - tmp_before
    assert not [n for n in leftovers if n.startswith("kiosk-")], leftovers


def to_identify(app: Any, qtbot: Any) -> None:
    click(app, "startButton", qtbot)
    click(app, f"tile_{SERVICE}", qtbot)
    click(app, "overviewStart", qtbot)
    click(app, "agreeButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "identify")


def to_wizard(app: Any, qtbot: Any) -> None:
    """Identified by the typed ID number, card confirmed: the form's first step."""
    to_identify(app, qtbot)
    find(app, "idNumberField").setProperty("text", CITIZEN_ID)
    click(app, "readCardButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "card", timeout=30000)
    click(app, "confirmCardButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "wizard", timeout=60000)


def test_the_card_front_qr_alone_opens_the_chip_with_pace(demo_app, qtbot) -> None:
    app = demo_app
    to_identify(app, qtbot)
    qr = f"{CITIZEN_ID}|013579246|{CITIZEN_NAME}|15081999|Nam|Hà Nội|20032023"
    # A keyboard-style reader: key events into the window, the code then Enter; nothing was
    # focused by hand first.
    type_keys(app.window, qr + "\n")
    qtbot.waitUntil(lambda: app.session.screen == "card", timeout=30000)
    assert app.session.card["passive"] == "valid"


def test_a_reader_typing_into_the_id_box_still_reads_the_card(demo_app, qtbot) -> None:
    """The citizen had tapped the ID box: the reader's keys go there, 12 digits then Enter."""
    app = demo_app
    to_identify(app, qtbot)
    box = find(app, "idNumberField")
    box.forceActiveFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: box.property("activeFocus"))
    type_keys(app.window, f"{CITIZEN_ID}|013579246|{CITIZEN_NAME}|15081999|Nam|HN|2003\n")
    qtbot.waitUntil(lambda: app.session.screen == "card", timeout=30000)


def test_a_stuck_key_at_the_scanner_neither_freezes_nor_grows_without_end(demo_app, qtbot
                                                                           ) -> None:
    app = demo_app
    to_identify(app, qtbot)
    type_keys(app.window, "7" * 3000)
    assert len(find(app, "qrScanInput").property("received")) == 1000
    type_keys(app.window, "\n")
    assert app.session.screen == "identify"
    assert "QR" in app.session.errorText  # said plainly, nothing read


def test_only_the_id_number_is_needed(demo_app, qtbot) -> None:
    app = demo_app
    to_identify(app, qtbot)
    find(app, "idNumberField").setProperty("text", CITIZEN_ID)
    click(app, "readCardButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "card", timeout=30000)
    assert app.session.card["fullName"] == CITIZEN_NAME


@pytest.mark.parametrize(
    ("qr", "expected"),
    [("hello world", "QR"), ("00109|x|y", "QR")],
)
def test_a_malformed_qr_says_so_and_keeps_the_screen(demo_app, qtbot, qr: str,
                                                     expected: str) -> None:
    app = demo_app
    to_identify(app, qtbot)
    app.session.scanQr(qr)
    assert app.session.screen == "identify"
    assert expected in app.session.errorText
    assert find(app, "errorBanner").property("visible")


def test_a_wrong_id_number_is_refused_with_a_message(demo_app, qtbot) -> None:
    app = demo_app
    to_identify(app, qtbot)
    app.session.readCard("001099012399", "")  # another person's number: wrong CAN
    qtbot.waitUntil(lambda: app.session.screen == "identify" and app.session.errorText != "",
                    timeout=30000)
    assert app.session.card == {}


def test_card_removed_mid_application_asks_continue_or_end(demo_app, qtbot,
                                                           artifacts_dir: Path) -> None:
    app = demo_app
    to_wizard(app, qtbot)

    # The reader reports the card gone (PC/SC monitor thread -> GUI thread).
    app.card_watch._event.emit("card_removed")
    dialog = find(app, "cardRemovedDialog")
    qtbot.waitUntil(lambda: dialog.property("visible"))
    shot(app, artifacts_dir, "card-removed", qtbot)
    click(app, "continueAfterRemovalButton", qtbot)
    qtbot.waitUntil(lambda: not dialog.property("visible"))
    assert app.session.screen == "wizard"
    assert app.session.form.session.answer("declarant.full_name") == CITIZEN_NAME

    app.card_watch._event.emit("card_removed")
    qtbot.waitUntil(lambda: dialog.property("visible"))
    click(app, "endAfterRemovalButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "attract")
    assert app.session.form is None
    assert not dialog.property("visible")


def test_card_removal_outside_an_application_changes_nothing(demo_app, qtbot) -> None:
    app = demo_app
    to_identify(app, qtbot)
    app.card_watch._event.emit("card_removed")
    qtbot.wait(50)
    assert not app.session.askCardRemoved
    assert app.session.screen == "identify"


def test_card_watch_survives_a_missing_pcsc_service(qapp) -> None:
    from kiosk.ui.card_watch import CardWatch

    def broken(_callback):  # type: ignore[no-untyped-def]
        raise OSError("pcscd not running")

    watch = CardWatch(broken)
    watch.start()  # logs and carries on: QR and typing still work
    assert watch._monitor is None
    watch.stop()


def test_a_full_disk_at_confirmation_says_so_and_keeps_the_answers(demo_app, qtbot,
                                                                  monkeypatch) -> None:
    from kiosk.sync.errors import OutboxFullError

    app = demo_app
    to_wizard(app, qtbot)
    answer_the_rest_and_review(app, qtbot)

    def full(_dossier: object) -> None:
        raise OutboxFullError("ENOSPC")

    monkeypatch.setattr(app.services.outbox(), "enqueue", full)
    click(app, "confirmButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "review" and app.session.errorText != "",
                    timeout=30000)
    assert "đầy" in app.session.errorText  # "storage is full", in Vietnamese first
    banner = find(app, "sessionError")
    qtbot.waitUntil(lambda: banner.property("visible"))
    assert banner.property("text") == app.session.errorText
    shot(app, Path(__file__).parent.parent / "artifacts", "disk-full-review", qtbot)
    assert app.session.localCode == ""  # no receipt for a dossier that was not saved
    assert app.services.outbox().list() == []
    assert app.session.form.session.answer("declarant.full_name") == CITIZEN_NAME
    assert not list((app.settings.data_dir / "receipts").glob("*.pdf"))
    app.session.clearError()
    qtbot.waitUntil(lambda: not banner.property("visible"))


def test_ten_thousand_keys_into_any_box_are_cut_at_its_limit(demo_app, qtbot) -> None:
    """A scanner reading a long code into the home search box, or a stuck key: the box keeps
    its limit and the screen answers the next tap."""
    from .test_wizard import unbounded_inputs

    app = demo_app
    click(app, "startButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "home")
    search = find(app, "serviceSearch")
    search.forceActiveFocus()  # type: ignore[attr-defined]
    type_keys(app.window, "a" * 10_000)
    assert len(search.property("text")) == search.property("maximumLength") == 200
    assert unbounded_inputs(app.window.contentItem()) == []
    click(app, "clearSearch", qtbot)  # the screen still answers
    click(app, f"tile_{SERVICE}", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "overview")
    click(app, "overviewStart", qtbot)
    click(app, "agreeButton", qtbot)
    qtbot.waitUntil(lambda: app.session.screen == "identify")
    assert unbounded_inputs(app.window.contentItem()) == []


def test_card_removed_while_a_word_is_being_composed(demo_app, qtbot) -> None:
    """Telex text still being composed in the form when the card leaves the reader: continue,
    compose again, then end. No crash; nothing of the word is left for the next person."""
    app = demo_app
    to_wizard(app, qtbot)
    engine = app.session.form.session
    engine.set_answer("declarant_relationship", "cha")
    engine.set_answer("phone", "0912345678")
    app.session.form.refresh()
    click(app, "wizardNext", qtbot)
    dialog = find(app, "cardRemovedDialog")
    for last in (False, False, True):
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "input_child_name")
                        is not None)
        name = find(app, "input_child_name")
        name.forceActiveFocus()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda n=name: n.property("activeFocus"))
        type_keys(app.window, "Phamj")
        assert name.property("preeditText") == "Phạm"
        app.card_watch._event.emit("card_removed")
        qtbot.waitUntil(lambda: dialog.property("visible"))
        click(app, "endAfterRemovalButton" if last else "continueAfterRemovalButton", qtbot)
        qtbot.waitUntil(lambda: not dialog.property("visible"))
    qtbot.waitUntil(lambda: app.session.screen == "attract")
    assert not app.telex_filter.composing and app.telex.word() == ""


def test_the_next_citizen_starts_clean(demo_app, qtbot) -> None:
    """One citizen chooses English, large text and high contrast and half fills a form; the
    visit ends (here by the idle timeout): the next finds the kiosk as it starts."""
    app = demo_app
    to_wizard(app, qtbot)
    app.i18n.set_language("en")
    app.theme.toggleLargeText()
    app.theme.toggleHighContrast()
    app.session.form.session.set_answer("phone", "0912345678")
    app.idle.timedOut.emit()
    qtbot.waitUntil(lambda: app.session.screen == "attract")
    assert app.i18n.current() == "vi"
    assert not app.theme.property("largeText") and not app.theme.property("highContrast")
    assert app.session.form is None
    # The second citizen, from the start: nothing of the first.
    to_wizard(app, qtbot)
    assert app.session.form.session.answer("phone") in (None, "")
    assert find(app, "stepTitle").property("text") == "Người đi đăng ký"
