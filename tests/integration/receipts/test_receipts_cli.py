"""`kiosk receipt render`: the sample, a dossier from the real outbox (SQLite on disk), and
the exit codes for bad input."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.dossier.model import Dossier
from kiosk.receipts.description import VIETNAM_TZ
from kiosk.receipts.sample import sample_record
from kiosk.sync.outbox import Outbox


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode()
    return " ".join(out.split())


@pytest.mark.parametrize("paper", ["80mm", "a4"])
def test_render_sample(tmp_path: Path, paper: str) -> None:
    out = tmp_path / "r.pdf"
    assert main(["--data-dir", str(tmp_path), "receipt", "render", "--sample", "--out",
                 str(out), "--paper", paper]) == 0
    assert sample_record().facts.applicant_name in text_of(out)


def test_render_a_dossier_from_the_outbox(settings: Settings, tmp_path: Path) -> None:
    facts = sample_record().facts
    dossier = Dossier(
        dossier_id=str(uuid.uuid4()),
        local_code="H26.22.01-261122-Q7ZX2M",
        service_code="2.000488",
        catalogue_version="test",
        created_at=datetime(2026, 11, 22, 9, 41, tzinfo=VIETNAM_TZ),
        kiosk_id="KIOSK-DEMO-01",
        assisted_by=None,
        answers={"q": "a"},
        receipt=facts,
    )
    with Outbox.open(settings) as outbox:
        outbox.enqueue(dossier)
    out = tmp_path / "d.pdf"
    assert main(["--data-dir", str(settings.data_dir), "receipt", "render", "--dossier",
                 dossier.local_code, "--out", str(out)]) == 0
    text = text_of(out)
    assert "H26.22.01-261122-Q7ZX2M" in text
    assert "09 giờ 41 phút, ngày 22/11/2026" in text
    assert facts.applicant_name in text


@pytest.mark.parametrize("code", ["H26.22.01-261122-NOSUCH", "../../etc/passwd"])
def test_unknown_or_malformed_code_exits_2(settings: Settings, tmp_path: Path, code: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["--data-dir", str(settings.data_dir), "receipt", "render", "--dossier", code,
               "--out", str(tmp_path / "x.pdf")])
    assert rc == 2
    assert "mã" in capsys.readouterr().err.lower()
    assert not (tmp_path / "x.pdf").exists()


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    for argv in (["receipt", "render", "--sample"],  # no --out
                 ["receipt", "render", "--sample", "--dossier", "X", "--out", "x.pdf"],
                 ["receipt", "render", "--sample", "--out", "x.pdf", "--paper", "letter"],
                 ["receipt"]):
        done = subprocess.run([sys.executable, "-m", "kiosk", *argv], capture_output=True,
                              cwd=tmp_path, timeout=120, check=False)
        assert done.returncode == 2, argv
