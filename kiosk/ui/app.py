"""Builds the kiosk window: QML engine, view-models, translations; runs the event loop."""

from __future__ import annotations

import gc
import logging
import signal
import sys
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk import __version__
from kiosk.config import Settings
from kiosk.ui.admin_vm import AdminViewModel
from kiosk.ui.assist import attach_assist
from kiosk.ui.card_watch import CardWatch
from kiosk.ui.catalogue_tiles import tiles_from_catalogue
from kiosk.ui.catalogue_updates import CatalogueUpdates
from kiosk.ui.environment import prepare_qt_environment
from kiosk.ui.i18n import Translations
from kiosk.ui.idle import IdleMonitor
from kiosk.ui.images import PROVIDER_ID, SessionImages
from kiosk.ui.render_watch import RenderWatch, device_status
from kiosk.ui.services import KioskServices
from kiosk.ui.session import CitizenSession
from kiosk.ui.shell import ServiceTile, ShellViewModel
from kiosk.ui.sync_service import SyncService
from kiosk.ui.tasks import BackgroundTask, TaskRunner
from kiosk.ui.theme import Theme
from kiosk.ui.viewport import ViewportFade
from kiosk.ui.volunteer_vm import VolunteerViewModel

log = logging.getLogger(__name__)

QML_DIR = Path(__file__).parent / "qml"


