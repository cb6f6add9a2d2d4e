"""The heartbeat proves the screen renders: `last_frame_age_s` from the window's frames,
sent by the UI's sync worker to the reference portal over loopback HTTP."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.portal_sim.server import PortalSim
from kiosk.sync.credentials import StaticCredentials

TOKEN = "heartbeat-ui-token"


@pytest.mark.portal
def test_heartbeat_carries_a_recent_frame_age(qapp: Any, qtbot: Any, settings: Settings,
                                              tmp_path: Path) -> None:
    from kiosk.ui.app import KioskApplication

    sim = PortalSim(tmp_path / "portal", tokens=[TOKEN], key=True)
    sim.start()
    kiosk_settings = dataclasses.replace(settings, portal_url=sim.url, demo=True,
                                         mobile_mode=True, sync_probe_interval_s=0.05)
    app = KioskApplication(kiosk_settings, sync_credentials=StaticCredentials(TOKEN))
    try:
        app.window.show()
        qtbot.waitUntil(lambda: app.render_watch.frames > 0, timeout=10_000)
        app.sync.start()  # the first pass sends a heartbeat
        qtbot.waitUntil(lambda: bool(sim.heartbeats), timeout=15_000)
    finally:
        app.close()
        sim.stop()
    beat = sim.heartbeats[0]
    assert beat["kiosk_id"] == settings.kiosk_id
    assert beat["reader"] == "virtual" and beat["printer"] == "mobile"
    age = beat["last_frame_age_s"]
    assert isinstance(age, float) and 0.0 <= age < 5.0


def test_frame_age_grows_when_nothing_is_drawn(qapp: Any, qtbot: Any) -> None:
    from PySide6.QtQuick import QQuickWindow

    from kiosk.ui.render_watch import RenderWatch

    window = QQuickWindow()
    window.resize(200, 100)
    watch = RenderWatch(window, poke_interval_s=0.05)
    assert watch.last_frame_age_s() is None  # never shown: no proof of anything
    window.show()
    qtbot.waitUntil(lambda: watch.frames > 0, timeout=10_000)
    # The timer keeps asking for frames while the window is up: the age stays small.
    start = watch.frames
    qtbot.waitUntil(lambda: watch.frames >= start + 3, timeout=10_000)
    age = watch.last_frame_age_s()
    assert age is not None and age < 1.0
    window.hide()  # a window that draws nothing more, like a hung GUI
    qtbot.wait(100)
    frozen = watch.frames
    time.sleep(0.6)
    qapp.processEvents()
    later = watch.last_frame_age_s()
    assert watch.frames == frozen and later is not None and later >= 0.6
    watch.deleteLater()
    window.deleteLater()
