"""A citizen's session through the real core calls, with the structured logs on at DEBUG:
read the demo card, save the dossier in the outbox, keep its receipt, send it to the
reference portal (in-process, as in demo mode, so its logs land in the same file). Then the
log files are searched for the citizen's name, ID number and address, with and without
Vietnamese accents: none may be there."""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.config import Settings, load
from kiosk.text.vietnamese import remove_diacritics

TOKEN = "logs-itest-token"


def _factory() -> ModuleType:
    name = "sync_factory"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "sync_factory.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[Settings]:
    """Settings whose logs (DEBUG, file only) are set up like `kiosk` does at start-up."""
    from kiosk.logs.structured import setup_logging

    settings = load(tmp_path / "none.toml", {}, data_dir=tmp_path / "data", log_level="DEBUG",
                    sync_backoff_base_s=0.02, sync_backoff_cap_s=0.2,
                    sync_probe_interval_s=0.05)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging(settings, console=False)
    try:
        yield settings
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
        logging.captureWarnings(False)


def _needles(*texts: str) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out |= {text, remove_diacritics(text), text.upper(), remove_diacritics(text).upper()}
    return out


@pytest.mark.portal
def test_no_citizen_data_in_the_logs_after_a_session(logged: Settings, tmp_path: Path) -> None:
    from kiosk.devices.card.access_key import bac_key_candidates
    from kiosk.devices.card.card_session import read_card
    from kiosk.devices.card.lds import load_trust_store
    from kiosk.devices.simulator.citizens import demo_citizen
    from kiosk.devices.simulator.virtual_card import VirtualCard
    from kiosk.dossier.model import ReceiptRecord
    from kiosk.logs.structured import log_file
    from kiosk.portal_sim.server import PortalSim
    from kiosk.receipts.store import save_receipt_pdf
    from kiosk.sync.credentials import StaticCredentials
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.worker import SyncWorker

    factory = _factory()
    citizen = demo_citizen()
    # 1. The card, as the kiosk reads it.
    keys = bac_key_candidates(citizen.id_number, citizen.date_of_birth)
    trust = load_trust_store(logged.resources() / "trust" / "demo-csca.pem")
    card = read_card(VirtualCard.for_citizen(citizen).transport(), keys, trust=trust)
    facts = card.data.to_json()
    assert facts["id_number"] == citizen.id_number
    # 2. The dossier built from it, saved, and its receipt kept.
    answers = {"applicant_name": facts["full_name"], "id_number": facts["id_number"],
               "address": facts["place_of_residence"], "father_name": citizen.father_name,
               "date_of_birth": facts["date_of_birth"]}
    dossier = factory.make_dossier(tmp_path / "files", answers=answers,
                                   kiosk_id=logged.kiosk_id)
    rejected = factory.make_dossier(tmp_path / "files", answers=answers, service_code="bad",
                                    kiosk_id=logged.kiosk_id)
    with Outbox.open(logged) as outbox:
        outbox.enqueue(dossier)
        outbox.enqueue(rejected)  # the portal's refusal is logged too
    save_receipt_pdf(ReceiptRecord.of(dossier), logged, tmp_path / "session")
    # 3. Sent to the portal, which runs in this process as in demo mode.
    sim = PortalSim(tmp_path / "portal", tokens=[TOKEN], key=True, advance_s=0.2)
    sim.start()
    try:
        worker = SyncWorker(dataclasses.replace(logged, portal_url=sim.url),
                            credentials=StaticCredentials(TOKEN), heartbeat_interval_s=0.0)
        try:
            assert worker.run_until_empty(30)
        finally:
            worker.close()
        assert [d["dossier_id"] for d in sim.dossiers()] == [dossier.dossier_id]
    finally:
        sim.stop()
    for handler in logging.getLogger().handlers:
        handler.flush()

    files = sorted(log_file(logged).parent.glob("kiosk.jsonl*"))
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    # The logs did record the session (so finding nothing below means something) ...
    assert "card: read" in text and dossier.dossier_id in text
    assert "quarantined" in text and "portal-sim listening" in text
    # ... but none of the citizen's data.
    street = "Hàng Trống"
    needles = _needles(citizen.full_name, citizen.place_of_residence, street,
                       citizen.father_name, factory.SECRET_NAME, factory.SECRET_ADDRESS)
    needles |= {citizen.id_number, factory.SECRET_ID_NUMBER, citizen.old_id_number or ""} - {""}
    found = sorted(n for n in needles if n.lower() in text.lower())
    assert not found, f"citizen data in the logs: {found}"
