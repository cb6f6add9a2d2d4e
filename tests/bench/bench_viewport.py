"""The cost of keeping scrolled-away items out of the accessibility API (kiosk/ui/viewport.py).

`fade_outside` runs on the GUI thread in every frame in which a scrolling area moved, before
the frame is drawn: while a citizen drags the form, it runs up to 60 times a second. This
opens the tallest first step of the catalogue (permanent residence, 1.004222, on a 1280x800
tablet with the demo card read) and times one pass at each of 40 scroll positions from the
top to the bottom of the form, then the same with the list of Hà Nội's wards open.

Target: the worst pass <= 4 ms (a quarter of a 60 Hz frame: drawing keeps the rest).

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_viewport.py` or
`make bench`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TARGET_MS = 4.0
POSITIONS = 40


def _wait(until: Callable[[], bool], timeout_s: float = 60.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the kiosk did not get there")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _settle(seconds: float = 0.3) -> None:
    """Let the kiosk lay out and draw (Qt Quick places a layout's items when it draws)."""
    start = time.monotonic()
    _wait(lambda: time.monotonic() - start > seconds)


def _find(kiosk: Any, name: str) -> Any:
    sys.path.insert(0, str(ROOT))
    from tests.ui.conftest import find_item

    return find_item(kiosk.window.contentItem(), name)


def _passes(area: Any) -> tuple[list[float], int]:
    """Milliseconds of one pass at each scroll position; the most items faded at once."""
    from kiosk.ui.viewport import fade_outside

    span = max(0.0, area.property("contentHeight") - area.height())
    times, most = [], 0
    for i in range(POSITIONS):
        area.setProperty("contentY", span * i / (POSITIONS - 1))
        start = time.perf_counter()
        most = max(most, fade_outside(area))
        times.append((time.perf_counter() - start) * 1000)
    return times, most


def main() -> list[dict[str, object]]:
    sys.path.insert(0, str(ROOT))
    from kiosk.ui.environment import prepare_qt_environment

    prepare_qt_environment()
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    from kiosk.config import load
    from kiosk.ui.app import KioskApplication

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-viewport-") as tmp:
        settings = load(env={}, data_dir=Path(tmp) / "data", fullscreen=False, demo=True,
                        window_size="1280x800", printer_name="no-such-printer",
                        speech_engine="none")
        kiosk = KioskApplication(settings)
        kiosk.window.show()
        try:
            session = kiosk.session
            _wait(lambda: _find(kiosk, "startButton") is not None)
            _find(kiosk, "startButton").clicked.emit()
            _wait(lambda: session.screen == "home")
            session.chooseService("1.004222")
            _wait(lambda: session.screen == "overview")
            session.startApplication()
            _wait(lambda: _find(kiosk, "agreeButton") is not None)
            _find(kiosk, "agreeButton").clicked.emit()
            _wait(lambda: _find(kiosk, "demoCardButton") is not None)
            _find(kiosk, "demoCardButton").clicked.emit()
            _wait(lambda: session.screen == "card")
            _find(kiosk, "confirmCardButton").clicked.emit()
            _wait(lambda: session.screen == "wizard")
            _wait(lambda: _find(kiosk, "wizardFlick") is not None)
            _settle()
            flick = _find(kiosk, "wizardFlick")
            form_ms, form_most = _passes(flick)
            rows.append({
                "benchmark": "fade pass, first step of 1.004222 (tablet), worst of 40",
                "value": f"{max(form_ms):.2f}", "unit": "ms", "target": f"<= {TARGET_MS:g}",
                "note": f"median {statistics.median(form_ms):.2f} ms; up to {form_most} "
                        "items faded"})
            form = session.form
            form.session.set_answer("phone", "0912345678")
            form.refresh()
            form.next()
            _wait(lambda: form.stepId == "new_residence")
            _wait(lambda: _find(kiosk, "commune_new_address") is not None)
            _find(kiosk, "commune_new_address").clicked.emit()
            _wait(lambda: _find(kiosk, "pickerList") is not None)
            _settle()
            list_ms, list_most = _passes(_find(kiosk, "pickerList"))
            rows.append({
                "benchmark": "fade pass, list of Hà Nội's wards open, worst of 40",
                "value": f"{max(list_ms):.2f}", "unit": "ms", "target": f"<= {TARGET_MS:g}",
                "note": f"median {statistics.median(list_ms):.2f} ms; up to {list_most} "
                        "items faded"})
        finally:
            kiosk.close()
    return rows


if __name__ == "__main__":
    for row in main():
        print(row)
