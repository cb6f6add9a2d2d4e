"""GUI stalls during slow work: does the kiosk window stay responsive while a card is read,
a dossier is saved and synced, and a receipt is rendered and printed?

A `StallProbe` (a 5 ms GUI-thread timer recording the longest gap between its ticks) runs
around each operation, which goes through a BackgroundTask exactly as the citizen session
runs it, with the kiosk window up (offscreen) and rendering:

1. a demo card read (virtual chip: BAC, secure messaging, DG1/DG2/DG13, passive auth);
2. an outbox enqueue (fsync'ed) plus a sync pass to an in-process portal-sim over loopback;
3. a receipt render (80 mm PDF) and a print attempt through CUPS (printed, or a failure such
   as "no printer", whichever this machine gives);
4. a signed catalogue update: fetched, verified, installed and loaded in the background,
   then swapped in on the attract screen (services and home-screen tiles) on the GUI thread.

Each runs once unmeasured-for-the-target (its first-run stall, imports included, goes in the
note), then RUNS times; the worst of those is reported. Target: <= 50 ms (a stall a citizen
would not notice as a frozen screen). Python threads share the GIL with the GUI thread, so
a pure-Python worker can still delay ticks: that is part of what is measured.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_gui_stall.py` or
`make bench`.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUNS = 3
TARGET_MS = 50.0
TOKEN = "bench-gui-token"


def _factory() -> ModuleType:
    path = ROOT / "tests" / "sync_factory.py"
    spec = importlib.util.spec_from_file_location("sync_factory", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _qt_app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("KIOSK_CONFIG", str(ROOT / "tests" / "data" / "no-such-config.toml"))
    from kiosk.ui.environment import prepare_qt_environment

    prepare_qt_environment()
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def _measure(kiosk: Any, work: Callable[[], Any], timeout_s: float = 120.0) -> tuple[float, str]:
    """Longest GUI gap (ms) while ``work`` runs as a BackgroundTask; and its outcome.

    Waits in a QEventLoop (not a Python processEvents loop) so the only Python running on
    the GUI thread is the probe's tick and the task's callback, as in the kiosk."""
    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk.ui.tasks import BackgroundTask, StallProbe

    outcome: dict[str, str] = {}
    loop = QEventLoop()

    def done(name: str) -> None:
        outcome.setdefault("done", name)
        # A few more ticks after the result reached the GUI (the callback runs there too).
        QTimer.singleShot(100, loop.quit)

    probe = StallProbe(interval_ms=5)
    probe.start()
    BackgroundTask(work, label="bench").success(lambda result: done(type(result).__name__)) \
        .failure(lambda exc: done(type(exc).__name__)).run(kiosk.tasks)
    QTimer.singleShot(round(timeout_s * 1000), loop.quit)
    loop.exec()
    gap = probe.stop()
    return gap * 1000, outcome.get("done", "timeout")


def _measure_update(kiosk: Any, publish: Callable[[], str], timeout_s: float = 120.0
                    ) -> tuple[float, str]:
    """Longest GUI gap (ms) while the kiosk's own update check runs and its new catalogue is
    swapped in (at the attract screen: at once); and the outcome's status."""
    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk.ui.tasks import StallProbe

    publish()
    updates = kiosk.catalogue_updates
    outcome: dict[str, str] = {}
    loop = QEventLoop()

    def done(result: Any) -> None:
        outcome.setdefault("done", result.status)
        QTimer.singleShot(100, loop.quit)

    updates.checked.connect(done)
    probe = StallProbe(interval_ms=5)
    probe.start()
    updates.check()
    QTimer.singleShot(round(timeout_s * 1000), loop.quit)
    loop.exec()
    gap = probe.stop()
    updates.checked.disconnect(done)
    return gap * 1000, outcome.get("done", "timeout")


