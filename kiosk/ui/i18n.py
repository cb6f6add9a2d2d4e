"""Language switching: the app's own Qt Linguist catalogue plus Qt's (qtbase_*.qm)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    Property,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.config import translations_path

log = logging.getLogger(__name__)

LANGUAGES = ("vi", "en")


class Translations(QObject):
    """Exposed to QML as `i18n`; `language` switches every visible string at once."""

    languageChanged = Signal()

    def __init__(
        self,
        engine: QQmlApplicationEngine | None,
        language: str = "vi",
        directory: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._dir = directory or translations_path()
        self._installed: list[QTranslator] = []
        self._language = ""
        self.set_language(language)

    def _get_language(self) -> str:
        return self._language

    def current(self) -> str:
        """The language for Python callers ("vi" or "en"); QML reads `language`."""
        return self._language

    @Slot(str)
    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        if language == self._language:
            return
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QGuiApplication before the translations")
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        own = QTranslator(self)
        if own.load(f"kiosk_{language}", str(self._dir)):
            self._installed.append(own)
        else:
            log.warning("translation catalogue missing", extra={"language": language})
        qt = QTranslator(self)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(language), "qtbase", "_", qt_dir):
            self._installed.append(qt)
        for translator in self._installed:
            app.installTranslator(translator)
        lang = QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English
        QLocale.setDefault(QLocale(lang))
        self._language = language
        if self._engine is not None:
            self._engine.retranslate()
        self.languageChanged.emit()

    @Slot()
    def toggle(self) -> None:
        self.set_language("en" if self._language == "vi" else "vi")

    language = Property(str, _get_language, set_language, notify=languageChanged)
