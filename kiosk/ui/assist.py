"""Wires the helpers around the citizen flow into the kiosk: admin mode, assisted (volunteer)
mode, reading aloud, Telex typing. KioskApplication calls `attach_assist` once, after its
own view-models exist and before the QML loads.

Context properties: `admin`, `volunteer`, `speech`, `telex`.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication

from kiosk.ui.admin_pages import AdminContext
from kiosk.ui.admin_vm import AdminViewModel
from kiosk.ui.speech import Speech
from kiosk.ui.telex_filter import TelexKeyFilter
from kiosk.ui.telex_vm import TelexViewModel
from kiosk.ui.volunteer_vm import VolunteerViewModel


def attach_assist(kiosk: Any) -> None:
    """Create the view-models on ``kiosk`` (a KioskApplication) and expose them to QML."""
    settings = kiosk.settings
    shell = kiosk.shell

    def service_name(code: str, language: str) -> str:
        for tile in shell.tiles:
            if tile.get("code") == code:
                return str(tile.get("nameVi" if language == "vi" else "nameEn") or code)
        return code

    ctx = AdminContext(
        settings=settings, tasks=kiosk.tasks, i18n=kiosk.i18n,
        wake_sync=kiosk.sync.wake, service_name=service_name,
        catalogue_in_use=kiosk.services.catalogue_in_use,
        catalogue_updates=kiosk.catalogue_updates,
    )
    kiosk.telex = TelexViewModel(kiosk.i18n, settings.telex_tone_style, parent=kiosk)
    kiosk.telex_filter = TelexKeyFilter(kiosk.telex, parent=kiosk)
    kiosk.speech = Speech(settings, kiosk.i18n, parent=kiosk)
    if settings.fullscreen:  # a real kiosk: have the voice ready before anyone asks
        kiosk.speech.prewarm()
    kiosk.admin = AdminViewModel(ctx, parent=kiosk)
    kiosk.volunteer = VolunteerViewModel(settings, kiosk.session, kiosk.tasks, kiosk.i18n,
                                         parent=kiosk)
    # Nothing a citizen typed or had read out survives their session.
    kiosk.session.wiped.connect(kiosk.telex.reset)
    kiosk.session.wiped.connect(kiosk.speech.stop)

    app = QCoreApplication.instance()
    if app is not None:
        # Filters run last-installed first. The Telex filter swallows letter keys, so it goes
        # in before the idle monitor, which must still see every key press.
        app.removeEventFilter(kiosk.idle)
        app.installEventFilter(kiosk.telex_filter)
        app.installEventFilter(kiosk.idle)
        app.installEventFilter(kiosk.admin)
        # A closed kiosk (tests build many) must not keep filtering the next one's events,
        # nor leave its speech thread running.
        filters = (kiosk.telex_filter, kiosk.idle, kiosk.admin)
        speech = kiosk.speech

        def closed(*_: object) -> None:
            _remove_filters(filters)
            if shiboken6.isValid(speech):
                speech.shutdown()

        kiosk.engine.destroyed.connect(closed)

    ctx_props = kiosk.engine.rootContext()
    ctx_props.setContextProperty("telex", kiosk.telex)
    ctx_props.setContextProperty("speech", kiosk.speech)
    ctx_props.setContextProperty("admin", kiosk.admin)
    ctx_props.setContextProperty("volunteer", kiosk.volunteer)


def _remove_filters(filters: tuple[Any, ...]) -> None:
    app = QCoreApplication.instance()
    if app is None:
        return
    for item in filters:
        if shiboken6.isValid(item):
            app.removeEventFilter(item)
