"""Signed catalogue updates in the running kiosk (kiosk/ui/catalogue_updates.py), against the
reference portal over loopback: a new catalogue arriving during a visit is not seen until
the visit ends, then the home screen offers it; a bad bundle changes nothing; a broken
installed bundle at start-up rolls back; the admin panel says which catalogue is in use and
how old its oldest fact's check is."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings, load, resources_path
from kiosk.forms.catalogue_store import CatalogueStore
from kiosk.sync.credentials import StaticCredentials

from .conftest import find, find_item

pytestmark = pytest.mark.portal

TOKEN = "ui-catalogue-token"
SHIPPED = resources_path() / "catalogue"
OLD_NAME = json.loads((SHIPPED / "1.001193.json").read_text("utf-8"))["names"]["vi"]
NEW_NAME = "Đăng ký khai sinh (danh mục mới)"


def renamed_catalogue(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "catalogues" / name
    shutil.copytree(SHIPPED, folder)
    path = folder / "1.001193.json"
    raw = json.loads(path.read_text("utf-8"))
    raw["names"]["vi"] = name
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[Any]:
    from kiosk.portal_sim.server import PortalSim

    sim = PortalSim(tmp_path / "portal", tokens=[TOKEN], catalogue=SHIPPED)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def pinned_settings(tmp_path: Path, portal: Any) -> Settings:
    return load(env={}, data_dir=tmp_path / "data", fullscreen=False, portal_url=portal.url,
                catalogue_signing_key=portal.catalogue.public_key_setting(),
                portal_connect_timeout_s=2.0, portal_read_timeout_s=5.0)


@pytest.fixture
def make_app(qapp: Any) -> Iterator[Any]:
    from kiosk.ui.app import KioskApplication

    apps: list[Any] = []

    def make(settings: Settings) -> Any:
        app = KioskApplication(settings, sync_credentials=StaticCredentials(TOKEN))
        app.window.show()
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


def tile_name(app: Any, code: str = "1.001193") -> str:
    return next(t["nameVi"] for t in app.shell.tiles if t["code"] == code)


def check(app: Any, qtbot: Any) -> Any:
    """One update check through the kiosk's own background task; its outcome."""
    updates = app.catalogue_updates
    with qtbot.waitSignal(updates.checked, timeout=30000) as done:
        updates.check()
    return done.args[0]


def start_visit(app: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "startButton") is not None)
    find(app, "startButton").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: app.session.screen == "home")


def test_a_signed_update_applies_between_citizens_never_during_a_visit(
        make_app: Any, pinned_settings: Settings, portal: Any, qtbot: Any,
        tmp_path: Path) -> None:
    app = make_app(pinned_settings)
    assert app.services.catalogue_in_use().origin == "shipped"
    first = check(app, qtbot)  # at the attract screen: in use at once
    assert first.status == "installed"
    assert app.services.catalogue_in_use().bundle_version == first.version
    assert tile_name(app) == OLD_NAME

    new = portal.catalogue.publish(renamed_catalogue(tmp_path, NEW_NAME))
    start_visit(app, qtbot)
    app.session.chooseService("1.001193")
    qtbot.waitUntil(lambda: app.session.screen == "overview")
    assert app.session.service["nameVi"] == OLD_NAME

    arrived = check(app, qtbot)  # while the citizen reads the overview
    assert (arrived.status, arrived.version) == ("installed", new)
    assert CatalogueStore(pinned_settings.data_dir).current_version() == new  # on disk
    # ... but not in this visit: the services, the tiles and the screen keep the old one.
    assert app.catalogue_updates.pending
    assert app.services.catalogue_in_use().bundle_version == first.version
    assert app.services.catalogue().get("1.001193").names.vi == OLD_NAME
    assert tile_name(app) == OLD_NAME
    assert app.shell.services.entry("1.001193")["nameVi"] == OLD_NAME
    app.session.goHome()  # back to the list: still this citizen's visit
    qtbot.wait(50)
    assert app.session.screen == "home"
    assert tile_name(app) == OLD_NAME

    app.session.finish()  # the citizen leaves: attract, between citizens
    qtbot.waitUntil(lambda: app.session.screen == "attract")
    assert not app.catalogue_updates.pending
    assert app.services.catalogue_in_use().bundle_version == new
    assert tile_name(app) == NEW_NAME

    start_visit(app, qtbot)  # the next citizen sees the new catalogue
    app.session.chooseService("1.001193")
    qtbot.waitUntil(lambda: app.session.screen == "overview")
    assert app.session.service["nameVi"] == NEW_NAME


