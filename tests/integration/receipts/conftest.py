"""Receipts integration fixtures: a real CUPS scheduler with throw-away queues.

The scheduler is the machine's own cupsd; when none runs, the fixture starts one in the
foreground (root only) and stops it at the end of the session. Tests that need it are
marked `cups` and are skipped, with the precise reason, only when no scheduler can be had.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.devices.printer.cups_client import CupsClient, CupsError

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
START_TIMEOUT_S = 15.0


def _scheduler_answers() -> bool:
    try:
        CupsClient().printer_names()
    except CupsError:
        return False
    return True


@pytest.fixture(scope="session")
def cups_scheduler() -> Iterator[CupsClient]:
    if _scheduler_answers():
        yield CupsClient()
        return
    cupsd = shutil.which("cupsd") or ("/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists()
                                      else None)
    if cupsd is None:
        pytest.skip("no CUPS scheduler: cupsd is not installed (Debian package `cups`)")
    if os.geteuid() != 0:
        pytest.skip("no CUPS scheduler running, and only root can start cupsd here "
                    "(run installer/dev/setup-cups-test-queue.sh with sudo)")
    process = subprocess.Popen([cupsd, "-f"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not _scheduler_answers():
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            pytest.skip(f"cupsd exited with status {process.returncode}: {err.strip()[:300]}")
        if time.monotonic() > deadline:
            process.terminate()
            process.wait(timeout=10)
            pytest.skip(f"cupsd started but did not answer IPP within {START_TIMEOUT_S:.0f} s")
        time.sleep(0.2)
    try:
        yield CupsClient()
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _lpadmin(*args: str) -> None:
    done = subprocess.run(["lpadmin", *args], capture_output=True, text=True, timeout=30,
                          check=False)
    if done.returncode != 0:
        pytest.skip(f"lpadmin {' '.join(args)} failed: {done.stderr.strip()[:300]}")


@pytest.fixture
def make_queue(cups_scheduler: CupsClient) -> Iterator[Callable[[str], str]]:
    """make_queue(device_uri) -> a new enabled, accepting queue; deleted afterwards.

    "cups-pdf:/" writes each job as a PDF (printer-driver-cups-pdf); "socket://127.0.0.1:9"
    is a network printer that never answers (jobs stay "processing")."""
    if not CUPS_PDF_PPD.exists():
        pytest.skip(f"{CUPS_PDF_PPD} missing: install printer-driver-cups-pdf")
    made: list[str] = []

    def make(device: str = "cups-pdf:/") -> str:
        name = f"kiosk-test-{uuid.uuid4().hex[:8]}"
        _lpadmin("-p", name, "-E", "-v", device, "-P", str(CUPS_PDF_PPD),
                 "-o", "printer-error-policy=abort-job")
        made.append(name)
        return name

    yield make
    for name in made:
        subprocess.run(["cancel", "-a", name], capture_output=True, timeout=30, check=False)
        subprocess.run(["lpadmin", "-x", name], capture_output=True, timeout=30, check=False)


def cups_pdf_output_dir() -> Path:
    """Where cups-pdf writes jobs for the current user (its `Out` setting)."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    return Path(out.replace("${HOME}", str(Path.home())).replace("${USER}",
                                                                 os.environ.get("USER", "root")))


def wait_for_output(job_id: int, timeout: float = 20.0) -> Path:
    deadline = time.monotonic() + timeout
    folder = cups_pdf_output_dir()
    while time.monotonic() < deadline:
        found = sorted(folder.glob(f"*job_{job_id}.pdf")) if folder.is_dir() else []
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"cups-pdf wrote no file for job {job_id} in {folder}")


@pytest.fixture
def printed_file() -> Iterator[Callable[[int], Path]]:
    """printed_file(job_id) -> the PDF cups-pdf wrote for that job (waits for it; the file is
    deleted after the test)."""
    found: list[Path] = []

    def find(job_id: int) -> Path:
        found.append(wait_for_output(job_id))
        return found[-1]

    yield find
    for path in found:
        path.unlink(missing_ok=True)


def zbar_decode(png: Path) -> list[str]:
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                           str(png)], capture_output=True, timeout=60, check=False)
    return [line for line in done.stdout.decode().splitlines() if line]


def zxing_decode(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    with Image.open(png) as image:
        return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.fixture
def decode_qr() -> Callable[[Path], tuple[list[str], list[str]]]:
    """decode_qr(png) -> (texts zbarimg read, texts zxing-cpp read)."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg missing: install zbar-tools (a test dependency)")
    return lambda png: (zbar_decode(png), zxing_decode(png))


def pdf_to_png(pdf: Path, dpi: int, out_prefix: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out_prefix)],
                   check=True, capture_output=True, timeout=60)
    return sorted(out_prefix.parent.glob(out_prefix.name + "*.png"))


@pytest.fixture
def rasterise() -> Callable[[Path, int, Path], list[Path]]:
    """rasterise(pdf, dpi, out_prefix) -> page PNGs (poppler's pdftoppm)."""
    return pdf_to_png
