"""Confirming a dossier without Qt: the outbox commit comes first; when it fails no receipt
is made, and when it succeeds the receipt is kept sealed with a plaintext copy only in the
session's folder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.config import Settings
from kiosk.receipts.store import kept_receipt_pdf, receipt_pdf_path
from kiosk.session.confirm import confirm_dossier
from kiosk.sync.errors import OutboxFullError
from kiosk.sync.outbox import Outbox


def _factory() -> ModuleType:
    if "sync_factory" not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "sync_factory.py"
        spec = importlib.util.spec_from_file_location("sync_factory", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["sync_factory"] = module
        spec.loader.exec_module(module)
    return sys.modules["sync_factory"]


def test_saved_first_then_the_receipt(settings: Settings, tmp_path: Path) -> None:
    dossier = _factory().make_dossier(tmp_path / "files")
    work = tmp_path / "session"
    with Outbox.open(settings) as outbox:
        done = confirm_dossier(settings, outbox, dossier, work)
        assert outbox.get(dossier.local_code).state == "queued"
    assert done.local_code == dossier.local_code
    assert done.receipt_pdf.parent == work and done.receipt_pdf.read_bytes().startswith(b"%PDF")
    assert done.tracking_qr.read_bytes().startswith(b"\x89PNG")
    with kept_receipt_pdf(settings, dossier.local_code) as kept:
        assert kept.read_bytes() == done.receipt_pdf.read_bytes()


def test_no_receipt_when_the_dossier_could_not_be_saved(settings: Settings,
                                                        tmp_path: Path) -> None:
    class FullOutbox:
        def enqueue(self, dossier: object) -> None:
            raise OutboxFullError("disk full")

    dossier = _factory().make_dossier(tmp_path / "files")
    with pytest.raises(OutboxFullError):
        confirm_dossier(settings, FullOutbox(), dossier, tmp_path / "session")
    assert not receipt_pdf_path(settings, dossier.local_code).exists()
    assert not (tmp_path / "session").exists()
