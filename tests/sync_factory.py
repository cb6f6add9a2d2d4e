"""Test dossiers for the sync area, built with the shared model.

Loaded by path (tests/unit/sync/conftest.py, tests/integration/sync/conftest.py, the bench and
the crash-test children), so it imports nothing from the tests tree.
"""

from __future__ import annotations

import importlib.util
import os
import random
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

from kiosk.devices.simulator.citizens import SYNC_TEST_ID, citizen, contact
from kiosk.dossier.masking import mask_id_number
from kiosk.dossier.model import AttachmentFile, Dossier, ReceiptFacts

VN = timezone(timedelta(hours=7))
# The applicant is one of the sample citizens; personal data that must never reach a log or
# the disk in the clear: tests grep for these.
_APPLICANT = citizen(SYNC_TEST_ID)
_CONTACT = contact(SYNC_TEST_ID)
SECRET_NAME = _APPLICANT.full_name
SECRET_ID_NUMBER = _APPLICANT.id_number
SECRET_ADDRESS = _APPLICANT.place_of_residence


def receipt_facts() -> ReceiptFacts:
    return ReceiptFacts(
        applicant_name=SECRET_NAME,
        applicant_address=SECRET_ADDRESS,
        applicant_phone=_CONTACT.phone,
        applicant_email=_CONTACT.email,
        id_number_masked=mask_id_number(SECRET_ID_NUMBER),
        service_name_vi="Đăng ký khai sinh",
        service_name_en="Birth registration",
        documents=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"),
        sets=1,
        processing_time_vi="01 ngày làm việc",
        result_place_vi="Bộ phận một cửa",
        fee_vnd=0,
        fee_basis="Thông tư 85/2019/TT-BTC",
        appointment_at=datetime(2026, 11, 23, 9, 0, tzinfo=VN),
    )


def make_dossier(
    work_dir: Path,
    *,
    attachments: int = 1,
    size: int = 4096,
    service_code: str = "1.001193",
    seed: int | None = None,
    kiosk_id: str = "KIOSK-TEST-01",
    answers: dict[str, Any] | None = None,
) -> Dossier:
    """A dossier with `attachments` random files of `size` bytes written under work_dir."""
    rng = random.Random(seed)
    dossier_id = str(uuid.UUID(int=rng.getrandbits(128), version=4)) if seed is not None else (
        str(uuid.uuid4())
    )
    work_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(attachments):
        att_id = str(uuid.uuid4())
        path = work_dir / f"{att_id}.jpg"
        path.write_bytes(os.urandom(size) if seed is None else rng.randbytes(size))
        files.append(
            AttachmentFile(
                attachment_id=att_id,
                field_id=f"doc_{i}",
                name=f"giay-to-{i}.jpg",
                media_type="image/jpeg",
                path=path,
            )
        )
    return Dossier(
        dossier_id=dossier_id,
        local_code=f"H26.22.01-261122-K{dossier_id.replace('-', '')[:10].upper()}",
        service_code=service_code,
        catalogue_version="2026.11",
        created_at=datetime.now(UTC).astimezone(VN),
        kiosk_id=kiosk_id,
        assisted_by=None,
        answers=answers
        if answers is not None
        else {
            "applicant_name": SECRET_NAME,
            "id_number": SECRET_ID_NUMBER,
            "address": SECRET_ADDRESS,
            "child_name": "Nguyễn Văn An",
        },
        receipt=receipt_facts(),
        attachments=tuple(files),
    )


def load(path: Path, name: str) -> ModuleType:
    """Import a helper module by file path (tests run with --import-mode=importlib)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
