"""Every screen of a visit, at the three screen shapes a kiosk may have (landscape 1920x1080,
portrait 1080x1920, tablet 1280x800; normal, large text, high contrast), saved to
tests/artifacts/size-<screen>-<shape>-<mode>.png to be looked at: attract, services,
overview, consent, identify, card, each step of birth registration (with the birth-place
list, the mother's own card: consent, number, typing, filled; the sample paper), review,
receipt when the printer fails (with the fee's VietQR, decoded from the screen), rating.
Each also checks that the control a citizen needs next is inside the window."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Q_ARG, QBuffer, QIODevice, QMetaObject, QPointF

from kiosk.config import load

from .conftest import find, find_item

SHAPES = {"landscape": "1920x1080", "portrait": "1080x1920", "tablet": "1280x800"}
MODES = ("normal", "large", "contrast")
# The suite tries the tablet in every mode and the other shapes in the normal one;
# `make screenshots` (KIOSK_ALL_SCREENSHOTS=1) takes every shape in every mode.
CASES = [(shape, size, mode) for shape, size in SHAPES.items() for mode in MODES
         if os.environ.get("KIOSK_ALL_SCREENSHOTS") or shape == "tablet" or mode == "normal"]


def decode(image: Any) -> set[str]:
    """The QR codes a phone would read from the screen."""
    import zxingcpp
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    with Image.open(io.BytesIO(bytes(buffer.data()))) as picture:
        return {r.text for r in zxingcpp.read_barcodes(picture)}


def inside_window(app: Any, name: str) -> bool:
    """Wholly on screen: inside the window, and inside the form's scrolling area when the
    control is in the form (not hidden under the bottom bar)."""
    item = find(app, name)
    top_left = item.mapToScene(QPointF(0, 0))  # type: ignore[attr-defined]
    corner = item.mapToScene(QPointF(item.width(), item.height()))  # type: ignore[attr-defined]
    left, top, right, bottom = 0.0, 0.0, app.window.width(), app.window.height()
    flick = item.parentItem()
    while flick is not None and not flick.inherits("QQuickFlickable"):
        flick = flick.parentItem()
    if flick is not None:  # a scrolling area shows only its own rectangle
        origin = flick.mapToScene(QPointF(0, 0))
        left, top = origin.x(), origin.y()
        right, bottom = left + flick.width(), top + flick.height()
    return bool(item.isVisible() and left - 0.5 <= top_left.x() and top - 0.5 <= top_left.y()
                and corner.x() <= right + 0.5 and corner.y() <= bottom + 0.5)


@pytest.mark.parametrize(("shape", "size", "mode"), CASES,
                         ids=[f"{s}-{m}" for s, _, m in CASES])
def test_every_screen_at_every_size(qapp, qtbot, tmp_path: Path, artifacts_dir: Path,
                                       shape: str, size: str, mode: str) -> None:
    from kiosk.ui.app import KioskApplication

    # Entered at a counter, the extract copies' fee is due (Hà Nội pays it only for a
    # dossier filed online), so the receipt screen shows its VietQR.
    settings = load(env={}, data_dir=tmp_path / "data", fullscreen=False, demo=True,
                    window_size=size, printer_name="no-such-printer-in-tests",
                    filing_channel="counter")
    app = KioskApplication(settings)
    app.window.show()
    try:
        if mode == "large":
            app.theme.toggleLargeText()
        if mode == "contrast":
            app.theme.toggleHighContrast()
        assert (app.window.width(), app.window.height()) == settings.window_px

        def shot(name: str) -> None:
            qtbot.wait(80)
            app.window.grabWindow().save(str(artifacts_dir / f"size-{name}-{shape}-{mode}.png"))

        session = app.session
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "startButton") is not None)
        shot("attract")
        find(app, "startButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: session.screen == "home")
        shot("home")
        session.chooseService("1.001193")
        qtbot.waitUntil(lambda: session.screen == "overview")
        shot("overview")
        session.startApplication()
        qtbot.waitUntil(lambda: session.screen == "consent")
        shot("consent")
        assert inside_window(app, "agreeButton")
        find(app, "agreeButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "demoCardButton") is not None)
        shot("identify")
        assert inside_window(app, "demoCardButton") and inside_window(app, "readCardButton")
        find(app, "demoCardButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: session.screen == "card", timeout=30000)
        qtbot.waitUntil(lambda: find(app, "cardPhoto").property("implicitWidth") > 100)
        shot("card")
        assert inside_window(app, "confirmCardButton")
        find(app, "confirmCardButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: session.screen == "wizard", timeout=60000)
        form = session.form
        engine = form.session
        shot("step-declarant")
        assert inside_window(app, "wizardNext")
        engine.set_answer("phone", "0912345678")
        engine.set_answer("child_name", "Phạm Minh An")
        engine.set_answer("child_gender", "nu")
        engine.set_answer("child_dob", "2026-11-02")
        engine.set_answer("child_birth_place", "Bệnh viện Phụ sản Hà Nội")
        form.refresh()
        form.next()
        qtbot.waitUntil(lambda: form.stepId == "child")
        shot("step-child")
        # Nơi sinh: Hà Nội's maternity hospitals to pick from.
        find(app, "suggest_child_birth_place").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "pickerSearch")
                        is not None)
        shot("birth-place-list")
        find(app, "sheetClose").clicked.emit()  # type: ignore[attr-defined]
        form.next()
        qtbot.waitUntil(lambda: form.stepId == "mother")
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "sameAs_mother_address_0")
                        is not None)
        shot("mother-same-as")
        assert inside_window(app, "wizardNext") and inside_window(app, "otherCard_mother")
        # The mother is here with her card: her consent, then her chip fills her in.
        find(app, "otherCard_mother").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "otherCardAgree")
                        is not None)
        shot("other-card-consent")
        assert inside_window(app, "otherCardAgree")
        find(app, "otherCardAgree").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find(app, "otherCardDemo").property("visible"))
        shot("other-card-number")
        assert inside_window(app, "otherCardDemo") and inside_window(app, "otherCardId")
        # Tapped to type the number: the keyboard opens, the box stays in view above it.
        find(app, "otherCardId").forceActiveFocus()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find(app, "inputPanel").property("active"))
        shot("other-card-typing")
        assert inside_window(app, "otherCardId")
        find(app, "otherCardSheet").forceActiveFocus()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: not find(app, "inputPanel").property("active"))
        find(app, "otherCardDemo").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: engine.answer("mother")["id_number"] == "001300045678",
                        timeout=30000)
        assert engine.answer("mother_address")["commune_code"] == 70
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "otherCardSheet") is None)
        shot("mother-from-her-card")
        form.next()
        qtbot.waitUntil(lambda: form.stepId == "father")
        shot("step-father")
        assert engine.answer("parents_married") is True  # his chip names her as his wife
        form.next()
        qtbot.waitUntil(lambda: form.stepId == "documents")
        qtbot.waitUntil(lambda: find_item(
            app.window.contentItem(), "samplePaper_birth_certificate_photo") is not None)
        shot("papers-sample")
        if not inside_window(app, "samplePaper_birth_certificate_photo"):
            # Large text on a tablet: the form is longer than the screen. Scrolled to, the
            # button must come wholly into view, not stay under the bottom bar.
            screen = find(app, "wizardScreen")
            QMetaObject.invokeMethod(screen, "revealField",
                                     Q_ARG("QVariant", "birth_certificate_photo"))
            qtbot.wait(50)
            shot("papers-sample-scrolled")
        assert inside_window(app, "samplePaper_birth_certificate_photo")
        # The receipt screen, with what the paper says, when no printer answers.
        find(app, "samplePaper_birth_certificate_photo").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: engine.answer("birth_certificate_photo") is not None,
                        timeout=10000)
        # One extra copy of the extract: a fee is due, so its VietQR must be on screen too.
        assert engine.set_answer("extract_copies", 1) is None
        form.next()
        qtbot.waitUntil(lambda: form.stepId == "result")
        shot("step-result")
        form.next()
        qtbot.waitUntil(lambda: session.screen == "review", timeout=5000)
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "confirmButton")
                        is not None)
        shot("review")
        assert inside_window(app, "confirmButton") and inside_window(app, "reviewStatement")
        form.agreeAtReview()
        session.confirmDossier()
        qtbot.waitUntil(lambda: session.screen == "receipt", timeout=60000)
        qtbot.waitUntil(lambda: session.printState == "failed", timeout=30000)
        shot("receipt-print-failed")
        # The way on is always on screen; what happened scrolls when it does not fit.
        for name in ("localCode", "nextStep_appointment", "printButton", "doneButton"):
            assert inside_window(app, name), name
        info = find(app, "receiptInfo")
        info.setProperty("contentY", max(0.0, info.property("contentHeight")
                                         - info.property("height")))
        qtbot.wait(50)
        assert inside_window(app, "errorBanner")
        shot("receipt-print-failed-scrolled")
        # The fee's VietQR, readable from the screen by a banking app.
        pay = find(app, "paymentQr")
        info.setProperty("contentY", 0.0)
        qtbot.wait(20)
        top = pay.mapToItem(info, QPointF(0, 0)).y()  # type: ignore[attr-defined]
        info.setProperty("contentY", max(0.0, min(top, info.property("contentHeight")
                                                  - info.property("height"))))
        qtbot.waitUntil(lambda: pay.property("paintedWidth") > 0)  # loaded and drawn
        qtbot.wait(50)
        assert inside_window(app, "paymentQr")
        shot("receipt-fee-qr")
        codes = decode(app.window.grabWindow())
        assert any(c.startswith("000201") and "8000" in c for c in codes), codes
        find(app, "doneButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: session.screen == "rating")
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "rate5") is not None)
        shot("rating")
        assert inside_window(app, "rate5")
    finally:
        app.close()
