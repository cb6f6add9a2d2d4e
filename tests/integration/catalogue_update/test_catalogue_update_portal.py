"""Signed catalogue updates against the reference portal over loopback HTTP, with the real
disk: a signed bundle installs and becomes the catalogue offered; each bad bundle (tampered,
truncated, cut, replayed, unsigned, bare, another key, a forged kid, schema-invalid, a bad
digest, another province) is refused with one log line saying why, and nothing on disk or in
what the kiosk offers changes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.forms.catalogue_in_use import catalogue_in_use
from kiosk.forms.catalogue_store import CatalogueStore
from kiosk.session.catalogue_update import (
    INSTALLED,
    NONE_PUBLISHED,
    OFF,
    REFUSED,
    UNREACHABLE,
    UP_TO_DATE,
    check_for_update,
)
from tests.integration.catalogue_update.conftest import SHIPPED_NAME, snapshot

pytestmark = pytest.mark.portal


def offered_name(settings: Settings) -> str:
    """What a kiosk starting now calls birth registration."""
    return catalogue_in_use(settings, repair=False).catalogue.get("1.001193").names.vi


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.levelno >= logging.WARNING and r.name.startswith("kiosk")]


def test_a_signed_bundle_installs_and_is_offered(
        portal: Any, kiosk_settings: Settings, credentials: Any,
        catalogue_named: Callable[[str], Path], caplog: pytest.LogCaptureFixture) -> None:
    assert catalogue_in_use(kiosk_settings).origin == "shipped"
    with caplog.at_level(logging.INFO):
        first = check_for_update(kiosk_settings, credentials)
    assert first.status == INSTALLED
    assert first.version == portal.catalogue.newest()
    assert first.in_use is not None and first.in_use.bundle_version == first.version
    assert not warnings(caplog)
    in_use = catalogue_in_use(kiosk_settings)
    assert (in_use.origin, in_use.bundle_version) == ("bundle", first.version)
    assert in_use.directory.is_relative_to(kiosk_settings.data_dir)
    assert offered_name(kiosk_settings) == SHIPPED_NAME

    second = portal.catalogue.publish(catalogue_named("Đăng ký khai sinh (bản mới)"))
    outcome = check_for_update(kiosk_settings, credentials)
    assert (outcome.status, outcome.version) == (INSTALLED, second)
    assert outcome.in_use.catalogue.get("1.001193").names.vi == "Đăng ký khai sinh (bản mới)"
    assert offered_name(kiosk_settings) == "Đăng ký khai sinh (bản mới)"
    assert CatalogueStore(kiosk_settings.data_dir).state().previous == first.version

    # Nothing newer: one small request, answered 204, and nothing changes.
    before = snapshot(kiosk_settings.data_dir / "catalogue")
    assert check_for_update(kiosk_settings, credentials).status == UP_TO_DATE
    asked = portal.requests("GET", "/v1/catalogue/bundle")
    assert [r.status for r in asked] == [200, 200, 204]
    assert snapshot(kiosk_settings.data_dir / "catalogue") == before


# fault -> (status, reason, words the one log line must hold)
BAD_BUNDLES: dict[str, tuple[str, str | None, str]] = {
    "tampered": (REFUSED, "signature", "signature does not verify"),
    "truncated": (REFUSED, "malformed", "truncated"),
    "cut": (UNREACHABLE, None, "answer cut short"),
    "replay": (REFUSED, "replay", "is not newer than the installed"),
    "unsigned": (REFUSED, "unsigned", "alg 'none'"),
    "bare": (REFUSED, "unsigned", "bare JSON"),
    "wrong-key": (REFUSED, "key", "not the pinned key"),
    "forged-kid": (REFUSED, "signature", "signature does not verify"),
    "invalid": (REFUSED, "invalid", "missing required property 'names'"),
    "bad-hash": (REFUSED, "hash", "sha-256"),
    "other-province": (REFUSED, "province", "made for province 2"),
}


@pytest.mark.parametrize("fault", list(BAD_BUNDLES))
def test_a_bad_bundle_is_refused_and_nothing_changes(
        portal: Any, kiosk_settings: Settings, credentials: Any, fault: str,
        catalogue_named: Callable[[str], Path], caplog: pytest.LogCaptureFixture) -> None:
    # The kiosk is at its second version; the portal has a third, not yet fetched.
    assert check_for_update(kiosk_settings, credentials).status == INSTALLED
    portal.catalogue.publish(catalogue_named("v2"))
    installed = check_for_update(kiosk_settings, credentials).version
    third = portal.catalogue.publish(catalogue_named("v3"))
    before = snapshot(kiosk_settings.data_dir / "catalogue")
    portal.set_faults(f"catalogue={fault}")

    with caplog.at_level(logging.INFO):
        outcome = check_for_update(kiosk_settings, credentials)

    status, reason, words = BAD_BUNDLES[fault]
    assert (outcome.status, outcome.reason) == (status, reason)
    lines = warnings(caplog)
    assert len(lines) == 1, lines
    assert words in lines[0]
    if status == REFUSED:
        assert f"refused ({reason})" in lines[0] and "nothing changed" in lines[0]
    assert snapshot(kiosk_settings.data_dir / "catalogue") == before
    assert catalogue_in_use(kiosk_settings, repair=False).bundle_version == installed
    assert offered_name(kiosk_settings) == "v2"

    # The same portal, honest again: the third version installs (the refusal was the fault's).
    portal.set_faults(None)
    assert check_for_update(kiosk_settings, credentials).version == third
    assert offered_name(kiosk_settings) == "v3"


def test_an_unreachable_portal_changes_nothing(
        portal: Any, kiosk_settings: Settings, credentials: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    check_for_update(kiosk_settings, credentials)
    before = snapshot(kiosk_settings.data_dir / "catalogue")
    portal.set_faults("503=1")
    with caplog.at_level(logging.INFO):
        outcome = check_for_update(kiosk_settings, credentials)
    assert outcome.status == UNREACHABLE
    assert len(warnings(caplog)) == 1 and "nothing changed" in warnings(caplog)[0]
    # An answer past the bundle's size limit is not read (a hostile or broken proxy).
    portal.set_faults("huge=1:17MB")
    too_big = check_for_update(kiosk_settings, credentials)
    assert too_big.status == UNREACHABLE and "larger than the limit" in too_big.detail
    portal.set_faults(None)
    portal.set_down(True)
    assert check_for_update(kiosk_settings, credentials).status == UNREACHABLE
    assert snapshot(kiosk_settings.data_dir / "catalogue") == before


def test_without_a_pinned_key_nothing_is_fetched(
        portal: Any, kiosk_settings: Settings, credentials: Any) -> None:
    import dataclasses

    off = dataclasses.replace(kiosk_settings, catalogue_signing_key="")
    assert check_for_update(off, credentials).status == OFF
    assert portal.requests("GET", "/v1/catalogue/bundle") == []
    assert not (off.data_dir / "catalogue").exists()


def test_a_portal_that_publishes_none(tmp_path: Path, credentials: Any,
                                      kiosk_settings: Settings) -> None:
    import dataclasses

    from kiosk.portal_sim.server import PortalSim
    from tests.integration.catalogue_update.conftest import TOKEN

    with PortalSim(tmp_path / "empty", tokens=[TOKEN]) as empty:
        settings = dataclasses.replace(
            kiosk_settings, portal_url=empty.url,
            catalogue_signing_key=empty.catalogue.public_key_setting())
        assert check_for_update(settings, credentials).status == NONE_PUBLISHED


def test_a_broken_installed_bundle_rolls_back_at_start(
        portal: Any, kiosk_settings: Settings, credentials: Any,
        catalogue_named: Callable[[str], Path], caplog: pytest.LogCaptureFixture) -> None:
    first = check_for_update(kiosk_settings, credentials).version
    portal.catalogue.publish(catalogue_named("v2"))
    second = check_for_update(kiosk_settings, credentials).version
    store = CatalogueStore(kiosk_settings.data_dir)
    procedure = store.version_dir(second) / "catalogue" / "1.001193.json"
    procedure.write_text(procedure.read_text("utf-8").replace('"v2"', '"v2 edited"'), "utf-8")
    with caplog.at_level(logging.INFO):
        in_use = catalogue_in_use(kiosk_settings)  # what the kiosk does at start
    assert in_use.bundle_version == first
    assert in_use.catalogue.get("1.001193").names.vi == SHIPPED_NAME
    assert in_use.rolled_back[0][0] == second
    lines = warnings(caplog)
    assert len(lines) == 1
    assert f"bundle {second} does not load" in lines[0] and "1.001193.json" in lines[0]
    assert store.state().current == first
