"""Shared fixtures for the card data tests: the demo PKI and the demo card's files."""

from __future__ import annotations

import pytest

from kiosk.devices.card.lds import TrustStore
from kiosk.devices.simulator.citizens import CitizenRecord, demo_citizen
from kiosk.devices.simulator.lds_builder import build_card_files
from kiosk.devices.simulator.pki import TestPKI, demo_pki


@pytest.fixture(scope="session")
def citizen() -> CitizenRecord:
    return demo_citizen()


@pytest.fixture(scope="session")
def pki() -> TestPKI:
    return demo_pki()


@pytest.fixture(scope="session")
def trust(pki: TestPKI) -> TrustStore:
    return pki.trust_store()


@pytest.fixture(scope="session")
def demo_files(citizen: CitizenRecord, pki: TestPKI) -> dict[str, bytes]:
    return build_card_files(citizen, pki)
