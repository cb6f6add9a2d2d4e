"""Reading the screen aloud (EN 301 549 5.1: speech output for what is shown), as `speech`.

Qt TextToSpeech with the first engine found (on Debian: speechd, i.e. speech-dispatcher
with espeak-ng, which has a Northern Vietnamese voice). The engine is created at the first
request, not at start-up: connecting may spawn speech-dispatcher. Where there is no engine,
or no voice for the current language (a Vietnamese text in an English voice helps no one),
nothing is said and nothing is shown: the "Read aloud" button hides itself.

What is read: every visible text of the given item (the current screen or the dialog over
it) in reading order, button labels included, the error banner with them; typed answers
are not read back.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Property, QLocale, QObject, Signal, Slot
from PySide6.QtQuick import QQuickItem
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.config import Settings
from kiosk.ui.i18n import Translations

log = logging.getLogger(__name__)

# Slightly slower than the engine's default: many of the kiosk's citizens are elderly.
RATE = -0.15
_TAGS = re.compile(r"<[^>]+>")
_LOCALES = {
    "vi": QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}


def visible_texts(root: QQuickItem | None) -> list[str]:
    """The texts a sighted citizen sees in ``root``, top to bottom as declared."""
    out: list[str] = []

    def walk(item: QQuickItem) -> None:
        if not item.isVisible() or item.opacity() <= 0.01:
            return
        if item.inherits("QQuickText"):
            text = _TAGS.sub(" ", str(item.property("text") or "")).strip()
            text = " ".join(text.split())
            if text and (not out or out[-1] != text):
                out.append(text)
        for child in item.childItems():
            walk(child)

    if root is not None:
        walk(root)
    return out


def as_speech(texts: list[str]) -> str:
    """One utterance, with a pause between texts that do not end in punctuation."""
    parts = [t if t[-1] in ".!?:;…" else t + "." for t in texts if t]
    return "\n".join(parts)


class Speech(QObject):
    changed = Signal()
    spoken = Signal(str)  # the text handed to the engine (tests, logs never see it)

    def __init__(
        self, settings: Settings, i18n: Translations, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._i18n = i18n
        self._wanted = settings.speech_engine.strip()
        self._tts: QTextToSpeech | None = None
        self._failed = False
        self._engine = self._pick_engine()
        i18n.languageChanged.connect(self.stop)
        i18n.languageChanged.connect(self.changed)

    def _pick_engine(self) -> str:
        if self._wanted.lower() == "none":
            return ""
        engines = [str(e) for e in QTextToSpeech.availableEngines()]
        if self._wanted:
            return self._wanted if self._wanted in engines else ""
        # Qt's "mock" engine says nothing aloud: only for tests that ask for it by name.
        real = [e for e in engines if e != "mock"]
        return real[0] if real else ""

    def _engine_object(self) -> QTextToSpeech | None:
        if self._tts is not None or self._failed or not self._engine:
            return self._tts
        tts = QTextToSpeech(self._engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            log.info("speech engine unusable", extra={"engine_name": self._engine})
            self._failed = True
            tts.deleteLater()
            self.changed.emit()
            return None
        tts.stateChanged.connect(self.changed)
        tts.setRate(RATE)
        self._tts = tts
        return tts

    def _voice_for(self, language: str) -> bool:
        tts = self._engine_object()
        if tts is None:
            return False
        wanted = _LOCALES.get(language, _LOCALES["vi"])
        tts.setLocale(wanted)
        return tts.locale().language() == wanted.language()

    def _available(self) -> bool:
        return bool(self._engine) and not self._failed

    def _speaking(self) -> bool:
        return self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking

    @Slot(str)
    def speak(self, text: str) -> None:
        """Say ``text`` in the current language; silently nothing without a voice for it."""
        text = text.strip()
        if not text or not self._available():
            return
        if not self._voice_for(self._i18n.language):
            log.info("no voice for the language", extra={"language": self._i18n.language})
            return
        assert self._tts is not None
        self._tts.say(text)
        self.spoken.emit(text)
        self.changed.emit()

    @Slot(QQuickItem)
    def speakItem(self, item: QQuickItem | None) -> None:
        self.speak(as_speech(visible_texts(item)))

    @Slot(QQuickItem)
    def toggleItem(self, item: QQuickItem | None) -> None:
        """The header button: read the screen, or stop if it is being read."""
        if self._speaking():
            self.stop()
        else:
            self.speakItem(item)

    @Slot()
    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()
            self.changed.emit()

    available = Property(bool, _available, notify=changed)
    speaking = Property(bool, _speaking, notify=changed)