def main() -> list[dict[str, object]]:
    sys.path.insert(0, str(ROOT))
    _qt_app()
    from kiosk.config import load
    from kiosk.portal_sim.server import PortalSim
    from kiosk.receipts.printing import print_pdf
    from kiosk.receipts.sample import sample_record
    from kiosk.receipts.store import save_receipt_pdf
    from kiosk.sync.credentials import StaticCredentials
    from kiosk.sync.worker import SyncWorker
    from kiosk.ui.app import KioskApplication

    factory = _factory()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as tmp:
        work_dir = Path(tmp)
        portal = PortalSim(work_dir / "portal", tokens=[TOKEN], key=True)
        url = portal.start()
        settings = load(env={}, data_dir=work_dir / "kiosk", fullscreen=False, demo=True,
                        portal_url=url, print_timeout_s=10.0, speech_engine="none",
                        catalogue_signing_key=portal.catalogue.public_key_setting())
        kiosk = KioskApplication(settings, sync_credentials=StaticCredentials(TOKEN))
        kiosk.window.show()
        services = kiosk.services
        credentials = StaticCredentials(TOKEN)
        try:
            _measure(kiosk, lambda: None)  # first ticks, pool threads started

            def card_read() -> Any:
                id_number, dob = services.demo_identity()
                return services.read_card(services.card_access(id_number, dob))

            def enqueue_and_sync() -> bool:
                worker = SyncWorker(settings, credentials=credentials,
                                    heartbeat_interval_s=None)
                try:
                    worker.outbox.enqueue(factory.make_dossier(work_dir / "files",
                                                               attachments=2, size=200_000))
                    return worker.run_until_empty(timeout=60)
                finally:
                    worker.close()

            def render_and_print() -> Any:
                pdf = save_receipt_pdf(sample_record(), settings, work_dir / "session")
                return print_pdf(pdf, settings)

            cases = [
                ("card read (demo chip) in a BackgroundTask", card_read),
                ("outbox enqueue + sync to portal-sim", enqueue_and_sync),
                ("receipt render + print attempt", render_and_print),
            ]
            for name, fn in cases:
                # The first run pays for imports (a C extension's init holds the GIL) and
                # first connections; the kiosk pays those at start-up (warm-up task, sync
                # thread), so it is shown but not what the target is about.
                cold, _ = _measure(kiosk, fn)
                results = [_measure(kiosk, fn) for _ in range(RUNS)]
                worst = max(gap for gap, _ in results)
                outcomes = sorted({outcome for _, outcome in results})
                rows.append({
                    "benchmark": f"longest GUI stall: {name}",
                    "value": round(worst, 1),
                    "unit": "ms",
                    "target": f"<= {TARGET_MS:g}",
                    "note": f"worst of {RUNS} warm runs ("
                            + ", ".join(f"{gap:.1f}" for gap, _ in results)
                            + f" ms), first run {cold:.1f} ms; outcome {'/'.join(outcomes)}",
                })
                print(f"{name}: first {cold:.1f} ms, then "
                      + ", ".join(f"{g:.1f} ms ({o})" for g, o in results), flush=True)
            rows.append(_catalogue_row(kiosk, portal))
        finally:
            kiosk.close()
            portal.stop()
    return rows


def _catalogue_row(kiosk: Any, portal: Any) -> dict[str, object]:
    """Each run publishes a new version (birth registration renamed), so each installs."""
    import json

    from kiosk.config import resources_path
    from kiosk.forms.catalogue_bundle import catalogue_files

    files = catalogue_files(resources_path() / "catalogue")
    raw = json.loads(files["1.001193.json"])
    runs = iter(range(RUNS + 1))

    def publish() -> str:
        raw["names"]["vi"] = f"Đăng ký khai sinh ({next(runs)})"
        changed = {**files, "1.001193.json": json.dumps(raw, ensure_ascii=False).encode()}
        return str(portal.catalogue.publish(resources_path() / "catalogue", files=changed))

    name = "catalogue update: fetch, verify, install, swap between citizens"
    cold, _ = _measure_update(kiosk, publish)
    results = [_measure_update(kiosk, publish) for _ in range(RUNS)]
    worst = max(gap for gap, _ in results)
    print(f"{name}: first {cold:.1f} ms, then "
          + ", ".join(f"{g:.1f} ms ({o})" for g, o in results), flush=True)
    return {
        "benchmark": f"longest GUI stall: {name}",
        "value": round(worst, 1),
        "unit": "ms",
        "target": f"<= {TARGET_MS:g}",
        "note": f"worst of {RUNS} warm runs ("
                + ", ".join(f"{gap:.1f}" for gap, _ in results)
                + f" ms), first run {cold:.1f} ms; outcome "
                + "/".join(sorted({outcome for _, outcome in results})),
    }


if __name__ == "__main__":
    for row in main():
        print(row)
