"""Screens this work changed, at the three screen shapes a kiosk may have (landscape 1920x1080,
portrait 1080x1920, tablet 1280x800; normal, large text, high contrast), saved to
tests/artifacts/ to be looked at: the identify screen, the mother's step with "same as",
the papers step with the demo's sample paper. Each also checks that the control a citizen
needs next is inside the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Q_ARG, QMetaObject, QPointF

from kiosk.config import load

from .conftest import find, find_item

CASES = [("landscape", "1920x1080", "normal"), ("portrait", "1080x1920", "normal"),
         ("tablet", "1280x800", "normal"), ("tablet", "1280x800", "large"),
         ("tablet", "1280x800", "contrast")]


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
def test_changed_screens_at_every_size(qapp, qtbot, tmp_path: Path, artifacts_dir: Path,
                                       shape: str, size: str, mode: str) -> None:
    from kiosk.ui.app import KioskApplication

    settings = load(env={}, data_dir=tmp_path / "data", fullscreen=False, demo=True,
                    window_size=size, printer_name="no-such-printer-in-tests")
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
        find(app, "startButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: session.screen == "home")
        session.chooseService("1.001193")
        qtbot.waitUntil(lambda: session.screen == "overview")
        session.startApplication()
        qtbot.waitUntil(lambda: session.screen == "consent")
        find(app, "agreeButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "demoCardButton") is not None)
        shot("identify")
        assert inside_window(app, "demoCardButton") and inside_window(app, "readCardButton")
        find(app, "demoCardButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: session.screen == "card", timeout=30000)
        find(app, "confirmCardButton").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: session.screen == "wizard", timeout=60000)
        form = session.form
        engine = form.session
        engine.set_answer("phone", "0912345678")
        engine.set_answer("child_name", "Phạm Minh An")
        engine.set_answer("child_gender", "nu")
        engine.set_answer("child_dob", "2026-11-02")
        engine.set_answer("child_birth_place", "Bệnh viện Phụ sản Hà Nội")
        engine.set_answer("mother.id_number", "001300045678")
        engine.set_answer("mother.date_of_birth", "2000-02-20")
        engine.set_answer("mother_ethnicity", "Kinh")
        form.refresh()
        for _ in range(2):
            form.next()
        qtbot.waitUntil(lambda: form.stepId == "mother")
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "sameAs_mother_address_0")
                        is not None)
        shot("mother-same-as")
        assert inside_window(app, "wizardNext")
        find(app, "sameAs_mother_address_0").clicked.emit()  # type: ignore[attr-defined]
        assert engine.answer("mother_address")["commune_code"] == 70
        engine.set_answer("parents_married", True)
        form.next()
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
        engine.set_answer("commitment", True)
        for _ in range(4):
            form.next()
        qtbot.waitUntil(lambda: session.screen == "review", timeout=5000)
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
    finally:
        app.close()
