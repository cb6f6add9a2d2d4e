"""Assisted mode: a volunteer signs in (code + PIN), serves citizen after citizen with one
tap, and every dossier meanwhile carries their code; mobile mode's sync status."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.admin.volunteers import VolunteerRegistry

from .assist_support import FAST_HASHER
from .conftest import find, find_item
from .test_telex_input import type_keys

CODE = "TNV-001"
VOLUNTEER_PIN = "864209"


@pytest.fixture
def kiosk(kiosk_app):  # type: ignore[no-untyped-def]
    registry = VolunteerRegistry(kiosk_app.settings.data_dir, hasher=FAST_HASHER)
    registry.add(CODE, VOLUNTEER_PIN, "Trần Minh Anh", team="Đoàn phường Hoàn Kiếm")
    kiosk_app.volunteer.registry = registry
    return kiosk_app


def sign_in(app: Any, qtbot: Any, code: str = CODE, pin: str = VOLUNTEER_PIN) -> None:
    app.volunteer.openSignIn()
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "volunteerCode") is not None)
    find(app, "volunteerCode").setProperty("text", code)
    find(app, "volunteerPin").setProperty("text", pin)
    find(app, "volunteerSubmit").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not app.volunteer.busy)


def test_long_press_on_the_header_opens_the_sign_in(kiosk, qtbot) -> None:
    point = QPoint(300, 30)
    QTest.mousePress(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point)
    qtbot.waitUntil(lambda: kiosk.volunteer.dialogOpen, timeout=4000)
    QTest.mouseRelease(kiosk.window, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: find(kiosk, "volunteerCode").property("activeFocus"))
    find(kiosk, "volunteerCancel").clicked.emit()  # type: ignore[attr-defined]
    assert not kiosk.volunteer.dialogOpen


def test_wrong_pin_is_refused_with_tries_left(kiosk, qtbot) -> None:
    sign_in(kiosk, qtbot, pin="111333")
    assert not kiosk.volunteer.signedIn
    assert kiosk.session.assisted_by is None
    assert find(kiosk, "volunteerError").property("text") == (
        "Mã PIN hoặc mã tình nguyện viên không đúng. Còn 4 lần thử.")


def test_code_field_types_plain_letters_even_with_telex_on(kiosk, qtbot, artifacts_dir) -> None:
    kiosk.volunteer.openSignIn()
    qtbot.waitUntil(lambda: find_item(kiosk.window.contentItem(), "volunteerCode") is not None)
    field = find(kiosk, "volunteerCode")
    qtbot.waitUntil(lambda: field.property("activeFocus"))
    assert kiosk.telex.enabled
    type_keys(kiosk.window, "ddaaf")
    assert field.property("text") == "ddaaf"  # a code, not Vietnamese: "đầ" would be wrong
    # The dialog stops above the on-screen keyboard, whose keys stay usable.
    panel = find(kiosk, "inputPanel")
    qtbot.waitUntil(lambda: panel.property("active"))
    layer = find(kiosk, "adminLayer")
    assert isinstance(panel, QQuickItem)
    corner = panel.mapToScene(QPointF(0, 0))  # the keyboard's top left, in the window
    top = corner.y()
    qtbot.waitUntil(lambda: abs(layer.property("height") - top) < 1)
    # First key of the top row (the keyboard is centred, and narrower on a low screen).
    key_q = QPoint(round(corner.x() + panel.width() * 0.05), round(top) + 50)
    QTest.mousePress(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     key_q)
    qtbot.wait(50)  # a finger, not a 0 ms click
    QTest.mouseRelease(kiosk.window, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, key_q)
    qtbot.waitUntil(lambda: field.property("text").lower() == "ddaafq")
    kiosk.window.grabWindow().save(str(artifacts_dir / "volunteer-sign-in-vi.png"))


def test_signed_in_volunteer_survives_next_citizen_while_the_citizen_is_wiped(
    kiosk, qtbot, artifacts_dir: Path
) -> None:
    session = kiosk.session
    sign_in(kiosk, qtbot)
    assert kiosk.volunteer.signedIn
    assert session.assisted_by == CODE
    badge = find(kiosk, "assistedBadge")
    qtbot.waitUntil(lambda: badge.property("visible"))
    assert badge.property("text") == "Hỗ trợ bởi Trần Minh Anh"

    # A citizen starts: chooses a service.
    session.begin()
    session.chooseService("1.001193")
    qtbot.waitUntil(lambda: session.screen == "overview")
    assert session.serviceCode == "1.001193"
    kiosk.window.grabWindow().save(str(artifacts_dir / "volunteer-header-vi.png"))

    find(kiosk, "nextCitizenButton").clicked.emit()  # type: ignore[attr-defined]
    assert session.screen == "attract"
    assert session.serviceCode == "" and session.service == {}
    assert kiosk.volunteer.signedIn
    assert session.assisted_by == CODE
    # A timeout or "Start over" wipes too: the volunteer still stays.
    session.begin()
    session.finish()
    assert session.assisted_by == CODE

    find(kiosk, "volunteerSignOut").clicked.emit()  # type: ignore[attr-defined]
    assert not kiosk.volunteer.signedIn
    assert session.assisted_by is None
    assert kiosk.volunteer.registry.current is None
    qtbot.waitUntil(lambda: not find(kiosk, "assistStrip").property("visible"))


def test_sign_in_is_not_offered_when_assisted_mode_is_off(qapp, settings, qtbot) -> None:
    from kiosk.ui.app import KioskApplication

    app = KioskApplication(dataclasses.replace(settings, assisted_mode_allowed=False))
    try:
        app.volunteer.openSignIn()
        assert not app.volunteer.dialogOpen
    finally:
        app.close()


@pytest.fixture
def mobile(qapp, settings) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import KioskApplication

    app = KioskApplication(dataclasses.replace(settings, mobile_mode=True))
    app.window.show()
    yield app
    app.close()


def test_mobile_header_shows_queue_depth_and_offline_age(mobile, qtbot, artifacts_dir) -> None:
    status = find(mobile, "syncStatus")
    qtbot.waitUntil(lambda: status.property("visible"))
    assert status.property("text") == "Mất kết nối mạng  •  không có hồ sơ chờ gửi"
    mobile.sync._take_status(SimpleNamespace(
        online=False, counts={"queued": 2, "quarantined": 1, "acknowledged": 9},
        oldest_unsent_age_s=5.5 * 3600, device_blocked=False))
    assert status.property("text") == (
        "Mất kết nối mạng  •  3 hồ sơ đang chờ gửi  •  hồ sơ chờ lâu nhất 5,5 giờ")
    mobile.window.grabWindow().save(str(artifacts_dir / "mobile-header-offline-vi.png"))
    mobile.sync._take_status(SimpleNamespace(online=True, counts={}, oldest_unsent_age_s=None,
                                             device_blocked=False))
    assert status.property("text") == "Đang có mạng  •  không có hồ sơ chờ gửi"
