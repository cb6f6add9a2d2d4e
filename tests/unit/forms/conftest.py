"""Shared fixtures of the form-engine tests: the real catalogue and calendar, a fixed clock,
the demo card, and a fake chip-address converter (the real one needs ~9 s to warm up; the
tests that use it are marked slow)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jwcrypto.jwk import JWK

from kiosk.config import resources_path
from kiosk.forms.addresses import AddressCandidate, AddressConversion
from kiosk.forms.calendar import VN_TZ, WorkingCalendar
from kiosk.forms.catalogue import Catalogue, load_catalogue
from kiosk.forms.catalogue_bundle import (
    PinnedKey,
    catalogue_files,
    new_signing_key,
    public_key_setting,
)
from kiosk.forms.engine import FormSession
from kiosk.forms.prefill import CardData

ANSWERS_DIR = Path(__file__).resolve().parents[2] / "data" / "answers"
DOCUMENT = ANSWERS_DIR / "document.jpg"
# A Tuesday morning, inside office hours; the sample answers are valid then.
FIXED_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=VN_TZ)


class FakeConverter:
    """Stands in for vietnam-address-converter with its real answers for three addresses."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def convert(self, text: str) -> AddressConversion:
        self.calls.append(text)
        if "Hàng Trống" in text:
            street = "Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7"
            return AddressConversion("matched", text, street, (AddressCandidate(
                1, 70, street, "Phường Hoàn Kiếm", "Thành phố Hà Nội"),))
        if "Dịch Vọng" in text:
            street = "Số 12 ngõ 34"
            return AddressConversion("ambiguous", text, street, (
                AddressCandidate(1, 167, street, "Phường Cầu Giấy", "Thành phố Hà Nội"),
                AddressCandidate(1, 160, street, "Phường Nghĩa Đô", "Thành phố Hà Nội")))
        return AddressConversion("not_found", text, text)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(resources_path() / "catalogue", province_code=1)


@pytest.fixture(scope="session")
def work_calendar() -> WorkingCalendar:
    return WorkingCalendar.load(resources_path() / "holidays")


def demo_card_json() -> dict[str, Any]:
    from kiosk.devices.simulator.citizens import demo_citizen

    c = demo_citizen()
    out: dict[str, Any] = {}
    for name, value in vars(c).items():
        if name != "face_jpeg":
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


@pytest.fixture
def demo_card() -> CardData:
    return CardData.from_json(demo_card_json())


def sample_answers(code: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ANSWERS_DIR / f"{code}.json").read_text("utf-8"))
    return data


def sample_attachments(code: str) -> list[str]:
    names: list[str] = json.loads((ANSWERS_DIR / "attachments.json").read_text("utf-8"))[code]
    return names


@pytest.fixture
def make_session(catalogue: Catalogue, work_calendar: WorkingCalendar
                 ) -> Callable[..., FormSession]:
    def make(code: str, card: CardData | None = None, now: datetime = FIXED_NOW,
             converter: Any = None) -> FormSession:
        return FormSession(catalogue.get(code), card=card, calendar=work_calendar,
                           address_converter=converter or FakeConverter(), clock=lambda: now)
    return make


def broken_copy(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The catalogue copied to tmp_path with birth registration changed by `change`."""
    folder = tmp_path / "catalogue"
    shutil.copytree(resources_path() / "catalogue", folder)
    path = folder / "1.001193.json"
    raw = json.loads(path.read_text("utf-8"))
    change(raw)
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    return folder


def field_of(raw: dict[str, Any], field_id: str) -> dict[str, Any]:
    for group in raw["form"]["groups"]:
        for f in group["fields"]:
            if f["id"] == field_id:
                return f  # type: ignore[no-any-return]
    raise KeyError(field_id)


# ---- signed catalogue bundles (test_catalogue_bundle.py, test_catalogue_store.py) ----------


@pytest.fixture(scope="module")
def key() -> JWK:
    """A signing key of the portal's kind (Ed25519), new for each test module."""
    return new_signing_key()


@pytest.fixture(scope="module")
def pinned(key: JWK) -> PinnedKey:
    return PinnedKey.from_setting(public_key_setting(key))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    """The shipped catalogue's files, as a bundle carries them."""
    return catalogue_files(resources_path() / "catalogue")