def test_a_bad_bundle_changes_nothing_in_the_running_kiosk(
        make_app: Any, pinned_settings: Settings, portal: Any, qtbot: Any,
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(pinned_settings)
    installed = check(app, qtbot).version
    portal.catalogue.publish(renamed_catalogue(tmp_path, NEW_NAME))
    portal.set_faults("catalogue=tampered")
    with caplog.at_level(logging.WARNING, "kiosk"):
        outcome = check(app, qtbot)
    assert (outcome.status, outcome.reason) == ("refused", "signature")
    assert [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert not app.catalogue_updates.pending
    assert app.services.catalogue_in_use().bundle_version == installed
    assert tile_name(app) == OLD_NAME
    assert CatalogueStore(pinned_settings.data_dir).current_version() == installed


def test_a_broken_installed_bundle_rolls_back_at_start(
        make_app: Any, pinned_settings: Settings, portal: Any, qtbot: Any,
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.session.catalogue_update import check_for_update

    credentials = StaticCredentials(TOKEN)
    portal.catalogue.publish(renamed_catalogue(tmp_path, "v1"))
    first = check_for_update(pinned_settings, credentials).version
    portal.catalogue.publish(renamed_catalogue(tmp_path, "v2"))
    second = check_for_update(pinned_settings, credentials).version
    broken = CatalogueStore(pinned_settings.data_dir).version_dir(second)
    (broken / "bundle.jws").write_bytes(b"")  # a disk fault
    with caplog.at_level(logging.WARNING, "kiosk"):
        app = make_app(pinned_settings)
    assert app.services.catalogue_in_use().bundle_version == first
    assert tile_name(app) == "v1"
    assert any(f"bundle {second} does not load" in r.getMessage() for r in caplog.records)


def test_an_update_installed_from_outside_is_taken_between_citizens(
        make_app: Any, pinned_settings: Settings, portal: Any, qtbot: Any,
        tmp_path: Path) -> None:
    """`kiosk catalogue update` (or a USB stick) installed it: the portal then has nothing
    newer, yet the running kiosk must not keep showing the old catalogue."""
    from kiosk.session.catalogue_update import check_for_update

    app = make_app(pinned_settings)
    check(app, qtbot)
    new = portal.catalogue.publish(renamed_catalogue(tmp_path, NEW_NAME))
    assert check_for_update(pinned_settings, StaticCredentials(TOKEN)).version == new
    assert tile_name(app) == OLD_NAME
    assert check(app, qtbot).status == "up_to_date"
    assert app.services.catalogue_in_use().bundle_version == new
    assert tile_name(app) == NEW_NAME


def test_checks_run_at_start_then_every_interval(
        make_app: Any, pinned_settings: Settings, portal: Any, qtbot: Any) -> None:
    import dataclasses

    app = make_app(dataclasses.replace(pinned_settings, catalogue_check_interval_s=0.3))
    app.catalogue_updates.start()
    qtbot.waitUntil(lambda: len(portal.requests("GET", "/v1/catalogue/bundle")) >= 3,
                    timeout=20000)
    app.catalogue_updates.stop()
    qtbot.waitUntil(lambda: not app.catalogue_updates.checking, timeout=20000)
    statuses = [r.status for r in portal.requests("GET", "/v1/catalogue/bundle")]
    assert statuses[0] == 200 and set(statuses[1:]) == {204}  # then: nothing newer
    assert app.services.catalogue_in_use().origin == "bundle"


def test_the_admin_panel_shows_the_catalogue_and_its_oldest_check(
        make_app: Any, pinned_settings: Settings, portal: Any, qtbot: Any,
        tmp_path: Path) -> None:
    from kiosk.admin.pin import AdminPin

    from .assist_support import FAST_HASHER
    from .test_admin import PIN, Keyring, open_panel

    folder = renamed_catalogue(tmp_path, NEW_NAME)
    path = folder / "1.004873.json"
    raw = json.loads(path.read_text("utf-8"))
    first_source = next(iter(raw["sources"]))
    raw["sources"][first_source]["checked"] = "2025-03-04"  # older than any shipped check
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    portal.catalogue.publish(folder)
    app = make_app(pinned_settings)
    app.admin.pin = AdminPin(pinned_settings.data_dir, hasher=FAST_HASHER)
    app.admin.pin.set(PIN)
    app.admin.portal.credentials = Keyring()
    open_panel(app, qtbot)
    app.admin.setPage("portal")
    qtbot.waitUntil(lambda: not app.admin.portal.busy)
    shown = find(app, "catalogueVersion").property("text")
    assert shown.startswith("Kèm theo ki-ốt (danh mục ")  # shipped, before any check

    find(app, "checkCatalogue").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: app.admin.portal.catalogueBundle != "", timeout=30000)
    qtbot.waitUntil(lambda: not app.admin.portal.busy)
    version = portal.catalogue.newest()
    assert app.admin.portal.message.startswith(f"Đã cài gói danh mục {version}")
    assert app.admin.portal.messageOk
    shown = find(app, "catalogueVersion").property("text")
    assert shown.startswith(f"Gói {version}, ký lúc ")
    oldest = find(app, "oldestFactCheck").property("text")
    assert oldest.startswith("04/03/2025 (")
    # What a screen reader gets: the button by its name, both lines by their text.
    named = accessible_names(app, "portalPage")
    assert ("Button", "Kiểm tra bản cập nhật danh mục") in named
    assert ("StaticText", shown) in named and ("StaticText", oldest) in named


def accessible_names(app: Any, within: str) -> set[tuple[str, str]]:
    from PySide6.QtGui import QAccessible, QAccessibleInterface

    page = find(app, within)

    def walk(iface: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
        for i in range(iface.childCount()):
            child = iface.child(i)
            if child is not None and child.isValid():
                yield child
                yield from walk(child)

    root = QAccessible.queryAccessibleInterface(app.window)
    return {(iface.role().name, iface.text(QAccessible.Text.Name)) for iface in walk(root)
            if page.isAncestorOf(iface.object())}  # type: ignore[attr-defined]
