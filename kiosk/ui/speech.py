"""Reading the screen aloud (EN 301 549 5.1: speech output for what is shown), as `speech`.

Qt TextToSpeech with the first engine found (on Debian: speechd, i.e. speech-dispatcher
with espeak-ng, which has a Northern Vietnamese voice). Building the engine takes about a
second (speech-dispatcher may have to start, then lists ~100 languages' voices), so it is
built and used on a speech thread of its own: loaded at start-up on a full-screen kiosk,
else at the first request, which is then said once the engine is ready. Where there is no
engine, or no voice for the current language (a Vietnamese text in an English voice helps
no one), nothing is said and the "Read aloud" button hides itself.

What is read: every visible text of the given item (the current screen or the dialog over
it) in reading order, button labels included, the error banner with them; typed answers
are not read back.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Property, QLocale, QObject, QThread, Signal, Slot
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


class _Voice(QObject):
    """The engine, on the speech thread: QTextToSpeech is used from the thread that made
    it, and speechd's start (about a second) and locale switches never touch the GUI."""

    loaded = Signal(bool, list)  # usable, languages (QLocale.Language values) with a voice
    stateChanged = Signal(bool)  # speaking
    said = Signal(str)  # handed to the engine
    silent = Signal(str)  # no voice for the language asked

    def __init__(self) -> None:
        super().__init__()
        self._tts: QTextToSpeech | None = None

    @Slot(str)
    def load(self, engine: str) -> None:
        tts = QTextToSpeech(engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            self.loaded.emit(False, [])
            return
        tts.setRate(RATE)
        tts.stateChanged.connect(
            lambda state: self.stateChanged.emit(state == QTextToSpeech.State.Speaking))
        self._tts = tts
        self.loaded.emit(True, sorted({loc.language().value for loc in tts.availableLocales()}))

    @Slot(str, str)
    def say(self, text: str, language: str) -> None:
        tts = self._tts
        if tts is None:
            return
        wanted = _LOCALES.get(language, _LOCALES["vi"])
        tts.setLocale(wanted)
        if tts.locale().language() != wanted.language():
            self.silent.emit(language)
            return
        tts.say(text)
        self.said.emit(text)

    @Slot()
    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()


class Speech(QObject):
    changed = Signal()
    spoken = Signal(str)  # the text handed to the engine (tests; logs never see it)
    _load = Signal(str)
    _say = Signal(str, str)
    _stop = Signal()

    def __init__(
        self, settings: Settings, i18n: Translations, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._i18n = i18n
        self._wanted = settings.speech_engine.strip()
        self._thread: QThread | None = None
        self._voice: _Voice | None = None
        self._ready = False
        self._failed = False
        self._pending = ""  # asked for while the engine was still loading
        self._speaking_now = False
        self._languages: set[int] = set()  # with a voice, once loaded
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

    @Slot()
    def prewarm(self) -> None:
        """Start the speech thread and load the engine (a kiosk does it at start-up)."""
        if self._thread is not None or not self._engine:
            return
        thread = QThread(self)
        thread.setObjectName("speech")
        voice = _Voice()
        voice.moveToThread(thread)
        thread.finished.connect(voice.deleteLater)
        self._load.connect(voice.load)
        self._say.connect(voice.say)
        self._stop.connect(voice.stop)
        voice.loaded.connect(self._loaded)
        voice.stateChanged.connect(self._state)
        voice.said.connect(self.spoken)
        voice.silent.connect(self._silent)
        self._thread, self._voice = thread, voice
        thread.start()
        self._load.emit(self._engine)

    def shutdown(self) -> None:
        """Stop the speech thread (the application is closing)."""
        thread = self._thread
        if thread is None:
            return
        self._stop.emit()
        thread.quit()
        thread.wait(5000)
        self._thread = None
        self._voice = None

    @Slot(bool, list)
    def _loaded(self, usable: bool, languages: list[int]) -> None:
        if not usable:
            log.info("speech engine unusable", extra={"engine_name": self._engine})
            self._failed = True
            self._pending = ""
        else:
            self._ready = True
            self._languages = set(languages)
        pending, self._pending = self._pending, ""
        if pending:
            self.speak(pending)
        self.changed.emit()

    @Slot(bool)
    def _state(self, speaking: bool) -> None:
        self._speaking_now = speaking
        self.changed.emit()

    @Slot(str)
    def _silent(self, language: str) -> None:
        log.info("no voice for the language", extra={"language": language})
        self.changed.emit()

    def _available(self) -> bool:
        if not self._engine or self._failed:
            return False
        # Before the engine is loaded its voices are unknown: offer the button.
        wanted = _LOCALES.get(self._i18n.current(), _LOCALES["vi"]).language().value
        return not self._ready or wanted in self._languages

    def _speaking(self) -> bool:
        return bool(self._pending) or self._speaking_now

    # --- what QML calls -------------------------------------------------------------
    @Slot(str)
    def speak(self, text: str) -> None:
        """Say ``text`` in the current language; silently nothing without a voice for it."""
        text = text.strip()
        if not text or not self._available():
            return
        if not self._ready:
            self._pending = text  # said as soon as the engine is ready
            self.prewarm()
            self.changed.emit()
            return
        self._say.emit(text, self._i18n.current())

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
        self._pending = ""
        if self._ready:
            self._stop.emit()
        self.changed.emit()

    available = Property(bool, _available, notify=changed)
    speaking = Property(bool, _speaking, notify=changed)
    ready = Property(bool, lambda self: self._ready, notify=changed)