class KioskApplication(QObject):
    """Everything the window needs, owned in one place so tests can build it too."""

    # Set by attach_assist (kiosk/ui/assist.py).
    admin: AdminViewModel
    volunteer: VolunteerViewModel

    def __init__(
        self,
        settings: Settings,
        tiles: list[ServiceTile] | None = None,
        *,
        sync_credentials: Any = None,
        start_sync: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.engine = QQmlApplicationEngine()
        self.tasks = TaskRunner(parent=self)
        self.theme = Theme(settings, parent=self)
        self.i18n = Translations(self.engine, settings.language, parent=self)
        self.images = SessionImages()
        self.engine.addImageProvider(PROVIDER_ID, self.images)
        self.services = KioskServices(settings, self.images, self.i18n)
        # Loaded once, before the window shows: the tiles and every session share it.
        self.shell = ShellViewModel(
            settings, tiles or tiles_from_catalogue(settings, self.services.catalogue()),
            parent=self)
        self.session = CitizenSession(settings, self.tasks, self.i18n, self.services, parent=self)
        self.idle = IdleMonitor(settings.idle_timeout_s, settings.idle_warning_s, parent=self)
        self.idle.timedOut.connect(self.session.finish)
        self.session.on_screen_change.append(self._screen_changed)
        self.session.visitEnded.connect(self._next_citizen)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.sync = SyncService(settings, sync_credentials, parent=self)
        self.session.dossier_saved.append(self.sync.wake)
        self.catalogue_updates = CatalogueUpdates(settings, self.tasks, self.services,
                                                  self.session, self.shell, sync_credentials,
                                                  parent=self)
        ctx = self.engine.rootContext()
        ctx.setContextProperty("sync", self.sync)
        ctx.setContextProperty("theme", self.theme)
        ctx.setContextProperty("i18n", self.i18n)
        ctx.setContextProperty("shell", self.shell)
        ctx.setContextProperty("session", self.session)
        ctx.setContextProperty("idle", self.idle)
        self.viewport = ViewportFade(parent=self)
        ctx.setContextProperty("viewport", self.viewport)
        attach_assist(self)  # admin, volunteer, speech, Telex (kiosk/ui/assist.py)
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the kiosk's QML failed to load (see the Qt messages above)")
        # PySide wraps the QML window as its nearest known class; we need the QQuickWindow.
        window = shiboken6.wrapInstance(shiboken6.getCppPointer(roots[0])[0], QQuickWindow)
        assert isinstance(window, QQuickWindow)
        self.window = window
        self.render_watch = RenderWatch(window, parent=self)
        self.viewport.attach(window)
        self.sync.device_status = device_status(settings, self.render_watch)
        if settings.fullscreen:
            self.window.showFullScreen()
        else:  # a window of the chosen size: portrait and tablet layouts can be tried anywhere
            self.window.resize(*settings.window_px)
        # Take keyboard focus: a bare X session (no window manager, e.g. Xvfb) never
        # activates a window by itself, and then neither the on-screen keyboard nor a USB
        # keyboard's Telex would find the focused box.
        self.window.requestActivate()
        self.card_watch = CardWatch(parent=self)
        self.card_watch.cardRemoved.connect(self.session.cardRemoved)
        if start_sync:
            self.sync.start()
            self.catalogue_updates.start()
            if not settings.demo:  # the demo card lives in-process: nothing to watch
                self.card_watch.start()
            BackgroundTask(self.services.warm_up, label="warm up").failure(
                lambda exc: log.warning("warm-up failed", extra={"error": type(exc).__name__})
            ).run(self.tasks)

    def _next_citizen(self) -> None:
        # Each citizen starts clean: the kiosk's language, normal text, normal colours. The
        # answers and any voice still speaking went with the wipe just before (assist.py).
        self.theme.reset()
        if self.i18n.current() != self.settings.language:
            self.i18n.set_language(self.settings.language)

    def _screen_changed(self, screen: str) -> None:
        # Between citizens nothing is timed; from the first touch the session is.
        if screen == "attract":
            self.idle.stop()
        else:
            self.idle.start()

    def close(self) -> None:
        """Tear down QML before the view-models it binds to, so no binding sees null."""
        self.catalogue_updates.stop()
        self.tasks.wait_idle()
        self.session.wipe()
        self.card_watch.stop()
        self.sync.stop()
        # Overlays (PIN pad, admin panel, volunteer sign-in) are closed while every view-model
        # is alive, so their Loaders unload here and not during some later teardown.
        self.admin.cancelPin()
        self.admin.closePanel()
        self.volunteer.cancelSignIn()
        QCoreApplication.processEvents()
        # The window goes now, not at some later turn of an event loop: an engine (and its
        # context properties) deleted first would leave live bindings reading `undefined`.
        for root in self.engine.rootObjects():
            shiboken6.delete(root)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        # The view-models go too, here on the GUI thread: left to Python's collector, one
        # could lose its Python half while Qt still holds it, whose properties then read as
        # `undefined` to whatever still binds them.
        for child in self.findChildren(QObject, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def run_kiosk(
    settings: Settings, quit_after_s: float | None = None, screenshot: Path | None = None
) -> int:
    platform = prepare_qt_environment()
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName("hanoi-kiosk")
    app.setApplicationVersion(__version__)
    demo = None
    credentials = None
    if settings.demo:
        from kiosk.demo import start_demo_portal

        demo = start_demo_portal(settings)
        settings, credentials = demo.settings, demo.credentials
        print(f"kiosk: demo portal at {settings.portal_url}", flush=True)
    kiosk = KioskApplication(settings, sync_credentials=credentials, start_sync=True)
    if platform == "offscreen":
        print(
            "kiosk: no display found, running offscreen (nothing to see). "
            "To see the window run it under a display, e.g. `xvfb-run -a make run` "
            "or on the kiosk's screen. "
            + (f"Screenshot will be saved to {screenshot}. " if screenshot else "")
            + "Press Ctrl+C to stop.",
            flush=True,
        )
    print(f"kiosk {__version__}: window up ({'demo' if settings.demo else 'live'} mode, "
          f"language {settings.language}, data in {settings.data_dir})", flush=True)
    # Let Python see Ctrl+C while Qt's loop runs.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    heartbeat = QTimer()
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    # Qt objects must die on their own thread. Python's cyclic GC runs on whichever thread
    # allocates at the wrong moment (a sync or card worker), so collect only here, on the
    # GUI thread: after every session wipe and every 30 s.
    gc.disable()
    collector = QTimer()
    collector.start(30_000)
    collector.timeout.connect(gc.collect)
    kiosk.session.wiped.connect(gc.collect)
    if quit_after_s is not None:
        def finish() -> None:
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                kiosk.window.grabWindow().save(str(screenshot))
                print(f"kiosk: screenshot saved to {screenshot}", flush=True)
            app.quit()

        QTimer.singleShot(round(quit_after_s * 1000), finish)
    code = app.exec()
    kiosk.close()
    if demo is not None:
        demo.stop()
    return code
