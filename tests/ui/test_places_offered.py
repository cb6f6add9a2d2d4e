"""The places a death registration offers (issue 16): the place of death lists the homes the
form knows, then the central hospitals, then the general ones; and the death notice is
dated the day of the death. Screenshots tests/artifacts/size-death-place-list-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load

from .conftest import find, find_item, open_procedure


@pytest.mark.parametrize("mode", ["normal", "large"])
def test_the_place_of_death_offers_homes_then_hospitals(qapp, qtbot, tmp_path: Path,
                                                        artifacts_dir: Path, mode: str) -> None:
    from kiosk.ui.app import KioskApplication

    settings = load(env={}, data_dir=tmp_path / "data", fullscreen=False, demo=True,
                    window_size="1280x800", printer_name="no-such-printer-in-tests")
    app = KioskApplication(settings)
    app.window.show()
    try:
        if mode == "large":
            app.theme.toggleLargeText()
        session = app.session
        open_procedure(app, qtbot, "1.000656")
        form = session.form
        engine = form.session
        engine.set_answer("phone", "0912345678")
        engine.set_answer("declarant_relationship", "nguoi_than_khac")
        form.refresh()
        form.next()
        qtbot.waitUntil(lambda: form.stepId == "deceased")
        engine.set_answer("death_date", "2026-11-29")
        form.refresh()
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "suggest_death_place")
                        is not None)
        find(app, "suggest_death_place").clicked.emit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "pickerSearch")
                        is not None)
        qtbot.wait(80)
        shot = artifacts_dir / f"size-death-place-list-tablet-{mode}.png"
        app.window.grabWindow().save(str(shot))
        fields = {f.field_id: f for f in engine.step_view(engine.form.group("deceased")).fields}
        values = [c.value for c in fields["death_place"].suggestions]
        # His home first (as the form and the card write it), then the hospitals.
        assert all("Hàng Trống" in v for v in values[:2]) and values[2] == "Bệnh viện Bạch Mai"
        find(app, "sheetClose").clicked.emit()  # type: ignore[attr-defined]
        assert engine.answer("death_notice_date") == "2026-11-29"  # dated the day of the death
    finally:
        app.close()
