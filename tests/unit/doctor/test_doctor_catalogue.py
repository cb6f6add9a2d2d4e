"""`kiosk doctor` says which catalogue is in use, where it came from (shipped, or a signed
bundle and when it was signed), and when its oldest fact was last checked."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.config import Settings, resources_path
from kiosk.doctor.catalogue_checks import check_catalogue
from kiosk.doctor.result import FAIL, OK, WARN, format_table
from kiosk.forms.catalogue import load_catalogue
from kiosk.forms.catalogue_bundle import (
    catalogue_files,
    new_signing_key,
    open_bundle,
    public_key_setting,
    sign_bundle,
)
from kiosk.forms.catalogue_in_use import pinned_key
from kiosk.forms.catalogue_store import CatalogueStore

SHIPPED = resources_path() / "catalogue"
TODAY = date(2026, 12, 8)
SIGNED = datetime(2026, 12, 8, 9, 0, tzinfo=timezone(timedelta(hours=7)))


def oldest_checked(folder: Path) -> date:
    """Read straight off the files: the oldest `checked` of every procedure's sources and of
    Hà Nội's overrides (the doctor must agree without sharing its code)."""
    dates = []
    for path in [*folder.glob("*.json"), folder / "overrides" / "1.json"]:
        raw = json.loads(path.read_text("utf-8"))
        if isinstance(raw, dict):
            dates += [date.fromisoformat(s["checked"])
                      for s in raw.get("sources", {}).values()]
    return min(dates)


def install(settings: Settings, folder: Path, version: str = "2026.12.08.1") -> Settings:
    key = new_signing_key()
    settings = dataclasses.replace(settings, catalogue_signing_key=public_key_setting(key))
    data = sign_bundle(catalogue_files(folder), version, SIGNED, 1, key)
    pinned = pinned_key(settings)
    assert pinned is not None
    CatalogueStore(settings.data_dir).install(open_bundle(data, pinned, 1), 1)
    return settings


def test_the_shipped_catalogue_and_its_oldest_check(settings: Settings) -> None:
    catalogue, facts = check_catalogue(settings, TODAY)
    shipped = load_catalogue(SHIPPED, 1)
    version = shipped.version
    assert catalogue.name == "catalogue"
    assert catalogue.detail.startswith(f"shipped with the kiosk (catalogue {version}), "
                                       f"{len(shipped.services)} procedures")
    assert (catalogue.status, catalogue.detail.endswith("; updates off")) == (WARN, True)
    oldest = oldest_checked(SHIPPED)
    assert facts.name == "facts"
    days = (TODAY - oldest).days
    assert facts.detail.startswith(f"oldest fact checked {oldest.isoformat()} "
                                   f"({'1 day' if days == 1 else f'{days} days'} ago)")
    assert facts.status == OK
    table = format_table([catalogue, facts])
    assert f"catalogue  shipped with the kiosk (catalogue {version})" in table
    assert f"facts      oldest fact checked {oldest.isoformat()}" in table


def test_a_signed_bundle_with_an_older_fact(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED, folder)
    path = folder / "1.004873.json"
    raw = json.loads(path.read_text("utf-8"))
    raw["sources"][next(iter(raw["sources"]))]["checked"] = "2025-03-04"
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    settings = install(settings, folder)

    catalogue, facts = check_catalogue(settings, TODAY)
    count = len(load_catalogue(folder, 1).services)
    assert (catalogue.status, catalogue.detail) == (
        OK, f"bundle 2026.12.08.1 signed 2026-12-08 09:00+07:00, {count} procedures")
    assert facts.detail.startswith("oldest fact checked 2025-03-04 (644 days ago)")
    assert facts.status == WARN  # more than a year: re-check it
    assert "--stale-after 365d" in facts.hint


def test_a_broken_installed_bundle_is_reported_and_left_alone(settings: Settings) -> None:
    settings = install(settings, SHIPPED)
    store = CatalogueStore(settings.data_dir)
    procedure = store.version_dir("2026.12.08.1") / "catalogue" / "1.001193.json"
    procedure.write_bytes(procedure.read_bytes() + b" ")
    state = (store.root / "state.json").read_bytes()

    catalogue, _ = check_catalogue(settings, TODAY)
    assert catalogue.status == WARN
    assert "installed bundle 2026.12.08.1 does not load" in catalogue.detail
    assert catalogue.detail.startswith("shipped with the kiosk")
    assert (store.root / "state.json").read_bytes() == state  # the kiosk rolls back, not doctor
    assert procedure.exists()


@pytest.mark.parametrize("key", ["not a key", new_signing_key().export_private()])
def test_an_unusable_signing_key_fails(settings: Settings, key: str) -> None:
    catalogue, _ = check_catalogue(dataclasses.replace(settings, catalogue_signing_key=key),
                                   TODAY)
    assert catalogue.status == FAIL
    assert "catalogue_signing_key unusable" in catalogue.detail
